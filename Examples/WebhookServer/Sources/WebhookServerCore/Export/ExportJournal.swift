#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// The journal of local days, built from the transactions stored for the integration's tenant
/// (and outlets, when it lists some) with the kit's `JournalBuilder` period summaries.
struct ExportJournal {
    let database: any SQLDatabase
    let setup: ExportSetup

    /// The stored transactions of `days`, by day: each transaction's ledger date is taken as the
    /// builder takes it (the outlet's zone in the mapping, else the mapping's, else the
    /// integration's), so a day's summaries hold exactly its transactions. Rows are read in pages.
    func transactions(on days: Set<LedgerDate>) async throws -> [LedgerDate: [UnifiedTransaction]] {
        let outlets = Set(setup.integration.outlets)
        var found: [LedgerDate: [UnifiedTransaction]] = [:]
        var after = ""
        while true {
            let rows = try await database.query(
                "SELECT internal_id, document FROM transactions WHERE tenant = $1 AND internal_id > $2 ORDER BY internal_id LIMIT 500",
                [.text(setup.integration.tenant), .text(after)]
            )
            for row in rows {
                let id = try row.text(0)
                let transaction: UnifiedTransaction
                do {
                    transaction = try UnifiedJSON.decodeTransaction(try JSONDocument(parsing: Array(try row.text(1).utf8)).root)
                } catch {
                    throw SQLStoreError.corrupt("transaction \(id): \(error)")
                }
                guard outlets.isEmpty || transaction.outlet.map(outlets.contains) == true else { continue }
                let zone = setup.builder.mapping.timeZone(outlet: transaction.outlet) ?? setup.zone
                let date = LedgerDate(transaction.occurredAt.instant, in: zone)
                if days.contains(date) { found[date, default: []].append(transaction) }
            }
            guard rows.count == 500, let last = rows.last else { return found }
            after = try last.text(0)
        }
    }

    /// The summaries of one day's transactions.
    func entries(of transactions: [UnifiedTransaction]) throws(AccountingError) -> [JournalEntry] {
        try setup.builder.summaries(for: transactions, period: setup.period).entries
    }
}
