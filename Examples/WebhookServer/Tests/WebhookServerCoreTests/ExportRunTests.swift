import FakeProviderCore
import Foundation
import Logging
import PWBIIntegration
import PWBIRetry
import Testing
import WebhookServerCore

/// The export against the in-process fake Accurate and Jurnal.id: each closed day posted once with
/// its exact totals, re-runs posting nothing, lost answers resolved by a lookup, refusals mapped to
/// the troubleshooting guide.
@Suite(.serialized) struct ExportRunTests {
    static let systems = ["accurate", "jurnal"]

    @Test(arguments: systems) func eachClosedDayIsPostedOnceWithItsExactTotals(system: String) async throws {
        let harness = try await ExportHarness.make()
        let expected = try ExportHarness.expected()
        let runner = try harness.runner(harness.record(system))
        #expect(try await runner.pendingDays().map(\.iso8601) == expected.days)

        let reports = try await harness.runPending(runner)
        #expect(reports.map(\.day) == expected.days)
        #expect(reports.allSatisfy { $0.isComplete }, "\(reports.flatMap(\.problems))")
        let books = await harness.books(system).contents
        #expect(books.saved.map(\.reference) == expected.entries.map(\.reference))
        #expect(books.saved.map(\.debit) == expected.entries.map(\.total))
        #expect(books.saved.map(\.credit) == expected.entries.map(\.total))
        #expect(books.duplicates.isEmpty)
        let ledger = try await runner.ledger.records()
        #expect(ledger.map(\.reference) == expected.entries.map(\.reference))
        #expect(Set(ledger.compactMap(\.remoteID)) == Set(books.saved.map { String($0.id) }))

        // Nothing is pending any more; running a day again posts nothing.
        #expect(try await runner.pendingDays().isEmpty)
        let again = try await runner.run([try #require(ExportDays.parse(expected.days[0]))], lease: try await harness.lease(runner.setup.integration))
        #expect(again.first?.alreadyExported == [expected.entries[0].reference])
        #expect(again.first?.exported.isEmpty == true)
        #expect(await harness.books(system).contents.saved.count == expected.entries.count)
        #expect(await harness.books(system).contents.duplicates.isEmpty)
        await harness.close()
    }

    @Test(arguments: systems) func aLostAnswerIsLookedUpNeverPostedAgain(system: String) async throws {
        let harness = try await ExportHarness.make()
        let expected = try ExportHarness.expected()
        let record = harness.record(system)
        let losing = LosingTransport(base: AsyncHTTPClientTransport(client: harness.client))
        let first = try await harness.runPending(try harness.runner(record, transport: losing))
        // The first day's post reached the system, its answer did not: the day is not complete.
        #expect(first[0].isComplete == false)
        #expect(first[0].problems.map(\.entry) == [.apiDown])
        #expect(await harness.books(system).contents.saved.map(\.reference) == expected.entries.map(\.reference))

        // Before the settle time the entry is left alone; after it, it is looked up, found and recorded.
        harness.advance(10)
        let runner = try harness.runner(record)
        let early = try await harness.runPending(runner)
        #expect(early.first?.settling == [expected.entries[0].reference])
        harness.advance(60)
        let late = try await harness.runPending(runner)
        #expect(late.first?.recovered == [expected.entries[0].reference])
        #expect(late.allSatisfy { $0.isComplete })
        #expect(try await runner.pendingDays().isEmpty)
        let books = await harness.books(system).contents
        #expect(books.saved.map(\.reference) == expected.entries.map(\.reference))
        #expect(books.duplicates.isEmpty)
        #expect(try await runner.ledger.record(target: runner.setup.target, reference: expected.entries[0].reference)?.remoteID == books.saved.first.map { String($0.id) })
        await harness.close()
    }

    @Test(arguments: systems) func aFailedFirstPostIsRetriedOnce(system: String) async throws {
        let harness = try await ExportHarness.make()
        let expected = try ExportHarness.expected()
        let path = system == "accurate" ? "/accurate/accurate/api/journal-voucher/bulk-save.do" : "/jurnal/journal_entries"
        await harness.provider.faults.add([Fault(path: path, status: 500)])
        let runner = try harness.runner(harness.record(system))
        let first = try await harness.runPending(runner)
        #expect(first[0].problems.map(\.entry) == [.apiDown])
        #expect(first[1].isComplete)
        harness.advance(120)
        let second = try await harness.runPending(runner)
        #expect(second.map(\.day) == [expected.days[0]])
        #expect(second[0].exported.map(\.reference) == [expected.entries[0].reference])
        let books = await harness.books(system).contents
        #expect(Set(books.saved.map(\.reference)) == Set(expected.entries.map(\.reference)))
        #expect(books.duplicates.isEmpty)
        await harness.close()
    }

    @Test(arguments: [("accurate", TroubleshootingEntry.accurateTokenExpired), ("jurnal", .credentialsExpired)])
    func refusedCredentialsStopTheRunWithTheGuidesMessage(system: String, entry: TroubleshootingEntry) async throws {
        let harness = try await ExportHarness.make()
        let runner = try harness.runner(harness.record(system, credentials: "WRONG"))
        let reports = try await harness.runPending(runner)
        #expect(reports.count == 1)
        #expect(reports[0].problems.map(\.entry) == [entry])
        #expect(reports[0].problems[0].description.hasPrefix(entry.symptom))
        #expect(!reports[0].problems[0].description.contains("not-the-key"))
        #expect(await harness.books(system).contents.saved.isEmpty)
        #expect(try await runner.pendingDays().count == 4)
        await harness.close()
    }

    @Test(arguments: [("accurate", TroubleshootingEntry.accurateChartOfAccounts), ("jurnal", .jurnalJournalEntryFailed)])
    func anUnmappedAccountPostsNothingAndSaysSo(system: String, entry: TroubleshootingEntry) async throws {
        let harness = try await ExportHarness.make()
        let runner = try harness.runner(harness.record(system, mapping: "mapping-without-tax.json"))
        let reports = try await harness.runPending(runner)
        #expect(reports[0].problems.map(\.entry) == [entry])
        #expect(reports[0].problems[0].detail.contains("missing"))
        #expect(reports[2].isComplete)  // a day without orders needs no account
        #expect(await harness.books(system).contents.saved.isEmpty)
        await harness.close()
    }

    @Test func outletsOfTheIntegrationOnlyAreExported() async throws {
        let harness = try await ExportHarness.make()
        let runner = try harness.runner(IntegrationRecord(
            id: "acme-jurnal", tenant: "default", system: "jurnal", credentials: .environment("JURNAL_KEY"), everySeconds: 60,
            zone: "Asia/Riyadh", currency: "SAR", outlets: ["JKT-01"], baseURL: "http://127.0.0.1:\(harness.port)/jurnal",
            settings: ["mapping": ExportHarness.resources.appendingPathComponent("mapping.json").path, "from": "2026-12-01"],
            createdAt: ExportHarness.start))
        let reports = try await harness.runPending(runner)
        #expect(reports.allSatisfy { $0.isComplete && $0.entries == 0 })
        #expect(await harness.books("jurnal").contents.saved.isEmpty)
        await harness.close()
    }

    @Test func theServiceRunsDueIntegrationsOnOneReplicaAtATime() async throws {
        let harness = try await ExportHarness.make()
        let record = harness.record("jurnal")
        #expect(try await harness.storage.integrations.add(record))
        #expect(try await harness.storage.integrations.add(IntegrationRecord(
            id: "acme-qasir", tenant: "default", system: "qasir", credentials: .environment("Q"), everySeconds: 300, createdAt: ExportHarness.start)))
        let configuration = try ServerConfiguration(environment: ["PWBI_EXPORT_SETTLE_SECONDS": "60"])
        func service(_ owner: String) -> ExportService<ManualClock> {
            ExportService(
                context: OutboundContext(
                    configuration: configuration, storage: harness.storage,
                    transport: AsyncHTTPClientTransport(client: harness.client), metrics: InMemoryIntegrationMetrics(), owner: owner,
                    logger: Logger(label: "test")),
                clock: ManualClock(), now: harness.now, environment: ExportHarness.environment)
        }
        // Replica B holds the integration's lease: replica A's pass does nothing.
        let held = try await harness.lease(record, owner: "replica-b")
        #expect(await service("replica-a").runOnce(record))   // look again soon
        #expect(await harness.books("jurnal").contents.saved.isEmpty)
        try await harness.storage.leases.release(held)

        let a = service("replica-a")
        await a.checkOnce()
        #expect(await harness.books("jurnal").contents.saved.count == 2)
        #expect(try await harness.storage.leases.holder(of: "export:acme-jurnal") == nil)
        // Not due again before `every` (a day) has passed; then the newly closed day goes out.
        harness.advance(3600)
        await a.checkOnce()
        #expect(await harness.books("jurnal").contents.saved.count == 2)
        harness.advance(86_400)
        await a.checkOnce()
        #expect(await harness.books("jurnal").contents.saved.map(\.reference).last == "ALL-20261205")
        // The qasir integration is not the export's.
        #expect(try await harness.storage.leases.holder(of: "export:acme-qasir") == nil)
        await harness.close()
    }

    @Test func aDayLeftPendingIsRetriedAfterTheSettleTimeNotAWholeDayLater() async throws {
        let harness = try await ExportHarness.make()
        let record = harness.record("accurate")
        #expect(try await harness.storage.integrations.add(record))
        await harness.provider.faults.add([Fault(path: "/accurate/accurate/api/journal-voucher/bulk-save.do", status: 503)])
        let service = ExportService(
            context: OutboundContext(
                configuration: try ServerConfiguration(environment: ["PWBI_EXPORT_SETTLE_SECONDS": "60"]), storage: harness.storage,
                transport: AsyncHTTPClientTransport(client: harness.client), metrics: InMemoryIntegrationMetrics(), owner: "replica-a",
                logger: Logger(label: "test")),
            clock: ManualClock(), now: harness.now, environment: ExportHarness.environment)
        await service.checkOnce()
        #expect(await harness.accurate.books.contents.saved.map(\.reference) == ["ALL-20261202"])
        harness.advance(30)
        await service.checkOnce()
        #expect(await harness.accurate.books.contents.saved.count == 1)
        harness.advance(31)
        await service.checkOnce()
        #expect(await harness.accurate.books.contents.saved.map(\.reference) == ["ALL-20261202", "ALL-20261201"])
        #expect(await harness.accurate.books.contents.duplicates.isEmpty)
        await harness.close()
    }
}
