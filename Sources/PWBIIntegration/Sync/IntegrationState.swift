#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What the synchroniser knows about one integration's health: the facts the diagnostics
/// and the merchant's "Settings → Integrations" page are built from.
public struct IntegrationState: Sendable, Hashable {
    /// Whose state this is.
    public var id: IntegrationID
    /// Whether the integration may be synchronised.
    public var connection: ConnectionStatus
    /// When the last sync run started.
    public var lastAttemptAt: Date?
    /// When the last sync run completed without error.
    public var lastSuccessAt: Date?
    /// Runs that failed since the last success.
    public var consecutiveFailures: Int
    /// The most recent failure (kept after a later success, for the health report).
    public var lastFailure: SyncFailure?
    /// When the source answered 429 recently, oldest first (at most ``recentRateLimitLimit``).
    public var recentRateLimits: [Date]
    /// No request before this instant: the source's `Retry-After`.
    public var backoffUntil: Date?
    /// When the credentials in use stop working, when known (token expiry, Qasir's 90 days).
    public var credentialsExpireAt: Date?
    /// When the webhook receiver last accepted a delivery for this integration (pushed systems:
    /// Pawoon, Karage, Olsera, Xendit, Midtrans). See ``IntegrationStateStore/recordDelivery(for:at:)``.
    public var lastDeliveryAt: Date?
    /// When the merchant last completed connecting it (an OAuth connect). See
    /// ``IntegrationStateStore/recordConnection(for:at:credentialsExpireAt:)``.
    public var connectedAt: Date?

    /// How many 429 instants ``recentRateLimits`` keeps.
    public static let recentRateLimitLimit = 20

    /// A state; a new integration is active with no history.
    public init(
        id: IntegrationID,
        connection: ConnectionStatus = .active,
        lastAttemptAt: Date? = nil,
        lastSuccessAt: Date? = nil,
        consecutiveFailures: Int = 0,
        lastFailure: SyncFailure? = nil,
        recentRateLimits: [Date] = [],
        backoffUntil: Date? = nil,
        credentialsExpireAt: Date? = nil,
        lastDeliveryAt: Date? = nil,
        connectedAt: Date? = nil
    ) {
        self.id = id
        self.connection = connection
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.consecutiveFailures = consecutiveFailures
        self.lastFailure = lastFailure
        self.recentRateLimits = recentRateLimits
        self.backoffUntil = backoffUntil
        self.credentialsExpireAt = credentialsExpireAt
        self.lastDeliveryAt = lastDeliveryAt
        self.connectedAt = connectedAt
    }

    /// Records a 429 at `instant`, keeping the most recent ``recentRateLimitLimit``.
    public mutating func recordRateLimit(at instant: Date) {
        recentRateLimits.append(instant)
        if recentRateLimits.count > Self.recentRateLimitLimit {
            recentRateLimits.removeFirst(recentRateLimits.count - Self.recentRateLimitLimit)
        }
    }
}

/// Whether an integration may be synchronised.
public enum ConnectionStatus: String, Sendable, Hashable {
    /// Connected; syncs run on schedule.
    case active
    /// The source rejected the credentials (401): no more requests until the merchant reconnects.
    case needsReconnect = "needs_reconnect"
    /// The merchant disconnected it.
    case disconnected
}

/// Why a sync run failed, without secrets: what the health report and the merchant see.
public struct SyncFailure: Sendable, Hashable {
    /// The class of failure.
    public var kind: SyncFailureKind
    /// When it happened.
    public var at: Date
    /// A short description (status code, the field that failed to map) — never a token or a body.
    public var detail: String

    /// A failure of `kind` at `at`.
    public init(kind: SyncFailureKind, at: Date, detail: String) {
        self.kind = kind
        self.at = at
        self.detail = detail
    }
}

/// The classes of sync failure the troubleshooting guide distinguishes.
public enum SyncFailureKind: String, Sendable, Hashable, CaseIterable {
    /// 401/403: "Authentication failed".
    case authentication
    /// 429: "Too many requests".
    case rateLimited = "rate_limited"
    /// No answer in time: "Connection timeout".
    case timeout
    /// The connection failed.
    case connection
    /// 5xx or an unexpected status.
    case serverError = "server_error"
    /// The answer could not be read (not JSON, missing fields) or a transaction did not map.
    case invalidResponse = "invalid_response"
    /// The host's store failed.
    case storage
}
