/// An account in the merchant's chart of accounts, as the accounting system identifies it:
/// an Accurate Online account number (`1101.001`) or a Jurnal.id account name (`Kas`).
///
/// The kit never invents one: every account comes from the ``AccountMapping`` the host configures.
public struct LedgerAccount: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The identifier exactly as the accounting system expects it.
    public let identifier: String

    /// An account; nil when `identifier` is empty or only whitespace.
    public init?(_ identifier: String) {
        guard identifier.contains(where: { !$0.isWhitespace }) else { return nil }
        self.identifier = identifier
    }

    /// An account from a literal in code (a literal must not be blank).
    public init(stringLiteral value: String) {
        self.identifier = value
    }

    public var description: String { identifier }

    public static func < (lhs: LedgerAccount, rhs: LedgerAccount) -> Bool {
        lhs.identifier < rhs.identifier
    }
}
