import Foundation
import Testing
import PWBIIntegration
import PWBIMapping
import PWBIRetry

/// The polling synchroniser under injected faults, over many seeded random runs: timeouts, 429
/// with Retry-After, 500, 401, duplicate pages, crashes between storing and advancing the cursor,
/// and late-arriving transactions. After every run the cursor is never ahead of the stored data;
/// at the end nothing is lost and nothing is stored twice.
@Suite("Polling under injected faults")
struct PollingFaultInjectionTests {
    struct Outcome: Sendable {
        var problems: [String] = []
        var runs = 0
        var failedRuns = 0
        var requests = 0
    }

    /// One seeded scenario: two and a half simulated hours of a merchant's day, polled every 5 minutes.
    static func scenario(seed: UInt64) async throws -> Outcome {
        var random = TestRandom(seed: seed &* 0x9E37_79B9 &+ 1)
        var outcome = Outcome()
        let clock = ManualClock()
        let wall = PollingTestSupport.wall(clock)
        let baseMillis = Int64(PollingTestSupport.base.timeIntervalSince1970 * 1000)
        let pos = SimulatedPOS(seed: seed, wallMillis: PollingTestSupport.wallMillis(clock))
        let store = RecordingStore()
        let cursors = CrashingCursorStore()
        let states = InMemoryIntegrationStateStore()
        let id = IntegrationID(tenant: "t\(seed)", sourceSystem: "sim", account: "outlet-\(seed % 3)")

        // 20–60 transactions over [-30 min, +2 h]; each reaches the POS 0–5 minutes after it happened.
        let count = 20 + Int(random.next() % 41)
        for index in 0..<count {
            let millis = baseMillis - 30 * 60_000 + Int64(random.next() % UInt64(150 * 60_000))
            let delay = Int64(random.next() % UInt64(5 * 60_000))
            pos.publish(.init(id: "S\(seed)-\(index)", millis: millis, publishedMillis: millis + delay, total: 1000 + index))
        }
        pos.setFaults(SimulatedPOS.Faults(timeout: 0.08, rateLimit: 0.06, serverError: 0.06, unauthorized: 0.01, duplicatePage: 0.1))
        store.failAfterStoring(probability: 0.01, seed: seed ^ 0xA5A5)
        cursors.crash(probability: 0.05, seed: seed ^ 0x5A5A)

        var configuration = PollingConfiguration(interval: .seconds(300), overlap: .seconds(600), rateLimitBackoff: .seconds(120))
        configuration.retryPolicy = try PollingTestSupport.policy()
        let poller = PollingSynchronizer(
            store: store, cursors: cursors, states: states, transport: pos, clock: clock, wallClock: wall)
        await poller.register(PollingRegistration(
            integration: id, source: SimSource(chronological: seed.isMultiple(of: 2), perPage: 3 + Int(seed % 6)),
            context: MappingContext(tenant: id.tenant), configuration: configuration))

        func check(after report: SyncRunReport) async throws {
            guard let cursor = try await cursors.cursor(for: id) else { return }
            let watermark = Int64((cursor.watermark.timeIntervalSince1970 * 1000).rounded(.down))
            let stored = store.storedIDs
            // Everything that happened before the watermark and had reached the POS by then is stored
            // (later arrivals are the overlap's business, checked at the end).
            for transaction in pos.all where transaction.millis < watermark && transaction.publishedMillis <= watermark {
                if !stored.contains(transaction.id) {
                    outcome.problems.append("seed \(seed): cursor \(watermark) is ahead of unstored \(transaction.id) at \(transaction.millis)")
                }
            }
            if cursor.watermark > wall() { outcome.problems.append("seed \(seed): cursor in the future") }
        }

        func syncOnce() async throws {
            let report = await clock.run { await poller.syncNow(id) }
            outcome.runs += 1
            outcome.requests += report.requests
            if !report.succeeded { outcome.failedRuns += 1 }
            try await check(after: report)
            if case .failed(let failure) = report.outcome, failure.kind == .authentication {
                // The merchant reconnects.
                try await poller.reconnected(id)
            }
        }

        // The day: a run every 5 minutes (some runs are skipped while rate limited).
        for step in 0...30 {
            clock.advance(to: ManualClock.Instant(offset: .seconds(step * 300)))
            try await syncOnce()
        }

        // The faults stop; catch up.
        pos.setFaults(.none)
        store.failAfterStoring(probability: 0, seed: 0)
        cursors.crash(probability: 0, seed: 0)
        clock.advance(by: .seconds(3600))
        var caughtUp = false
        for _ in 0..<10 where !caughtUp {
            try await poller.reconnected(id)
            let report = await clock.run { await poller.syncNow(id) }
            if case .succeeded(true) = report.outcome { caughtUp = true }
        }
        if !caughtUp { outcome.problems.append("seed \(seed): never caught up") }

        let expected = Set(pos.all.map(\.id))
        let stored = store.storedIDs
        if stored != expected {
            outcome.problems.append("seed \(seed): lost \(expected.subtracting(stored).sorted()), extra \(stored.subtracting(expected).sorted())")
        }
        if store.count(.inserted) != expected.count {
            outcome.problems.append("seed \(seed): \(store.count(.inserted)) inserts for \(expected.count) transactions")
        }
        if store.count(.updated) != 0 { outcome.problems.append("seed \(seed): \(store.count(.updated)) re-reads changed a stored transaction") }
        return outcome
    }

    /// Seeds 1…1000. Every tenth by default (about 10 s in a debug build); all thousand with
    /// `PWBI_FULL_SEEDED_RUNS=1`, as CI's release run sets it.
    static var seeds: [UInt64] {
        let full = ProcessInfo.processInfo.environment["PWBI_FULL_SEEDED_RUNS"] == "1"
        return Array(stride(from: UInt64(1), through: 1000, by: full ? 1 : 10))
    }

    @Test func seededRunsLoseNothingAndDuplicateNothing() async throws {
        let seeds = Self.seeds
        var total = Outcome()
        for seed in seeds {
            let outcome = try await Self.scenario(seed: seed)
            total.problems += outcome.problems
            total.runs += outcome.runs
            total.failedRuns += outcome.failedRuns
            total.requests += outcome.requests
        }
        #expect(total.problems.isEmpty, "\(total.problems.prefix(10))")
        // The faults really happened: many runs failed and were recovered from.
        #expect(total.runs == 31 * seeds.count)
        #expect(total.failedRuns > seeds.count)
        #expect(total.requests > total.runs)
    }
}
