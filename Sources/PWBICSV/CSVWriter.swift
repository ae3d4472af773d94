/// How ``CSVWriter`` formats records.
public struct CSVWriterOptions: Sendable, Hashable {
    /// The field separator (``CSVDelimiter/auto`` writes commas).
    public var delimiter: CSVDelimiter
    /// The quote character.
    public var quote: UInt8
    /// The record terminator, CRLF by default (RFC 4180, Excel).
    public var lineEnding: CSVLineEnding
    /// Whether the output starts with a UTF-8 byte order mark, which makes Excel open a
    /// UTF-8 file as UTF-8 instead of the system code page.
    public var includesByteOrderMark: Bool
    /// Whether cells a spreadsheet would run as a formula get a leading `'`, as OWASP recommends
    /// for files people open in Excel: cells starting with `=`, `+`, `-`, `@`, a tab, a CR, a NUL,
    /// or the full-width `＝` `＋` `－` `＠` (which spreadsheets in CJK locales also take for
    /// formulas). Plain numbers such as `-12500` or `+62.5` are left alone. The output then no
    /// longer round-trips those cells.
    ///
    /// On by default — ``init(delimiter:quote:lineEnding:includesByteOrderMark:neutralizesFormulas:quotesAllFields:quotesSurroundingWhitespace:)``,
    /// so `CSVWriter()`, `CSVWriter.encode(_:)` and the files the kit writes for people (the
    /// import templates) are guarded; off in ``init(dialect:lineEnding:)``, whose promise is a
    /// field-for-field round trip through ``CSVReader``.
    public var neutralizesFormulas: Bool
    /// Whether every field is quoted (otherwise only fields that need it).
    public var quotesAllFields: Bool
    /// Whether fields with leading or trailing spaces/tabs are quoted, so that a reader that
    /// trims whitespace gets them back unchanged.
    public var quotesSurroundingWhitespace: Bool

    /// Writer options; the defaults write RFC 4180 CSV with CRLF line endings.
    public init(
        delimiter: CSVDelimiter = .comma,
        quote: UInt8 = UInt8(ascii: "\""),
        lineEnding: CSVLineEnding = .crlf,
        includesByteOrderMark: Bool = false,
        neutralizesFormulas: Bool = true,
        quotesAllFields: Bool = false,
        quotesSurroundingWhitespace: Bool = false
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.lineEnding = lineEnding
        self.includesByteOrderMark = includesByteOrderMark
        self.neutralizesFormulas = neutralizesFormulas
        self.quotesAllFields = quotesAllFields
        self.quotesSurroundingWhitespace = quotesSurroundingWhitespace
    }

    /// Options that write what a reader with `dialect` reads back unchanged (so the formula guard
    /// is off: a cell `=1+1` is written as it is).
    public init(dialect: CSVDialect, lineEnding: CSVLineEnding = .crlf) {
        self.init(
            delimiter: dialect.delimiter, quote: dialect.quote, lineEnding: lineEnding,
            neutralizesFormulas: false, quotesSurroundingWhitespace: dialect.trimsWhitespace)
    }
}

/// Writes CSV that ``CSVReader`` reads back field for field: a field is quoted when it
/// contains the delimiter, the quote, a CR or an LF (quotes inside are doubled), and when
/// it would otherwise be misread (a lone empty field, a leading byte order mark).
///
/// ```swift
/// var writer = CSVWriter(options: CSVWriterOptions(includesByteOrderMark: true, neutralizesFormulas: true))
/// writer.writeRecord(["Date", "Amount", "Note"])
/// writer.writeRecord(["2025-12-27", "1,234,500", "=HYPERLINK(…)"])
/// let bytes = writer.takeBytes()
/// ```
public struct CSVWriter: Sendable {
    /// The options in use.
    public let options: CSVWriterOptions
    /// The bytes written and not yet taken.
    public private(set) var bytes: [UInt8] = []
    private var atStart = true
    private let delimiter: UInt8

    /// A writer with an empty output buffer.
    public init(options: CSVWriterOptions = CSVWriterOptions()) {
        self.options = options
        delimiter = options.delimiter.byte ?? UInt8(ascii: ",")
        if options.includesByteOrderMark { bytes = [0xEF, 0xBB, 0xBF] }
    }

    /// Returns the bytes written so far and clears them (to stream output in pieces).
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Appends one record.
    public mutating func writeRecord<Fields: Sequence>(_ fields: Fields) where Fields.Element: StringProtocol {
        var count = 0
        var single: Bool?
        var iterator = fields.makeIterator()
        var next = iterator.next()
        while let field = next {
            next = iterator.next()
            if count > 0 { bytes.append(delimiter) }
            if single == nil { single = next == nil }
            var utf8 = Array(field.utf8)
            if options.neutralizesFormulas && Self.looksLikeFormula(utf8) { utf8.insert(UInt8(ascii: "'"), at: 0) }
            writeField(utf8, alone: single == true, first: count == 0)
            count += 1
        }
        switch options.lineEnding {
        case .crlf: bytes.append(contentsOf: [0x0D, 0x0A])
        case .lf: bytes.append(0x0A)
        case .cr: bytes.append(0x0D)
        }
        atStart = false
    }

    /// Appends several records.
    public mutating func writeRecords<Records: Sequence>(_ records: Records) where Records.Element: Sequence, Records.Element.Element: StringProtocol {
        for record in records { writeRecord(record) }
    }

    /// The CSV text of `records`.
    public static func encode<Records: Sequence>(_ records: Records, options: CSVWriterOptions = CSVWriterOptions()) -> [UInt8]
    where Records.Element: Sequence, Records.Element.Element: StringProtocol {
        var writer = CSVWriter(options: options)
        writer.writeRecords(records)
        return writer.bytes
    }

    private mutating func writeField(_ field: [UInt8], alone: Bool, first: Bool) {
        let quote = options.quote
        var needsQuotes = options.quotesAllFields || (alone && field.isEmpty)
        if !needsQuotes {
            for byte in field where byte == delimiter || byte == quote || byte == 0x0D || byte == 0x0A {
                needsQuotes = true
                break
            }
        }
        if !needsQuotes && options.quotesSurroundingWhitespace, let head = field.first, let tail = field.last {
            needsQuotes = head == 0x20 || head == 0x09 || tail == 0x20 || tail == 0x09
        }
        if !needsQuotes && first && atStart && field.starts(with: [0xEF, 0xBB, 0xBF]) { needsQuotes = true }
        guard needsQuotes else {
            bytes.append(contentsOf: field)
            return
        }
        bytes.append(quote)
        for byte in field {
            bytes.append(byte)
            if byte == quote { bytes.append(quote) }
        }
        bytes.append(quote)
    }

    /// Starts with `=`, `+`, `-`, `@`, tab, CR, NUL or a full-width `＝` `＋` `－` `＠`, and is not a
    /// plain number.
    static func looksLikeFormula(_ field: [UInt8]) -> Bool {
        guard let head = field.first else { return false }
        switch head {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D, 0x00:
            return true
        case 0xEF:
            // U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠ (EF BC 9D / 8B / 8D, EF BC A0).
            guard field.count >= 3, field[1] == 0xBC else { return false }
            return [0x9D, 0x8B, 0x8D, 0xA0].contains(field[2])
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let rest = field.dropFirst()
            guard let digit = rest.first, digit >= 0x30 && digit <= 0x39 else { return true }
            return !rest.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
        default:
            return false
        }
    }
}
