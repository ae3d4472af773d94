#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// When to try again, how long to wait, and when to give up.
///
/// - ``maximumAttempts`` counts **attempts, not retries**: 3 means the first call plus at most
///   two retries (tenacity's `stop_after_attempt(3)`).
/// - ``timeLimit`` is an overall deadline measured on the executor's clock from the start of the
///   first attempt. The executor never starts a sleep that would end at or after it: when the
///   next delay does not fit, it stops and rethrows the last error instead of sleeping.
/// - ``attemptTimeout``, when set, cancels an attempt that runs longer (clamped to what is left of
///   the deadline) and counts it as an ``AttemptTimeoutError``.
///
/// Every duration and count is validated when the policy is built.
///
/// ```swift
/// let policy = try RetryPolicy(
///     maximumAttempts: 5,
///     timeLimit: .seconds(60),
///     backoff: .exponential(initial: .milliseconds(200), maximum: .seconds(10), jitter: .full))
/// let orders = try await policy.run(on: ContinuousClock()) { try await client.fetchOrders() }
/// ```
public struct RetryPolicy: Sendable {
    /// Attempts in all, first call included; nil for no limit (then ``timeLimit`` is set).
    public let maximumAttempts: Int?
    /// Deadline for the whole execution, from the start of the first attempt.
    public let timeLimit: Duration?
    /// Longest one attempt may run before it is cancelled.
    public let attemptTimeout: Duration?
    /// Delays between attempts.
    public let backoff: Backoff
    /// Longest delay a `Retry-After` (or any ``RecoveryAction/retryAfter(_:)``) may impose.
    public let maximumRetryAfter: Duration
    /// Decides which failures retry.
    public var classifier: FailureClassifier
    /// Where jitter comes from (``RandomSource/system`` unless a test seeds it).
    public var randomSource: RandomSource
    /// Wall-clock time, used only to resolve `Retry-After` HTTP-dates.
    public var wallClock: @Sendable () -> Date
    /// A shared retry budget (token bucket) that retries draw from, if any.
    public var budget: RetryBudget?

    /// A policy; throws ``RetryConfigurationError`` when `maximumAttempts` is below 1, a duration
    /// is not positive (`maximumRetryAfter` may be zero), or neither limit is given.
    public init(
        maximumAttempts: Int? = 3,
        timeLimit: Duration? = nil,
        attemptTimeout: Duration? = nil,
        backoff: Backoff,
        classifier: FailureClassifier = .standard,
        maximumRetryAfter: Duration = .seconds(300),
        budget: RetryBudget? = nil,
        randomSource: RandomSource = .system,
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        if let maximumAttempts {
            try RetryConfigurationError.require(maximumAttempts >= 1, "maximumAttempts", "must be at least 1, got \(maximumAttempts)")
        }
        if let timeLimit { try RetryConfigurationError.requirePositive(timeLimit, "timeLimit") }
        if let attemptTimeout { try RetryConfigurationError.requirePositive(attemptTimeout, "attemptTimeout") }
        try RetryConfigurationError.require(
            maximumAttempts != nil || timeLimit != nil, "maximumAttempts", "or timeLimit must be given (unbounded retries)")
        try RetryConfigurationError.requireNonNegative(maximumRetryAfter, "maximumRetryAfter")
        self.init(
            unchecked: maximumAttempts, timeLimit: timeLimit, attemptTimeout: attemptTimeout, backoff: backoff,
            classifier: classifier, maximumRetryAfter: maximumRetryAfter, budget: budget,
            randomSource: randomSource, wallClock: wallClock)
    }

    init(
        unchecked maximumAttempts: Int?, timeLimit: Duration?, attemptTimeout: Duration?, backoff: Backoff,
        classifier: FailureClassifier, maximumRetryAfter: Duration, budget: RetryBudget?,
        randomSource: RandomSource, wallClock: @escaping @Sendable () -> Date
    ) {
        self.maximumAttempts = maximumAttempts
        self.timeLimit = timeLimit
        self.attemptTimeout = attemptTimeout
        self.backoff = backoff
        self.classifier = classifier
        self.maximumRetryAfter = maximumRetryAfter
        self.budget = budget
        self.randomSource = randomSource
        self.wallClock = wallClock
    }
}
