/// The generic mapper: payloads already in the kit's unified JSON (``UnifiedJSON``) — the format
/// for systems without a dedicated mapper, and what `pwbi map` prints.
///
/// The tenant always comes from the ``MappingContext`` (a sender never chooses its tenant);
/// `occurred_at` values without an offset are read per the context's zones. The payload's
/// `type` must match the event: `transaction` (or an array of them) for `transaction.created`,
/// `inventory_update` for `inventory.updated`, `payment_event` for `payment.notification`.
public struct GenericMapper: TransactionMapper {
    /// The unified-JSON mapper.
    public init() {}

    public var sourceSystem: SourceSystem { .generic }
    public var supportedEvents: [EventType] { [.transactionCreated, .inventoryUpdated, .paymentNotification] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        guard supports(event) else { throw unsupported(event) }
        let mapped = try UnifiedJSON.decode(payload, tenant: context.tenant, zones: context.zones)
        let matches: Bool
        let expected: String
        switch (event, mapped) {
        case (.transactionCreated, .transaction), (.transactionCreated, .transactions):
            (matches, expected) = (true, "")
        case (.transactionCreated, _):
            (matches, expected) = (false, "\"transaction\" for transaction.created")
        case (.inventoryUpdated, .inventory):
            (matches, expected) = (true, "")
        case (.inventoryUpdated, _):
            (matches, expected) = (false, "\"inventory_update\" for inventory.updated")
        case (_, .payment):
            (matches, expected) = (true, "")
        default:
            (matches, expected) = (false, "\"payment_event\" for payment.notification")
        }
        guard matches else {
            let found = (try? payload["type"].string()) ?? "transaction"
            throw MappingError.invalid(payload["type"].path, expected: expected, value: found)
        }
        return mapped
    }
}
