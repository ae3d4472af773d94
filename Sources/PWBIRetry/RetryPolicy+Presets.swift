#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension RetryPolicy {
    /// The reference framework's API call (tenacity): `stop_after_attempt(3)`,
    /// `wait_exponential(multiplier=1, min=1, max=10)`, a 10-second request timeout.
    ///
    /// - 3 attempts (the first call and two retries), waiting 1 s then 2 s (the 10 s cap only
    ///   matters for longer policies built from ``Backoff/exponential(initial:multiplier:minimum:maximum:jitter:)``).
    /// - Retries timeouts and connection errors (``TransportError``, ``AttemptTimeoutError``) and
    ///   every 5xx, as the reference does (`status_code >= 500`); 429 retries after its
    ///   `Retry-After` (capped at 60 s, the reference's default) or the backoff when it has none.
    /// - Every other 4xx (400, 401, 403, 404, 408…) stops at once; any other error stops.
    public static let referenceAPICall = RetryPolicy(
        unchecked: 3, timeLimit: nil, attemptTimeout: .seconds(10),
        backoff: Backoff.reference(initial: .seconds(1), minimum: .seconds(1), maximum: .seconds(10)),
        classifier: FailureClassifier.http(
            HTTPRetryClassifier(unchecked: Set([429]).union(500...599), maximumRetryAfter: .seconds(60))
        ).orElse(.transport),
        maximumRetryAfter: .seconds(60), budget: nil, randomSource: .system, wallClock: { Date() })

    /// The reference framework's webhook sender: waits 1 s, 2 s, 4 s between attempts (4 attempts
    /// in all), retries every failure (non-2xx answers, timeouts, connection errors) with a
    /// 10-second request timeout, then gives up — pair it with
    /// ``execute(on:circuitBreaker:onAttempt:deadLetter:operation:)`` to hand the payload to a dead-letter queue.
    public static let referenceWebhookSender = RetryPolicy(
        unchecked: 4, timeLimit: nil, attemptTimeout: .seconds(10),
        backoff: Backoff.reference(initial: .seconds(1), minimum: .zero, maximum: nil),
        classifier: .retryAll,
        maximumRetryAfter: .seconds(60), budget: nil, randomSource: .system, wallClock: { Date() })
}

extension Backoff {
    /// A valid-by-construction exponential backoff (×2, no jitter) for the presets.
    fileprivate static func reference(initial: Duration, minimum: Duration, maximum: Duration?) -> Backoff {
        Backoff(unchecked: .exponential(initial: initial, multiplier: 2), minimum: minimum, maximum: maximum, jitter: .none)
    }
}
