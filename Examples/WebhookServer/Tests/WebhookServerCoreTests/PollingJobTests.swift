import FakeProviderCore
import Foundation
import PWBIIntegration
import Testing
import WebhookServerCore

/// Polling runs against the fake Qasir and Moka over real HTTP: everything stored once, the cursor
/// written only after the data it covers, and the library's handling of 401, 429 and 5xx.
@Suite struct PollingJobTests {
    /// A cursor store over SQL that reports any sale at or before a new watermark that is not stored yet.
    static func watching(_ harness: PollingHarness, system: String, outlet: String = "", api: String? = nil) -> WatchingCursorStore {
        let ledger = harness.ledger
        return WatchingCursorStore(base: SQLCursorStore(database: harness.database)) { cursor in
            let limit = Int64((cursor.watermark.timeIntervalSince1970 * 1000).rounded(.down))
            let due = await ledger.visibleSales(outlet: outlet).filter { $0.occurredAtMilliseconds <= limit && $0.visibleFromMilliseconds <= limit }
            let stored = Set(try await harness.storedIDs(system))
            return due.map { sale in
                system == "qasir" ? FakeQasir.id(of: sale) : api == "gobiz" ? FakeMoka.goBizID(of: sale) : FakeMoka.v1ID(of: sale)
            }.filter { !stored.contains($0) }
        }
    }

    @Test(arguments: [
        ("qasir", [String](), [String: String]()),
        ("moka", ["28076"], ["api": "v1"]),
        ("moka", ["28076"], ["api": "gobiz"]),
        ("moka", ["28076"], ["api": "v3"]),
    ])
    func aRunStoresEveryTransactionOnceAndTheCursorFollowsStoredData(system: String, outlets: [String], settings: [String: String]) async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let outlet = outlets.first ?? ""
            let cursors = Self.watching(harness, system: system, outlet: outlet, api: settings["api"])
            let counters = RecordedCounters()
            let record = harness.record(system, outlets: outlets, settings: settings.merging(["per_page": "25"]) { $1 })
            let job = try harness.job(record, metrics: counters.metrics, cursors: { _ in cursors })
            let reports = await job.run(holding: nil)
            let report = try #require(reports.last)
            #expect(report.succeeded, "\(report.outcome)")
            #expect(report.inserted == PollingHarness.plan.count)
            #expect(report.pages >= 5)
            #expect(try await harness.storedIDs(system) == (await harness.datasetIDs(system, outlet: outlet, api: settings["api"])))
            #expect(cursors.violations.isEmpty, "cursor written before \(cursors.violations.count) transactions were stored")
            #expect(try await SQLCursorStore(database: harness.database).cursor(for: job.unit.integration)?.watermark == harness.clock.now)
            let base = "integration=acme,system=\(system)"
            #expect(counters["pwbi_polling_runs_total{\(base),outcome=succeeded}"] == 1)
            #expect(counters["pwbi_polling_stored_total{\(base),outcome=inserted}"] == PollingHarness.plan.count)
            #expect(counters["pwbi_polling_pages_total{\(base)}"] == report.pages)

            // Five minutes on: the overlap is read again and nothing new is stored.
            harness.clock.now = harness.clock.now.addingTimeInterval(300)
            let again = try #require(await job.run(holding: nil).last)
            #expect(again.succeeded && again.inserted == 0)
            #expect(try await harness.storedIDs(system).count == PollingHarness.plan.count)
        }
    }

    @Test(arguments: ["qasir", "gobiz", "v1", "v3"])
    func aPageThatChangesBetweenRequestsIsCaughtUpByTheNextRunsOverlap(api: String) async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let system = api == "qasir" ? "qasir" : "moka"
            let outlets = api == "qasir" ? [] : ["o-1"]
            let record = harness.record(system, outlets: outlets, settings: ["per_page": "20", "api": api == "qasir" ? "v1" : api])
            let job = try harness.job(record)
            await harness.ledger.schedulePageChanges(2)
            #expect(try #require(await job.run(holding: nil).last).succeeded)
            let dataset = await harness.datasetIDs(system, outlet: outlets.first ?? "", api: api)
            #expect(dataset.count == PollingHarness.plan.count + 2, "two late sales appeared while the pages were read")
            harness.clock.now = harness.clock.now.addingTimeInterval(300)
            #expect(try #require(await job.run(holding: nil).last).succeeded)
            #expect(try await harness.storedIDs(system) == dataset)
        }
    }

    @Test func aFailedPageLeavesTheCursorWhereItWasAndTheNextRunCompletes() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let failing = FailingTransport(base: harness.transport, marker: "&page=3&")
            let record = harness.record("qasir", settings: ["per_page": "25"])
            let counters = RecordedCounters()
            let job = try harness.job(record, metrics: counters.metrics, transport: failing)
            let failed = try #require(await job.run(holding: nil).last)
            guard case .failed(let failure) = failed.outcome else { Issue.record("expected a failure, got \(failed.outcome)"); return }
            #expect(failure.kind == .serverError)
            #expect(failed.requests == 2 + 3, "pages 1 and 2, then page 3 three times (the retry policy)")
            #expect(failed.inserted == 50)
            #expect(try await SQLCursorStore(database: harness.database).cursor(for: job.unit.integration) == nil)
            #expect(counters["pwbi_polling_failures_total{integration=acme,system=qasir,kind=server_error}"] == 1)
            let state = try #require(try await job.states.state(for: job.unit.integration))
            #expect(state.consecutiveFailures == 1 && state.connection == .active)

            failing.failing = false
            harness.clock.now = harness.clock.now.addingTimeInterval(300)
            let healed = try #require(await job.run(holding: nil).last)
            #expect(healed.succeeded && healed.inserted == PollingHarness.plan.count - 50 && healed.unchanged == 50)
            #expect(try await harness.storedIDs("qasir") == (await harness.datasetIDs("qasir")))
            #expect(try await job.states.state(for: job.unit.integration)?.consecutiveFailures == 0)
        }
    }

    @Test func unauthorizedMarksTheIntegrationNeedsReconnectAndLaterRunsSkip() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let job = try harness.job(harness.record("qasir"))
            await harness.faults([Fault(path: "/qasir/v1/transactions", status: 401)])
            let refused = try #require(await job.run(holding: nil).last)
            guard case .failed(let failure) = refused.outcome else { Issue.record("expected a failure, got \(refused.outcome)"); return }
            #expect(failure.kind == .authentication && refused.requests == 1, "401 is not retried")
            #expect(try await job.states.state(for: job.unit.integration)?.connection == .needsReconnect)
            harness.clock.now = harness.clock.now.addingTimeInterval(300)
            #expect(try #require(await job.run(holding: nil).last).outcome == .skipped(.needsReconnect))
            #expect(try await harness.storedIDs("qasir").isEmpty)
        }
    }

    @Test func tooManyRequestsBacksOffForRetryAfterThenResumes() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let job = try harness.job(harness.record("qasir"))
            await harness.faults([Fault(path: "/qasir/v1/transactions", status: 429, retryAfter: 900, times: 3)])
            let limited = try #require(await job.run(holding: nil).last)
            guard case .failed(let failure) = limited.outcome else { Issue.record("expected a failure, got \(limited.outcome)"); return }
            #expect(failure.kind == .rateLimited && limited.requests == 3)
            let state = try #require(try await job.states.state(for: job.unit.integration))
            #expect(state.backoffUntil == harness.clock.now.addingTimeInterval(900))
            harness.clock.now = harness.clock.now.addingTimeInterval(300)
            let waiting = try #require(await job.run(holding: nil).last)
            #expect(waiting.outcome == .skipped(.rateLimited(until: harness.clock.now.addingTimeInterval(600))))
            harness.clock.now = harness.clock.now.addingTimeInterval(600)
            #expect(try #require(await job.run(holding: nil).last).succeeded)
            #expect(try await harness.storedIDs("qasir").count == PollingHarness.plan.count)
        }
    }

    @Test func serverErrorsAreRetriedWithinTheRun() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let job = try harness.job(harness.record("moka", outlets: ["9"]))
            await harness.faults([Fault(path: "/moka/v1/outlets/9", status: 500, times: 2)])
            let report = try #require(await job.run(holding: nil).last)
            #expect(report.succeeded && report.requests == report.pages + 2)
            #expect(try await harness.storedIDs("moka").count == PollingHarness.plan.count)
        }
    }

    @Test func aRunSoonAfterAnotherReplicasRunIsSkipped() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let job = try harness.job(harness.record("qasir"))
            #expect(await job.run(holding: nil).count == 1)
            harness.clock.now = harness.clock.now.addingTimeInterval(200)
            #expect(await job.run(holding: nil).isEmpty, "200 s after the last attempt of a 300 s schedule")
            harness.clock.now = harness.clock.now.addingTimeInterval(80)
            #expect(await job.run(holding: nil).count == 1)
            // A last attempt ahead of this replica's clock (another replica's clock runs fast) does not hold it back.
            var state = try #require(try await job.states.state(for: job.unit.integration))
            state.lastAttemptAt = harness.clock.now.addingTimeInterval(120)
            try await job.states.save(state)
            #expect(await job.run(holding: nil).count == 1)
        }
    }

    @Test func missingCredentialsSkipTheRunWithoutARequest() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            var record = harness.record("qasir")
            record.credentials = .environment("NOT_SET")
            let counters = RecordedCounters()
            let job = try harness.job(record, metrics: counters.metrics)
            #expect(await job.run(holding: nil).isEmpty)
            #expect(counters["pwbi_polling_failures_total{integration=acme,system=qasir,kind=credentials}"] == 1)
            #expect(await harness.provider.journal.answered.isEmpty)
        }
    }
    @Test func aRunHoldingALostLeaseCannotMoveTheCursor() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let job = try harness.job(harness.record("qasir"))
            let leases = harness.storage.leases
            let mine = try #require(try await leases.acquire(job.unit.scheduleName, owner: "a", now: harness.clock.now, duration: .seconds(60)))
            #expect(try #require(await job.run(holding: mine).last).succeeded)
            let cursors = SQLCursorStore(database: harness.database)
            let first = try #require(try await cursors.cursor(for: job.unit.integration))
            // Replica a stalls past its lease; b takes the integration over; a's next write is refused.
            harness.clock.now = harness.clock.now.addingTimeInterval(301)
            _ = try #require(try await leases.acquire(job.unit.scheduleName, owner: "b", now: harness.clock.now, duration: .seconds(60)))
            let counters = RecordedCounters()
            let stale = try harness.job(harness.record("qasir"), metrics: counters.metrics)
            #expect(try #require(await stale.run(holding: mine).last).outcome == .superseded)
            #expect(try await cursors.cursor(for: job.unit.integration) == first)
            #expect(counters["pwbi_polling_runs_total{integration=acme,system=qasir,outcome=superseded}"] == 1)
        }
    }
}
