/// Where a row mapper reads a record's fields: a dictionary, or a record read by position.
/// Columns are numbered by the mapper's own list of the columns it reads.
protocol RowFieldSource {
    /// The field of column `column` as text, nil when the record lacks it.
    func string(_ column: Int) -> String?
    /// `body` applied to the raw UTF-8 of column `column`, nil when the record lacks it.
    func withField<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R?
}

/// A record given as a dictionary (header name → text).
struct DictionaryFieldSource: RowFieldSource {
    let record: [String: String]
    let names: [String]

    @inline(__always)
    func string(_ column: Int) -> String? { record[names[column]] }

    @inline(__always)
    func withField<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard var text = record[names[column]] else { return nil }
        return text.withUTF8(body)
    }
}

/// A record given as strings by position: `fields[positions[column]]` is the mapper's column
/// `column` (absent when the position is -1 or past the record's end).
struct ArrayFieldSource: RowFieldSource {
    let fields: [String]
    let positions: [Int]

    @inline(__always)
    func string(_ column: Int) -> String? {
        let position = positions[column]
        return position >= 0 && position < fields.count ? fields[position] : nil
    }

    @inline(__always)
    func withField<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard var text = string(column) else { return nil }
        return text.withUTF8(body)
    }
}

/// A record read by position from a reader's bytes: `fields[column]` is the raw UTF-8 of the
/// mapper's column `column` (nil when the header lacks the column or the record is too short),
/// fetched once per row.
///
/// Unsafe, and safe by construction: it exists only inside
/// ``ColumnReadingRowMapper/mapFields(_:positions:context:)``, over a stack buffer that outlives
/// it, filled from buffers lent for that same call (see ``RowMapper/map(fields:layout:context:)``).
struct UnsafePositionalFieldSource: RowFieldSource {
    let fields: UnsafeBufferPointer<UnsafeRawBufferPointer?>

    @inline(__always)
    func string(_ column: Int) -> String? {
        withField(column) { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    func withField<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let raw = fields[column] else { return nil }
        return raw.withMemoryRebound(to: UInt8.self, body)
    }
}

/// Field readers shared by the row mappers. Per row they cost one lookup per column and a scan
/// of the field's bytes: fields are parsed in place (no trimmed copy unless the field has
/// surrounding whitespace), error texts are built only when a row fails, and the warnings a row
/// always carries are built once per mapper (``RowWarnings``).
struct RowFields<Source: RowFieldSource> {
    let source: Source
    /// The mapper's column names (for errors), numbered as `source` numbers them.
    let names: [String]

    /// The text of a required column, without surrounding whitespace; missing or blank is "Invalid format".
    @inline(__always)
    func required(_ column: Int, expected: @autoclosure () -> String) throws(RowMappingError) -> String {
        guard let raw = source.string(column) else {
            throw RowMappingError(.invalidFormat, column: names[column], expected: expected(), found: RowMappingError.missing)
        }
        guard let text = trimmedField(raw) else {
            throw RowMappingError(.invalidFormat, column: names[column], expected: expected(), found: "an empty field")
        }
        return text
    }

    /// The trimmed text of a column, for error messages.
    func foundText(_ column: Int) -> String {
        source.string(column).flatMap(trimmedField) ?? ""
    }

    /// An amount in `notation`: nil when the column is missing or blank and `required` is false;
    /// missing, blank (when required) or malformed is "Invalid format".
    @inline(__always)
    func amount(
        _ column: Int, notation: DecimalNotation, example: StaticString, required: Bool = true
    ) throws(RowMappingError) -> Money? {
        let read = source.withField(column) { raw in
            withTrimmedField(raw) { bytes in
                Result { () throws(ExactDecimalError) -> ExactDecimal in try ExactDecimal.parse(bytes, notation: notation) }
            }
        }
        switch read {
        case .some(.some(.success(let value))):
            return value
        case .some(.some(.failure(let error))):
            // The reason is taken from the field as text (invalid UTF-8 repaired), so that it is the
            // same whether the record came as a dictionary or by position.
            let text = foundText(column)
            var reason = error
            do { _ = try ExactDecimal(parsing: text, notation: notation) } catch { reason = error }
            throw RowMappingError(
                .invalidFormat, column: names[column], expected: "an amount such as \(example) (\(reason))",
                found: MappingError.quoted(text))
        case .some(.none):
            guard required else { return nil }
            throw RowMappingError(.invalidFormat, column: names[column], expected: "an amount such as \(example)", found: "an empty field")
        case .none:
            guard required else { return nil }
            throw RowMappingError(
                .invalidFormat, column: names[column], expected: "an amount such as \(example)", found: RowMappingError.missing)
        }
    }

    /// A date or date-time column, read in the system's zone unless the context configures one;
    /// missing or blank is "Invalid format", malformed or impossible is "Date format error".
    /// Returns the time and whether its zone was assumed (the caller adds the `zone_assumed` warning).
    @inline(__always)
    func date(
        _ column: Int, format: DateTimeFormat, example: StaticString, defaults: SystemDefaults, context: MappingContext
    ) throws(RowMappingError) -> (ZonedTimestamp, zoneAssumed: Bool) {
        let read = source.withField(column) { raw in
            withTrimmedField(raw) { bytes in
                DateTimeParser.parse(utf8: bytes, format: format, configured: context.zones.configured, assumed: defaults.zone)
            }
        }
        switch read {
        case .some(.some(.some(let stamp))):
            return (stamp, context.zones.configured == nil)
        case .some(.some(.none)):
            throw RowMappingError(
                .dateFormatError, column: names[column], expected: "\(format.pattern) (e.g. \(example))",
                found: MappingError.quoted(foundText(column)))
        case .some(.none):
            throw RowMappingError(
                .invalidFormat, column: names[column], expected: "\(format.pattern) (e.g. \(example))", found: "an empty field")
        case .none:
            throw RowMappingError(
                .invalidFormat, column: names[column], expected: "\(format.pattern) (e.g. \(example))", found: RowMappingError.missing)
        }
    }
}

/// `body` applied to a field's bytes without surrounding whitespace; nil when nothing is left.
/// Fields that start and end with printable ASCII are used in place; others are trimmed by
/// `Character.isWhitespace`, as ``trimmedField(_:)`` does.
@inline(__always)
func withTrimmedField<R>(_ raw: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
    guard let first = raw.first, let last = raw.last else { return nil }
    if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return body(raw) }
    guard var text = trimmedField(String(decoding: raw, as: UTF8.self)) else { return nil }
    return text.withUTF8(body)
}

/// The text of a CSV field without surrounding whitespace (nil when nothing is left). Fields that
/// start and end with printable ASCII — nearly all — are returned as they are, without a copy;
/// others are trimmed by `Character.isWhitespace`, as before.
@inline(__always)
func trimmedField(_ raw: String) -> String? {
    let utf8 = raw.utf8
    guard let first = utf8.first, let last = utf8.last else { return nil }
    if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return raw }
    let text = trimmed(raw)
    return text.isEmpty ? nil : String(text)
}

/// The warnings every row of one mapper carries when the context configures no zone and/or no
/// currency: built once, shared by every row (an array copy is a reference-count increment).
struct RowWarnings: Sendable {
    let both: [MappingWarning]
    let zoneOnly: [MappingWarning]
    let currencyOnly: [MappingWarning]

    init(dateColumn: String, defaults: SystemDefaults) {
        let zone = MappingWarning(
            .zoneAssumed, path: FieldPath(dateColumn),
            message: "the time has no zone and none is configured; \(defaults.zone.identifier) assumed")
        let currency = MappingWarning(
            .currencyAssumed, path: nil,
            message: "no currency in the payload or the integration settings; \(defaults.currency.code) assumed")
        both = [zone, currency]
        zoneOnly = [zone]
        currencyOnly = [currency]
    }

    /// The warnings of a row, and its currency (the context's, else the system's).
    @inline(__always)
    func resolve(zoneAssumed: Bool, defaults: SystemDefaults, context: MappingContext) -> ([MappingWarning], Currency) {
        if let currency = context.defaultCurrency { return (zoneAssumed ? zoneOnly : [], currency) }
        return (zoneAssumed ? both : currencyOnly, defaults.currency)
    }
}

/// A built-in row mapper that reads a fixed list of columns, numbered for ``RowFields``, the same
/// way from a header-keyed record, from strings by position and from bytes read in place. The
/// public requirements other than the dictionary one come from ``RowMapper``'s extension, which
/// looks this protocol up once per file (``RowMapper/layout(header:)``).
protocol ColumnReadingRowMapper: RowMapper {
    /// The columns read, in the order ``map(_:context:)`` numbers them.
    static var columns: [String] { get }
    /// Maps one row whatever its source.
    static func map(_ fields: RowFields<some RowFieldSource>, context: MappingContext) throws(RowMappingError) -> UnifiedTransaction
    // Requirements with default implementations below, so that a call through an existential
    // metatype lands in code specialised for the conformer.
    /// Maps a record given as strings, its columns at `positions` (-1: absent).
    static func map(_ fields: [String], positions: [Int], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction
    /// Maps a record read by position, its columns at `positions` (-1: absent).
    static func mapFields(
        _ field: (Int) -> UnsafeRawBufferPointer?, positions: [Int], context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction
}

extension ColumnReadingRowMapper {
    /// Maps a record keyed by header name.
    @inline(__always)
    func mapRecord(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        try Self.map(RowFields(source: DictionaryFieldSource(record: record, names: Self.columns), names: Self.columns), context: context)
    }

    /// Maps a record given as strings, its columns at `positions` (-1: absent).
    static func map(_ fields: [String], positions: [Int], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        try map(RowFields(source: ArrayFieldSource(fields: fields, positions: positions), names: columns), context: context)
    }

    /// Maps a record read by position, its columns at `positions` (-1: absent).
    @inline(__always)
    static func mapFields(
        _ field: (Int) -> UnsafeRawBufferPointer?, positions: [Int], context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction {
        // The mapper's fields fetched into a stack buffer: no closure is stored (or allocated) per row.
        try withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer?.self, capacity: positions.count) {
            (fields) throws(RowMappingError) -> UnifiedTransaction in
            fields.initialize(repeating: nil)
            for index in positions.indices where positions[index] >= 0 {
                fields[index] = field(positions[index])
            }
            let source = UnsafePositionalFieldSource(fields: UnsafeBufferPointer(fields))
            return try map(RowFields(source: source, names: columns), context: context)
        }
    }
}
