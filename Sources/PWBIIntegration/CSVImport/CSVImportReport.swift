public import PWBIMapping

/// One CSV row that was not imported, in the troubleshooting guide's words.
public struct CSVRowFailure: Sendable, Hashable, CustomStringConvertible {
    /// The row number a spreadsheet shows (the header is row 1).
    public var row: Int
    /// The guide's message: `Invalid format`, `Date format error`, `File encoding is not UTF-8`, or
    /// `Duplicate transaction ID` (the same id twice in one file with different contents).
    public var message: String
    /// The column and what was expected and found (or the CSV problem), without other row data.
    public var detail: String
    /// The row's raw fields, bounded (``CSVRowData/Limits``), when the mapper rejected it; nil when
    /// the reader rejected the record itself (bad UTF-8, a malformed quote) and no fields exist.
    public var data: CSVRowData?

    /// A failure of spreadsheet row `row`, with its raw fields when there are any.
    public init(row: Int, message: String, detail: String, data: CSVRowData? = nil) {
        self.row = row
        self.message = message
        self.detail = detail
        self.data = data
    }

    public var description: String { "row \(row): \(message): \(detail)" }
}

/// Why a whole file was rejected.
public enum CSVFileProblem: Sendable, Hashable, CustomStringConvertible {
    /// Required columns are missing from the header row ("Invalid format").
    case missingColumns([String])
    /// The header row itself is unusable (a duplicate or empty column name).
    case invalidHeader(String)
    /// No data rows after the header ("No data found").
    case noDataFound
    /// The file is not UTF-8 (UTF-16, or invalid bytes in the header row).
    case notUTF8(String)
    /// The file breaks CSV syntax in a way reading cannot recover from (an unterminated quote…).
    case malformed(String)
    /// The file could not be read.
    case unreadable(String)

    /// The guide's message for the problem.
    public var message: String {
        switch self {
        case .missingColumns, .invalidHeader, .malformed: "Invalid format"
        case .noDataFound: "No data found"
        case .notUTF8: "File encoding is not UTF-8"
        case .unreadable: "File could not be read"
        }
    }

    /// What to do, from the guide.
    public var solution: String {
        switch self {
        case .missingColumns, .invalidHeader: "Download template again, don't modify column headers"
        case .malformed: "Check the quotes in the file, or export it again from the POS"
        case .noDataFound: "Check file has data after header row; check file encoding is UTF-8"
        case .notUTF8: "Save the file as CSV UTF-8 and upload it again"
        case .unreadable: "Upload the file again"
        }
    }

    public var description: String {
        switch self {
        case .missingColumns(let names):
            "Invalid format: missing required column\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")). \(solution)"
        case .invalidHeader(let detail): "Invalid format: \(detail) \(solution)"
        case .noDataFound: "No data found: \(solution)"
        case .notUTF8(let detail): "File encoding is not UTF-8: \(detail)"
        case .malformed(let detail): "Invalid format: \(detail)"
        case .unreadable(let detail): "File could not be read: \(detail)"
        }
    }
}

/// What a CSV import did: counts by outcome, every failed row with its number and message, or
/// the reason the whole file was rejected.
public struct CSVImportReport: Sendable, Hashable {
    /// The system whose file was imported.
    public var source: SourceSystem
    /// Data rows read (the header excluded).
    public var rows: Int = 0
    /// New transactions stored.
    public var imported: Int = 0
    /// Transactions stored before, now changed.
    public var updated: Int = 0
    /// Transactions stored before and identical: duplicates, left alone.
    public var unchanged: Int = 0
    /// Rows that repeat an earlier row of the same file identically, in order (the first
    /// ``CSVImporter/maximumRecordedFailures``); they are not stored again.
    public var duplicates: [CSVDuplicateRow] = []
    /// How many rows repeated an earlier row of the same file, in all.
    public var duplicateRows: Int = 0
    /// Rows that failed, in order (the first ``CSVImporter/maximumRecordedFailures``).
    public var failures: [CSVRowFailure] = []
    /// How many rows failed in all.
    public var failedRows: Int = 0
    /// Why the file was rejected, if it was (rows before a late problem may still have been imported).
    public var fileProblem: CSVFileProblem?

    /// An empty report for a file from `source`.
    public init(source: SourceSystem) { self.source = source }

    /// No row failed and the file was not rejected.
    public var isSuccess: Bool { fileProblem == nil && failedRows == 0 }

    /// `Imported 8 transactions: 6 new, 1 updated, 1 unchanged (duplicate); 2 rows failed`.
    public var summary: String {
        let stored = imported + updated + unchanged
        var text = "Imported \(stored) transaction\(stored == 1 ? "" : "s"): \(imported) new, \(updated) updated, \(unchanged) unchanged (duplicate\(unchanged == 1 ? "" : "s"))"
        if duplicateRows > 0 { text += "; \(duplicateRows) duplicate row\(duplicateRows == 1 ? "" : "s") in the file not imported again" }
        if failedRows > 0 { text += "; \(failedRows) row\(failedRows == 1 ? "" : "s") failed" }
        return text
    }

    /// The report as lines for a person: the file problem or the summary, then each failed row.
    public var lines: [String] {
        var lines: [String] = []
        if let fileProblem { lines.append(fileProblem.description) }
        if fileProblem == nil || rows > 0 { lines.append(summary) }
        lines += failures.map(\.description)
        if failedRows > failures.count { lines.append("… and \(failedRows - failures.count) more failed rows") }
        lines += duplicates.map(\.description)
        if duplicateRows > duplicates.count { lines.append("… and \(duplicateRows - duplicates.count) more duplicate rows") }
        return lines
    }
}
