#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What a classifier knows about a failure besides the error itself.
public struct FailureContext: Sendable {
    /// The attempt (1-based) that failed.
    public let attempt: Int
    /// Wall-clock time, for `Retry-After` HTTP-dates (from the policy's injected wall clock).
    public let now: Date

    /// The context of attempt `attempt` at `now`.
    public init(attempt: Int, now: Date) {
        self.attempt = attempt
        self.now = now
    }
}

/// Decides, for each failure, whether to retry, retry after a given delay, or stop.
///
/// A classifier is a function that may answer nil ("not mine"); classifiers chain with
/// ``orElse(_:)`` and a failure nobody claims stops. `CancellationError` always stops,
/// whatever the chain says.
///
/// ```swift
/// let classifier = FailureClassifier.http(.standard)
///     .orElse(.transport)
///     .orElse(FailureClassifier { error, _ in error is MyFlakyError ? .retry : nil })
/// ```
public struct FailureClassifier: Sendable {
    private let body: @Sendable (any Error, FailureContext) -> RecoveryAction?

    /// A classifier from a function; return nil for errors it has no opinion on.
    public init(_ body: @escaping @Sendable (any Error, FailureContext) -> RecoveryAction?) {
        self.body = body
    }

    /// This classifier's answer, or `other`'s when this one answers nil.
    public func orElse(_ other: FailureClassifier) -> FailureClassifier {
        FailureClassifier { error, context in self.body(error, context) ?? other.body(error, context) }
    }

    /// The final decision for `error`: cancellation stops, unclaimed errors stop.
    public func classify(_ error: any Error, context: FailureContext) -> RecoveryAction {
        if error is CancellationError { return .stop }
        return body(error, context) ?? .stop
    }

    /// Errors conforming to ``HTTPFailure``, classified by `http`; a status that is not a failure
    /// (e.g. a 304 thrown by mistake) stops.
    public static func http(_ http: HTTPRetryClassifier = .standard) -> FailureClassifier {
        FailureClassifier { error, context in
            guard let failure = error as? any HTTPFailure else { return nil }
            return http.action(forStatus: failure.statusCode, retryAfter: failure.retryAfterHeader, now: context.now) ?? .stop
        }
    }

    /// ``TransportError``s (retry when transient) and ``AttemptTimeoutError``s (retry).
    public static let transport = FailureClassifier { error, _ in
        if let transport = error as? TransportError { return transport.isTransient ? .retry : .stop }
        if error is AttemptTimeoutError { return .retry }
        return nil
    }

    /// HTTP statuses by the default table, then transport errors and attempt timeouts;
    /// anything else stops.
    public static let standard = FailureClassifier.http(.standard).orElse(.transport)

    /// Every error retries except cancellation (the reference webhook sender's behaviour).
    public static let retryAll = FailureClassifier { _, _ in .retry }
}
