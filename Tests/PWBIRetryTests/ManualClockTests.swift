import Testing

@testable import PWBIRetry

@Suite("ManualClock", .timeLimit(.minutes(1)))
struct ManualClockTests {
    @Test func startsAtZeroAndAdvances() {
        let clock = ManualClock()
        #expect(clock.now == .zero)
        clock.advance(by: .seconds(3))
        #expect(clock.now == ManualClock.Instant(offset: .seconds(3)))
        clock.advance(by: .seconds(-1))
        #expect(clock.now.offset == .seconds(3))
        clock.advance(to: ManualClock.Instant(offset: .seconds(1)))
        #expect(clock.now.offset == .seconds(3))
        #expect(clock.minimumResolution == .zero)
    }

    @Test func instantArithmetic() {
        let a = ManualClock.Instant(offset: .seconds(2))
        let b = a.advanced(by: .milliseconds(1500))
        #expect(a.duration(to: b) == .milliseconds(1500))
        #expect(a < b)
        #expect(b - a == .milliseconds(1500))
    }

    @Test func pastDeadlineReturnsImmediately() async throws {
        let clock = ManualClock(now: ManualClock.Instant(offset: .seconds(10)))
        try await clock.sleep(until: ManualClock.Instant(offset: .seconds(5)))
        try await clock.sleep(for: .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func sleepersWakeInDeadlineOrder() async throws {
        let clock = ManualClock()
        let order = Log<Int>()
        let delays = [5, 1, 3, 2, 4]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, seconds) in delays.enumerated() {
                group.addTask {
                    try await clock.sleep(for: .seconds(seconds))
                    order.append(seconds)
                    _ = index
                }
            }
            await clock.waitForSleepers(delays.count)
            #expect(clock.sleeperDeadlines.map(\.offset) == [1, 2, 3, 4, 5].map { .seconds($0) })
            for step in 1...5 {
                clock.advance(by: .seconds(1))
                // Exactly one sleeper is due at each step; wait until it has run.
                while order.values.count < step { await Task.yield() }
                #expect(clock.sleeperCount == 5 - step)
            }
            try await group.waitForAll()
        }
        #expect(order.values == [1, 2, 3, 4, 5])
    }

    @Test func advanceWakesOnlyWhatIsDue() async throws {
        let clock = ManualClock()
        let early = Task { try await clock.sleep(for: .seconds(1)) }
        let late = Task { try await clock.sleep(for: .seconds(10)) }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(5))
        try await early.value
        #expect(clock.sleeperCount == 1)
        #expect(clock.nextDeadline?.offset == .seconds(10))
        #expect(clock.advanceToNextDeadline())
        try await late.value
        #expect(clock.now.offset == .seconds(10))
        #expect(!clock.advanceToNextDeadline())
    }

    @Test func runPlaysConsecutiveSleepsOutWithoutRealWaiting() async {
        let clock = ManualClock()
        let woke = Log<Duration>()
        let total = await clock.run {
            for seconds in [1, 7, 30] {
                try? await clock.sleep(for: .seconds(seconds))
                woke.append(clock.now.offset)
            }
            return clock.now.offset
        }
        #expect(woke.values == [.seconds(1), .seconds(8), .seconds(38)])
        #expect(total == .seconds(38))
        #expect(clock.sleeperCount == 0)
    }

    @Test func runReturnsAtOnceWhenNothingSleeps() async {
        let clock = ManualClock()
        let value = await clock.run { 42 }
        #expect(value == 42)
        #expect(clock.now == .zero)
    }

    @Test func cancellationEndsASleepAtOnce() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        let result = await sleeper.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
        #expect(clock.now == .zero)
    }

    @Test func cancelledBeforeSleepingThrows() async {
        let clock = ManualClock()
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(1))
        }
        let result = await sleeper.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
    }

    @Test func waitForSleepersWithDeadlineLimit() async throws {
        let clock = ManualClock()
        let long = Task { try await clock.sleep(for: .seconds(100)) }
        await clock.waitForSleepers(1)
        let short = Task { try await clock.sleep(for: .seconds(2)) }
        await clock.waitForSleepers(1, deadlineNoLaterThan: ManualClock.Instant(offset: .seconds(2)))
        #expect(clock.sleeperCount == 2)
        clock.advance(by: .seconds(2))
        try await short.value
        long.cancel()
        _ = await long.result
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellingAWaiterReturns() async {
        let clock = ManualClock()
        let waiter = Task { await clock.waitForSleepers(3) }
        waiter.cancel()
        await waiter.value
        #expect(clock.sleeperCount == 0)
    }

    @Test func manyConcurrentSleepersAllWake() async throws {
        let clock = ManualClock()
        let woke = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await clock.sleep(for: .milliseconds(index % 7 + 1))
                    _ = woke.next()
                }
            }
            await clock.waitForSleepers(200)
            clock.advance(by: .milliseconds(7))
            try await group.waitForAll()
        }
        #expect(woke.count == 200)
        #expect(clock.sleeperCount == 0)
    }
}
