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
}

extension RowMapper {
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

/// Field readers shared by the row mappers.
struct RowFields {
    let record: [String: String]

    /// The trimmed text of a required column; missing or blank is "Invalid format".
    func required(_ column: String, expected: String) throws(RowMappingError) -> String {
        guard let raw = record[column] else {
            throw RowMappingError(.invalidFormat, column: column, expected: expected, found: RowMappingError.missing)
        }
        let text = String(trimmed(raw))
        guard !text.isEmpty else {
            throw RowMappingError(.invalidFormat, column: column, expected: expected, found: "an empty field")
        }
        return text
    }

    /// The trimmed text of an optional column; missing or blank is nil.
    func optional(_ column: String) -> String? {
        guard let raw = record[column] else { return nil }
        let text = String(trimmed(raw))
        return text.isEmpty ? nil : text
    }

    /// An amount in `notation`; a malformed one is "Invalid format".
    static func amount(_ text: String, column: String, notation: DecimalNotation, example: String) throws(RowMappingError) -> Money {
        do {
            return try ExactDecimal(parsing: text, notation: notation)
        } catch {
            throw RowMappingError(
                .invalidFormat, column: column, expected: "an amount such as \(example) (\(error))",
                found: MappingError.quoted(text))
        }
    }

    /// A required amount column.
    func amount(_ column: String, notation: DecimalNotation, example: String) throws(RowMappingError) -> Money {
        try Self.amount(required(column, expected: "an amount such as \(example)"), column: column, notation: notation, example: example)
    }

    /// A date or date-time column; a malformed or impossible one is "Date format error".
    func date(
        _ column: String, format: DateTimeFormat, example: String, defaults: SystemDefaults, context: MappingContext,
        warnings: inout [MappingWarning]
    ) throws(RowMappingError) -> ZonedTimestamp {
        let expected = "\(format.pattern) (e.g. \(example))"
        let text = try required(column, expected: expected)
        let stamp: ZonedTimestamp
        do {
            stamp = try DateTimeParser.parse(text, format: format, zones: defaults.zones(context))
        } catch {
            throw RowMappingError(.dateFormatError, column: column, expected: expected, found: MappingError.quoted(text))
        }
        if case .assumed(let identifier) = stamp.zoneDecision {
            warnings.append(
                MappingWarning(
                    .zoneAssumed, path: FieldPath(column),
                    message: "the time has no zone and none is configured; \(identifier) assumed"))
        }
        return stamp
    }

    /// The context's currency, else the system's with a warning.
    static func currency(_ defaults: SystemDefaults, context: MappingContext, warnings: inout [MappingWarning]) -> Currency {
        // `currency(nil, …)` cannot throw: there is no payload field to read.
        (try? defaults.currency(nil, context: context, warnings: &warnings)) ?? defaults.currency
    }
}

/// Pawoon's CSV export: `Date` (`YYYY-MM-DD HH:MM:SS`), `Transaction ID`, `Total` (`,` groups
/// thousands: `1,250,000`), `Tax` (optional, same notation), `Items` (not read).
public struct PawoonExportRowMapper: RowMapper {
    /// The Pawoon export mapper.
    public init() {}
    public var sourceSystem: SourceSystem { .pawoon }
    public var requiredColumns: [String] { ["Date", "Transaction ID", "Total"] }

    public func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        let fields = RowFields(record: record)
        let defaults = SystemDefaults.indonesia
        var warnings: [MappingWarning] = []
        let externalID = try fields.required("Transaction ID", expected: "a transaction id")
        let total = try fields.amount("Total", notation: .commaGrouping, example: "1,250,000")
        var tax: Money?
        if let text = fields.optional("Tax") {
            tax = try RowFields.amount(text, column: "Tax", notation: .commaGrouping, example: "113,636")
        }
        let occurredAt = try fields.date(
            "Date", format: .sqlDateTime, example: "2025-12-27 12:45:10", defaults: defaults, context: context, warnings: &warnings)
        var subtotal: Money?
        if let tax { subtotal = try? total.subtracting(tax) }
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .pawoon, externalID: externalID, outlet: context.defaultOutlet,
            occurredAt: occurredAt, currency: RowFields.currency(defaults, context: context, warnings: &warnings),
            subtotal: subtotal, tax: tax, total: total, warnings: warnings)
        transaction.finish()
        return transaction
    }
}

/// Moka's CSV export: `transaction_id`, `grand_total` (plain decimal), `created_at` (`YYYY-MM-DD HH:MM:SS`).
public struct MokaExportRowMapper: RowMapper {
    /// The Moka export mapper.
    public init() {}
    public var sourceSystem: SourceSystem { .moka }
    public var requiredColumns: [String] { ["transaction_id", "grand_total", "created_at"] }

    public func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        let fields = RowFields(record: record)
        let defaults = SystemDefaults.indonesia
        var warnings: [MappingWarning] = []
        let externalID = try fields.required("transaction_id", expected: "a transaction id")
        let total = try fields.amount("grand_total", notation: .plain, example: "89500.00")
        let occurredAt = try fields.date(
            "created_at", format: .sqlDateTime, example: "2025-12-27 13:20:45", defaults: defaults, context: context,
            warnings: &warnings)
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .moka, externalID: externalID, outlet: context.defaultOutlet,
            occurredAt: occurredAt, currency: RowFields.currency(defaults, context: context, warnings: &warnings),
            total: total, warnings: warnings)
        transaction.finish()
        return transaction
    }
}

/// The generic CSV template: `Date` (`YYYY-MM-DD`), `Amount`, `Transaction ID` (all required),
/// `Description` (optional, not stored). `Amount`'s separators are inferred per value
/// (`1,234,567.00` and `1.234.567,00` both read); an ambiguous one such as `1.234` is rejected.
/// A negative amount is a refund of its magnitude.
public struct GenericTemplateRowMapper: RowMapper {
    /// The generic template mapper.
    public init() {}
    public var sourceSystem: SourceSystem { .generic }
    public var requiredColumns: [String] { ["Date", "Amount", "Transaction ID"] }

    public func map(_ record: [String: String], context: MappingContext) throws(RowMappingError) -> UnifiedTransaction {
        let fields = RowFields(record: record)
        let defaults = SystemDefaults.indonesia
        var warnings: [MappingWarning] = []
        let occurredAt = try fields.date(
            "Date", format: .date, example: "2025-12-27", defaults: defaults, context: context, warnings: &warnings)
        var amount = try fields.amount("Amount", notation: .inferred, example: "1,234,567.00")
        let externalID = try fields.required("Transaction ID", expected: "a transaction id")
        var kind = TransactionKind.sale
        if amount.isNegative, let magnitude = try? amount.negated() {
            kind = .refund
            amount = magnitude
        }
        var transaction = UnifiedTransaction(
            tenant: context.tenant, sourceSystem: .generic, externalID: externalID, outlet: context.defaultOutlet,
            kind: kind, occurredAt: occurredAt, currency: RowFields.currency(defaults, context: context, warnings: &warnings),
            total: amount, warnings: warnings)
        transaction.finish()
        return transaction
    }
}
