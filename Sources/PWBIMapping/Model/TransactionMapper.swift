/// What a mapper produced from one payload.
public enum MappedEvent: Sendable, Hashable {
    /// One transaction (`transaction.created`).
    case transaction(UnifiedTransaction)
    /// Several transactions from one payload (a report page, such as Moka's `payments[]`).
    case transactions([UnifiedTransaction])
    /// Stock levels (`inventory.updated`).
    case inventory(InventoryUpdate)
    /// A gateway payment notification.
    case payment(PaymentEvent)

    /// The transactions carried, if any (one for ``transaction(_:)``, all for ``transactions(_:)``).
    public var transactions: [UnifiedTransaction] {
        switch self {
        case .transaction(let transaction): [transaction]
        case .transactions(let transactions): transactions
        case .inventory, .payment: []
        }
    }
}

/// What a mapper needs besides the payload: whose data it is and how to read zone-less times.
public struct MappingContext: Sendable, Hashable {
    /// The host's tenant the payload belongs to.
    public var tenant: String
    /// How zone-less times are interpreted (configured outlet/tenant zone, else an assumed fallback).
    public var zones: ZoneResolution
    /// The currency to use when the payload names none (Indonesian POS payloads never do).
    public var defaultCurrency: Currency?
    /// The outlet to record when the payload names none.
    public var defaultOutlet: String?
    /// Limits and duplicate-key policy for parsing the body.
    public var jsonOptions: JSONReaderOptions

    /// A context for `tenant`.
    public init(
        tenant: String, zones: ZoneResolution = ZoneResolution(), defaultCurrency: Currency? = nil,
        defaultOutlet: String? = nil, jsonOptions: JSONReaderOptions = .default
    ) {
        self.tenant = tenant
        self.zones = zones
        self.defaultCurrency = defaultCurrency
        self.defaultOutlet = defaultOutlet
        self.jsonOptions = jsonOptions
    }

    /// A context whose zone-less times are read in `zone` (recorded as configured).
    public init(tenant: String, zone: ZoneRule, defaultCurrency: Currency? = nil) {
        self.init(tenant: tenant, zones: ZoneResolution(configured: zone), defaultCurrency: defaultCurrency)
    }
}

/// Maps one source system's payloads to the unified model.
///
/// A conformance reads the payload through ``JSONValue``'s typed accessors, so every failure is a
/// ``MappingError`` naming the field path, and it reads amounts with ``JSONValue/decimal()`` /
/// ``JSONValue/decimal(orStringIn:)`` so they are exact. It must not crash on any input.
///
/// ```swift
/// struct PawoonMapper: TransactionMapper {
///     var sourceSystem: SourceSystem { .pawoon }
///     var supportedEvents: [EventType] { [.transactionCreated, .inventoryUpdated] }
///     func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
///         guard event == .transactionCreated else { throw unsupported(event) }
///         let total = try payload["total"].decimal()
///         …
///     }
/// }
/// let event = try PawoonMapper().map(body: bytes, event: .transactionCreated, context: context)
/// ```
public protocol TransactionMapper: Sendable {
    /// The system this mapper reads.
    var sourceSystem: SourceSystem { get }
    /// The event types it handles.
    var supportedEvents: [EventType] { get }
    /// Maps a parsed payload (the event's data object) for `event`.
    func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent
}

extension TransactionMapper {
    /// Parses `body` with the context's JSON options, maps its top-level value and checks the
    /// sign and consistency rules (``MappedEvent/checkAmounts()``).
    public func map(body: [UInt8], event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: body, options: context.jsonOptions)
        } catch {
            throw MappingError(error)
        }
        let mapped = try map(document.root, event: event, context: context)
        try mapped.checkAmounts()
        return mapped
    }

    /// True if this mapper handles `event`.
    public func supports(_ event: EventType) -> Bool { supportedEvents.contains(event) }

    /// The error for an event type this mapper does not handle.
    public func unsupported(_ event: EventType) -> MappingError {
        MappingError(
            .unsupportedEvent, path: .root,
            expected: "one of " + supportedEvents.map(\.rawValue).joined(separator: ", "),
            found: "event \(MappingError.quoted(event.rawValue)) for \(sourceSystem)")
    }
}
