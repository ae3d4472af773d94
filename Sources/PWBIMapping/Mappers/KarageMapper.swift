/// Karage: the Odoo POS order webhook (`POST /api/v1/webhook/pos-order`, the order is the whole
/// body; bulk: `{"orders": […]}`), in both shapes Karage sends, told apart by the lines' fields.
///
/// - **Setup-guide shape** (`karage-pos-webhook-setup.md`): lines with `Price` and
///   `DiscountAmount`, and the order's `AmountTotal`/`Tax`/`TaxPercent`/`AmountPaid` (required),
///   `AmountDiscount`/`GrandTotal`/`BalanceAmount` (optional).
/// - **Current plugin shape**: lines with `PriceWithoutTax` and `DiscountPercentage`, usually no
///   order totals. A total the order does not state is computed exactly from the lines and
///   `CheckoutDetails` (a `totals_computed` warning says which); tax the order does not state is
///   left absent (a `tax_not_stated` warning), never invented.
///
/// Common to both: `OrderID` (number or string), `OrderDate` (with `Z`, an offset, or none: then
/// read in the configured zone, else Asia/Riyadh is assumed with a `zone_assumed` warning),
/// `OrderStatus` (`103` completed sale, `106` refund — linked to its sale, whose `OrderID` it
/// carries), `OrderItems[]` (product by `OdooItemID`, else `ItemID`, else `ItemName`;
/// `Quantity`), `CheckoutDetails[]` split payments (`PaymentMode`, `AmountPaid`, `CardType`) and
/// the plugin's optional `partner_id` (a positive integer) and `customer_ref` (text), checked for
/// form only. Amounts are numbers or numeric strings. Payment modes: 1 Cash, 2 Card, 3 Credit,
/// 5 Tabby, 6 Tamara, 7 StcPay, 8 Bank Transfer; any other code is an error naming it.
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
            // Compares the codes in place: `first(where:)` would copy every mode it passes.
            for index in all.indices where all[index].code == code { return all[index] }
            return nil
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
        let status = try order.int(field: "OrderStatus")
        let kind: TransactionKind = status == Self.refundStatus ? .refund : .sale
        let transactionStatus: TransactionStatus =
            status == Self.completedStatus || status == Self.refundStatus ? .completed : .pending
        if let mode = try order.optionalField("PaymentMode") {
            _ = try Self.paymentMode(mode.int(), at: mode.path)
        }
        try Self.checkPartner(order)

        let items = try order[field: "OrderItems"].array()
        var lines: [LineItem] = []
        lines.reserveCapacity(items.count)
        var currentShape = false
        for item in items {
            lines.append(try Self.line(item, currentShape: &currentShape))
        }

        let checkouts = try order[field: "CheckoutDetails"].array()
        var payments: [Payment] = []
        payments.reserveCapacity(checkouts.count)
        for checkout in checkouts {
            let mode = try Self.paymentMode(checkout.int(field: "PaymentMode"), at: checkout[field: "PaymentMode"].path)
            var amount = try checkout.amount(field: "AmountPaid", KarageMapper.amounts)
            if kind == .refund { amount = try amount.refundMagnitude(at: checkout[field: "AmountPaid"].path) }
            let label = try checkout.optionalString(field: "CardType")
            payments.append(Payment(method: mode.method, rawCode: mode.rawCode, label: label ?? mode.name, amount: amount))
        }

        let currency = try defaults.currency(nil, context: context, warnings: &warnings)
        let totals = try currentShape
            ? Self.currentTotals(order, kind: kind, lines: lines, payments: payments, currency: currency, warnings: &warnings)
            : Self.guideTotals(order, kind: kind)
        return UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .karage, externalID: externalID, outlet: context.defaultOutlet,
            kind: kind, status: transactionStatus, sourceStatus: Self.statusText(status),
            originalExternalID: kind == .refund ? externalID : nil, occurredAt: occurredAt,
            currency: currency, subtotal: totals.amounts.subtotal, discount: totals.amounts.discount, tax: totals.amounts.tax,
            taxRatePercent: totals.taxPercent, total: totals.amounts.total, paid: totals.amounts.paid,
            change: totals.amounts.change, lineItems: lines, payments: payments, warnings: warnings
        ).finished()
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

    /// The plugin's optional per-order `partner_id` (a positive integer) and `customer_ref` (text),
    /// which name the Odoo customer: checked for form, not kept (the unified model has no customer).
    static func checkPartner(_ order: JSONValue) throws(MappingError) {
        if let partner = try order.optionalField("partner_id") {
            let id = try partner.int()
            guard id > 0 else { throw MappingError.invalid(partner.path, expected: "a positive partner id", value: String(id)) }
        }
        _ = try order.optionalString(field: "customer_ref")
    }

    /// The payment mode with `code` (read at `path`); unknown codes are an error naming the code.
    static func paymentMode(_ code: Int, at path: @autoclosure () -> FieldPath) throws(MappingError) -> PaymentMode {
        guard let mode = PaymentMode.code(code) else {
            throw MappingError.invalid(path(), expected: PaymentMode.expectation, value: String(code))
        }
        return mode
    }
}
