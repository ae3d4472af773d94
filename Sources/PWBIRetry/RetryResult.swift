/// Why an execution stopped without a success.
public enum RetryStopReason: String, Sendable, Hashable {
    /// The classifier said the failure is permanent (a 404, an unknown error…).
    case notRetryable
    /// ``RetryPolicy/maximumAttempts`` attempts were made.
    case attemptsExhausted
    /// The next delay would have ended at or after the deadline.
    case deadlineExceeded
    /// The retry budget had no tokens left for another retry.
    case budgetExhausted
    /// The circuit breaker refused the next attempt.
    case circuitOpen
    /// The task was cancelled.
    case cancelled
}

/// What the executor decided after a failed attempt.
public enum RetryDecision: Sendable, Hashable {
    /// It will sleep this long, then try again.
    case retry(after: Duration)
    /// It gives up.
    case stop(RetryStopReason)
}

/// One attempt, as reported to the executor's `onAttempt` hook (for logs and metrics).
public struct RetryAttemptRecord: Sendable {
    /// How the attempt ended.
    public enum Outcome: Sendable {
        /// It returned a value.
        case succeeded
        /// It threw `error`; `decision` is what happens next.
        case failed(any Error, RetryDecision)
    }

    /// The attempt number, from 1.
    public let attempt: Int
    /// How long the attempt ran, on the executor's clock.
    public let duration: Duration
    /// The sum of the delays slept before this attempt.
    public let delaySoFar: Duration
    /// How it ended.
    public let outcome: Outcome
}

/// Everything an execution did: its outcome, attempts made and time spent sleeping.
public struct RetryResult<Value: Sendable>: Sendable {
    /// The value, or the last underlying error (never a wrapper), or `CancellationError`.
    public let outcome: Result<Value, any Error>
    /// Attempts made (a circuit-breaker refusal before the first attempt makes 0).
    public let attempts: Int
    /// The sum of the delays slept between attempts.
    public let totalDelay: Duration
    /// Why it stopped, when it did not succeed.
    public let stopReason: RetryStopReason?

    /// The value, or throws the last underlying error.
    public func get() throws -> Value { try outcome.get() }

    /// The value, if the execution succeeded.
    public var value: Value? { try? outcome.get() }

    /// The last error, if the execution failed.
    public var error: (any Error)? {
        if case .failure(let error) = outcome { return error }
        return nil
    }

    /// The failure, for a dead-letter handler; nil on success.
    public var failure: RetryFailure? {
        guard case .failure(let error) = outcome, let stopReason else { return nil }
        return RetryFailure(error: error, attempts: attempts, totalDelay: totalDelay, stopReason: stopReason)
    }
}

/// An execution that gave up: what a dead-letter handler receives.
public struct RetryFailure: Error, Sendable, CustomStringConvertible {
    /// The last underlying error.
    public let error: any Error
    /// Attempts made.
    public let attempts: Int
    /// The sum of the delays slept.
    public let totalDelay: Duration
    /// Why it stopped.
    public let stopReason: RetryStopReason

    public var description: String {
        "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s") (\(stopReason.rawValue)): \(error)"
    }
}
