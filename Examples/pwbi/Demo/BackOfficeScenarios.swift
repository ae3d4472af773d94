import Foundation
import PWBIIntegration
import PWBIMapping

/// The back office of the day: a merchant uploads a CSV export, the accountant posts the day's
/// journal for one outlet.
enum BackOfficeScenarios {
    /// The generic template, as a merchant fills it in: good rows, a date typed the local way,
    /// and the first row entered twice. `badRow` (1-based data row, 2...5) gets the bad date.
    static func templateUpload(badRow: Int) -> String {
        var rows = ["Date,Amount,Transaction ID"]
        for number in 1...5 {
            let date = number == badRow ? "27/12/2025" : "2025-12-27"
            rows.append("\(date),\"\(number * 12),500.00\",CSV-20251227-\(number)")
        }
        rows.append("2025-12-27,\"12,500.00\",CSV-20251227-1")
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// A file whose header lacks the Amount column.
    static let missingColumnUpload = "Date,Transaction ID\r\n2025-12-27,CSV-20251227-9\r\n"

    static func importCSV(
        _ text: String, store: any TransactionStore, metrics: any IntegrationMetrics, now: Date
    ) async throws -> CSVImportReport {
        let importer = CSVImporter(store: store, metrics: metrics, now: { now })
        return await importer.importBytes(
            Array(text.utf8), using: try RowMappers.mapper(for: .generic),
            context: MappingContext(tenant: WebhookScenarios.tenant, zone: .jakarta, defaultCurrency: .IDR))
    }

    /// The chart the accountant mapped for the IDR outlets (PB1 restaurant tax).
    static let accountMapping = """
        {"time_zone":"Asia/Jakarta",
         "payments":{"cash":"1-1001","card":"1-1002","qr":"1-1003","e_wallet":"1-1004","bank_transfer":"1-1005","other":"1-1009"},
         "revenue":"4-1001","tax_kind":"PB1","tax_payable":{"PB1":"2-1003"},"service_charge_income":"4-1002",
         "discounts":"4-1003","rounding":"6-9001","refunds":"4-1004","rounding_tolerance":"0"}
        """

    /// One summary entry per business day for `outlet`'s transactions.
    static func journal(for transactions: [UnifiedTransaction]) throws -> (JournalBatch, [MissingAccount]) {
        let mapping = try AccountMapping(json: Array(accountMapping.utf8))
        let builder = JournalBuilder(mapping: mapping)
        let missing = builder.missingAccounts(for: transactions)
        return (try builder.summaries(for: transactions, period: .businessDay(startHour: 0)), missing)
    }
}
