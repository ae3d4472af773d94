/// Moka POS, in every shape a host receives (detected from the fields present):
///
/// - the GoBiz developer API's "Get Paid Transactions List" (`{"data":{"transactions":[…]}}`):
///   `transaction_date`, `subtotal`, `discounts`, `gratuities`, `taxes`, `total_collected`,
///   `tendered`, `items[]`, `payment_taxes[]`, `payment_gratuities[]`, `payment_discounts[]`,
///   `payment_refunds[]` (each refund its own transaction, linked to the sale);
/// - the v1 report API's "latest transactions" (`{"data":{"payments":[…]}}`): `created_at`,
///   `total_checkouts_amount`, `total_discount_amount`, `total_gratuity_amount`, `total_tax_amount`,
///   `total_collected_amount`, `amount_pay`, `amount_change`, `checkouts[]`, refunds by
///   `parent_payment_id`/`is_refunded`/`refund_amount`;
/// - the flat report payment of `integration-framework.md`: `id`, `payment_no`, `created_at`,
///   `subtotal`, `discounts`, `gratuities`, `taxes` (numbers or `[{amount}]`), `total_collected`,
///   `checkouts[]`, `parent_payment_id` for refunds;
/// - the framework's webhook shape: `id`, `grand_total`, `created_at`, `payment_type`,
///   `line_items[item_name, quantity, price]`.
///
/// A page (`payments[]` or `transactions[]`, bare or under `data`) maps to
/// ``MappedEvent/transactions(_:)``, as does a GoBiz transaction with refunds. Fractional rupiah are
/// kept exact. When subtotal − discount + tax + gratuity ≠ total collected, a `totals_mismatch`
/// warning gives the difference. Zone-less times are read in the configured zone, else
/// Asia/Jakarta is assumed. `inventory.updated`: `item_id`, `in_stock`, `adjustment`, `updated_at`.
public struct MokaMapper: TransactionMapper {
    static let defaults = SystemDefaults.indonesia

    /// The Moka mapper (report API, GoBiz and webhook shapes).
    public init() {}

    public var sourceSystem: SourceSystem { .moka }
    public var supportedEvents: [EventType] { [.transactionCreated, .inventoryUpdated] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        switch event {
        case .transactionCreated:
            if Self.pageList(payload) != nil {
                return .transactions(try reportPage(payload, context: context))
            }
            let mapped = try transactions(payload, context: context)
            if mapped.count == 1, let only = mapped.first { return .transaction(only) }
            return .transactions(mapped)
        case .inventoryUpdated:
            return .inventory(try inventory(payload, context: context))
        default:
            throw unsupported(event)
        }
    }

    /// Maps one transaction in any shape; for a GoBiz transaction with refunds, the sale (the
    /// first of ``transactions(_:context:)``).
    public func transaction(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        if Self.isGoBizTransaction(payload) { return try goBizTransactions(payload, context: context).sale }
        return try single(payload, context: context)
    }

    /// Maps one element in any shape to its transactions: one, or a GoBiz sale followed by its refunds.
    public func transactions(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> [UnifiedTransaction] {
        if Self.isGoBizTransaction(payload) {
            let (sale, refunds) = try goBizTransactions(payload, context: context)
            return [sale] + refunds
        }
        return [try single(payload, context: context)]
    }

    /// A v1, flat report or webhook payment.
    func single(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        if Self.isV1Payment(payload) { return try v1Payment(payload, context: context) }
        if payload["payment_no"].exists || payload["checkouts"].exists || payload["total_collected"].exists {
            return try reportPayment(payload, context: context)
        }
        return try webhookTransaction(payload, context: context)
    }

    /// The list of a page: `payments[]` or `transactions[]`, bare or under `data`.
    static func pageList(_ page: JSONValue) -> JSONValue? {
        for key in ["payments", "transactions"] {
            if page[key].exists { return page[key] }
            if page["data"][key].exists { return page["data"][key] }
        }
        return nil
    }

    /// Maps every element of a page (`{"data":{"payments":[…]}}`, `{"data":{"transactions":[…]}}`,
    /// or the list bare at the top), GoBiz refunds following their sale.
    public func reportPage(_ page: JSONValue, context: MappingContext) throws(MappingError) -> [UnifiedTransaction] {
        let list = Self.pageList(page) ?? page["payments"]
        var transactions: [UnifiedTransaction] = []
        for element in try list.array() {
            transactions.append(contentsOf: try self.transactions(element, context: context))
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

        let lines = try Self.checkoutLines(payment["checkouts"])

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
        transaction.warnUnlessTotalsAddUp(at: payment["total_collected"].path)
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
