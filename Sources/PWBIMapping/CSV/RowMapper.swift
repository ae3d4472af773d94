/// Why one CSV row could not be mapped, in the troubleshooting guide's words: **"Invalid
/// format"** (a required column missing or empty, an amount that does not parse) or **"Date
/// format error"** (a date not in the expected layout, or not a real date), naming the column.
///
/// ```text
/// Date format error: column Date: expected YYYY-MM-DD (e.g. 2025-12-27), found "27/12/2025"
/// Invalid format: column Amount: expected an amount such as 1,234,567.00, found "250k"
/// ```
public struct RowMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The guide's two CSV messages.
    public enum Problem: String, Sendable, Hashable, CaseIterable {
        /// "Invalid format": download the template again, don't modify column headers.
        case invalidFormat = "Invalid format"
        /// "Date format error": use YYYY-MM-DD.
        case dateFormatError = "Date format error"
    }

    /// Which of the guide's messages applies.
    public var problem: Problem
    /// The column (header) concerned.
    public var column: String
    /// What the column must hold.
    public var expected: String
    /// What it held (quoted and shortened), or `nothing (missing)`.
    public var found: String

    /// A failure of `column`.
    public init(_ problem: Problem, column: String, expected: String, found: String) {
        self.problem = problem
        self.column = column
        self.expected = expected
        self.found = found
    }

    /// The guide's message: `Invalid format` or `Date format error`.
    public var message: String { problem.rawValue }

    /// The same failure as a ``MappingError`` whose path is the column.
    public var mappingError: MappingError {
        MappingError(found == Self.missing ? .missingField : .invalidValue, path: FieldPath(column), expected: expected, found: found)
    }

    public var description: String { "\(message): column \(column): expected \(expected), found \(found)" }

    static let missing = "nothing (missing)"
}

/// Maps one CSV record — header → field text, as a CSV reader yields it — to a unified
/// transaction. The CSV syntax (quotes, delimiters, encodings) is PWBICSV's job; a row mapper
/// only reads fields.
public protocol RowMapper: Sendable {
    /// The system whose export this is (`generic` for the template).
    var sourceSystem: SourceSystem { get }
    /// The columns a file must have.
    var requiredColumns: [String] { get }
    /// Maps one record.
    func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction
    /// Maps one record read by position, with its file's header resolved once in `layout`:
    /// `field(i)` is the raw UTF-8 of the record's `i`-th field (nil past the record's end), valid
    /// during the call. Gives exactly what ``map(_:context:)`` gives for the same record as a
    /// dictionary, without building one per row. The default implementation builds the dictionary.
    func map(
        fields field: (Int) -> UnsafeRawBufferPointer?, layout: RowLayout, context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction
    /// The layout of a file with this header row (names are trimmed), resolved for this mapper.
    func layout(header: [String]) -> RowLayout
}

extension RowMapper {
    /// Builds the record's dictionary (header name → field text) and maps it.
    public func map(
        fields field: (Int) -> UnsafeRawBufferPointer?, layout: RowLayout, context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction {
        try map(layout.dictionary(field), context: context)
    }

    /// The layout of a file with this header row, for ``map(fields:layout:context:)``.
    public func layout(header: [String]) -> RowLayout { RowLayout(header: header) }

    /// The required columns missing from a header row (empty when the file can be imported):
    /// a non-empty result is the guide's "Invalid format" for the whole file.
    public func missingColumns(in header: [String]) -> [String] {
        let present = Set(header.map { String(trimmed($0)) })
        return requiredColumns.filter { !present.contains($0) }
    }
}

/// The row mapper for a source's CSV export, or the generic template's for `generic`;
/// other sources are ``MappingError/Kind/unknownSource``.
public enum RowMappers {
    /// Pawoon export, Moka export, generic template.
    public static let all: [any RowMapper] = [PawoonExportRowMapper(), MokaExportRowMapper(), GenericTemplateRowMapper()]

    /// The row mapper for `source`.
    public static func mapper(for source: SourceSystem) throws(MappingError) -> any RowMapper {
        guard let mapper = all.first(where: { $0.sourceSystem == source }) else {
            throw MappingError(
                .unknownSource, path: .root,
                expected: "a CSV format: " + all.map(\.sourceSystem.rawValue).joined(separator: ", "),
                found: MappingError.quoted(source.rawValue))
        }
        return mapper
    }
}

/// A file's header row resolved once, so that records can be mapped by position
/// (``RowMapper/map(fields:layout:context:)``) instead of through a dictionary per row.
///
/// Names are trimmed; blank names are ignored and the first column of a repeated name wins —
/// the same record a dictionary built from the header would give.
public struct RowLayout: Sendable, Hashable {
    /// The header's names, trimmed, in file order.
    public let names: [String]
    /// Each distinct non-blank name and its position (first occurrence), in file order.
    let columns: [(name: String, index: Int)]
    /// Position of each name.
    let positions: [String: Int]
    /// The columns the mapper that made this layout reads, and their positions (-1 when absent).
    let mapperColumns: [String]
    let mapperPositions: [Int]

    /// The layout of a header row.
    public init(header: [String]) {
        self.init(header: header, reading: [])
    }

    /// The layout of a header row for a mapper reading `mapperColumns`.
    init(header: [String], reading mapperColumns: [String]) {
        names = header.map { String(trimmed($0)) }
        var columns: [(name: String, index: Int)] = []
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty && positions[name] == nil {
            positions[name] = index
            columns.append((name, index))
        }
        self.columns = columns
        self.positions = positions
        self.mapperColumns = mapperColumns
        self.mapperPositions = mapperColumns.map { positions[$0] ?? -1 }
    }

    /// The positions of `names` (a mapper's columns; -1 for a name the header lacks): computed
    /// when the layout was made for that mapper, else looked up.
    @inline(__always)
    func positions(of names: [String]) -> [Int] {
        if names == mapperColumns { return mapperPositions }
        return names.map { positions[$0] ?? -1 }
    }

    /// The position of `name` in the header, if present.
    public func position(of name: String) -> Int? { positions[name] }

    /// The record as a dictionary (header name → field text), fields past the record's end omitted.
    func dictionary(_ field: (Int) -> UnsafeRawBufferPointer?) -> [String: String] {
        var record: [String: String] = [:]
        record.reserveCapacity(columns.count)
        for column in columns {
            guard let bytes = field(column.index) else { continue }
            record[column.name] = String(decoding: bytes, as: UTF8.self)
        }
        return record
    }

    public static func == (lhs: RowLayout, rhs: RowLayout) -> Bool { lhs.names == rhs.names }
    public func hash(into hasher: inout Hasher) { hasher.combine(names) }
}

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

/// A record read by position: `fields[column]` is the raw UTF-8 of the mapper's column `column`
/// (nil when the header lacks the column or the record is too short), fetched once per row.
struct PositionalFieldSource: RowFieldSource {
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
/// way from a header-keyed record and from fields read by position.
protocol ColumnReadingRowMapper {
    /// The columns read, in the order ``map(_:context:)`` numbers them.
    static var columns: [String] { get }
    /// Maps one row whatever its source.
    static func map(_ fields: RowFields<some RowFieldSource>, context: MappingContext) throws(RowMappingError) -> UnifiedTransaction
}

extension ColumnReadingRowMapper {
    /// Maps a record keyed by header name.
    @inline(__always)
    func mapRecord(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        try Self.map(RowFields(source: DictionaryFieldSource(record: record, names: Self.columns), names: Self.columns), context: context)
    }

    /// Maps a record read by position through `layout`.
    @inline(__always)
    func mapFields(
        _ field: (Int) -> UnsafeRawBufferPointer?, layout: RowLayout, context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction {
        let positions = layout.positions(of: Self.columns)
        // The mapper's fields fetched into a stack buffer: no closure is stored (or allocated) per row.
        return try withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer?.self, capacity: positions.count) {
            (fields) throws(RowMappingError) -> UnifiedTransaction in
            fields.initialize(repeating: nil)
            for index in positions.indices where positions[index] >= 0 {
                fields[index] = field(positions[index])
            }
            return try Self.map(RowFields(source: PositionalFieldSource(fields: UnsafeBufferPointer(fields)), names: Self.columns), context: context)
        }
    }
}

/// The sign and consistency rules every mapped event passes (``ValidationRule/amountIntegrity``:
/// no negative order-level amount in a sale, no tax above the total) for one row; a failure is
/// "Invalid format" on the column `column` names for the failing unified field.
@inline(__always)
func checkRowAmounts(_ transaction: UnifiedTransaction, column: (FieldPath) -> String) throws(RowMappingError) {
    guard let failure = ValidationRule.amountIntegrity.failures(transaction).first else { return }
    throw RowMappingError(.invalidFormat, column: column(failure.path), expected: failure.expected, found: failure.found)
}

/// Pawoon's CSV export: `Date` (`YYYY-MM-DD HH:MM:SS`), `Transaction ID`, `Total` (`,` groups
/// thousands: `1,250,000`), `Tax` (optional, same notation), `Items` (not read).
public struct PawoonExportRowMapper: RowMapper, ColumnReadingRowMapper {
    /// The Pawoon export mapper.
    public init() {}
    public var sourceSystem: SourceSystem { .pawoon }
    public var requiredColumns: [String] { ["Date", "Transaction ID", "Total"] }

    /// The columns read, numbered for ``RowFields``.
    static let columns = ["Transaction ID", "Total", "Tax", "Date"]
    static let warnings = RowWarnings(dateColumn: "Date", defaults: .indonesia)

    public func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        try mapRecord(record, context: context)
    }

    public func map(
        fields field: (Int) -> UnsafeRawBufferPointer?, layout: RowLayout, context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction {
        try mapFields(field, layout: layout, context: context)
    }

    public func layout(header: [String]) -> RowLayout { RowLayout(header: header, reading: Self.columns) }

    @inline(__always)
    static func map(_ fields: RowFields<some RowFieldSource>, context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        let defaults = SystemDefaults.indonesia
        let externalID = try fields.required(0, expected: "a transaction id")
        let total = try fields.amount(1, notation: .commaGrouping, example: "1,250,000") ?? .zero
        let tax = try fields.amount(2, notation: .commaGrouping, example: "113,636", required: false)
        let (occurredAt, zoneAssumed) = try fields.date(
            3, format: .sqlDateTime, example: "2025-12-27 12:45:10", defaults: defaults, context: context)
        var subtotal: Money?
        if let tax { subtotal = try? total.subtracting(tax) }
        let (warnings, currency) = Self.warnings.resolve(zoneAssumed: zoneAssumed, defaults: defaults, context: context)
        let transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .pawoon, externalID: externalID, outlet: context.defaultOutlet,
            occurredAt: occurredAt, currency: currency, subtotal: subtotal, tax: tax, total: total, warnings: warnings
        ).finished()
        try checkRowAmounts(transaction) { $0 == "tax" ? fields.names[2] : fields.names[1] }
        return transaction
    }
}

/// Moka's CSV export: `transaction_id`, `grand_total` (plain decimal), `created_at` (`YYYY-MM-DD HH:MM:SS`).
public struct MokaExportRowMapper: RowMapper, ColumnReadingRowMapper {
    /// The Moka export mapper.
    public init() {}
    public var sourceSystem: SourceSystem { .moka }
    public var requiredColumns: [String] { ["transaction_id", "grand_total", "created_at"] }

    /// The columns read, numbered for ``RowFields``.
    static let columns = ["transaction_id", "grand_total", "created_at"]
    static let warnings = RowWarnings(dateColumn: "created_at", defaults: .indonesia)

    public func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        try mapRecord(record, context: context)
    }

    public func map(
        fields field: (Int) -> UnsafeRawBufferPointer?, layout: RowLayout, context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction {
        try mapFields(field, layout: layout, context: context)
    }

    public func layout(header: [String]) -> RowLayout { RowLayout(header: header, reading: Self.columns) }

    @inline(__always)
    static func map(_ fields: RowFields<some RowFieldSource>, context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        let defaults = SystemDefaults.indonesia
        let externalID = try fields.required(0, expected: "a transaction id")
        let total = try fields.amount(1, notation: .plainWholeUnits, example: "89500.00") ?? .zero
        let (occurredAt, zoneAssumed) = try fields.date(
            2, format: .sqlDateTime, example: "2025-12-27 13:20:45", defaults: defaults, context: context)
        let (warnings, currency) = Self.warnings.resolve(zoneAssumed: zoneAssumed, defaults: defaults, context: context)
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .moka, externalID: externalID, outlet: context.defaultOutlet,
            occurredAt: occurredAt, currency: currency, total: total, warnings: warnings)
        transaction.finish()
        try checkRowAmounts(transaction) { _ in fields.names[1] }
        return transaction
    }
}

/// The generic CSV template: `Date` (`YYYY-MM-DD`), `Amount`, `Transaction ID` (all required),
/// `Description` (optional, not stored). `Amount`'s separators are inferred per value
/// (`1,234,567.00` and `1.234.567,00` both read); an ambiguous one such as `1.234` is rejected.
/// A negative amount is a refund of its magnitude.
public struct GenericTemplateRowMapper: RowMapper, ColumnReadingRowMapper {
    /// The generic template mapper.
    public init() {}
    public var sourceSystem: SourceSystem { .generic }
    public var requiredColumns: [String] { ["Date", "Amount", "Transaction ID"] }

    /// The columns read, numbered for ``RowFields``.
    static let columns = ["Date", "Amount", "Transaction ID"]
    static let warnings = RowWarnings(dateColumn: "Date", defaults: .indonesia)

    public func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        try mapRecord(record, context: context)
    }

    public func map(
        fields field: (Int) -> UnsafeRawBufferPointer?, layout: RowLayout, context: MappingContext
    ) throws(RowMappingError) -> UnifiedTransaction {
        try mapFields(field, layout: layout, context: context)
    }

    public func layout(header: [String]) -> RowLayout { RowLayout(header: header, reading: Self.columns) }

    @inline(__always)
    static func map(_ fields: RowFields<some RowFieldSource>, context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        let defaults = SystemDefaults.indonesia
        let (occurredAt, zoneAssumed) = try fields.date(
            0, format: .date, example: "2025-12-27", defaults: defaults, context: context)
        var amount = try fields.amount(1, notation: .inferred, example: "1,234,567.00") ?? .zero
        let externalID = try fields.required(2, expected: "a transaction id")
        var kind = TransactionKind.sale
        if amount.isNegative, let magnitude = try? amount.negated() {
            kind = .refund
            amount = magnitude
        }
        let (warnings, currency) = Self.warnings.resolve(zoneAssumed: zoneAssumed, defaults: defaults, context: context)
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .generic, externalID: externalID, outlet: context.defaultOutlet,
            kind: kind, occurredAt: occurredAt, currency: currency, total: amount, warnings: warnings)
        transaction.finish()
        return transaction
    }
}
