#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An authorization in progress: what the callback needs to finish it, kept under its `state`.
public struct PendingAuthorization: Sendable, Hashable {
    /// The `state` parameter sent to the provider (CSRF protection), 256 random bits.
    public var state: String
    /// The integration being connected.
    public var integration: IntegrationID
    /// The PKCE code verifier, when PKCE is used.
    public var codeVerifier: SensitiveString?
    /// The redirect URI sent in the authorization request (the token request repeats it).
    public var redirectURI: String
    /// When the authorization started.
    public var createdAt: Date
    /// When the state stops being accepted (10 minutes after creation by default).
    public var expiresAt: Date

    /// An authorization waiting for its callback.
    public init(state: String, integration: IntegrationID, codeVerifier: SensitiveString?, redirectURI: String, createdAt: Date, expiresAt: Date) {
        self.state = state
        self.integration = integration
        self.codeVerifier = codeVerifier
        self.redirectURI = redirectURI
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What consuming a `state` found.
public enum OAuthStateLookup: Sendable, Hashable {
    /// The state was pending and unexpired; it is now used and will not be accepted again.
    case valid(PendingAuthorization)
    /// The state was issued but its time-to-live has passed.
    case expired
    /// The state was already consumed by an earlier callback.
    case alreadyUsed
    /// The state was never issued here (or was purged).
    case unknown
}

/// Where pending authorizations wait for their callback: the reference framework's
/// `redis.setex("oauth_state:…", 600, user_id)`, made single-use.
///
/// ``consume(state:now:)`` must be atomic: of any number of concurrent callbacks carrying the
/// same state, at most one gets ``OAuthStateLookup/valid(_:)``. A consumed state is remembered
/// (as used) until it expires, so a replayed callback is told apart from an unknown one.
/// Check an implementation with ``OAuthStateStoreContract/check(_:)``.
public protocol OAuthStateStore: Sendable {
    /// Stores a pending authorization under its state.
    func insert(_ pending: PendingAuthorization) async throws
    /// Atomically looks up `state` and marks it used.
    func consume(state: String, now: Date) async throws -> OAuthStateLookup
    /// Deletes every entry (pending or used) that expired before `cutoff`; returns how many.
    func purge(expiredBefore cutoff: Date) async throws -> Int
}

/// An ``OAuthStateStore`` in memory, for tests and single-process hosts.
public actor InMemoryOAuthStateStore: OAuthStateStore {
    private var entries: [String: (pending: PendingAuthorization, used: Bool)] = [:]

    /// An empty store.
    public init() {}

    public func insert(_ pending: PendingAuthorization) {
        entries[pending.state] = (pending, false)
    }

    public func consume(state: String, now: Date) -> OAuthStateLookup {
        guard let entry = entries[state] else { return .unknown }
        if now >= entry.pending.expiresAt { return .expired }
        if entry.used { return .alreadyUsed }
        entries[state] = (entry.pending, true)
        return .valid(entry.pending)
    }

    public func purge(expiredBefore cutoff: Date) -> Int {
        let before = entries.count
        entries = entries.filter { $0.value.pending.expiresAt >= cutoff }
        return before - entries.count
    }
}
