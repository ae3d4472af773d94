/// An account (or setting) the ``AccountMapping`` lacks and some transactions need — reported,
/// never guessed ("Journal entry failed: check account mappings").
public struct MissingAccount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What is missing.
    public enum Requirement: Sendable, Hashable {
        /// No account for payment `method` (at `outlet`, or merchant-wide).
        case payment(method: String, outlet: String?)
        /// No revenue account for `category` at `outlet` (nor outlet, nor default).
        case revenue(outlet: String?, category: String?)
        /// No tax-payable account for this kind of tax.
        case taxPayable(TaxKind)
        /// No tax kind configured for `outlet` (nor merchant-wide), so the tax cannot be placed.
        case taxKind(outlet: String?)
        /// No service-charge income account.
        case serviceChargeIncome
        /// No discounts account.
        case discounts
        /// No rounding account (a rounding difference needs one).
        case rounding
        /// No refunds (sales returns) account.
        case refunds
        /// No item code for a product on a sales invoice (and no default item).
        case invoiceItem(product: String)
    }

    /// The account the mapping lacks.
    public let requirement: Requirement
    /// References of the entries that need it, in the order met.
    public let neededBy: [String]

    /// A missing account and the entries that need it.
    public init(_ requirement: Requirement, neededBy: [String]) {
        self.requirement = requirement
        self.neededBy = neededBy
    }

    /// What to configure, in the accountant's words.
    public var what: String {
        switch requirement {
        case .payment(let method, let outlet):
            return "payment account for method '\(method)'" + (outlet.map { " at outlet \($0)" } ?? "")
        case .revenue(let outlet, let category):
            var text = "revenue account"
            if let category { text += " for category '\(category)'" }
            if let outlet { text += " at outlet \(outlet)" }
            return text
        case .taxPayable(let kind):
            return "tax payable account for \(kind)"
        case .taxKind(let outlet):
            return "tax kind (PPN, PB1…)" + (outlet.map { " for outlet \($0)" } ?? "")
        case .serviceChargeIncome:
            return "service charge income account"
        case .discounts:
            return "discounts account"
        case .rounding:
            return "rounding account"
        case .refunds:
            return "refunds account"
        case .invoiceItem(let product):
            return "invoice item code for product '\(product)'"
        }
    }

    /// `payment account for method 'qris' at outlet JKT-01 (needed by 2 entries: karage-JKT-01-1001, …)`.
    public var description: String {
        let shown = neededBy.prefix(3).joined(separator: ", ")
        let more = neededBy.count > 3 ? ", …" : ""
        let noun = neededBy.count == 1 ? "entry" : "entries"
        return "\(what) (needed by \(neededBy.count) \(noun): \(shown)\(more))"
    }

    /// Ordered by what is missing, for stable reports.
    public static func < (lhs: MissingAccount, rhs: MissingAccount) -> Bool {
        lhs.sortKey < rhs.sortKey
    }

    private var sortKey: String {
        let rank: Int
        switch requirement {
        case .payment: rank = 0
        case .revenue: rank = 1
        case .taxKind: rank = 2
        case .taxPayable: rank = 3
        case .serviceChargeIncome: rank = 4
        case .discounts: rank = 5
        case .refunds: rank = 6
        case .rounding: rank = 7
        case .invoiceItem: rank = 8
        }
        return "\(rank) \(what)"
    }
}
