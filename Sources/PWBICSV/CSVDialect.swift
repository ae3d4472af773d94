/// The field separator of a CSV file.
public enum CSVDelimiter: Sendable, Hashable, CaseIterable {
    /// `,` — RFC 4180 and most English-locale exports.
    case comma
    /// `;` — Excel in Indonesian and European locales, where `,` is the decimal separator.
    case semicolon
    /// A horizontal tab (TSV).
    case tab
    /// `|`
    case pipe
    /// Chosen from the first records: the candidate that splits them into consistent field
    /// counts, counting only outside quotes (see ``CSVDialectDetector``).
    case auto

    /// The byte this delimiter stands for; nil for ``auto``.
    public var byte: UInt8? {
        switch self {
        case .comma: UInt8(ascii: ",")
        case .semicolon: UInt8(ascii: ";")
        case .tab: UInt8(ascii: "\t")
        case .pipe: UInt8(ascii: "|")
        case .auto: nil
        }
    }

    /// The delimiter whose byte is `byte`, if it is one of the four supported.
    public init?(byte: UInt8) {
        guard let match = Self.concrete.first(where: { $0.byte == byte }) else { return nil }
        self = match
    }

    /// The four concrete delimiters, in the order auto-detection prefers them on a tie.
    public static let concrete: [CSVDelimiter] = [.comma, .semicolon, .tab, .pipe]
}

/// What the reader does with a quote that breaks RFC 4180.
public enum CSVQuoteHandling: Sendable, Hashable {
    /// Malformed quoting is an error naming its position: a quote inside an unquoted field,
    /// text after a closing quote, or a quoted field still open at the end of the input.
    /// The offending record is consumed, so reading can continue with the next one.
    case strict
    /// Recover the way Python's `csv` module does: a quote inside an unquoted field is kept
    /// as a literal character; text after a closing quote is appended to the field
    /// (`"ab"c` reads `abc`); a quoted field still open at the end of the input ends there.
    case lenient
}

/// What the reader does with a record whose field count differs from the header's
/// (or, without a header, from the first record's).
public enum CSVRaggedRowPolicy: Sendable, Hashable {
    /// The record is reported as a ``CSVError`` (``CSVError/Kind/raggedRow(expected:found:)``);
    /// reading can continue with the next record.
    case error
    /// The record is returned with the fields it has.
    case allow
}

/// The syntax of a CSV file: delimiter, quote character, trimming, and how strictly
/// malformed quotes and ragged rows are treated.
public struct CSVDialect: Sendable, Hashable {
    /// The field separator; ``CSVDelimiter/auto`` detects it from the first records.
    public var delimiter: CSVDelimiter
    /// The quote character (an ASCII byte other than CR, LF and the delimiter), `"` by default.
    public var quote: UInt8
    /// Whether spaces (and tabs, unless the delimiter is a tab) around fields are removed.
    /// Spaces inside quotes are always kept.
    public var trimsWhitespace: Bool
    /// Strict or lenient treatment of malformed quotes.
    public var quoteHandling: CSVQuoteHandling
    /// Whether a record with a different field count is an error.
    public var raggedRows: CSVRaggedRowPolicy
    /// Whether empty lines are skipped (the default) or read as records of one empty field.
    public var skipsBlankLines: Bool

    /// A dialect; the defaults read RFC 4180 files with the delimiter detected.
    public init(
        delimiter: CSVDelimiter = .auto,
        quote: UInt8 = UInt8(ascii: "\""),
        trimsWhitespace: Bool = false,
        quoteHandling: CSVQuoteHandling = .lenient,
        raggedRows: CSVRaggedRowPolicy = .error,
        skipsBlankLines: Bool = true
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.trimsWhitespace = trimsWhitespace
        self.quoteHandling = quoteHandling
        self.raggedRows = raggedRows
        self.skipsBlankLines = skipsBlankLines
    }

    /// RFC 4180: comma, double quote, no trimming, strict quotes, ragged rows are errors.
    public static let rfc4180 = CSVDialect(delimiter: .comma, quoteHandling: .strict)
    /// Excel in Indonesian/European locales: semicolon separated.
    public static let excelSemicolon = CSVDialect(delimiter: .semicolon)
    /// Tab separated.
    public static let tsv = CSVDialect(delimiter: .tab)
}
