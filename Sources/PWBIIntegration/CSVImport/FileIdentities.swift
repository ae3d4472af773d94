import PWBIMapping

/// A data row whose transaction repeats, identically, one earlier in the same file: reported as a
/// duplicate and not stored again (never counted as an update).
public struct CSVDuplicateRow: Sendable, Hashable, CustomStringConvertible {
    /// The spreadsheet row of the repeat.
    public var row: Int
    /// The spreadsheet row the transaction first appeared on.
    public var firstRow: Int
    /// The transaction's id in the source.
    public var externalID: String

    /// A repeat on `row` of the transaction first seen on `firstRow`.
    public init(row: Int, firstRow: Int, externalID: String) {
        self.row = row
        self.firstRow = firstRow
        self.externalID = externalID
    }

    /// `row 5: Duplicate of row 2 (Transaction ID "A"), not imported again`.
    public var description: String {
        "row \(row): Duplicate of row \(firstRow) (Transaction ID \(MappingError.quoted(externalID))), not imported again"
    }
}

/// The identities seen so far in one input, to catch a record that repeats an earlier one: an
/// identical repeat is a duplicate; a different transaction under the same identity is a row
/// failure naming both rows, since which of the two is right cannot be known.
///
/// Memory grows with the distinct transactions of the file, 24 bytes each (about 50 with the table's slack): identities and
/// contents are kept as 64-bit hashes seeded per process (so a sender cannot aim for a collision;
/// a chance collision, about one in 10¹³ for a million rows, would report a row, never drop one
/// silently).
struct FileIdentities {
    /// What a row is, relative to the rows before it.
    enum Verdict: Equatable {
        /// The identity's first row.
        case first
        /// An identical repeat of `firstRow`.
        case repeated(firstRow: Int)
        /// The same identity as `firstRow` with other contents: a failure.
        case conflicting(CSVRowFailure)
    }

    /// 16 bytes: the content's hash, the first row (saturated at 2³¹ − 1) and 32 bits of the total's hash.
    private struct Seen {
        let content: Int
        let row: Int32
        let total: Int32
    }

    private var seen: [Int: Seen] = [:]
    /// The warnings of the last row and their hash: a file's rows share a few warning arrays
    /// (the zone or currency assumed, in the same words), so they are hashed once, not per row.
    private var lastWarnings: [MappingWarning] = []
    private var lastWarningsHash = [MappingWarning]().hashValue

    /// The verdict on `transaction` read on spreadsheet row `row`; a first row is remembered.
    /// `transaction` is only lent (inout, to hash it without its warnings, then put back as it was).
    mutating func check(_ transaction: inout UnifiedTransaction, row: Int) -> Verdict {
        let key = TransactionKey(transaction).hashValue
        let content = contentHash(&transaction)
        let total = Int32(truncatingIfNeeded: transaction.total.hashValue)
        guard let earlier = seen[key] else {
            seen[key] = Seen(content: content, row: Int32(clamping: row), total: total)
            return .first
        }
        let firstRow = Int(earlier.row)
        if earlier.content == content { return .repeated(firstRow: firstRow) }
        let difference = earlier.total == total ? "different details" : "different amounts"
        return .conflicting(CSVRowFailure(
            row: row, message: "Duplicate transaction ID",
            detail: "Transaction ID \(MappingError.quoted(transaction.externalID)) on rows \(firstRow) and \(row) with \(difference)"))
    }

    /// A hash of the whole transaction: equal transactions hash alike, as with `hashValue`, since
    /// it covers every field but the warnings and the warnings' own hash (reused while the rows'
    /// warnings stay equal).
    private mutating func contentHash(_ transaction: inout UnifiedTransaction) -> Int {
        let warnings = transaction.warnings
        if warnings != lastWarnings {
            lastWarnings = warnings
            lastWarningsHash = warnings.hashValue
        }
        transaction.warnings = []
        defer { transaction.warnings = warnings }
        var hasher = Hasher()
        hasher.combine(transaction)
        hasher.combine(lastWarningsHash)
        return hasher.finalize()
    }
}
