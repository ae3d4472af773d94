import Testing
import PWBIIntegration

/// A ledger that forgets the target: what a careless `UNIQUE (reference)` table does.
actor TargetBlindLedger: AccountingExportLedger {
    var records: [String: AccountingExportRecord] = [:]
    func record(target: AccountingTarget, reference: String) -> AccountingExportRecord? { records[reference] }
    func save(_ record: AccountingExportRecord) { records[record.reference] = record }
}

/// A ledger that matches references case-insensitively and keeps the first save.
actor SloppyLedger: AccountingExportLedger {
    var records: [String: AccountingExportRecord] = [:]
    func record(target: AccountingTarget, reference: String) -> AccountingExportRecord? {
        records[target.rawValue + reference.lowercased()]
    }
    func save(_ record: AccountingExportRecord) {
        let key = record.target.rawValue + record.reference.lowercased()
        if records[key] == nil { records[key] = record }
    }
}

@Suite("AccountingExportLedger contract")
struct ExportLedgerContractTests {
    @Test func theInMemoryLedgerConforms() async {
        let violations = await AccountingExportLedgerContract.check { InMemoryAccountingExportLedger() }
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func brokenLedgersAreCaught() async {
        let blind = await AccountingExportLedgerContract.check { TargetBlindLedger() }
        #expect(blind.map(\.check) == ["targets are independent"])
        let sloppy = await AccountingExportLedgerContract.check { SloppyLedger() }
        #expect(sloppy.map(\.check) == ["references are compared exactly", "saving again replaces the record"])
    }
}
