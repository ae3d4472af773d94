/// What to do with one failure: the answer a ``FailureClassifier`` gives.
public enum RecoveryAction: Sendable, Hashable {
    /// Try again after the policy's backoff delay.
    case retry
    /// Try again after exactly this delay (a server's `Retry-After`), capped by the policy.
    case retryAfter(Duration)
    /// Do not try again: the failure is permanent (a 404, bad credentials, cancellation).
    case stop

    /// Whether the failure may be retried.
    public var isRetryable: Bool { self != .stop }
}
