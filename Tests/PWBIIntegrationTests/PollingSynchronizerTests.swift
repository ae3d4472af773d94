import Foundation
import Synchronization
import Testing
import PWBIIntegration
import PWBIMapping
import PWBIRetry

@Suite("Polling synchroniser")
struct PollingSynchronizerTests {
    static let base = PollingTestSupport.base
    static let baseMillis = Int64(base.timeIntervalSince1970 * 1000)

    struct Harness {
        let clock = ManualClock()
        let store = RecordingStore()
        let cursors = CrashingCursorStore()
        let states = InMemoryIntegrationStateStore()
        let metrics = InMemoryIntegrationMetrics()
        let queue = InMemoryDeadLetterQueue()
        let pos: SimulatedPOS
        let poller: PollingSynchronizer<ManualClock>
        let id = IntegrationID(tenant: "t1", sourceSystem: "sim", account: "outlet-1")

        init(chronological: Bool = true, perPage: Int = 3, deadLetters: Bool = false, gate: TestGate? = nil, maximumConcurrency: Int = 4) throws {
            pos = SimulatedPOS(seed: 1, wallMillis: PollingTestSupport.wallMillis(clock), gate: gate)
            poller = PollingSynchronizer(
                store: store, cursors: cursors, states: states, transport: pos, clock: clock,
                wallClock: PollingTestSupport.wall(clock), deadLetters: deadLetters ? queue : nil, metrics: metrics,
                maximumConcurrency: maximumConcurrency)
            self.chronological = chronological
            self.perPage = perPage
        }
        let chronological: Bool
        let perPage: Int

        func configuration() throws -> PollingConfiguration {
            var configuration = PollingConfiguration(interval: .seconds(300), overlap: .seconds(600), rateLimitBackoff: .seconds(3600))
            configuration.retryPolicy = try PollingTestSupport.policy()
            return configuration
        }

        func register(_ id: IntegrationID? = nil) async throws {
            let id = id ?? self.id
            await poller.register(PollingRegistration(
                integration: id, source: SimSource(chronological: chronological, perPage: perPage),
                context: MappingContext(tenant: id.tenant), configuration: try configuration()))
        }

        /// `count` transactions, one a minute, ending a minute before now.
        func publish(_ count: Int, from offsetMinutes: Int = -30, bad: Set<Int> = []) {
            for index in 0..<count {
                let millis = PollingSynchronizerTests.baseMillis + Int64(offsetMinutes + index) * 60_000
                pos.publish(.init(id: "T\(offsetMinutes)-\(index)", millis: millis, publishedMillis: millis, total: 1000 + index, bad: bad.contains(index)))
            }
        }

        func sync(_ id: IntegrationID? = nil) async -> SyncRunReport {
            let poller = self.poller, id = id ?? self.id
            return await clock.run { await poller.syncNow(id) }
        }
    }

    // MARK: Cursor discipline

    @Test func chronologicalPagesMoveTheCursorPageByPage() async throws {
        let harness = try Harness(chronological: true, perPage: 3)
        try await harness.register()
        harness.publish(7)
        let report = await harness.sync()
        #expect(report.outcome == .succeeded(caughtUp: true))
        #expect(report.pages == 3)
        #expect(report.inserted == 7)
        // After page 1 (minutes -30…-28) the cursor is at -28, after page 2 at -25, at the end at now.
        let written = harness.cursors.written.map { Int(($0.watermark.timeIntervalSince1970 - Self.base.timeIntervalSince1970) / 60) }
        #expect(written == [-28, -25, 0])
        let window = try #require(report.window)
        #expect(window.until == Self.base)
        #expect(window.from == Self.base.addingTimeInterval(-86_400))
    }

    @Test func unorderedPagesMoveTheCursorOnlyAtTheEndOfTheWindow() async throws {
        let harness = try Harness(chronological: false, perPage: 3)
        try await harness.register()
        harness.publish(7)
        _ = await harness.sync()
        #expect(harness.cursors.written.map(\.watermark) == [Self.base])
    }

    @Test func theNextRunRereadsTheOverlapAndTheStoreDeduplicates() async throws {
        let harness = try Harness()
        try await harness.register()
        harness.publish(5, from: -5)
        _ = await harness.sync()
        // A transaction from 4 minutes ago reaches the POS only now (an offline till), plus a new one.
        harness.clock.advance(by: .seconds(300))
        harness.pos.publish(.init(id: "late", millis: Self.baseMillis + 60_000, publishedMillis: Self.baseMillis + 300_000, total: 5))
        harness.pos.publish(.init(id: "new", millis: Self.baseMillis + 240_000, publishedMillis: Self.baseMillis + 240_000, total: 6))
        let second = await harness.sync()
        #expect(second.window?.from == Self.base.addingTimeInterval(-600))
        #expect(second.inserted == 2)
        #expect(second.unchanged == 5)
        #expect(harness.store.storedIDs.contains("late"))
    }

    @Test func aCrashBetweenStoringAndAdvancingLosesNothing() async throws {
        let harness = try Harness(chronological: true, perPage: 10)
        try await harness.register()
        harness.publish(4)
        harness.cursors.crash(probability: 1, seed: 1)
        let crashed = await harness.sync()
        guard case .failed(let failure) = crashed.outcome else { Issue.record("\(crashed.outcome)"); return }
        #expect(failure.kind == .storage)
        #expect(crashed.inserted == 4)
        #expect(try await harness.cursors.cursor(for: harness.id) == nil)
        harness.cursors.crash(probability: 0, seed: 1)
        let recovered = await harness.sync()
        #expect(recovered.succeeded)
        #expect(recovered.unchanged == 4)
        #expect(recovered.inserted == 0)
        #expect(try await harness.cursors.cursor(for: harness.id)?.watermark == Self.base)
    }

    // MARK: Errors

    @Test func unauthorizedMarksNeedsReconnectWithoutRetrying() async throws {
        let harness = try Harness()
        try await harness.register()
        harness.pos.script([TransportResponse(status: 401)])
        let report = await harness.sync()
        guard case .failed(let failure) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(failure.kind == .authentication)
        #expect(failure.detail == "Authentication failed (HTTP 401)")
        #expect(report.requests == 1)
        #expect(await harness.states.state(for: harness.id)?.connection == .needsReconnect)
        let skipped = await harness.sync()
        #expect(skipped.outcome == .skipped(.needsReconnect))
        #expect(harness.pos.requests.count == 1)
        let diagnosis = IntegrationDiagnostics().report(for: try #require(await harness.states.state(for: harness.id)), now: PollingTestSupport.wall(harness.clock)())
        #expect(diagnosis.codes.first == "pos.credentials_expired")
        try await harness.poller.reconnected(harness.id)
        #expect(await harness.sync().succeeded)
    }

    @Test func rateLimitedRequestsWaitForRetryAfter() async throws {
        let harness = try Harness()
        try await harness.register()
        harness.publish(2)
        harness.pos.script([TransportResponse(status: 429, headers: [HTTPHeaderField("Retry-After", "30")])])
        let report = await harness.sync()
        #expect(report.succeeded)
        #expect(harness.pos.requests.map(\.atMillis) == [Self.baseMillis, Self.baseMillis + 30_000])
        #expect(await harness.states.state(for: harness.id)?.recentRateLimits == [Self.base])
    }

    @Test func exhaustedRateLimitsBackOffUntilRetryAfter() async throws {
        let harness = try Harness()
        try await harness.register()
        let limited = TransportResponse(status: 429, headers: [HTTPHeaderField("Retry-After", "45")])
        harness.pos.script([limited, limited, limited])
        let report = await harness.sync()
        guard case .failed(let failure) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(failure.kind == .rateLimited)
        #expect(failure.detail == "Too many requests (HTTP 429)")
        #expect(report.requests == 3)
        let state = try #require(await harness.states.state(for: harness.id))
        #expect(state.recentRateLimits.count == 3)
        let end = Self.base.addingTimeInterval(90)
        #expect(state.backoffUntil == end.addingTimeInterval(45))
        let skipped = await harness.sync()
        #expect(skipped.outcome == .skipped(.rateLimited(until: end.addingTimeInterval(45))))
        #expect(IntegrationDiagnostics().report(for: state, now: end).codes == ["pos.data_not_updating", "pos.rate_limited"])
        harness.clock.advance(by: .seconds(45))
        #expect(await harness.sync().succeeded)
    }

    @Test(arguments: [500, 502, 503])
    func serverErrorsFollowTheRetryPolicy(_ status: Int) async throws {
        let harness = try Harness()
        try await harness.register()
        harness.pos.script(Array(repeating: TransportResponse(status: status), count: 3))
        let report = await harness.sync()
        guard case .failed(let failure) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(failure.kind == .serverError)
        #expect(failure.detail == "API error: HTTP \(status)")
        #expect(harness.pos.requests.map(\.atMillis) == [0, 1_000, 3_000].map { Self.baseMillis + $0 })
        #expect(try await harness.cursors.cursor(for: harness.id) == nil)
        let state = try #require(await harness.states.state(for: harness.id))
        #expect(state.consecutiveFailures == 1)
        #expect(state.connection == .active)
        #expect(harness.metrics.value(of: .syncTotal, labels: ["source_system": "sim", "status": "failure"]) == 1)
    }

    @Test func timeoutsAreRetriedThenReportedAsConnectionTimeout() async throws {
        let harness = try Harness()
        try await harness.register()
        harness.pos.setFaults(SimulatedPOS.Faults(timeout: 1))
        let report = await harness.sync()
        guard case .failed(let failure) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(failure.kind == .timeout)
        #expect(failure.detail == "Connection timeout")
        #expect(report.requests == 3)
    }

    @Test func oneIntegrationsFailureDoesNotBlockOthers() async throws {
        let harness = try Harness()
        let broken = IntegrationID(tenant: "t1", sourceSystem: "sim", account: "broken")
        try await harness.register()
        try await harness.register(broken)
        harness.publish(3)
        harness.pos.script([TransportResponse(status: 403)])
        let poller = harness.poller
        let reports = await harness.clock.run { await poller.runDue() }
        #expect(reports.map(\.integration) == [broken, harness.id])
        #expect(reports.filter(\.succeeded).count == 1)
        #expect(harness.store.storedIDs.count == 3)
    }

    // MARK: Unmappable elements

    @Test func unmappableTransactionsAreDeadLetteredAndTheRunGoesOn() async throws {
        let harness = try Harness(perPage: 10, deadLetters: true)
        try await harness.register()
        harness.publish(4, bad: [2])
        let report = await harness.sync()
        #expect(report.succeeded)
        #expect(report.inserted == 3)
        #expect(report.deadLettered == 1)
        let letter = try #require(await harness.queue.list(limit: nil).first)
        #expect(letter.source == "sim")
        #expect(letter.tenant == "t1")
        #expect(String(decoding: letter.body, as: UTF8.self).contains("\"not a number\""))
        #expect(letter.reason.contains("time_ms"))
    }

    @Test func withoutADeadLetterQueueAnUnmappableTransactionFailsTheRun() async throws {
        let harness = try Harness(perPage: 10)
        try await harness.register()
        harness.publish(4, bad: [2])
        let report = await harness.sync()
        guard case .failed(let failure) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(failure.kind == .invalidResponse)
        #expect(try await harness.cursors.cursor(for: harness.id) == nil)
    }

    // MARK: Sync Now, concurrency, schedule

    @Test func syncNowJoinsARunInProgress() async throws {
        let gate = TestGate()
        let harness = try Harness(gate: gate)
        try await harness.register()
        harness.publish(2)
        let poller = harness.poller, id = harness.id
        let first = Task { await poller.syncNow(id) }
        while harness.pos.arrivals == 0 { await Task.yield() }
        // The merchant clicks "Sync Now" three more times while the first run waits for the POS.
        let clicks = (0..<3).map { _ in Task { await poller.syncNow(id) } }
        for _ in 0..<100 { await Task.yield() }
        await gate.open()
        let original = await first.value
        var joined: [SyncRunReport] = []
        for click in clicks { joined.append(await click.value) }
        #expect(!original.joinedRunInProgress)
        #expect(original.inserted == 2)
        #expect(harness.pos.arrivals == 1 + joined.filter { !$0.joinedRunInProgress }.count)
        #expect(joined.filter(\.joinedRunInProgress).count >= 1)
        #expect(joined.filter(\.joinedRunInProgress).allSatisfy { $0.inserted == 2 })
        #expect(harness.store.count(.inserted) == 2)
    }

    @Test func concurrencyIsBounded() async throws {
        let gate = TestGate()
        let harness = try Harness(gate: gate, maximumConcurrency: 2)
        let ids = (1...6).map { IntegrationID(tenant: "t1", sourceSystem: "sim", account: "o\($0)") }
        for id in ids { try await harness.register(id) }
        let poller = harness.poller
        let run = Task { await poller.runDue() }
        while harness.pos.arrivals < 2 { await Task.yield() }
        for _ in 0..<200 { await Task.yield() }
        #expect(harness.pos.arrivals == 2)
        await gate.open()
        let reports = await run.value
        #expect(reports.count == 6)
        #expect(reports.allSatisfy { $0.succeeded })
    }

    @Test func theScheduleFollowsTheClock() async throws {
        let harness = try Harness()
        let qasir = IntegrationID(tenant: "t1", sourceSystem: "sim", account: "every-5-minutes")
        let moka = IntegrationID(tenant: "t1", sourceSystem: "sim", account: "hourly")
        var hourly = try harness.configuration()
        hourly.interval = .seconds(3600)
        await harness.poller.register(PollingRegistration(
            integration: qasir, source: SimSource(chronological: true, perPage: 5), context: MappingContext(tenant: "t1"),
            configuration: try harness.configuration()))
        await harness.poller.register(PollingRegistration(
            integration: moka, source: SimSource(chronological: true, perPage: 5), context: MappingContext(tenant: "t1"),
            configuration: hourly))
        let poller = harness.poller
        let loop = Task { await poller.run(idleCheck: .seconds(600)) }
        while harness.clock.now.offset < .seconds(3600) {
            await harness.clock.waitForSleepers(1)
            harness.clock.advanceToNextDeadline()
        }
        await harness.clock.waitForSleepers(1)
        loop.cancel()
        await loop.value
        let requests = harness.pos.requests
        let frequent = requests.filter { $0.account == "every-5-minutes" }.map { ($0.atMillis - Self.baseMillis) / 60_000 }
        let rare = requests.filter { $0.account == "hourly" }.map { ($0.atMillis - Self.baseMillis) / 60_000 }
        #expect(frequent == Array(stride(from: 0, through: 60, by: 5)))
        #expect(rare == [0, 60])
        #expect(harness.metrics.value(of: .syncTotal, labels: ["source_system": "sim", "status": "success"]) == 15)
        #expect(harness.metrics.observations(of: .syncDuration, labels: ["source_system": "sim"]).count == 15)
    }

    @Test func aLongGapIsCaughtUpInBoundedWindows() async throws {
        let harness = try Harness()
        var configuration = try harness.configuration()
        configuration.maximumWindow = .seconds(3600)
        configuration.initialLookback = .seconds(3 * 3600)
        await harness.poller.register(PollingRegistration(
            integration: harness.id, source: SimSource(chronological: true, perPage: 50), context: MappingContext(tenant: "t1"),
            configuration: configuration))
        harness.publish(150, from: -170)
        var reports: [SyncRunReport] = []
        repeat { reports.append(await harness.sync()) } while reports.last?.outcome == .succeeded(caughtUp: false)
        #expect(reports.map(\.outcome) == [.succeeded(caughtUp: false), .succeeded(caughtUp: false), .succeeded(caughtUp: false), .succeeded(caughtUp: true)])
        #expect(harness.store.storedIDs.count == 150)
        #expect(await harness.poller.nextRun(of: harness.id) == harness.clock.now.advanced(by: .seconds(300)))
    }

    // MARK: Historical sync

    @Test func historicalSyncReadsChunksAndLeavesTheCursorAlone() async throws {
        let harness = try Harness(perPage: 100)
        try await harness.register()
        harness.publish(72, from: -3 * 1440)   // a transaction every minute, three days ago
        let from = Self.base.addingTimeInterval(-3 * 86_400), to = Self.base.addingTimeInterval(-2 * 86_400)
        let poller = harness.poller, id = harness.id
        let report = await harness.clock.run {
            await poller.syncHistorical(id, from: from, to: to, chunk: .seconds(8 * 3600))
        }
        #expect(report.chunks == 3)
        #expect(report.failure == nil)
        #expect(report.completedThrough == to)
        #expect(report.totals.inserted == 72)
        let windows = harness.pos.requests.map { ($0.fromMillis - Self.baseMillis) / 3_600_000 }
        #expect(windows == [-72, -64, -56])
        #expect(try await harness.cursors.cursor(for: id) == nil)
    }

    @Test func historicalSyncStopsAtTheFailedChunk() async throws {
        let harness = try Harness(perPage: 100)
        try await harness.register()
        harness.publish(10, from: -2 * 1440)
        harness.pos.script([TransportResponse(status: 200, text: #"{"transactions":[],"next_page":null}"#), TransportResponse(status: 404)])
        let from = Self.base.addingTimeInterval(-3 * 86_400)
        let poller = harness.poller, id = harness.id
        let report = await harness.clock.run {
            await poller.syncHistorical(id, from: from, to: Self.base, chunk: .seconds(86_400))
        }
        #expect(report.chunks == 1)
        #expect(report.completedThrough == from.addingTimeInterval(86_400))
        guard case .failed(let failure)? = report.failure else { Issue.record("\(String(describing: report.failure))"); return }
        #expect(failure.detail == "API error: HTTP 404")
    }
}
