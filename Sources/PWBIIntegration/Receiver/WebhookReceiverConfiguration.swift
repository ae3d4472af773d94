/// The receiver's limits and policies.
public struct WebhookReceiverConfiguration: Sendable, Hashable {
    /// Larger bodies are answered 413 before anything reads them. Default 10 MiB.
    public var maxBodyBytes: Int
    /// Processing timeout (default 5 minutes) and retention (default 30 days; 0 disables purging).
    public var idempotency: IdempotencyPolicy
    /// Most orders per bulk request (Karage "Maximum Orders per Bulk Request"). Default 1000.
    public var maxBulkOrders: Int
    /// Whether audit records keep the raw body. Default false: only its size.
    public var logBodies: Bool
    /// `Retry-After` seconds on a 409 (same key still processing). Default 5.
    public var retryAfterInProgress: Int
    /// `Retry-After` seconds on a 503 (the host's store failed). Default 30.
    public var retryAfterUnavailable: Int

    /// A configuration; every default is the reference's.
    public init(
        maxBodyBytes: Int = 10 << 20,
        idempotency: IdempotencyPolicy = IdempotencyPolicy(),
        maxBulkOrders: Int = 1000,
        logBodies: Bool = false,
        retryAfterInProgress: Int = 5,
        retryAfterUnavailable: Int = 30
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.idempotency = idempotency
        self.maxBulkOrders = maxBulkOrders
        self.logBodies = logBodies
        self.retryAfterInProgress = retryAfterInProgress
        self.retryAfterUnavailable = retryAfterUnavailable
    }
}
