import Testing

@testable import PWBIRetry

@Suite("Circuit breaker", .timeLimit(.minutes(1)))
struct CircuitBreakerTests {
    typealias Breaker = CircuitBreaker<ManualClock>

    static func breaker(
        _ clock: ManualClock, trip: CircuitBreakerTrip = .consecutiveFailures(3), probes: Int = 1,
        transitions: Log<String>? = nil
    ) throws -> Breaker {
        var onStateChange: (@Sendable (Breaker.State, Breaker.State) -> Void)?
        if let transitions {
            onStateChange = { old, new in transitions.append("\(name(old))→\(name(new))") }
        }
        return try Breaker(
            clock: clock, trip: trip, openDuration: .seconds(30), halfOpenProbes: probes, onStateChange: onStateChange)
    }

    static func name(_ state: Breaker.State) -> String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half-open"
        }
    }

    static func fail(_ breaker: Breaker, times: Int) throws {
        for _ in 0..<times { breaker.record(try breaker.acquire(), .failure) }
    }

    @Test func consecutiveFailuresTripAndAProbeCloses() throws {
        let clock = ManualClock()
        let transitions = Log<String>()
        let breaker = try Self.breaker(clock, transitions: transitions)
        try Self.fail(breaker, times: 2)
        breaker.record(try breaker.acquire(), .success)  // resets the run of failures
        try Self.fail(breaker, times: 2)
        #expect(breaker.currentState == .closed)
        try Self.fail(breaker, times: 1)
        #expect(breaker.currentState == .open(until: ManualClock.Instant(offset: .seconds(30))))
        #expect(throws: CircuitOpenError(retryAfter: .seconds(30))) { try breaker.acquire() }
        clock.advance(by: .seconds(10))
        #expect(throws: CircuitOpenError(retryAfter: .seconds(20))) { try breaker.acquire() }
        clock.advance(by: .seconds(20))
        #expect(breaker.currentState == .halfOpen)
        let probe = try breaker.acquire()
        #expect(throws: CircuitOpenError(retryAfter: nil)) { try breaker.acquire() }
        breaker.record(probe, .success)
        #expect(breaker.currentState == .closed)
        #expect(transitions.values == ["closed→open", "open→half-open", "half-open→closed"])
    }

    @Test func failedProbeReopensForAFullPeriod() throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock)
        try Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(31))
        breaker.record(try breaker.acquire(), .failure)
        #expect(breaker.currentState == .open(until: ManualClock.Instant(offset: .seconds(61))))
    }

    @Test func allProbesMustSucceedToClose() throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, probes: 3)
        try Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(30))
        let probes = try (0..<3).map { _ in try breaker.acquire() }
        #expect(throws: CircuitOpenError.self) { try breaker.acquire() }
        breaker.record(probes[0], .success)
        breaker.record(probes[1], .success)
        #expect(breaker.currentState == .halfOpen)
        breaker.record(probes[2], .success)
        #expect(breaker.currentState == .closed)
    }

    @Test func onlyTheAllowedNumberOfProbesPassUnderConcurrentCallers() async throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, probes: 3)
        try Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(30))
        let admitted = Log<Breaker.Permit>()
        let refused = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    do { admitted.append(try breaker.acquire()) } catch { _ = refused.next() }
                }
            }
        }
        #expect(admitted.values.count == 3)
        #expect(refused.count == 197)
        for permit in admitted.values { breaker.record(permit, .success) }
        #expect(breaker.currentState == .closed)
    }

    @Test func concurrentCallsThroughRunNeverExceedTheProbes() async throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, probes: 2)
        try Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(30))
        let ran = Counter()
        // The probes hang on the clock until released, so every other caller meets a busy half-open breaker.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    _ = try? await breaker.run {
                        _ = ran.next()
                        try await clock.sleep(for: .seconds(1))
                    }
                }
            }
            await clock.waitForSleepers(2)
            // Let every caller finish its attempt (refused ones return at once).
            clock.advance(by: .seconds(1))
            try await group.waitForAll()
        }
        #expect(ran.count == 2)
        #expect(breaker.currentState == .closed)
    }

    @Test func staleOutcomesDoNotDisturbALaterState() throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock)
        let slow = try breaker.acquire()  // admitted while closed
        try Self.fail(breaker, times: 3)
        breaker.record(slow, .success)  // arrives after the breaker opened
        #expect(breaker.currentState == .open(until: ManualClock.Instant(offset: .seconds(30))))
        clock.advance(by: .seconds(30))
        let probe = try breaker.acquire()
        breaker.record(slow, .failure)  // still stale: must not reopen
        #expect(breaker.currentState == .halfOpen)
        breaker.record(probe, .success)
        #expect(breaker.currentState == .closed)
    }

    @Test func ignoredProbeFreesItsSlot() throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock)
        try Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(30))
        let probe = try breaker.acquire()
        breaker.record(probe, .ignored)
        let next = try breaker.acquire()
        breaker.record(next, .success)
        #expect(breaker.currentState == .closed)
    }

    @Test func abandonedProbeRoundRestartsAfterAnotherPeriod() throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock)
        try Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(30))
        _ = try breaker.acquire()  // never recorded
        clock.advance(by: .seconds(29))
        #expect(throws: CircuitOpenError.self) { try breaker.acquire() }
        clock.advance(by: .seconds(1))
        let fresh = try breaker.acquire()
        breaker.record(fresh, .success)
        #expect(breaker.currentState == .closed)
    }

    @Test func failureRatioWithinTheWindow() throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, trip: .failureRatio(0.5, minimumCalls: 10, window: .seconds(10)))
        for _ in 0..<5 { breaker.record(try breaker.acquire(), .success) }
        try Self.fail(breaker, times: 4)
        #expect(breaker.currentState == .closed)  // 9 calls: below the minimum
        try Self.fail(breaker, times: 1)
        #expect(breaker.currentState == .open(until: ManualClock.Instant(offset: .seconds(30))))
    }

    @Test func oldCallsLeaveTheWindow() throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, trip: .failureRatio(0.5, minimumCalls: 4, window: .seconds(10)))
        try Self.fail(breaker, times: 3)
        clock.advance(by: .seconds(11))  // those failures are now outside the window
        for _ in 0..<3 { breaker.record(try breaker.acquire(), .success) }
        try Self.fail(breaker, times: 1)
        #expect(breaker.currentState == .closed)  // 1 failure in 4 calls
        try Self.fail(breaker, times: 2)
        #expect(breaker.currentState != .closed)  // 3 of 6
    }

    @Test func resetCloses() throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock)
        try Self.fail(breaker, times: 3)
        breaker.reset()
        #expect(breaker.currentState == .closed)
        _ = try breaker.acquire()
    }

    @Test func defaultClassification() {
        #expect(Breaker.defaultClassification(CancellationError()) == .ignored)
        #expect(Breaker.defaultClassification(HTTPStatusError(statusCode: 404)) == .success)
        #expect(Breaker.defaultClassification(HTTPStatusError(statusCode: 401)) == .success)
        #expect(Breaker.defaultClassification(HTTPStatusError(statusCode: 429)) == .failure)
        #expect(Breaker.defaultClassification(HTTPStatusError(statusCode: 408)) == .failure)
        #expect(Breaker.defaultClassification(HTTPStatusError(statusCode: 503)) == .failure)
        #expect(Breaker.defaultClassification(TransportError(.timeout)) == .failure)
        #expect(Breaker.defaultClassification(FlakyError(attempt: 1)) == .failure)
    }

    @Test func runRecordsThrownErrorsByClassification() async throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, trip: .consecutiveFailures(2))
        for _ in 0..<5 {
            _ = try? await breaker.run { throw HTTPStatusError(statusCode: 404) }
        }
        #expect(breaker.currentState == .closed)
        for _ in 0..<2 {
            _ = try? await breaker.run { throw HTTPStatusError(statusCode: 503) }
        }
        await #expect(throws: CircuitOpenError.self) { try await breaker.run { 1 } }
    }

    @Test func validation() {
        let clock = ManualClock()
        #expect(throws: RetryConfigurationError.self) { try Self.breaker(clock, trip: .consecutiveFailures(0)) }
        #expect(throws: RetryConfigurationError.self) {
            try Self.breaker(clock, trip: .failureRatio(1.5, minimumCalls: 5, window: .seconds(10)))
        }
        #expect(throws: RetryConfigurationError.self) {
            try Self.breaker(clock, trip: .failureRatio(0, minimumCalls: 5, window: .seconds(10)))
        }
        #expect(throws: RetryConfigurationError.self) {
            try Self.breaker(clock, trip: .failureRatio(-0.1, minimumCalls: 5, window: .seconds(10)))
        }
        #expect(throws: RetryConfigurationError.self) {
            try Self.breaker(clock, trip: .failureRatio(0.5, minimumCalls: 0, window: .seconds(10)))
        }
        #expect(throws: RetryConfigurationError.self) {
            try Self.breaker(clock, trip: .failureRatio(0.5, minimumCalls: 5, window: .zero))
        }
        #expect(throws: RetryConfigurationError.self) { try Self.breaker(clock, probes: 0) }
        #expect(throws: RetryConfigurationError.self) {
            try CircuitBreaker(clock: clock, trip: .consecutiveFailures(1), openDuration: .seconds(-1))
        }
    }

    // MARK: Around the executor

    @Test func executorStopsWhenTheBreakerOpensMidRetries() async throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, trip: .consecutiveFailures(2))
        let policy = try RetryPolicy(maximumAttempts: 5, backoff: .constant(.seconds(1)), classifier: .standard).deterministic()
        let calls = Counter()
        let task = Task {
            await policy.execute(on: clock, circuitBreaker: breaker) { () async throws -> Int in
                _ = calls.next()
                throw HTTPStatusError(statusCode: 503)
            }
        }
        await advance(clock, through: [.seconds(1)])
        let result = await task.value  // no sleep after attempt 2: the breaker is open for 30 s
        #expect(clock.now.offset == .seconds(1))
        #expect(calls.count == 2)
        #expect(result.attempts == 2)
        #expect(result.stopReason == .circuitOpen)
        #expect((result.error as? HTTPStatusError)?.statusCode == 503)
    }

    @Test func executorSleepsThroughAnOpenPeriodThatEndsFirstAndProbes() async throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, trip: .consecutiveFailures(1))
        let policy = try RetryPolicy(maximumAttempts: 3, backoff: .constant(.seconds(31)), classifier: .standard)
        let calls = Counter()
        let task = Task {
            await policy.execute(on: clock, circuitBreaker: breaker) { () async throws -> String in
                if calls.next() == 1 { throw TransportError(.connectionReset) }
                return "recovered"
            }
        }
        // Open until 30 s; the 31 s sleep ends after that, so the retry is the half-open probe.
        await advance(clock, through: [.seconds(31)])
        let result = await task.value
        #expect(result.value == "recovered")
        #expect(result.attempts == 2)
        #expect(breaker.currentState == .closed)
    }

    @Test func executorReportsTheOpenBreakerWhenNoAttemptRan() async throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, trip: .consecutiveFailures(1))
        try Self.fail(breaker, times: 1)
        let policy = try RetryPolicy(backoff: .constant(.seconds(1)))
        let result = await policy.execute(on: clock, circuitBreaker: breaker) { 1 }
        #expect(result.attempts == 0)
        #expect(result.stopReason == .circuitOpen)
        #expect(result.error as? CircuitOpenError == CircuitOpenError(retryAfter: .seconds(30)))
    }

    @Test func executorSuccessClosesAHalfOpenBreaker() async throws {
        let clock = ManualClock()
        let breaker = try Self.breaker(clock, trip: .consecutiveFailures(1))
        try Self.fail(breaker, times: 1)
        clock.advance(by: .seconds(30))
        let policy = try RetryPolicy(backoff: .constant(.seconds(1)))
        #expect(try await policy.run(on: clock, circuitBreaker: breaker) { "ok" } == "ok")
        #expect(breaker.currentState == .closed)
    }
}
