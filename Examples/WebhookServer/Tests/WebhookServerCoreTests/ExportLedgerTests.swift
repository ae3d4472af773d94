import Foundation
import PWBIIntegration
import PWBIMapping
import Synchronization
import Testing
import WebhookServerCore

/// The SQL export ledger against the kit's contract (SQLite always, PostgreSQL when `DATABASE_URL`
/// is set), its scoping per integration, and the attempts fenced on the lease.
@Suite struct ExportLedgerTests {
    static let now = Date(timeIntervalSince1970: 1_796_428_800)

    @Test func sqliteLedgerKeepsTheContract() async throws {
        let databases = SQLiteContractTests.Databases()
        let violations = await AccountingExportLedgerContract.check { SQLExportLedger(database: try await databases.fresh(), integration: "acme-accurate") }
        await databases.closeAll()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["DATABASE_URL"] != nil, "DATABASE_URL names a PostgreSQL database for tests"))
    func postgresLedgerKeepsTheContract() async throws {
        let database = try await PostgresDatabase.open(url: ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "", maximumConnections: 20)
        try await database.migrate(Schema.migrations(for: .postgres))
        let counter = Mutex(0)
        let violations = await AccountingExportLedgerContract.check {
            // A fresh integration id per check: each check sees an empty ledger without emptying the table.
            SQLExportLedger(database: database, integration: "contract-\(UUID().uuidString)-\(counter.withLock { $0 += 1; return $0 })")
        }
        await database.close()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func integrationsHaveSeparateLedgers() async throws {
        let database = try await SQLiteContractTests.Databases().fresh()
        let a = SQLExportLedger(database: database, integration: "a"), b = SQLExportLedger(database: database, integration: "b")
        try await a.save(AccountingExportRecord(target: .accurate, reference: "ALL-20261201", fingerprint: "f", remoteID: "1", exportedAt: Self.now))
        #expect(try await b.record(target: .accurate, reference: "ALL-20261201") == nil)
        #expect(try await a.records().map(\.reference) == ["ALL-20261201"])
        try await a.completeDay("2026-12-01", entries: 1, conflicts: 0, now: Self.now)
        #expect(try await b.completedDays().isEmpty)
        #expect(try await a.completedDays() == [ExportedDay(day: "2026-12-01", entries: 1, conflicts: 0, completedAt: Self.now)])
        await database.close()
    }

    @Test func attemptsAreWrittenOnlyUnderTheLease() async throws {
        let database = try await SQLiteContractTests.Databases().fresh()
        let leases = SQLLeases(database: database)
        let ledger = SQLExportLedger(database: database, integration: "a")
        let lease = try #require(try await leases.acquire("export:a", owner: "one", now: Self.now, duration: .seconds(60)))
        #expect(try await ledger.beginAttempts([("ALL-20261201", "f")], target: .jurnal, lease: lease, now: Self.now))
        #expect(try await ledger.attempt(target: .jurnal, reference: "ALL-20261201") == Self.now)
        // Lapsed and taken by another replica: nothing is written, so nothing may be posted.
        let later = Self.now.addingTimeInterval(120)
        _ = try #require(try await leases.acquire("export:a", owner: "two", now: later, duration: .seconds(60)))
        #expect(try await ledger.beginAttempts([("ALL-20261202", "f")], target: .jurnal, lease: lease, now: later) == false)
        #expect(try await ledger.attempt(target: .jurnal, reference: "ALL-20261202") == nil)
        try await ledger.endAttempt(target: .jurnal, reference: "ALL-20261201")
        #expect(try await ledger.attempt(target: .jurnal, reference: "ALL-20261201") == nil)
        await database.close()
    }

    @Test func settingsComeFromTheEnvironment() throws {
        let defaults = try ExportConfiguration(environment: [:])
        #expect(defaults == ExportConfiguration())
        let set = try ExportConfiguration(environment: ["PWBI_EXPORT_CLOSE_AFTER_MINUTES": "0", "PWBI_EXPORT_SETTLE_SECONDS": "5", "PWBI_EXPORT_MAX_DAYS": "3"])
        #expect(set.closeAfter == .zero && set.settle == .seconds(5) && set.maxDaysPerRun == 3)
        for bad in [["PWBI_EXPORT_MAX_DAYS": "0"], ["PWBI_EXPORT_CHECK_SECONDS": "1.5"], ["PWBI_EXPORT_SETTLE_SECONDS": "-1"]] {
            #expect(throws: ConfigurationError.self) { try ExportConfiguration(environment: bad) }
        }
    }

    @Test(arguments: [
        ("2026-12-05T00:00:00Z", 3600, "2026-12-04"),   // 03:00 in Riyadh: yesterday closed at 01:00
        ("2026-12-04T21:30:00Z", 3600, "2026-12-03"),   // 00:30 in Riyadh: yesterday closes at 01:00
        ("2026-12-04T21:30:00Z", 0, "2026-12-04"),
    ])
    func aDayClosesAfterItsEndInTheZone(now: String, closeAfter: Int, last: String) throws {
        let instant = try #require(ISO8601DateFormatter().date(from: now))
        let zone = try #require(ZoneRule(identifier: "Asia/Riyadh"))
        #expect(ExportDays.lastClosed(now: instant, closeAfter: .seconds(closeAfter), zone: zone).iso8601 == last)
    }
}
