extension RetryPolicy {
    /// Runs `operation` until it succeeds or the policy gives up, sleeping on `clock` between
    /// attempts, and reports everything that happened. Never throws: the outcome holds the value,
    /// the last underlying error, or `CancellationError`.
    ///
    /// - Parameters:
    ///   - clock: Any clock measuring `Duration` (`ContinuousClock` in production, ``ManualClock`` in tests).
    ///   - circuitBreaker: Asked before every attempt and told every outcome. When it refuses the first
    ///     attempt the result holds its ``CircuitOpenError`` (0 attempts); when it refuses a retry — or
    ///     would still be open when the next sleep ends — the execution stops at once with
    ///     ``RetryStopReason/circuitOpen`` and the last underlying error.
    ///   - onAttempt: Called after every attempt with its number, duration and outcome (log it, count it).
    ///   - operation: One attempt. Throw the failure; a thrown `CancellationError` is never retried.
    public func execute<C: Clock, Value: Sendable>(
        on clock: C,
        circuitBreaker: CircuitBreaker<C>? = nil,
        onAttempt: (@Sendable (RetryAttemptRecord) -> Void)? = nil,
        operation: @escaping @Sendable () async throws -> Value
    ) async -> RetryResult<Value> where C.Duration == Duration {
        let start = clock.now
        let deadline = timeLimit.map { start.advanced(by: $0) }
        var generator = randomSource.makeGenerator()
        var attempt = 0
        var totalDelay = Duration.zero
        var previousDelay: Duration?
        var lastRetryCost: Int?
        var lastError: (any Error)?

        func finish(_ error: any Error, _ reason: RetryStopReason) -> RetryResult<Value> {
            RetryResult(outcome: .failure(error), attempts: attempt, totalDelay: totalDelay, stopReason: reason)
        }

        while true {
            if Task.isCancelled { return finish(CancellationError(), .cancelled) }
            var permit: CircuitBreaker<C>.Permit?
            if let circuitBreaker {
                do {
                    permit = try circuitBreaker.acquire()
                } catch {
                    return finish(lastError ?? error, .circuitOpen)
                }
            }
            attempt += 1
            let attemptStart = clock.now
            do {
                let value: Value
                if let timeout = attemptTimeoutBound(now: attemptStart, deadline: deadline) {
                    value = try await Self.run(operation, attempt: attempt, timeout: timeout, on: clock)
                } else {
                    value = try await operation()
                }
                if let circuitBreaker, let permit { circuitBreaker.record(permit, .success) }
                budget?.recordSuccess(retryCost: lastRetryCost)
                onAttempt?(RetryAttemptRecord(
                    attempt: attempt, duration: attemptStart.duration(to: clock.now), delaySoFar: totalDelay,
                    outcome: .succeeded))
                return RetryResult(outcome: .success(value), attempts: attempt, totalDelay: totalDelay, stopReason: nil)
            } catch {
                if let circuitBreaker, let permit { circuitBreaker.record(permit, error: error) }
                lastError = error
                let now = clock.now
                var decision = decide(
                    after: error, attempt: attempt, now: now, deadline: deadline, previousDelay: previousDelay,
                    generator: &generator)
                // No point sleeping towards an attempt the breaker will refuse.
                if case .retry(let delay) = decision, let circuitBreaker,
                    case .open(let until) = circuitBreaker.currentState, until > now.advanced(by: delay)
                {
                    decision = .stop(.circuitOpen)
                }
                if case .retry = decision, let budget {
                    lastRetryCost = budget.acquireRetry(afterTimeout: Self.isTimeout(error))
                }
                let final: RetryDecision =
                    if case .retry = decision, budget != nil, lastRetryCost == nil { .stop(.budgetExhausted) } else { decision }
                onAttempt?(RetryAttemptRecord(
                    attempt: attempt, duration: attemptStart.duration(to: now), delaySoFar: totalDelay,
                    outcome: .failed(error, final)))
                switch final {
                case .stop(let reason):
                    return finish(error, reason)
                case .retry(let delay):
                    if delay > .zero {
                        do {
                            try await clock.sleep(until: now.advanced(by: delay), tolerance: nil)
                        } catch {
                            return finish(error, .cancelled)
                        }
                    }
                    totalDelay += delay
                    previousDelay = delay
                }
            }
        }
    }

    /// Runs `operation` under the policy and returns its value, or throws the last underlying
    /// error exactly as the operation threw it (its own type, never wrapped), or `CancellationError`.
    public func run<C: Clock, Value: Sendable>(
        on clock: C,
        circuitBreaker: CircuitBreaker<C>? = nil,
        onAttempt: (@Sendable (RetryAttemptRecord) -> Void)? = nil,
        operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value where C.Duration == Duration {
        try await execute(on: clock, circuitBreaker: circuitBreaker, onAttempt: onAttempt, operation: operation).get()
    }

    /// Runs `operation` under the policy; when it gives up for any reason but cancellation, hands
    /// the ``RetryFailure`` to `deadLetter` (store it for replay) before returning the result.
    public func execute<C: Clock, Value: Sendable>(
        on clock: C,
        circuitBreaker: CircuitBreaker<C>? = nil,
        onAttempt: (@Sendable (RetryAttemptRecord) -> Void)? = nil,
        deadLetter: @Sendable (RetryFailure) async -> Void,
        operation: @escaping @Sendable () async throws -> Value
    ) async -> RetryResult<Value> where C.Duration == Duration {
        let result = await execute(on: clock, circuitBreaker: circuitBreaker, onAttempt: onAttempt, operation: operation)
        if let failure = result.failure, failure.stopReason != .cancelled {
            await deadLetter(failure)
        }
        return result
    }

    // MARK: - Decisions

    private func decide<I: InstantProtocol<Duration>>(
        after error: any Error, attempt: Int, now: I, deadline: I?,
        previousDelay: Duration?, generator: inout RandomSourceGenerator
    ) -> RetryDecision {
        if error is CancellationError || Task.isCancelled { return .stop(.cancelled) }
        let action = classifier.classify(error, context: FailureContext(attempt: attempt, now: wallClock()))
        let delay: Duration
        switch action {
        case .stop:
            return .stop(.notRetryable)
        case .retryAfter(let requested):
            if let maximumAttempts, attempt >= maximumAttempts { return .stop(.attemptsExhausted) }
            delay = min(max(requested, .zero), maximumRetryAfter)
        case .retry:
            if let maximumAttempts, attempt >= maximumAttempts { return .stop(.attemptsExhausted) }
            delay = backoff.delay(forRetry: attempt, previous: previousDelay, using: &generator)
        }
        if let deadline, now.advanced(by: delay) >= deadline { return .stop(.deadlineExceeded) }
        return .retry(after: delay)
    }

    /// The timeout for the next attempt: the per-attempt timeout, clamped to the deadline.
    private func attemptTimeoutBound<I: InstantProtocol<Duration>>(now: I, deadline: I?) -> Duration? {
        guard let attemptTimeout else { return nil }
        guard let deadline else { return attemptTimeout }
        return min(attemptTimeout, now.duration(to: deadline))
    }

    static func isTimeout(_ error: any Error) -> Bool {
        if error is AttemptTimeoutError { return true }
        if let transport = error as? TransportError { return transport.kind == .timeout }
        return false
    }

    private enum Race<Value: Sendable>: Sendable {
        case finished(Value)
        case timedOut
    }

    /// Runs one attempt against a timer on `clock`; the loser is cancelled. Rethrows the
    /// operation's own error; throws ``AttemptTimeoutError`` when the timer wins.
    private static func run<C: Clock, Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value, attempt: Int, timeout: Duration, on clock: C
    ) async throws -> Value where C.Duration == Duration {
        let deadline = clock.now.advanced(by: timeout)
        return try await withThrowingTaskGroup(of: Race<Value>.self) { group in
            group.addTask { .finished(try await operation()) }
            group.addTask {
                try await clock.sleep(until: deadline, tolerance: nil)
                return .timedOut
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            switch first {
            case .finished(let value): return value
            case .timedOut: throw AttemptTimeoutError(attempt: attempt, timeout: timeout)
            }
        }
    }
}
