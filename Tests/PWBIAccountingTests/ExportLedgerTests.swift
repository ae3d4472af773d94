#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import PWBIIntegration
import PWBIMapping

@Suite("Idempotent re-export")
struct ExportLedgerTests {
    let builder = JournalBuilder(mapping: Scenarios.idrMapping)

    @Test func aRetriedBatchIsDetectedByReferenceAndNeverDoublesTheLedger() async throws {
        let ledger = InMemoryAccountingExportLedger()
        let entries = try builder.entries(for: [Scenarios.sale1001, Scenarios.sale1002]).entries
        let first = try await AccountingExport.plan(entries, target: .accurate, ledger: ledger)
        #expect(first.toExport.map(\.reference) == ["karage-JKT-01-1001", "karage-JKT-01-1002"])

        // Only the first one is confirmed before the connection drops.
        try await AccountingExport.recordSaved(entries[0], target: .accurate, remoteID: "4521", at: signingInstant, ledger: ledger)
        let retry = try await AccountingExport.plan(entries, target: .accurate, ledger: ledger)
        #expect(retry.toExport.map(\.reference) == ["karage-JKT-01-1002"])
        #expect(retry.alreadyExported.map(\.remoteID) == ["4521"])
        #expect(retry.conflicts.isEmpty)

        // The same reference on another system is independent.
        let jurnal = try await AccountingExport.plan(entries, target: .jurnal, ledger: ledger)
        #expect(jurnal.toExport.count == 2)
    }

    @Test func aChangedEntryUnderAnExportedReferenceIsAConflictNotAResend() async throws {
        let ledger = InMemoryAccountingExportLedger()
        let original = try #require(try builder.entry(for: Scenarios.sale1001))
        try await AccountingExport.recordSaved(original, target: .jurnal, remoteID: nil, at: signingInstant, ledger: ledger)
        var edited = Scenarios.sale1001
        edited.payments = [Payment(method: .cash, amount: money("93500"))]
        let changed = try #require(try builder.entry(for: edited))
        let plan = try await AccountingExport.plan([changed, changed], target: .jurnal, ledger: ledger)
        #expect(plan.toExport.isEmpty)
        #expect(plan.conflicts.map(\.entry.reference) == ["karage-JKT-01-1001"])
        #expect(plan.duplicatesInBatch.map(\.reference) == ["karage-JKT-01-1001"])
        #expect(AccountingExport.fingerprint(of: original) != AccountingExport.fingerprint(of: changed))
        #expect(AccountingExport.fingerprint(of: original) == AccountingExport.fingerprint(of: try #require(try builder.entry(for: Scenarios.sale1001))))
    }
}
