import Foundation
import Testing

@testable import PWBIRetry

@Suite("Reference presets", .timeLimit(.minutes(1)))
struct PresetTests {
    static let apiCall = RetryPolicy.referenceAPICall.deterministic()
    static let sender = RetryPolicy.referenceWebhookSender.deterministic()

    @Test func apiCallShape() {
        let policy = RetryPolicy.referenceAPICall
        #expect(policy.maximumAttempts == 3)
        #expect(policy.attemptTimeout == .seconds(10))
        #expect(policy.timeLimit == nil)
        #expect(policy.backoff.jitter == .none)
        // wait_exponential(multiplier=1, min=1, max=10)
        #expect((1...6).map(policy.backoff.nominalDelay(forRetry:))
            == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test("5xx, timeouts and connection errors: 3 attempts, waits of 1 s then 2 s", arguments: [
        HTTPStatusError(statusCode: 500) as any Error, HTTPStatusError(statusCode: 501), HTTPStatusError(statusCode: 503),
        HTTPStatusError(statusCode: 599), TransportError(.timeout), TransportError(.connectionReset),
        TransportError(.connectionRefused),
    ])
    func apiCallRetriesTransientFailures(_ failure: any Error) async {
        let clock = ManualClock()
        let calls = Counter()
        let task = Task {
            await Self.apiCall.execute(on: clock) { () async throws -> Int in
                _ = calls.next()
                throw failure
            }
        }
        await advance(clock, through: [.seconds(1), .seconds(2)])
        let result = await task.value
        #expect(calls.count == 3)
        #expect(result.attempts == 3)
        #expect(result.totalDelay == .seconds(3))
        #expect(result.stopReason == .attemptsExhausted)
        #expect(clock.now.offset == .seconds(3))
    }

    @Test("other 4xx stop at once", arguments: [400, 401, 403, 404, 408, 409, 422])
    func apiCallStopsOnClientErrors(_ status: Int) async {
        let clock = ManualClock()
        let calls = Counter()
        let result = await Self.apiCall.execute(on: clock) { () async throws -> Int in
            _ = calls.next()
            throw HTTPStatusError(statusCode: status)
        }
        #expect(calls.count == 1)
        #expect(result.stopReason == .notRetryable)
        #expect((result.error as? HTTPStatusError)?.statusCode == status)
    }

    @Test func apiCallHonoursRetryAfterOn429() async {
        let clock = ManualClock()
        let calls = Counter()
        let task = Task {
            await Self.apiCall.execute(on: clock) { () async throws -> String in
                switch calls.next() {
                case 1: throw HTTPStatusError(statusCode: 429, retryAfterHeader: "30")
                case 2: throw HTTPStatusError(statusCode: 429, retryAfterHeader: "600")
                default: return "transactions"
                }
            }
        }
        await advance(clock, through: [.seconds(30), .seconds(60)])  // the second is capped at 60 s
        let result = await task.value
        #expect(result.value == "transactions")
    }

    @Test func apiCallStopsOnUnknownErrors() async {
        let result = await Self.apiCall.execute(on: ManualClock()) { () async throws -> Int in throw FlakyError(attempt: 1) }
        #expect(result.attempts == 1)
        #expect(result.stopReason == .notRetryable)
    }

    @Test func webhookSenderWaitsOneTwoFourThenDeadLetters() async {
        let clock = ManualClock()
        let calls = Counter()
        let deadLetters = Log<RetryFailure>()
        let task = Task {
            await Self.sender.execute(on: clock, deadLetter: { deadLetters.append($0) }) { () async throws -> Int in
                _ = calls.next()
                throw HTTPStatusError(statusCode: 500)
            }
        }
        await advance(clock, through: [.seconds(1), .seconds(2), .seconds(4)])
        let result = await task.value
        #expect(calls.count == 4)
        #expect(result.attempts == 4)
        #expect(result.totalDelay == .seconds(7))
        #expect(deadLetters.values.count == 1)
        #expect(deadLetters.values.first?.attempts == 4)
        #expect((deadLetters.values.first?.error as? HTTPStatusError)?.statusCode == 500)
        #expect(deadLetters.values.first?.stopReason == .attemptsExhausted)
    }

    @Test func webhookSenderRetriesClientErrorsAndTimeoutsToo() async {
        let clock = ManualClock()
        let calls = Counter()
        let deadLetters = Log<RetryFailure>()
        let task = Task {
            await Self.sender.execute(on: clock, deadLetter: { deadLetters.append($0) }) { () async throws -> String in
                switch calls.next() {
                case 1: throw HTTPStatusError(statusCode: 404)
                case 2: throw TransportError(.timeout)
                default: return "delivered"
                }
            }
        }
        await advance(clock, through: [.seconds(1), .seconds(2)])
        let result = await task.value
        #expect(result.value == "delivered")
        #expect(result.attempts == 3)
        #expect(deadLetters.values.isEmpty)
    }

    @Test func webhookSenderDoesNotDeadLetterOnCancellation() async {
        let clock = ManualClock()
        let deadLetters = Log<RetryFailure>()
        let task = Task {
            await Self.sender.execute(on: clock, deadLetter: { deadLetters.append($0) }) { () async throws -> Int in
                throw HTTPStatusError(statusCode: 503)
            }
        }
        await clock.waitForSleeper(until: clock.now + .seconds(1))
        task.cancel()
        let result = await task.value
        #expect(result.stopReason == .cancelled)
        #expect(deadLetters.values.isEmpty)
    }
}

@Suite("Retry budget")
struct RetryBudgetTests {
    @Test func withdrawsAndRefunds() throws {
        let budget = try RetryBudget(capacity: 20, retryCost: 5, timeoutRetryCost: 10, successReward: 1)
        #expect(budget.acquireRetry() == 5)
        #expect(budget.acquireRetry(afterTimeout: true) == 10)
        #expect(budget.availableTokens == 5)
        #expect(budget.acquireRetry(afterTimeout: true) == nil)
        #expect(budget.availableTokens == 5)
        #expect(budget.acquireRetry() == 5)
        #expect(budget.acquireRetry() == nil)
        budget.recordSuccess(retryCost: 5)
        #expect(budget.availableTokens == 5)
        budget.recordSuccess()
        #expect(budget.availableTokens == 6)
        for _ in 0..<100 { budget.recordSuccess() }
        #expect(budget.availableTokens == 20)
    }

    @Test func reserveKeepsTokensBack() throws {
        let budget = try RetryBudget(capacity: 10, retryCost: 3, reserve: 5)
        #expect(budget.acquireRetry() == 3)
        #expect(budget.acquireRetry() == nil)  // 7 − 3 = 4 < 5
        #expect(budget.availableTokens == 7)
    }

    @Test func validation() {
        #expect(throws: RetryConfigurationError.self) { try RetryBudget(capacity: 0) }
        #expect(throws: RetryConfigurationError.self) { try RetryBudget(retryCost: -1) }
        #expect(throws: RetryConfigurationError.self) { try RetryBudget(timeoutRetryCost: -1) }
        #expect(throws: RetryConfigurationError.self) { try RetryBudget(successReward: -1) }
        #expect(throws: RetryConfigurationError.self) { try RetryBudget(capacity: 10, reserve: 10) }
        #expect(throws: RetryConfigurationError.self) { try RetryBudgetRegistry(capacity: -3) }
    }

    @Test func exhaustionStopsRetriesAndSuccessesRefill() async throws {
        let budget = try RetryBudget(capacity: 10, retryCost: 5, successReward: 5)
        let policy = try RetryPolicy(
            maximumAttempts: 10, backoff: .constant(.zero), classifier: .retryAll, budget: budget
        ).deterministic()
        let clock = ManualClock()
        let calls = Counter()
        // A storm: every call fails. Two retries drain the bucket; the third is refused.
        let storm = await policy.execute(on: clock) { () async throws -> Int in throw FlakyError(attempt: calls.next()) }
        #expect(storm.stopReason == .budgetExhausted)
        #expect(storm.attempts == 3)
        #expect(budget.availableTokens == 0)
        // With the bucket empty, the next failing call gets no retry at all.
        let next = await policy.execute(on: clock) { () async throws -> Int in throw FlakyError(attempt: 0) }
        #expect(next.attempts == 1)
        #expect(next.stopReason == .budgetExhausted)
        // First-attempt successes refill it.
        _ = try await policy.run(on: clock) { 1 }
        #expect(budget.availableTokens == 5)
        let recovered = Counter()
        let value = try await policy.run(on: clock) { () async throws -> Int in
            let call = recovered.next()
            if call == 1 { throw FlakyError(attempt: call) }
            return call
        }
        #expect(value == 2)
        #expect(budget.availableTokens == 5)  // the successful retry refunded its cost
    }

    @Test func permanentFailuresCostNothing() async throws {
        let budget = try RetryBudget(capacity: 10)
        let policy = try RetryPolicy(backoff: .constant(.zero), classifier: .standard, budget: budget)
        _ = await policy.execute(on: ManualClock()) { () async throws -> Int in throw HTTPStatusError(statusCode: 400) }
        #expect(budget.availableTokens == 10)
    }

    @Test func registryKeepsOneBudgetPerDownstream() throws {
        let registry = try RetryBudgetRegistry(capacity: 50)
        let moka = registry.budget(for: "moka")
        #expect(moka === registry.budget(for: "moka"))
        #expect(moka !== registry.budget(for: "qasir"))
        _ = moka.acquireRetry()
        #expect(registry.budget(for: "moka").availableTokens == 45)
        #expect(registry.budget(for: "qasir").availableTokens == 50)
    }
}
