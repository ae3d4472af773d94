/// Which side of the ledger a journal line is on.
public enum JournalSide: String, Sendable, Hashable, CaseIterable {
    /// A debit.
    case debit
    /// A credit.
    case credit

    /// The other side.
    public var opposite: JournalSide { self == .debit ? .credit : .debit }
}

/// Why a journal line exists; decides its order in the entry and its memo.
public enum JournalLineRole: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Money received (or paid back) through a payment method.
    case payment
    /// A discount given to the customer (contra revenue).
    case discount
    /// Sales revenue.
    case revenue
    /// Sales returned (contra revenue of a refund).
    case refund
    /// Service-charge income.
    case serviceCharge
    /// Tax collected and owed to the tax office.
    case tax
    /// The difference left by rounding amounts to the currency's minor unit.
    case rounding

    /// Position in an entry: payments, discounts, revenue, refunds, service charge, tax, rounding.
    var rank: Int {
        switch self {
        case .payment: 0
        case .discount: 1
        case .revenue: 2
        case .refund: 3
        case .serviceCharge: 4
        case .tax: 5
        case .rounding: 6
        }
    }

    public static func < (lhs: JournalLineRole, rhs: JournalLineRole) -> Bool { lhs.rank < rhs.rank }
}

/// One line of a journal entry: an account, a side and a positive amount in the entry's currency.
public struct JournalLine: Sendable, Hashable {
    /// The account posted to.
    public let account: LedgerAccount
    /// Debit or credit.
    public let side: JournalSide
    /// Positive, with no more fractional digits than the entry's currency allows.
    public let amount: Money
    /// Why the line exists.
    public let role: JournalLineRole
    /// A short note for the accountant (`Payment qris`, `Tax PB1`).
    public let memo: String

    /// A line; ``JournalEntry`` checks amounts and balance.
    public init(account: LedgerAccount, side: JournalSide, amount: Money, role: JournalLineRole, memo: String) {
        self.account = account
        self.side = side
        self.amount = amount
        self.role = role
        self.memo = memo
    }
}

/// A source transaction an entry was built from: enough to find it again.
public struct JournalSourceReference: Sendable, Hashable, CustomStringConvertible {
    /// The system the transaction came from.
    public let sourceSystem: String
    /// The source's id of the transaction.
    public let externalID: String
    /// The outlet, if the source named one.
    public let outlet: String?

    /// A reference to one source transaction.
    public init(sourceSystem: String, externalID: String, outlet: String?) {
        self.sourceSystem = sourceSystem
        self.externalID = externalID
        self.outlet = outlet
    }

    /// `karage/JKT-01/1001` (the outlet only when there is one).
    public var description: String {
        [sourceSystem, outlet, externalID].compactMap { $0 }.joined(separator: "/")
    }
}

/// A balanced journal entry: debits equal credits, to the unit of the currency.
///
/// Balanced by construction: ``init(reference:date:currency:memo:outlet:lines:sources:)`` throws
/// rather than build an entry whose sides differ, whose amounts are zero or negative, or
/// whose amounts are finer than the currency's minor unit — so an unbalanced entry cannot exist.
///
/// ``reference`` identifies the entry for idempotent export: the same transactions always give
/// the same reference, so a retried export is recognised and never doubles the ledger.
public struct JournalEntry: Sendable, Hashable {
    /// Stable identifier: `karage-JKT-01-1001` for a transaction, `JKT-01-20251227` for a day summary.
    public let reference: String
    /// The posting date in the merchant's zone.
    public let date: LedgerDate
    /// The currency of every amount.
    public let currency: Currency
    /// What the entry records (`Sale karage 1001 at JKT-01`).
    public let memo: String
    /// The outlet the entry belongs to, if the transactions name one.
    public let outlet: String?
    /// Debit lines first, then credit lines; within a side by role, then in first-seen order.
    public let lines: [JournalLine]
    /// The transactions the entry was built from.
    public let sources: [JournalSourceReference]
    /// The sum of the debit lines (= the sum of the credit lines).
    public let total: Money

    /// Builds an entry, checking that it balances and that every amount is positive and fits `currency`.
    public init(
        reference: String, date: LedgerDate, currency: Currency, memo: String, outlet: String? = nil,
        lines: [JournalLine], sources: [JournalSourceReference]
    ) throws(JournalEntryError) {
        guard !reference.isEmpty else { throw .emptyReference }
        guard lines.count >= 2 else { throw .tooFewLines(lines.count) }
        var debit = Money.zero
        var credit = Money.zero
        for (index, line) in lines.enumerated() {
            guard line.amount.signum > 0 else { throw .nonPositiveAmount(line: index, amount: line.amount) }
            guard line.amount.fits(currency) else {
                throw .finerThanCurrency(line: index, amount: line.amount, currency: currency)
            }
            do {
                if line.side == .debit { debit = try debit + line.amount } else { credit = try credit + line.amount }
            } catch {
                throw .overflow
            }
        }
        guard debit == credit else { throw .unbalanced(debit: debit, credit: credit) }
        self.reference = reference
        self.date = date
        self.currency = currency
        self.memo = memo
        self.outlet = outlet
        self.lines = lines
        self.sources = sources
        self.total = debit
    }

    /// The lines on one side.
    public func lines(on side: JournalSide) -> [JournalLine] { lines.filter { $0.side == side } }
}

/// Why a journal entry could not be built.
public enum JournalEntryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Debits and credits differ.
    case unbalanced(debit: Money, credit: Money)
    /// A line's amount is zero or negative.
    case nonPositiveAmount(line: Int, amount: Money)
    /// A line's amount has more fractional digits than the currency settles to.
    case finerThanCurrency(line: Int, amount: Money, currency: Currency)
    /// Fewer than two lines.
    case tooFewLines(Int)
    /// The reference is empty.
    case emptyReference
    /// The totals do not fit the exact decimal range.
    case overflow

    public var description: String {
        switch self {
        case .unbalanced(let debit, let credit):
            return "journal entry does not balance: debit \(debit), credit \(credit)"
        case .nonPositiveAmount(let line, let amount):
            return "journal line \(line + 1) has a non-positive amount \(amount)"
        case .finerThanCurrency(let line, let amount, let currency):
            return "journal line \(line + 1) amount \(amount) is finer than \(currency) allows (\(currency.minorUnits) decimals)"
        case .tooFewLines(let count):
            return "a journal entry needs at least two lines, got \(count)"
        case .emptyReference:
            return "a journal entry needs a reference"
        case .overflow:
            return "journal entry totals overflow"
        }
    }
}
