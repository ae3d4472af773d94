/// Moka POS, in the two shapes a host receives:
///
/// - the webhook shape of `integration-framework.md`: `id`, `grand_total`, `created_at`
///   (`YYYY-MM-DD HH:MM:SS`), `payment_type`, `line_items[item_name, quantity, price]`;
/// - the report API's payment (`payments[]` of `get_latest_transactions`): `id`, `payment_no`,
///   `created_at`, `subtotal`, `discounts`, `gratuities`, `taxes`, `total_collected`,
///   `payment_type`, `checkouts[item_name, quantity, item_price, total_price, discount_amount]`,
///   `parent_payment_id` for refunds. A whole page (`{"data":{"payments":[…]}}` or
///   `{"payments":[…]}`) maps to ``MappedEvent/transactions(_:)``.
///
/// The shape is recognised by its fields (`payments`, then `payment_no`/`checkouts`/
/// `total_collected`). Zone-less times are read in the configured zone, else Asia/Jakarta is assumed.
/// `inventory.updated`: `item_id`, `in_stock`, `adjustment`, `updated_at`.
public struct MokaMapper: TransactionMapper {
    static let defaults = SystemDefaults.indonesia

    /// The Moka mapper (report API and webhook shapes).
    public init() {}

    public var sourceSystem: SourceSystem { .moka }
    public var supportedEvents: [EventType] { [.transactionCreated, .inventoryUpdated] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        switch event {
        case .transactionCreated:
            if payload["payments"].exists || payload["data"]["payments"].exists {
                return .transactions(try reportPage(payload, context: context))
            }
            return .transaction(try transaction(payload, context: context))
        case .inventoryUpdated:
            return .inventory(try inventory(payload, context: context))
        default:
            throw unsupported(event)
        }
    }

    /// Maps one transaction in either shape.
    public func transaction(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        if payload["payment_no"].exists || payload["checkouts"].exists || payload["total_collected"].exists {
            return try reportPayment(payload, context: context)
        }
        return try webhookTransaction(payload, context: context)
    }

    /// Maps every payment of a report page (`{"data":{"payments":[…]}}` or `{"payments":[…]}`).
    public func reportPage(_ page: JSONValue, context: MappingContext) throws(MappingError) -> [UnifiedTransaction] {
        let list = page["payments"].exists ? page["payments"] : page["data"]["payments"]
        var transactions: [UnifiedTransaction] = []
        for payment in try list.array() {
            transactions.append(try reportPayment(payment, context: context))
        }
        return transactions
    }

    /// The framework's webhook shape.
    func webhookTransaction(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let externalID = try payload["id"].requiredIdentifier()
        let total = try payload["grand_total"].amount()
        let occurredAt = try defaults.timestamp(payload["created_at"], .dateTime, context: context, warnings: &warnings)
        let currency = try defaults.currency(payload["currency"], context: context, warnings: &warnings)
        var lines: [LineItem] = []
        for item in try payload["line_items"].optionalArray() {
            let name = try item["item_name"].requiredName()
            let quantity = try item["quantity"].amount()
            let price = try item["price"].amount()
            let lineTotal = try exact(at: item.path) { () throws(ExactDecimalError) in try quantity.multiplied(by: price) }
            lines.append(LineItem(name: name, quantity: quantity, unitPrice: price, lineTotal: lineTotal))
        }
        var payments: [Payment] = []
        let typeField = payload["payment_type"]
        if let type = try typeField.optionalString() {
            payments.append(labelledPayment(type, amount: total, path: typeField.path, warnings: &warnings))
        }
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .moka, externalID: externalID,
            outlet: try payload["outlet_id"].optionalIdentifier() ?? context.defaultOutlet,
            occurredAt: occurredAt, currency: currency, subtotal: total, total: total,
            lineItems: lines, payments: payments, warnings: warnings)
        transaction.finish()
        return transaction
    }

    /// One entry of the report API's `payments[]`.
    func reportPayment(_ payment: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let externalID = try payment["id"].requiredIdentifier()
        let occurredAt = try defaults.timestamp(payment["created_at"], .dateTime, context: context, warnings: &warnings)
        let parent = try payment["parent_payment_id"].optionalIdentifier()
        let kind: TransactionKind = parent == nil ? .sale : .refund
        var amounts = OrderAmounts(
            subtotal: try payment["subtotal"].amount(),
            discount: try Self.summedAmount(payment["discounts"]),
            serviceCharge: try Self.summedAmount(payment["gratuities"]),
            tax: try Self.summedAmount(payment["taxes"]),
            total: try payment["total_collected"].amount())
        let currency = try defaults.currency(payment["currency"], context: context, warnings: &warnings)

        var lines: [LineItem] = []
        for checkout in try payment["checkouts"].optionalArray() {
            let name = try checkout["item_name"].requiredName()
            let quantity = try checkout["quantity"].amount()
            let price = try checkout["item_price"].amount()
            let discount = try checkout["discount_amount"].optionalAmount()
            let gross: Money
            if let stated = try checkout["total_price"].optionalAmount() {
                gross = stated
            } else {
                gross = try exact(at: checkout.path) { () throws(ExactDecimalError) in try quantity.multiplied(by: price) }
            }
            let lineTotal = try exact(at: checkout.path) { () throws(ExactDecimalError) in try gross.subtracting(discount ?? .zero) }
            var references: [ProductReference] = []
            if let item = try checkout["item_id"].optionalIdentifier() {
                references.append(ProductReference(scheme: "item_id", value: item))
            }
            if let variant = try checkout["item_variant_id"].optionalIdentifier() {
                references.append(ProductReference(scheme: "item_variant_id", value: variant))
            }
            lines.append(
                LineItem(
                    name: name, references: references, quantity: quantity, unitPrice: price, discount: discount,
                    lineTotal: lineTotal, note: try checkout["item_variant_name"].optionalString()))
        }

        try amounts.makePositive(for: kind)
        var payments: [Payment] = []
        let typeField = payment["payment_type"]
        if let type = try typeField.optionalString() {
            payments.append(labelledPayment(type, amount: amounts.total, path: typeField.path, warnings: &warnings))
        }
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .moka, externalID: externalID,
            outlet: try payment["outlet_id"].optionalIdentifier() ?? context.defaultOutlet,
            kind: kind, status: .completed,
            originalExternalID: parent, occurredAt: occurredAt, currency: currency,
            subtotal: amounts.subtotal, discount: amounts.discount, serviceCharge: amounts.serviceCharge, tax: amounts.tax,
            total: amounts.total, paid: amounts.total, lineItems: lines, payments: payments, warnings: warnings)
        // Moka's subtotal is before line discounts; lines are net of them, so they are not compared.
        transaction.finish(lineTotalsCoverSubtotal: false)
        return transaction
    }

    /// `discounts`/`gratuities`/`taxes`: a number, a numeric string, or an array of objects
    /// with `amount` (summed); absent or `null` is nil.
    static func summedAmount(_ value: JSONValue) throws(MappingError) -> Money? {
        guard let present = try value.ifPresent() else { return nil }
        guard present.kind == .array else { return try present.amount() }
        var sum = Money.zero
        for entry in try present.array() {
            let amount = try entry["amount"].amount()
            sum = try exact(at: entry.path) { () throws(ExactDecimalError) in try sum.adding(amount) }
        }
        return sum
    }

    /// Maps an `inventory.updated` payload.
    public func inventory(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> InventoryUpdate {
        var warnings: [MappingWarning] = []
        var references = [ProductReference(scheme: "item_id", value: try payload["item_id"].requiredIdentifier())]
        if let variant = try payload["item_variant_id"].optionalIdentifier() {
            references.append(ProductReference(scheme: "item_variant_id", value: variant))
        }
        if let sku = try payload["sku"].optionalIdentifier() {
            references.append(ProductReference(scheme: "sku", value: sku))
        }
        let item = InventoryItem(
            name: try payload["item_name"].optionalString(), references: references,
            quantityOnHand: try payload["in_stock"].amount(), quantityChange: try payload["adjustment"].optionalAmount())
        let occurredAt = try Self.defaults.timestamp(payload["updated_at"], .dateTime, context: context, warnings: &warnings)
        return InventoryUpdate(
            tenant: context.tenant, sourceSystem: .moka,
            outlet: try payload["outlet_id"].optionalIdentifier() ?? context.defaultOutlet,
            occurredAt: occurredAt, items: [item], warnings: warnings)
    }
}
