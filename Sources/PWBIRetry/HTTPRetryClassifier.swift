#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Decides what an HTTP response's status (and `Retry-After` header) means for a retry.
///
/// The default table: 408, 425, 429, 500, 502, 503 and 504 retry; every other 4xx and 5xx
/// stops; 1xx, 2xx and 3xx are not failures. A `Retry-After` on a retryable response is
/// honoured (delta-seconds or HTTP-date), clamped to ``maximumRetryAfter``; when it is
/// missing, unparseable, negative or in the past the policy's normal backoff applies.
///
/// ```swift
/// let http = try HTTPRetryClassifier(maximumRetryAfter: .seconds(120))
/// switch http.action(forStatus: 429, retryAfter: "7", now: Date()) {
/// case nil: break                           // not a failure
/// case .retryAfter(let delay)?: print(delay) // 7 seconds
/// case .retry?, .stop?: break
/// }
/// ```
public struct HTTPRetryClassifier: Sendable, Hashable {
    /// The status codes that retry by default: 408, 425, 429, 500, 502, 503, 504.
    public static let defaultRetryableStatuses: Set<Int> = [408, 425, 429, 500, 502, 503, 504]

    /// Status codes that retry; any other status of 400 or more stops.
    public let retryableStatuses: Set<Int>
    /// The longest `Retry-After` delay honoured; longer values are clamped to it.
    public let maximumRetryAfter: Duration

    /// A classifier; throws ``RetryConfigurationError`` if `maximumRetryAfter` is negative or
    /// a retryable status is not an error status (400…599).
    public init(retryableStatuses: Set<Int> = defaultRetryableStatuses, maximumRetryAfter: Duration = .seconds(300)) throws {
        try RetryConfigurationError.requireNonNegative(maximumRetryAfter, "maximumRetryAfter")
        for status in retryableStatuses {
            try RetryConfigurationError.require((400...599).contains(status), "retryableStatuses", "must hold 400…599 only, got \(status)")
        }
        self.retryableStatuses = retryableStatuses
        self.maximumRetryAfter = maximumRetryAfter
    }

    init(unchecked retryableStatuses: Set<Int>, maximumRetryAfter: Duration) {
        self.retryableStatuses = retryableStatuses
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// The default table with a 300-second `Retry-After` cap.
    public static let standard = HTTPRetryClassifier(unchecked: defaultRetryableStatuses, maximumRetryAfter: .seconds(300))

    /// What to do with a response: nil when `status` is not a failure (1xx, 2xx, 3xx);
    /// otherwise ``RecoveryAction/retryAfter(_:)`` when a retryable response carries a usable
    /// `Retry-After`, ``RecoveryAction/retry`` for other retryable statuses, ``RecoveryAction/stop``
    /// for the rest (including statuses outside 100…599). `now` resolves HTTP-dates.
    public func action(forStatus status: Int, retryAfter header: String? = nil, now: Date) -> RecoveryAction? {
        if (100...399).contains(status) { return nil }
        guard retryableStatuses.contains(status) else { return .stop }
        guard let delay = RetryAfter.delay(header: header, now: now) else { return .retry }
        return .retryAfter(min(delay, maximumRetryAfter))
    }

    /// Whether `status` is a failure that may be retried.
    public func isRetryable(status: Int) -> Bool { retryableStatuses.contains(status) }
}
