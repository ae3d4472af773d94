import Foundation
import PWBIRetry
import Synchronization

/// `pwbi-bench retry`: what the retry machinery costs on the success path, where it runs on
/// every call — the executor around an operation that succeeds at once, a circuit-breaker
/// check (acquire + record) under contention, and one jittered backoff delay.
let retrySuites: [Suite] = [
    Suite(name: "retry", summary: "executor overhead per successful call, circuit-breaker check under contention") {
        try RetryBenchmarks.run()
    }
]

enum RetryBenchmarks {
    /// Async calls per timed body; the task hop that bridges each body into async code is
    /// amortised over them (≈ 1–2 ns per call).
    static let batch = 20_000

    static func run() throws -> [BenchmarkLine] {
        var lines: [BenchmarkLine] = []
        let clock = ContinuousClock()
        let plain = try RetryPolicy(maximumAttempts: 3, backoff: .exponential(initial: .seconds(1), maximum: .seconds(10)))
        let timed = RetryPolicy.referenceAPICall
        let breaker = try CircuitBreaker(clock: clock, trip: .consecutiveFailures(5), openDuration: .seconds(30))
        let counter = Sink()

        // 1. One successful call: direct, through the executor, through the executor with the
        //    reference preset's per-attempt timeout (a timer task per attempt), and with a breaker.
        let executor = Timing.interleaved(samples: 11, iterations: 1, [
            ("direct-call", { runBlocking { for i in 0..<batch { counter.add(await operation(i)) } } }),
            ("executor", {
                runBlocking {
                    for i in 0..<batch { counter.add(await plain.execute(on: clock) { await operation(i) }.value ?? 0) }
                }
            }),
            ("executor-attempt-timeout", {
                runBlocking {
                    for i in 0..<batch { counter.add(await timed.execute(on: clock) { await operation(i) }.value ?? 0) }
                }
            }),
            ("executor-breaker", {
                runBlocking {
                    for i in 0..<batch {
                        counter.add(await plain.execute(on: clock, circuitBreaker: breaker) { await operation(i) }.value ?? 0)
                    }
                }
            }),
        ]).mapValues { $0 * 1e9 / Double(batch) }
        lines.append(BenchmarkLine(
            benchmark: "retry-executor-success", unit: "ns/call", ours: executor["executor"] ?? .nan,
            peers: [("direct-call", executor["direct-call"] ?? .nan)]))
        lines.append(BenchmarkLine(
            benchmark: "retry-executor-success-attempt-timeout", unit: "ns/call",
            ours: executor["executor-attempt-timeout"] ?? .nan, peers: [("direct-call", executor["direct-call"] ?? .nan)]))
        lines.append(BenchmarkLine(
            benchmark: "retry-executor-success-breaker", unit: "ns/call", ours: executor["executor-breaker"] ?? .nan,
            peers: [("direct-call", executor["direct-call"] ?? .nan)]))

        // 2. Circuit-breaker check (acquire + record success) from 1 task and from 16 concurrent
        //    tasks; the peer is the floor for any lock-based design: one Mutex-protected increment.
        let mutex = LockedCounter()
        for tasks in [1, 16] {
            let perTask = 50_000
            let checks = Timing.interleaved(samples: 11, iterations: 1, [
                ("breaker", {
                    runBlocking {
                        await withTaskGroup(of: Void.self) { group in
                            for _ in 0..<tasks {
                                group.addTask {
                                    for _ in 0..<perTask {
                                        if let permit = try? breaker.acquire() { breaker.record(permit, .success) }
                                    }
                                }
                            }
                        }
                    }
                }),
                ("mutex-increment", {
                    runBlocking {
                        await withTaskGroup(of: Void.self) { group in
                            for _ in 0..<tasks {
                                group.addTask { for _ in 0..<perTask { mutex.increment() } }
                            }
                        }
                    }
                }),
            ]).mapValues { $0 * 1e9 / Double(tasks * perTask) }
            lines.append(BenchmarkLine(
                benchmark: "retry-breaker-check-\(tasks)-task\(tasks == 1 ? "" : "s")", unit: "ns/check",
                ours: checks["breaker"] ?? .nan, peers: [("mutex-increment", checks["mutex-increment"] ?? .nan)]))
        }

        // 3. One jittered delay (full jitter, seeded generator).
        let backoff = try Backoff.exponential(initial: .milliseconds(100), maximum: .seconds(10), jitter: .full)
        var generator = SeededRandomNumberGenerator(seed: 42)
        let delays = 1_000_000
        let delay = Timing.interleaved(samples: 11, iterations: 1, [
            ("full-jitter", {
                var total = Duration.zero
                for retry in 0..<delays { total += backoff.delay(forRetry: retry & 7 + 1, using: &generator) }
                blackHole(total)
            })
        ]).mapValues { $0 * 1e9 / Double(delays) }
        lines.append(BenchmarkLine(benchmark: "retry-backoff-delay-full-jitter", unit: "ns/delay", ours: delay["full-jitter"] ?? .nan))
        blackHole(counter.total)
        return lines
    }

    /// The operation under test: succeeds at once with a value the optimiser cannot predict.
    @inline(never)
    static func operation(_ i: Int) async -> Int { i &* 31 &+ 7 }

    /// One `Mutex`-protected integer: the cheapest thing a lock-based breaker could do.
    final class LockedCounter: Sendable {
        private let value = Mutex(0)
        func increment() { value.withLock { $0 &+= 1 } }
    }

    /// Accumulates results so no call can be optimised away.
    final class Sink: Sendable {
        private let sum = Atomic<Int>(0)
        func add(_ value: Int) { sum.wrappingAdd(value, ordering: .relaxed) }
        var total: Int { sum.load(ordering: .relaxed) }
    }
}
