/// Why unified transactions could not be turned into journal entries.
public enum AccountingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The mapping lacks accounts these transactions need — every one of them, not just the first.
    case missingAccounts([MissingAccount])
    /// What was paid and what the parts of the sale add up to differ by more than the rounding
    /// tolerance (plus what rounding to the currency unit explains).
    case unreconciled(reference: String, difference: Money, allowed: Money)
    /// The transaction cannot be posted as it is (a sale with a negative total, change with no
    /// cash payment, a line item in another currency…).
    case invalidTransaction(reference: String, reason: String)
    /// An amount overflowed the exact decimal range.
    case overflow(reference: String)

    public var description: String {
        switch self {
        case .missingAccounts(let missing):
            let list = missing.map { "  missing \($0)" }.joined(separator: "\n")
            return "Journal entry failed: check account mappings — \(missing.count) missing:\n\(list)"
        case .unreconciled(let reference, let difference, let allowed):
            return "\(reference): payments and the parts of the sale differ by \(difference), more than the \(allowed) the rounding tolerance allows"
        case .invalidTransaction(let reference, let reason):
            return "\(reference): \(reason)"
        case .overflow(let reference):
            return "\(reference): amount overflow"
        }
    }
}

/// A transaction that produces no journal entry, and why (a void, a sale still open).
public struct SkippedTransaction: Sendable, Hashable, CustomStringConvertible {
    /// The transaction's reference.
    public let reference: String
    /// Why it posts nothing (a void, a pending sale).
    public let reason: String

    /// A skipped transaction.
    public init(reference: String, reason: String) {
        self.reference = reference
        self.reason = reason
    }

    public var description: String { "\(reference): \(reason)" }
}

/// The entries built from a set of transactions, and the transactions that post nothing.
public struct JournalBatch: Sendable, Hashable {
    /// The balanced entries, in order.
    public let entries: [JournalEntry]
    /// The transactions that post nothing.
    public let skipped: [SkippedTransaction]

    /// A batch.
    public init(entries: [JournalEntry], skipped: [SkippedTransaction]) {
        self.entries = entries
        self.skipped = skipped
    }
}
