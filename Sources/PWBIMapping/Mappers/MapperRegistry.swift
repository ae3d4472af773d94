/// Picks the mapper for a source system and event type; an unknown source or an event the
/// system's mapper does not handle is a typed ``MappingError`` (``MappingError/Kind/unknownSource``,
/// ``MappingError/Kind/unsupportedEvent``), never a crash or a guess.
///
/// ```swift
/// let registry = MapperRegistry.standard
/// let context = MappingContext(tenant: "t-42", zone: ZoneRule(identifier: "Asia/Riyadh")!, defaultCurrency: .SAR)
/// let event = try registry.map(body: bytes, source: "karage", event: .transactionCreated, context: context)
/// ```
public struct MapperRegistry: Sendable {
    private var mappers: [SourceSystem: any TransactionMapper]

    /// A registry of `mappers` (a later mapper for the same system replaces an earlier one).
    public init(_ mappers: [any TransactionMapper]) {
        var table: [SourceSystem: any TransactionMapper] = [:]
        for mapper in mappers { table[mapper.sourceSystem] = mapper }
        self.mappers = table
    }

    /// The kit's mappers: Pawoon, Moka, Qasir, Olsera, Karage, Xendit, Midtrans and the generic unified JSON.
    public static var standard: MapperRegistry {
        MapperRegistry(standardMappers)
    }

    static let standardMappers: [any TransactionMapper] = [
        PawoonMapper(), MokaMapper(), QasirMapper(), OlseraMapper(), KarageMapper(), XenditMapper(), MidtransMapper(),
        GenericMapper(),
    ]

    /// Adds (or replaces) the mapper for its system.
    public mutating func register(_ mapper: any TransactionMapper) {
        mappers[mapper.sourceSystem] = mapper
    }

    /// The systems with a mapper, sorted.
    public var sources: [SourceSystem] { mappers.keys.sorted() }

    /// The mapper for `source`, whatever the event; throws ``MappingError/Kind/unknownSource``.
    public func mapper(for source: SourceSystem) throws(MappingError) -> any TransactionMapper {
        guard let mapper = mappers[source] else {
            throw MappingError(
                .unknownSource, path: .root,
                expected: "a source system: " + sources.map(\.rawValue).joined(separator: ", "),
                found: MappingError.quoted(source.rawValue))
        }
        return mapper
    }

    /// The mapper for `source` that handles `event`; throws ``MappingError/Kind/unknownSource``
    /// or ``MappingError/Kind/unsupportedEvent``.
    public func mapper(for source: SourceSystem, event: EventType) throws(MappingError) -> any TransactionMapper {
        let mapper = try mapper(for: source)
        guard mapper.supports(event) else { throw mapper.unsupported(event) }
        return mapper
    }

    /// Parses `body` and maps it with the mapper for `source` and `event`.
    public func map(
        body: [UInt8], source: SourceSystem, event: EventType, context: MappingContext
    ) throws(MappingError) -> MappedEvent {
        try mapper(for: source, event: event).map(body: body, event: event, context: context)
    }

    /// Maps an already parsed payload with the mapper for `source` and `event`, and checks the
    /// sign and consistency rules (``MappedEvent/checkAmounts()``).
    public func map(
        _ payload: JSONValue, source: SourceSystem, event: EventType, context: MappingContext
    ) throws(MappingError) -> MappedEvent {
        let mapped = try mapper(for: source, event: event).map(payload, event: event, context: context)
        try mapped.checkAmounts()
        return mapped
    }
}
