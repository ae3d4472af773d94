/// One check of a mapped transaction, as a value: rules are built once (from the integration's
/// settings), combined with ``all(_:)`` and run by the caller after mapping. A failing rule
/// yields ``MappingError``s of kind ``MappingError/Kind/validationFailed`` whose path is in the
/// unified JSON (`payments`, `line_items[2].quantity`, `source_status`) and whose `expected` /
/// `found` say what to fix — the Karage guide's messages where it has one
/// ("Order is not fully paid", "Invalid OrderStatus: 105 not in allowed statuses").
///
/// ```swift
/// let rules = ValidationRule.all([
///     .totalsConsistent(), .paymentsCoverTotal, .allowedOrderStatuses(["103", "104"]),
///     .nonNegativeSaleQuantities, .knownPaymentMethods,
/// ])
/// try rules.check(transaction)          // throws the first failure
/// let failures = rules.failures(transaction) // or collects all of them
/// ```
public struct ValidationRule: Sendable {
    /// A short name for logs and metrics (`payments_cover_total`).
    public let name: String
    private let body: @Sendable (UnifiedTransaction) -> [MappingError]

    /// A rule from a function that returns the failures it finds (empty when the transaction passes).
    public init(name: String, _ body: @escaping @Sendable (UnifiedTransaction) -> [MappingError]) {
        self.name = name
        self.body = body
    }

    /// Every failure this rule finds in `transaction`.
    public func failures(_ transaction: UnifiedTransaction) -> [MappingError] {
        body(transaction)
    }

    /// Throws the first failure, if any.
    public func check(_ transaction: UnifiedTransaction) throws(MappingError) {
        if let first = body(transaction).first { throw first }
    }

    /// A rule that runs `rules` in order and reports all their failures.
    public static func all(_ rules: [ValidationRule]) -> ValidationRule {
        ValidationRule(name: rules.map(\.name).joined(separator: "+")) { transaction in
            rules.flatMap { $0.failures(transaction) }
        }
    }

    /// This rule, then `other`.
    public func and(_ other: ValidationRule) -> ValidationRule {
        .all([self, other])
    }

    /// This rule only for transactions that satisfy `predicate` (for example one source system).
    public func when(_ predicate: @escaping @Sendable (UnifiedTransaction) -> Bool) -> ValidationRule {
        let body = self.body
        return ValidationRule(name: name) { transaction in predicate(transaction) ? body(transaction) : [] }
    }

    static func failure(_ path: FieldPath, expected: String, found: String) -> MappingError {
        MappingError(.validationFailed, path: path, expected: expected, found: found)
    }

    /// |a − b| < one minor unit of `currency` (or ≤ `tolerance` when given).
    static func close(_ a: Money, _ b: Money, _ currency: Currency, tolerance: Money?) -> Bool {
        guard let difference = try? a.subtracting(b).magnitude() else { return false }
        if let tolerance { return difference <= tolerance }
        return difference < ExactDecimal(minorUnits: 1, of: currency)
    }
}

extension ValidationRule {
    /// subtotal − discount + service charge + tax = total, within the currency's minor unit
    /// (`tolerance` widens it). Transactions without a subtotal pass (there is nothing to compare).
    public static func totalsConsistent(tolerance: Money? = nil) -> ValidationRule {
        ValidationRule(name: "totals_consistent") { transaction in
            guard let computed = try? transaction.computedTotal() else {
                if transaction.subtotal == nil { return [] }
                return [failure("total", expected: "subtotal − discount + service charge + tax to be computable", found: "an overflow")]
            }
            guard !close(computed, transaction.total, transaction.currency, tolerance: tolerance) else { return [] }
            return [
                failure(
                    "total", expected: "\(computed) (subtotal − discount + service charge + tax)",
                    found: "\(transaction.total)")
            ]
        }
    }

    /// The payments add up to at least the total, within the currency's minor unit: Odoo's
    /// "Order is not fully paid". Without payments, the stated `paid` amount is used; with neither,
    /// the order is not paid.
    public static let paymentsCoverTotal = ValidationRule(name: "payments_cover_total") { transaction in
        let paid: Money
        let path: FieldPath
        if !transaction.payments.isEmpty {
            guard let sum = try? transaction.paymentsTotal() else {
                return [failure("payments", expected: "payments that add up without overflow", found: "an overflow")]
            }
            (paid, path) = (sum, "payments")
        } else if let stated = transaction.paid {
            (paid, path) = (stated, "paid")
        } else {
            return [
                failure("payments", expected: "Order is not fully paid: payments of \(transaction.total)", found: "no payment")
            ]
        }
        if paid >= transaction.total || close(paid, transaction.total, transaction.currency, tolerance: nil) { return [] }
        return [
            failure(path, expected: "Order is not fully paid: payments of \(transaction.total)", found: "\(paid)")
        ]
    }

    /// The Karage default: only `OrderStatus` 103 (completed) is accepted.
    public static let defaultKarageStatuses: [String] = ["103"]

    /// The transaction's source status is one of `statuses` (Karage's "Valid Order Statuses",
    /// default `103`): "Invalid OrderStatus: X not in allowed statuses". Only transactions from
    /// `source` are checked (all when nil); a transaction without a source status fails.
    public static func allowedOrderStatuses(
        _ statuses: [String] = defaultKarageStatuses, for source: SourceSystem? = .karage
    ) -> ValidationRule {
        let allowed = Set(statuses)
        let list = statuses.joined(separator: ",")
        return ValidationRule(name: "allowed_order_statuses") { transaction in
            if let source, transaction.sourceSystem != source { return [] }
            guard let status = transaction.sourceStatus else {
                return [failure("source_status", expected: "an order status in \(list)", found: "no status")]
            }
            guard allowed.contains(status) else {
                return [
                    failure(
                        "source_status", expected: "Invalid OrderStatus: \(status) not in allowed statuses (\(list))",
                        found: MappingError.quoted(status))
                ]
            }
            return []
        }
    }

    /// Parses Karage's comma-separated setting (`"103,104"`): the statuses, trimmed, empty entries dropped.
    public static func statusList(_ setting: String) -> [String] {
        setting.split(separator: ",").map { String(trimmed($0)) }.filter { !$0.isEmpty }
    }

    /// Sales have no negative line quantities (returned goods belong in a refund).
    public static let nonNegativeSaleQuantities = ValidationRule(name: "non_negative_sale_quantities") { transaction in
        guard transaction.kind == .sale else { return [] }
        var failures: [MappingError] = []
        for (index, line) in transaction.lineItems.enumerated() where line.quantity.isNegative {
            failures.append(
                failure(
                    FieldPath("line_items").appending(index: index).appending("quantity"),
                    expected: "a quantity of zero or more in a sale", found: "\(line.quantity)"))
        }
        return failures
    }

    /// Every payment's method is a known one (not `other`): an unknown code or label is reported
    /// with what the source sent.
    public static let knownPaymentMethods = ValidationRule(name: "known_payment_methods") { transaction in
        var failures: [MappingError] = []
        for (index, payment) in transaction.payments.enumerated() where payment.method == .other {
            failures.append(
                failure(
                    FieldPath("payments").appending(index: index).appending("method"),
                    expected: "a known payment method",
                    found: MappingError.quoted(payment.rawCode ?? payment.label ?? "other")))
        }
        return failures
    }

    /// The rules the Karage guide applies: totals consistent, fully paid, status allowed
    /// (`statuses`, default 103), no negative sale quantities, known payment modes.
    public static func karageDefaults(statuses: [String] = defaultKarageStatuses) -> ValidationRule {
        .all([.totalsConsistent(), .paymentsCoverTotal, .allowedOrderStatuses(statuses), .nonNegativeSaleQuantities, .knownPaymentMethods])
    }
}
