import Foundation
import Testing

@testable import PWBIRetry

@Suite("Retry executor on the manual clock", .timeLimit(.minutes(1)))
struct RetryExecutorTests {
    static func policy(
        attempts: Int? = 5, timeLimit: Duration? = nil, attemptTimeout: Duration? = nil,
        backoff: Backoff? = nil, classifier: FailureClassifier = .retryAll, budget: RetryBudget? = nil,
        maximumRetryAfter: Duration = .seconds(300)
    ) throws -> RetryPolicy {
        try RetryPolicy(
            maximumAttempts: attempts, timeLimit: timeLimit, attemptTimeout: attemptTimeout,
            backoff: backoff ?? .exponential(initial: .seconds(1), maximum: .seconds(60)),
            classifier: classifier, maximumRetryAfter: maximumRetryAfter, budget: budget
        ).deterministic()
    }

    @Test func successOnFirstAttempt() async throws {
        let clock = ManualClock()
        let records = Log<RetryAttemptRecord>()
        let result = try await Self.policy().execute(on: clock, onAttempt: { records.append($0) }) { 42 }
        #expect(try result.get() == 42)
        #expect(result.attempts == 1)
        #expect(result.totalDelay == .zero)
        #expect(result.stopReason == nil)
        #expect(records.values.count == 1)
        #expect(clock.now == .zero)
    }

    @Test func retriesWithExactDelaysThenSucceeds() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let records = Log<RetryAttemptRecord>()
        let policy = try Self.policy()
        let task = Task {
            await policy.execute(on: clock, onAttempt: { records.append($0) }) {
                let call = calls.next()
                if call < 4 { throw FlakyError(attempt: call) }
                return "ok after \(call)"
            }
        }
        let delays = await stepThroughSleeps(clock, count: 3)
        let result = await task.value
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4)])
        #expect(try result.get() == "ok after 4")
        #expect(result.attempts == 4)
        #expect(result.totalDelay == .seconds(7))
        #expect(clock.now.offset == .seconds(7))
        let attempts = records.values.map(\.attempt)
        #expect(attempts == [1, 2, 3, 4])
        let decisions: [RetryDecision?] = records.values.map {
            if case .failed(_, let decision) = $0.outcome { return decision }
            return nil
        }
        #expect(decisions == [.retry(after: .seconds(1)), .retry(after: .seconds(2)), .retry(after: .seconds(4)), nil])
        #expect(records.values.map(\.delaySoFar) == [.zero, .seconds(1), .seconds(3), .seconds(7)])
    }

    @Test("attempt counts are exact (attempts, not retries)", arguments: [1, 2, 3, 7])
    func attemptsExhausted(_ maximum: Int) async throws {
        let clock = ManualClock()
        let calls = Counter()
        let policy = try Self.policy(attempts: maximum, backoff: .constant(.milliseconds(100)))
        let task = Task {
            await policy.execute(on: clock) { () async throws -> Int in throw FlakyError(attempt: calls.next()) }
        }
        await stepThroughSleeps(clock, count: maximum - 1)
        let result = await task.value
        #expect(calls.count == maximum)
        #expect(result.attempts == maximum)
        #expect(result.stopReason == .attemptsExhausted)
        #expect(result.totalDelay == .milliseconds(100) * (maximum - 1))
        #expect((result.error as? FlakyError) == FlakyError(attempt: maximum))
    }

    @Test func runRethrowsTheLastUnderlyingErrorWithItsType() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let policy = try Self.policy(attempts: 3)
        let task = Task {
            try await policy.run(on: clock) { () async throws -> Int in throw FlakyError(attempt: calls.next()) }
        }
        await stepThroughSleeps(clock, count: 2)
        await #expect(throws: FlakyError(attempt: 3)) { try await task.value }
    }

    @Test func permanentFailureStopsAtOnce() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let result = try await Self.policy(classifier: .standard).execute(on: clock) { () async throws -> Int in
            _ = calls.next()
            throw HTTPStatusError(statusCode: 404)
        }
        #expect(calls.count == 1)
        #expect(result.stopReason == .notRetryable)
        #expect((result.error as? HTTPStatusError)?.statusCode == 404)
        #expect(clock.now == .zero)
    }

    @Test func retryAfterIsHonouredAndCapped() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let policy = try Self.policy(classifier: .standard, maximumRetryAfter: .seconds(30))
        let task = Task {
            await policy.execute(on: clock) { () async throws -> Int in
                switch calls.next() {
                case 1: throw HTTPStatusError(statusCode: 429, retryAfterHeader: "7")
                case 2: throw HTTPStatusError(statusCode: 503, retryAfterHeader: "3600")
                case 3: throw HTTPStatusError(statusCode: 429, retryAfterHeader: "garbage")
                case 4: throw HTTPStatusError(statusCode: 503, retryAfterHeader: "Sun, 22 Nov 2026 00:00:12 GMT")
                default: return 1
                }
            }
        }
        let delays = await stepThroughSleeps(clock, count: 4)
        let result = await task.value
        // 7 s asked; 3600 s capped at 30 s; garbage → backoff for retry 3 (4 s); a date 12 s ahead of the wall clock.
        #expect(delays == [.seconds(7), .seconds(30), .seconds(4), .seconds(12)])
        #expect(result.attempts == 5)
        #expect(result.totalDelay == .seconds(53))
    }

    @Test func deadlineIsNeverExceededIncludingTheFinalSleep() async throws {
        let clock = ManualClock()
        let calls = Counter()
        // Delays 1, 2, 4…: after attempt 3 (t = 3 s) the next 4 s sleep would end at 7 s ≥ 5 s.
        let policy = try Self.policy(attempts: nil, timeLimit: .seconds(5))
        let task = Task {
            await policy.execute(on: clock) { () async throws -> Int in throw FlakyError(attempt: calls.next()) }
        }
        let delays = await stepThroughSleeps(clock, count: 2)
        let result = await task.value
        #expect(delays == [.seconds(1), .seconds(2)])
        #expect(result.stopReason == .deadlineExceeded)
        #expect(result.attempts == 3)
        #expect(clock.now.offset == .seconds(3))
        #expect(clock.sleeperCount == 0)
        #expect((result.error as? FlakyError) == FlakyError(attempt: 3))
    }

    @Test func sleepEndingExactlyAtTheDeadlineIsRefused() async throws {
        let clock = ManualClock()
        let policy = try Self.policy(attempts: nil, timeLimit: .seconds(1), backoff: .constant(.seconds(1)))
        let result = await policy.execute(on: clock) { () async throws -> Int in throw FlakyError(attempt: 1) }
        #expect(result.attempts == 1)
        #expect(result.stopReason == .deadlineExceeded)
        #expect(clock.now == .zero)
    }

    @Test func retryAfterBeyondTheDeadlineStops() async throws {
        let clock = ManualClock()
        let policy = try Self.policy(timeLimit: .seconds(10), classifier: .standard)
        let result = await policy.execute(on: clock) { () async throws -> Int in
            throw HTTPStatusError(statusCode: 429, retryAfterHeader: "60")
        }
        #expect(result.attempts == 1)
        #expect(result.stopReason == .deadlineExceeded)
    }

    @Test func cancellationDuringSleepEndsPromptlyWithCancellationError() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let policy = try Self.policy(backoff: .constant(.seconds(3600)))
        let task = Task {
            await policy.execute(on: clock) { () async throws -> Int in throw FlakyError(attempt: calls.next()) }
        }
        await clock.waitForSleepers(1)
        task.cancel()
        let result = await task.value
        #expect(result.error is CancellationError)
        #expect(result.stopReason == .cancelled)
        #expect(result.attempts == 1)
        #expect(result.totalDelay == .zero)
        #expect(calls.count == 1)
        #expect(clock.now == .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func runThrowsCancellationErrorWhenCancelledMidSleep() async throws {
        let clock = ManualClock()
        let policy = try Self.policy(backoff: .constant(.seconds(10)))
        let task = Task {
            try await policy.run(on: clock) { () async throws -> Int in throw FlakyError(attempt: 1) }
        }
        await clock.waitForSleepers(1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func cancellationErrorFromTheOperationIsNotRetried() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let result = try await Self.policy(classifier: .retryAll).execute(on: clock) { () async throws -> Int in
            _ = calls.next()
            throw CancellationError()
        }
        #expect(calls.count == 1)
        #expect(result.stopReason == .cancelled)
        #expect(result.error is CancellationError)
    }

    @Test func alreadyCancelledTaskMakesNoAttempt() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let policy = try Self.policy()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await policy.execute(on: clock) { _ = calls.next(); return 1 }
        }
        let result = await task.value
        #expect(calls.count == 0)
        #expect(result.attempts == 0)
        #expect(result.error is CancellationError)
    }

    @Test func perAttemptTimeoutCancelsASlowAttemptAndRetries() async throws {
        let clock = ManualClock()
        let calls = Counter()
        let policy = try Self.policy(attempts: 3, attemptTimeout: .seconds(10), backoff: .constant(.seconds(1)))
        let task = Task {
            await policy.execute(on: clock) { () async throws -> String in
                let call = calls.next()
                if call == 1 {
                    try await clock.sleep(for: .seconds(3600))  // hangs until cancelled by the timeout
                }
                return "attempt \(call)"
            }
        }
        // Attempt 1: the operation and the 10 s timer both sleep.
        await clock.waitForSleepers(2)
        #expect(clock.sleeperDeadlines.map(\.offset) == [.seconds(10), .seconds(3600)])
        clock.advance(by: .seconds(10))
        // The backoff sleep (1 s) follows the timeout.
        await clock.waitForSleepers(1, deadlineNoLaterThan: ManualClock.Instant(offset: .seconds(11)))
        clock.advance(by: .seconds(1))
        let result = await task.value
        #expect(try result.get() == "attempt 2")
        #expect(result.attempts == 2)
        #expect(result.totalDelay == .seconds(1))
        #expect(clock.sleeperCount == 0)
    }

    @Test func attemptTimeoutIsReportedAsTheLastError() async throws {
        let clock = ManualClock()
        let policy = try Self.policy(attempts: 1, attemptTimeout: .seconds(5))
        let task = Task {
            await policy.execute(on: clock) { () async throws -> Int in
                try await clock.sleep(for: .seconds(60))
                return 1
            }
        }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(5))
        let result = await task.value
        #expect(result.error as? AttemptTimeoutError == AttemptTimeoutError(attempt: 1, timeout: .seconds(5)))
        #expect(result.stopReason == .attemptsExhausted)
    }

    @Test func attemptTimeoutIsClampedToTheDeadline() async throws {
        let clock = ManualClock()
        let policy = try Self.policy(attempts: 5, timeLimit: .seconds(4), attemptTimeout: .seconds(10))
        let task = Task {
            await policy.execute(on: clock) { () async throws -> Int in
                try await clock.sleep(for: .seconds(60))
                return 1
            }
        }
        await clock.waitForSleepers(2)
        #expect(clock.nextDeadline?.offset == .seconds(4))
        clock.advance(by: .seconds(4))
        let result = await task.value
        #expect(result.stopReason == .deadlineExceeded)
        #expect(result.error as? AttemptTimeoutError == AttemptTimeoutError(attempt: 1, timeout: .seconds(4)))
    }

    @Test func fastOperationWithTimeoutLeavesNoSleeperBehind() async throws {
        let clock = ManualClock()
        let policy = try Self.policy(attemptTimeout: .seconds(10))
        let value = try await policy.run(on: clock) { 7 }
        #expect(value == 7)
        #expect(clock.sleeperCount == 0)
    }

    @Test func jitteredDelaysFollowTheSeededSchedule() async throws {
        let clock = ManualClock()
        let backoff = try Backoff.exponential(initial: .seconds(1), maximum: .seconds(10), jitter: .full)
        let policy = try Self.policy(attempts: 5, backoff: backoff)
        let task = Task {
            await policy.execute(on: clock) { () async throws -> Int in throw FlakyError(attempt: 0) }
        }
        let delays = await stepThroughSleeps(clock, count: 4)
        _ = await task.value
        var generator = RandomSource.seeded(7).makeGenerator()
        #expect(delays == backoff.schedule(retries: 4, using: &generator))
    }

    @Test func policyValidation() throws {
        let backoff = try Backoff.constant(.seconds(1))
        #expect(throws: RetryConfigurationError(parameter: "maximumAttempts", reason: "must be at least 1, got 0")) {
            try RetryPolicy(maximumAttempts: 0, backoff: backoff)
        }
        #expect(throws: RetryConfigurationError.self) { try RetryPolicy(maximumAttempts: nil, backoff: backoff) }
        #expect(throws: RetryConfigurationError.self) { try RetryPolicy(timeLimit: .zero, backoff: backoff) }
        #expect(throws: RetryConfigurationError.self) { try RetryPolicy(timeLimit: .seconds(-5), backoff: backoff) }
        #expect(throws: RetryConfigurationError.self) { try RetryPolicy(attemptTimeout: .zero, backoff: backoff) }
        #expect(throws: RetryConfigurationError.self) { try RetryPolicy(backoff: backoff, maximumRetryAfter: .seconds(-1)) }
        _ = try RetryPolicy(maximumAttempts: nil, timeLimit: .seconds(30), backoff: backoff)
    }

    @Test func worksOnContinuousClockWithoutSleepingWhenNoDelay() async throws {
        let policy = try Self.policy(attempts: 3, backoff: .constant(.zero))
        let calls = Counter()
        let value = try await policy.run(on: ContinuousClock()) { () async throws -> Int in
            let call = calls.next()
            if call < 3 { throw FlakyError(attempt: call) }
            return call
        }
        #expect(value == 3)
    }
}
