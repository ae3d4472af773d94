import Foundation
import Synchronization
import Testing

@testable import PWBIRetry

/// Loads a JSON fixture from the test bundle's `Resources` folder.
func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources"))
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// A thread-safe log of values appended from any task.
final class Log<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var values: [Element] { items.withLock { $0 } }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = Mutex(0)
    /// Increments and returns the new value.
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
    var count: Int { value.withLock { $0 } }
}

/// An error type of the test's own, to check it comes back unwrapped.
struct FlakyError: Error, Equatable {
    let attempt: Int
}

extension Duration {
    var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension RetryPolicy {
    /// The policy with a fixed wall clock and a seeded random source, for tests.
    func deterministic(seed: UInt64 = 7, now: Date = Date(timeIntervalSince1970: 1_795_305_600)) -> RetryPolicy {
        var copy = self
        copy.randomSource = .seeded(seed)
        copy.wallClock = { now }
        return copy
    }
}

/// Advances `clock` through `count` sleeps: waits until the code under test sleeps, checks the
/// requested delay, and wakes it. Returns the delays observed.
@discardableResult
func stepThroughSleeps(_ clock: ManualClock, count: Int) async -> [Duration] {
    var delays: [Duration] = []
    for _ in 0..<count {
        await clock.waitForSleepers(1)
        guard let next = clock.nextDeadline else { break }
        delays.append(clock.now.duration(to: next))
        clock.advance(to: next)
    }
    return delays
}

/// Advances `clock` through sleeps of exactly `delays`, in order, each waited for by its
/// deadline (so timer sleepers of per-attempt timeouts are never mistaken for them).
func advance(_ clock: ManualClock, through delays: [Duration]) async {
    for delay in delays {
        let deadline = clock.now + delay
        await clock.waitForSleeper(until: deadline)
        clock.advance(to: deadline)
    }
}
