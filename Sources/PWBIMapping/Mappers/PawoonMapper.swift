/// Pawoon webhooks (`integration-framework.md`): `transaction.created` with
/// `transaction_id`, `total`, `tax`, `timestamp`, `payment_method`, `items[name, qty, price]`,
/// and `inventory.updated` with `product_id`, `stock`, `updated_at`.
///
/// Pawoon sends no subtotal: when `tax` is present the subtotal is `total − tax`; the items'
/// line totals (`qty × price`) are checked against it (a warning, not an error). Zone-less
/// timestamps are read in the configured zone, else Asia/Jakarta (WIB) is assumed. The full
/// field table is in `Docs/Systems.md`.
public struct PawoonMapper: TransactionMapper {
    static let defaults = SystemDefaults.indonesia
    /// How Pawoon writes amounts sent as strings: a plain decimal in rupiah, so `"137.500"` (how
    /// Indonesians write 137 500) is ambiguous and rejected; JSON numbers are read as they are.
    static let amounts = DecimalNotation.plainWholeUnits

    /// The Pawoon mapper.
    public init() {}

    public var sourceSystem: SourceSystem { .pawoon }
    public var supportedEvents: [EventType] { [.transactionCreated, .inventoryUpdated] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        switch event {
        case .transactionCreated: return .transaction(try transaction(payload, context: context))
        case .inventoryUpdated: return .inventory(try inventory(payload, context: context))
        default: throw unsupported(event)
        }
    }

    /// Maps a `transaction.created` payload.
    public func transaction(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let externalID = try payload["transaction_id"].requiredIdentifier()
        let total = try payload["total"].amount(Self.amounts)
        let tax = try payload["tax"].optionalAmount(Self.amounts)
        let occurredAt = try defaults.timestamp(payload["timestamp"], .iso8601, context: context, warnings: &warnings)
        let currency = try defaults.currency(payload["currency"], context: context, warnings: &warnings)
        let outlet = try payload["outlet_id"].optionalIdentifier() ?? context.defaultOutlet

        var lines: [LineItem] = []
        for item in try payload["items"].optionalArray() {
            let name = try item["name"].requiredName()
            let quantity = try item["qty"].amount(Self.amounts)
            let price = try item["price"].amount(Self.amounts)
            var references: [ProductReference] = []
            if let product = try item["product_id"].optionalIdentifier() {
                references.append(ProductReference(scheme: "product_id", value: product))
            }
            let lineTotal = try exact(at: item.path) { () throws(ExactDecimalError) in try quantity.multiplied(by: price) }
            lines.append(LineItem(name: name, references: references, quantity: quantity, unitPrice: price, lineTotal: lineTotal))
        }

        var payments: [Payment] = []
        let methodField = payload["payment_method"]
        if let method = try methodField.optionalString() {
            payments.append(labelledPayment(method, amount: total, path: methodField.path, warnings: &warnings))
        }

        var subtotal: Money?
        if let tax {
            subtotal = try exact(at: payload["total"].path) { () throws(ExactDecimalError) in try total.subtracting(tax) }
        }
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .pawoon, externalID: externalID, outlet: outlet,
            occurredAt: occurredAt, currency: currency, subtotal: subtotal, tax: tax, total: total,
            lineItems: lines, payments: payments, warnings: warnings)
        transaction.finish()
        return transaction
    }

    /// Maps an `inventory.updated` payload.
    public func inventory(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> InventoryUpdate {
        var warnings: [MappingWarning] = []
        let product = try payload["product_id"].requiredIdentifier()
        var references = [ProductReference(scheme: "product_id", value: product)]
        if let sku = try payload["sku"].optionalIdentifier() {
            references.append(ProductReference(scheme: "sku", value: sku))
        }
        let item = InventoryItem(
            name: try payload["name"].optionalString(), references: references,
            quantityOnHand: try payload["stock"].amount(Self.amounts), quantityChange: try payload["change"].optionalAmount(Self.amounts),
            unit: try payload["unit"].optionalString())
        let occurredAt = try Self.defaults.timestamp(payload["updated_at"], .iso8601, context: context, warnings: &warnings)
        return InventoryUpdate(
            tenant: context.tenant, sourceSystem: .pawoon, outlet: try payload["outlet_id"].optionalIdentifier() ?? context.defaultOutlet,
            occurredAt: occurredAt, items: [item], warnings: warnings)
    }
}
