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
