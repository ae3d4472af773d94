/// The field names of a POS whose payloads follow the framework's conventions (snake_case, one
/// flat order with `items[]`), for which no public specification exists: Qasir and Olsera.
/// `Docs/Systems.md` documents the accepted shapes.
struct ConventionalPOSShape: Sendable {
    var system: SourceSystem
    var id: String
    var outlet: String
    var brand: String?
    var date: String
    var subtotal: String
    var discount: String
    var serviceCharge: String
    var tax: String
    var taxRate: String
    var total: String
    var paid: String
    var change: String
    var paymentMethod: String
    var paymentReference: String
    var itemName: String
    var itemQuantity: String
    var itemDiscount: String
    var stockName: String
    var stockOutlet: String
    var stockLevel: String
    var stockChange: String
    /// Other names of the order's time, tried in order when `date` is absent.
    var otherDates: [String] = []
    /// Other names of the item list, tried in order when `items` is absent.
    var otherItemLists: [String] = []
    /// Other names of an item's SKU, tried when `sku` is absent.
    var otherSKUs: [String] = []
    /// The system's own status codes, beside the status words every shape accepts.
    var statusCodes: [String: (TransactionKind, TransactionStatus)] = [:]
    /// How the status codes read in an error message.
    var statusCodeExpectation = ""

    static let qasir = ConventionalPOSShape(
        system: .qasir, id: "id", outlet: "outlet_id", brand: nil, date: "created_at", subtotal: "subtotal",
        discount: "discount", serviceCharge: "service_charge", tax: "tax", taxRate: "tax_rate", total: "total",
        paid: "paid", change: "change", paymentMethod: "payment_method", paymentReference: "payment_reference",
        itemName: "name", itemQuantity: "quantity", itemDiscount: "discount",
        stockName: "name", stockOutlet: "outlet_id", stockLevel: "stock", stockChange: "change")

    static let olsera = ConventionalPOSShape(
        system: .olsera, id: "order_no", outlet: "store_id", brand: "brand_id", date: "order_date", subtotal: "sub_total",
        discount: "discount_amount", serviceCharge: "service_charge", tax: "tax_amount", taxRate: "tax_percent",
        total: "total_amount", paid: "paid_amount", change: "change_amount", paymentMethod: "payment_type",
        paymentReference: "payment_reference", itemName: "product_name", itemQuantity: "qty",
        itemDiscount: "discount_amount",
        stockName: "product_name", stockOutlet: "store_id", stockLevel: "stock_qty", stockChange: "adjustment_qty",
        // The Open API's closed-order detail (`GET /api/open-api/v1/{lang}/order/closeorder/detail`):
        // `created_time`, `orderitems[product_id, product_name, product_sku, qty, price]`, and the
        // one-letter order statuses P (pending), A (accepted), S (shipped), Z (completed), X (cancelled).
        otherDates: ["created_time"], otherItemLists: ["orderitems"], otherSKUs: ["product_sku"],
        statusCodes: [
            "p": (.sale, .pending), "a": (.sale, .pending), "s": (.sale, .pending), "z": (.sale, .completed),
            "x": (.sale, .voided),
        ],
        statusCodeExpectation: ", or an Olsera order status P, A, S, Z or X")

    static let defaults = SystemDefaults.indonesia

    /// `status` words: what kind of transaction and where it stands. A void or cancellation sent under
    /// the sale's own id is that sale, now voided (it posts nothing), not a second record beside it.
    static let statuses: [String: (TransactionKind, TransactionStatus)] = [
        "completed": (.sale, .completed), "complete": (.sale, .completed), "paid": (.sale, .completed),
        "success": (.sale, .completed), "done": (.sale, .completed), "closed": (.sale, .completed),
        "pending": (.sale, .pending), "open": (.sale, .pending), "unpaid": (.sale, .pending),
        "void": (.sale, .voided), "voided": (.sale, .voided), "cancelled": (.sale, .voided), "canceled": (.sale, .voided),
        "refund": (.refund, .completed), "refunded": (.refund, .completed),
    ]

    static let statusExpectation = "a status: completed, paid, pending, void, cancelled or refunded"

    func transaction(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let externalID = try payload[id].requiredIdentifier()
        var dateField = payload[date]
        if !dateField.exists, let other = otherDates.first(where: { payload[$0].exists }) { dateField = payload[other] }
        let occurredAt = try defaults.timestamp(dateField, .dateTime, context: context, warnings: &warnings)
        let currency = try defaults.currency(payload["currency"], context: context, warnings: &warnings)

        var kind = TransactionKind.sale
        var status = TransactionStatus.completed
        let statusField = payload["status"]
        let sourceStatus = try statusField.optionalString()
        if let sourceStatus {
            let word = sourceStatus.lowercased()
            guard let known = Self.statuses[word] ?? statusCodes[word] else {
                throw MappingError.invalid(statusField.path, expected: Self.statusExpectation + statusCodeExpectation, value: sourceStatus)
            }
            (kind, status) = known
        }

        let total = try payload[self.total].amount()
        let discount = try payload[self.discount].optionalAmount()
        let serviceCharge = try payload[self.serviceCharge].optionalAmount()
        let tax = try payload[self.tax].optionalAmount()
        var subtotal = try payload[self.subtotal].optionalAmount()
        if subtotal == nil {
            subtotal = try exact(at: payload[self.total].path) { () throws(ExactDecimalError) in
                try total.subtracting(tax ?? .zero).subtracting(serviceCharge ?? .zero).adding(discount ?? .zero)
            }
        }
        var amounts = OrderAmounts(
            subtotal: subtotal, discount: discount, serviceCharge: serviceCharge, tax: tax, total: total,
            paid: try payload[self.paid].optionalAmount(), change: try payload[self.change].optionalAmount())
        try amounts.makePositive(for: kind)

        var lines: [LineItem] = []
        var itemList = payload["items"]
        if !itemList.exists, let other = otherItemLists.first(where: { payload[$0].exists }) { itemList = payload[other] }
        for item in try itemList.optionalArray() {
            let name = try item[itemName].requiredName()
            let quantity = try item[itemQuantity].amount()
            let price = try item["price"].amount()
            let lineDiscount = try item[itemDiscount].optionalAmount()
            var references: [ProductReference] = []
            if let product = try item["product_id"].optionalIdentifier() {
                references.append(ProductReference(scheme: "product_id", value: product))
            }
            var skuField = item["sku"]
            if !skuField.exists, let other = otherSKUs.first(where: { item[$0].exists }) { skuField = item[other] }
            if let sku = try skuField.optionalIdentifier() {
                references.append(ProductReference(scheme: "sku", value: sku))
            }
            let lineTotal = try exact(at: item.path) { () throws(ExactDecimalError) in
                try quantity.multiplied(by: price).subtracting(lineDiscount ?? .zero)
            }
            lines.append(
                LineItem(
                    name: name, references: references, quantity: quantity, unitPrice: price, discount: lineDiscount,
                    lineTotal: lineTotal))
        }

        var payments: [Payment] = []
        let methodField = payload[paymentMethod]
        if let method = try methodField.optionalString() {
            let reference = try payload[paymentReference].optionalIdentifier()
            payments.append(
                labelledPayment(method, amount: amounts.total, reference: reference, path: methodField.path, warnings: &warnings))
        }
        var outlet = try payload[self.outlet].optionalIdentifier() ?? context.defaultOutlet
        if let brand, let brandID = try payload[brand].optionalIdentifier(), let store = outlet {
            outlet = brandID + "/" + store
        }
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: system, externalID: externalID, outlet: outlet,
            kind: kind, status: status, sourceStatus: sourceStatus, occurredAt: occurredAt, currency: currency,
            subtotal: amounts.subtotal, discount: amounts.discount, serviceCharge: amounts.serviceCharge, tax: amounts.tax,
            taxRatePercent: try payload[self.taxRate].optionalAmount(), total: amounts.total, paid: amounts.paid,
            change: amounts.change, lineItems: lines, payments: payments, warnings: warnings)
        transaction.finish()
        return transaction
    }

    func inventory(_ payload: JSONValue, context: MappingContext) throws(MappingError) -> InventoryUpdate {
        var warnings: [MappingWarning] = []
        var references = [ProductReference(scheme: "product_id", value: try payload["product_id"].requiredIdentifier())]
        if let sku = try payload["sku"].optionalIdentifier() {
            references.append(ProductReference(scheme: "sku", value: sku))
        }
        let item = InventoryItem(
            name: try payload[stockName].optionalString(), references: references,
            quantityOnHand: try payload[stockLevel].amount(), quantityChange: try payload[stockChange].optionalAmount(),
            unit: try payload["unit"].optionalString())
        let occurredAt = try Self.defaults.timestamp(payload["updated_at"], .dateTime, context: context, warnings: &warnings)
        return InventoryUpdate(
            tenant: context.tenant, sourceSystem: system,
            outlet: try payload[stockOutlet].optionalIdentifier() ?? context.defaultOutlet,
            occurredAt: occurredAt, items: [item], warnings: warnings)
    }
}

/// Qasir (API polling; each element of `transactions[]`). No public specification exists: the
/// accepted shape follows the framework's conventions and is documented in `Docs/Systems.md`
/// (`id`, `created_at`, `status`, `subtotal`, `discount`, `service_charge`, `tax`, `total`,
/// `paid`, `change`, `payment_method`, `items[name, quantity, price, discount]`).
public struct QasirMapper: TransactionMapper {
    /// The Qasir mapper.
    public init() {}

    public var sourceSystem: SourceSystem { .qasir }
    public var supportedEvents: [EventType] { [.transactionCreated, .inventoryUpdated] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        switch event {
        case .transactionCreated:
            if let list = try payload["transactions"].ifPresent() {
                var transactions: [UnifiedTransaction] = []
                for element in try list.array() {
                    transactions.append(try ConventionalPOSShape.qasir.transaction(element, context: context))
                }
                return .transactions(transactions)
            }
            return .transaction(try ConventionalPOSShape.qasir.transaction(payload, context: context))
        case .inventoryUpdated:
            return .inventory(try ConventionalPOSShape.qasir.inventory(payload, context: context))
        default:
            throw unsupported(event)
        }
    }
}

/// Olsera (stores grouped under brands; the outlet is recorded as `brand_id/store_id`). The
/// accepted shape (`Docs/Systems/Olsera.md`): `order_no`, `order_date` (else the Open API's
/// `created_time`), `status` (a word, or Olsera's P/A/S/Z/X), `sub_total`, `discount_amount`,
/// `service_charge`, `tax_amount`, `total_amount` (a number or a decimal string, as the Open API
/// sends it), `payment_type`, `items[]` (else `orderitems[]`: `product_name`, `qty`, `price`,
/// `discount_amount`, `product_id`, `sku` else `product_sku`). Times without a zone are read in
/// the configured zone, else WIB (Asia/Jakarta) with a warning.
public struct OlseraMapper: TransactionMapper {
    /// The Olsera mapper.
    public init() {}

    public var sourceSystem: SourceSystem { .olsera }
    public var supportedEvents: [EventType] { [.transactionCreated, .inventoryUpdated] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        switch event {
        case .transactionCreated:
            return .transaction(try ConventionalPOSShape.olsera.transaction(payload, context: context))
        case .inventoryUpdated:
            return .inventory(try ConventionalPOSShape.olsera.inventory(payload, context: context))
        default:
            throw unsupported(event)
        }
    }
}
