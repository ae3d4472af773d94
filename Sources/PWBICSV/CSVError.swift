/// Why a CSV input was rejected, and exactly where.
///
/// Positions are 1-based except ``byteOffset`` (0-based, counted in the input as given,
/// byte order mark included). ``record`` counts records including the header row, so it is
/// the row number a spreadsheet shows; ``line`` is the physical line (quoted newlines
/// count); ``column`` counts characters from the start of that line.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// A quoted field is still open at the end of the input (strict mode).
        case unterminatedQuote
        /// A quote appears inside a field that did not start with one (strict mode).
        case unexpectedQuote
        /// Something other than a delimiter or line end follows a closing quote (strict mode).
        case textAfterClosingQuote
        /// The bytes are not valid UTF-8; `byte` is the first offending byte.
        case invalidUTF8(byte: UInt8)
        /// The file is UTF-16 (a UTF-16 byte order mark, or zero bytes on one side of the first byte pairs); it must be saved as UTF-8.
        case utf16(bigEndian: Bool)
        /// A record has `found` fields where the header (or first record) has `expected`.
        case raggedRow(expected: Int, found: Int)
        /// Two header columns share `name`; the first is at `firstColumn` (from 1).
        case duplicateHeader(name: String, firstColumn: Int)
        /// A header column has no name.
        case emptyHeader
        /// Required columns are absent from the header.
        case missingColumns([String])
        /// A record is longer than the configured limit (often a quote that is never closed).
        case recordTooLarge(limit: Int)
        /// The input could not be read (file missing, permission, I/O error).
        case unreadable(String)
    }

    /// What went wrong.
    public let kind: Kind
    /// The record (from 1, the header row included) the error is in.
    public let record: Int
    /// The physical line (from 1).
    public let line: Int
    /// The character column within ``line`` (from 1).
    public let column: Int
    /// The byte offset in the input (from 0).
    public let byteOffset: Int
    /// The field (from 1) the error is in, when it concerns one field.
    public let field: Int?

    /// Whether reading can go on with the next record after this error (the offending
    /// record was consumed). False for errors that end the input: a UTF-16 file, any error
    /// in the header row, an unterminated quote, an oversized record, a read failure.
    /// After such an error the reader reports the end of the input.
    public let isRecoverable: Bool

    /// An error; `recoverable` defaults to what ``kind`` implies (record-level syntax,
    /// encoding and field-count errors are recoverable).
    public init(kind: Kind, record: Int, line: Int, column: Int, byteOffset: Int, field: Int? = nil, recoverable: Bool? = nil) {
        self.kind = kind
        self.record = record
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.field = field
        switch kind {
        case .unexpectedQuote, .textAfterClosingQuote, .invalidUTF8, .raggedRow:
            self.isRecoverable = recoverable ?? true
        default:
            self.isRecoverable = false
        }
    }

    /// What happened and what the person who made the file can do about it.
    public var message: String {
        switch kind {
        case .unterminatedQuote:
            return "A quoted field starting here is never closed. Check for a missing closing \" in this row, or re-export the file."
        case .unexpectedQuote:
            return "A \" appears in the middle of a field that is not quoted. Put the whole field in quotes and double the quote (\"\"), or re-export the file from the POS."
        case .textAfterClosingQuote:
            return "Text follows a closing \" before the next separator. A quote inside a quoted field must be doubled (\"\")."
        case .invalidUTF8(let byte):
            return "The file is not valid UTF-8 (byte 0x\(hex(byte))). Save it as \"CSV UTF-8\" in Excel, or import it with the Windows-1252 encoding."
        case .utf16(let bigEndian):
            return "The file is saved as UTF-16 (\(bigEndian ? "big" : "little")-endian, \"Unicode Text\"). Save it as \"CSV UTF-8\" and upload it again."
        case .raggedRow(let expected, let found):
            return "This row has \(found) field\(found == 1 ? "" : "s") but the header has \(expected). A value probably contains the separator without quotes, or a column is missing."
        case .duplicateHeader(let name, let firstColumn):
            return "The column name \"\(name)\" appears twice (also column \(firstColumn)). Rename one of them; download the template again if unsure."
        case .emptyHeader:
            return "A column has no name in the header row. Name it or delete the empty column; download the template again if unsure."
        case .missingColumns(let names):
            return "Required column\(names.count == 1 ? "" : "s") missing: \(names.joined(separator: ", ")). Download the template again and keep its column headers unchanged."
        case .recordTooLarge(let limit):
            return "A row is longer than \(limit) bytes, usually because a \" is never closed. Check the quotes in this row."
        case .unreadable(let reason):
            return "The file could not be read: \(reason)."
        }
    }

    /// `record R, line L, column C (byte B)[, field F]: message`.
    public var description: String {
        var text = "record \(record), line \(line), column \(column) (byte \(byteOffset))"
        if let field { text += ", field \(field)" }
        return text + ": " + message
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
