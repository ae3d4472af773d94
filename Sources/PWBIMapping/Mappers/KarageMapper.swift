/// Karage: the Odoo POS order webhook of `karage-pos-webhook-setup.md` (`POST
/// /api/v1/webhook/pos-order`; the order is the whole body).
///
/// Reads every field of the guide's appendix: `OrderID` (number or string), `OrderDate`
/// (usually without zone: read in the configured zone, else Asia/Riyadh is assumed),
/// `OrderStatus` (`103` completed sale, `106` refund), `AmountPaid`/`AmountTotal`/`Tax`/
/// `TaxPercent`/`AmountDiscount`/`GrandTotal`/`BalanceAmount` (numbers or numeric strings),
/// `OrderItems[]` (product by `OdooItemID`, else `ItemID`, else `ItemName`; `Price`,
/// `Quantity`, `DiscountAmount`) and `CheckoutDetails[]` split payments (`PaymentMode`,
/// `AmountPaid`, `CardType`). Payment modes: 1 Cash, 2 Card, 3 Credit, 5 Tabby, 6 Tamara,
/// 7 StcPay, 8 Bank Transfer; any other code is an error naming it.
///
/// Whether the status is *allowed* (default only `103`) and whether the order is fully paid are
/// validation rules (``ValidationRule``), run by the caller after mapping.
public struct KarageMapper: TransactionMapper {
    static let defaults = SystemDefaults.saudi
    /// How Karage writes amounts sent as strings: `,` groups thousands, `.` is the decimal point (`"1,000.0"`).
    static let amounts = DecimalNotation.commaGrouping

    /// `OrderStatus` of a completed sale.
    public static let completedStatus = 103
    /// `OrderStatus` of a refund.
    public static let refundStatus = 106

    /// A Karage `PaymentMode` code.
    public struct PaymentMode: Sendable, Hashable {
        /// The code (`1`…`8`).
        public let code: Int
        /// The guide's description (`Cash`, `StcPay`).
        public let name: String
        /// The unified method.
        public let method: PaymentMethod
        /// `code` as text (the payment's raw code), built once.
        let rawCode: String

        init(code: Int, name: String, method: PaymentMethod) {
            self.code = code
            self.name = name
            self.method = method
            self.rawCode = String(code)
        }

        /// The codes the guide lists, in order.
        public static let all: [PaymentMode] = [
            PaymentMode(code: 1, name: "Cash", method: .cash),
            PaymentMode(code: 2, name: "Card", method: .card),
            PaymentMode(code: 3, name: "Credit", method: .credit),
            PaymentMode(code: 5, name: "Tabby", method: .buyNowPayLater),
            PaymentMode(code: 6, name: "Tamara", method: .buyNowPayLater),
            PaymentMode(code: 7, name: "StcPay", method: .eWallet),
            PaymentMode(code: 8, name: "Bank Transfer", method: .bankTransfer),
        ]

        /// The mode with this code, or nil.
        public static func code(_ code: Int) -> PaymentMode? {
            all.first { $0.code == code }
        }

        static let expectation = "a payment mode: "
            + all.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
    }

    /// The Karage order mapper.
    public init() {}

    public var sourceSystem: SourceSystem { .karage }
    public var supportedEvents: [EventType] { [.transactionCreated] }

    public func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        guard event == .transactionCreated else { throw unsupported(event) }
        return .transaction(try transaction(payload, context: context))
    }

    /// Maps one order.
    public func transaction(_ order: JSONValue, context: MappingContext) throws(MappingError) -> UnifiedTransaction {
        let defaults = Self.defaults
        var warnings: [MappingWarning] = []
        let externalID = try order[field: "OrderID"].requiredIdentifier()
        let occurredAt = try defaults.timestamp(order[field: "OrderDate"], .dateTime, context: context, warnings: &warnings)
        let status = try order[field: "OrderStatus"].int()
        let kind: TransactionKind = status == Self.refundStatus ? .refund : .sale
        let transactionStatus: TransactionStatus =
            status == Self.completedStatus || status == Self.refundStatus ? .completed : .pending

        var amounts = OrderAmounts(
            subtotal: try order[field: "AmountTotal"].amount(Self.amounts),
            discount: try order[field: "AmountDiscount"].optionalAmount(Self.amounts),
            serviceCharge: nil,
            tax: try order[field: "Tax"].amount(Self.amounts),
            total: .zero,
            paid: try order[field: "AmountPaid"].amount(Self.amounts),
            change: try order[field: "BalanceAmount"].optionalAmount(Self.amounts))
        let taxPercent = try order[field: "TaxPercent"].amount(Self.amounts)
        if let grandTotal = try order[field: "GrandTotal"].optionalAmount(Self.amounts) {
            amounts.total = grandTotal
        } else {
            let subtotal = amounts.subtotal ?? .zero
            let discount = amounts.discount ?? .zero
            let tax = amounts.tax ?? .zero
            amounts.total = try exact(at: order[field: "AmountTotal"].path) { () throws(ExactDecimalError) in
                try subtotal.subtracting(discount).adding(tax)
            }
        }
        if let mode = try order[field: "PaymentMode"].ifPresent() {
            _ = try Self.paymentMode(mode)
        }

        let itemsField = order[field: "OrderItems"]
        let items = try itemsField.array()
        var lines: [LineItem] = []
        lines.reserveCapacity(items.count)
        for item in items {
            lines.append(try Self.line(item))
        }

        let checkouts = try order[field: "CheckoutDetails"].array()
        var payments: [Payment] = []
        payments.reserveCapacity(checkouts.count)
        for checkout in checkouts {
            let mode = try Self.paymentMode(checkout[field: "PaymentMode"])
            var amount = try checkout[field: "AmountPaid"].amount(Self.amounts)
            if kind == .refund { amount = try amount.refundMagnitude(at: checkout[field: "AmountPaid"].path) }
            let label = try checkout[field: "CardType"].optionalString()
            payments.append(Payment(method: mode.method, rawCode: mode.rawCode, label: label ?? mode.name, amount: amount))
        }

        try amounts.makePositive(for: kind)
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .karage, externalID: externalID, outlet: context.defaultOutlet,
            kind: kind, status: transactionStatus, sourceStatus: Self.statusText(status), occurredAt: occurredAt,
            currency: try defaults.currency(nil, context: context, warnings: &warnings),
            subtotal: amounts.subtotal, discount: amounts.discount, tax: amounts.tax, taxRatePercent: taxPercent,
            total: amounts.total, paid: amounts.paid, change: amounts.change,
            lineItems: lines, payments: payments, warnings: warnings)
        transaction.finish()
        return transaction
    }

    /// `OrderStatus` as text; the two documented codes without formatting an integer.
    @inline(__always)
    static func statusText(_ status: Int) -> String {
        switch status {
        case completedStatus: "103"
        case refundStatus: "106"
        default: String(status)
        }
    }

    /// One `OrderItems[]` entry.
    static func line(_ item: JSONValue) throws(MappingError) -> LineItem {
        var references: [ProductReference] = []
        references.reserveCapacity(3)  // one allocation, not one per growth step
        if let odoo = try item[field: "OdooItemID"].optionalIdentifier() {
            references.append(ProductReference(scheme: "OdooItemID", value: odoo))
        }
        if let legacy = try item[field: "ItemID"].optionalIdentifier() {
            references.append(ProductReference(scheme: "ItemID", value: legacy))
        }
        let name = try item[field: "ItemName"].optionalString()
        if let name, !isBlank(name) {
            references.append(ProductReference(scheme: "ItemName", value: name))
        }
        guard let preferred = references.first else {
            throw MappingError.missing(
                item[field: "OdooItemID"].path, expected: "a product reference: OdooItemID, ItemID or ItemName")
        }
        let price = try item[field: "Price"].amount(Self.amounts)
        let quantity = try item[field: "Quantity"].amount(Self.amounts)
        let discount = try item[field: "DiscountAmount"].optionalAmount(Self.amounts)
        let lineTotal = try exact(at: item.path) { () throws(ExactDecimalError) in
            try quantity.multiplied(by: price).subtracting(discount ?? .zero)
        }
        return LineItem(
            name: name ?? preferred.value, references: references, quantity: quantity, unitPrice: price,
            discount: discount, lineTotal: lineTotal)
    }

    /// A `PaymentMode` code; unknown codes are an error naming the code.
    static func paymentMode(_ value: JSONValue) throws(MappingError) -> PaymentMode {
        let code = try value.int()
        guard let mode = PaymentMode.code(code) else {
            throw MappingError.invalid(value.path, expected: PaymentMode.expectation, value: String(code))
        }
        return mode
    }
}
