public import PWBICSV

/// How an import treats a record that breaks CSV structure: an unterminated quote, a `"` inside
/// an unquoted field, bytes after a closing quote, or a field count that differs from the header's.
public enum CSVImportStructure: Sendable, Hashable {
    /// The default: the first such record rejects the file ("Invalid format") with its row, line
    /// and column. A file or in-memory upload is checked whole before anything is stored, so a
    /// rejected file stores nothing; a stream (``CSVImporter/import(_:using:context:onStored:)``)
    /// stops at the record, the rows before it stored.
    case strict
    /// The caller's opt-in: each such record is reported as a failed row ("Invalid format", with
    /// its line and column) and the rest of the file is imported. An unterminated quote at the end
    /// of the input still rejects the file: the last record's extent is unknown.
    case lenient
}

extension CSVImporter {
    /// The reader options imports use by default: the delimiter detected, UTF-8 required, the
    /// first record as the header, and strict quotes (every malformed quote is reported, never
    /// silently recovered).
    public static let defaultOptions = CSVReaderOptions(dialect: CSVDialect(quoteHandling: .strict))

    /// Whether `error` is about the file's structure (rather than its encoding or a read failure).
    static func isStructural(_ error: CSVError) -> Bool {
        switch error.kind {
        case .unterminatedQuote, .unexpectedQuote, .textAfterClosingQuote, .raggedRow, .recordTooLarge: true
        default: false
        }
    }

    /// The first structural problem of the records `reader` holds, read to the end without
    /// mapping (nil when there is none); encoding problems are left to the import itself.
    static func firstStructuralProblem(_ reader: inout CSVReader) -> CSVError? {
        do { _ = try reader.readHeader() } catch { return nil }
        while true {
            do {
                try reader.forEachRecord { _ in }
                return nil
            } catch let error as CSVError {
                if isStructural(error) { return error }
                if !error.isRecoverable { return nil }
            } catch {
                return nil
            }
        }
    }
}
