#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Hands out valid access tokens, refreshing them ahead of expiry.
///
/// - A token is refreshed when less than ``refreshSkew`` of its life is left (5 minutes by default),
///   so a request never leaves with a token about to die in flight.
/// - Concurrent callers that need a refresh for the same integration share **one** refresh request.
/// - A rotated refresh token is always persisted in the ``CredentialStore`` before the new access
///   token is handed out; a provider that does not rotate keeps the old refresh token. When the
///   store fails that save, the provider has already retired the old refresh token: the renewed
///   credentials are kept in memory and saved again on the next call (the provider is not asked
///   again with a token it no longer honours); until a save succeeds, calls throw the store's error.
/// - A refresh the provider refuses (`invalid_grant`, 400/401) — or no refresh token at all — is
///   ``OAuthError/reconnectRequired(_:)``: the merchant must reconnect (the troubleshooting guide's
///   "POS Credentials Expired"), unless the store meanwhile holds other credentials (another
///   replica refreshed with the same token first): those are returned instead. Transient failures (timeouts, 5xx) are thrown as they are, and the
///   stored credentials stay untouched.
public actor OAuthTokenManager {
    /// The provider tokens are refreshed with.
    public let provider: OAuthProvider
    /// Where credentials are read and refreshed ones saved.
    public let credentials: any CredentialStore
    /// The host's HTTP client, for refresh requests.
    public let transport: any HTTPTransport
    /// How long before expiry a token is refreshed.
    public let refreshSkew: Duration
    private let now: @Sendable () -> Date
    private let metrics: any IntegrationMetrics
    private var inFlight: [IntegrationID: Task<OAuthCredentials, any Error>] = [:]
    /// Refreshed credentials the store failed to save (the provider already retired the old ones).
    private var unsaved: [IntegrationID: UnsavedRefresh] = [:]

    /// A manager refreshing `refreshSkew` (5 minutes) before expiry; `now` is injected in tests.
    public init(
        provider: OAuthProvider,
        credentials: any CredentialStore,
        transport: any HTTPTransport,
        refreshSkew: Duration = .seconds(300),
        metrics: any IntegrationMetrics = DiscardingIntegrationMetrics(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.provider = provider
        self.credentials = credentials
        self.transport = transport
        self.refreshSkew = refreshSkew
        self.metrics = metrics
        self.now = now
    }

    /// Credentials whose access token is good for at least ``refreshSkew`` (or has no known expiry),
    /// refreshing first when needed.
    public func validCredentials(for integration: IntegrationID) async throws -> OAuthCredentials {
        try await saveUnsaved(for: integration)
        guard let stored = try await credentials.credentials(for: integration) else {
            throw OAuthError.notConnected(integration)
        }
        if let expiresAt = stored.expiresAt, now().addingTimeInterval(refreshSkew.timeInterval) >= expiresAt {
            return try await refresh(integration, replacing: stored)
        }
        return stored
    }

    /// Refreshes now, whatever the expiry says (after the API answered 401 to a token believed valid).
    /// Joins a refresh already in flight for the integration.
    public func forceRefresh(for integration: IntegrationID) async throws -> OAuthCredentials {
        try await saveUnsaved(for: integration)
        guard let stored = try await credentials.credentials(for: integration) else {
            throw OAuthError.notConnected(integration)
        }
        return try await refresh(integration, replacing: stored)
    }

    private func refresh(_ integration: IntegrationID, replacing stored: OAuthCredentials) async throws -> OAuthCredentials {
        if let running = inFlight[integration] {
            return try await value(of: running, for: integration)
        }
        let task = Task { [provider, credentials, transport, now, metrics] () async throws -> OAuthCredentials in
            let labels = ["source_system": provider.sourceSystem]
            do {
                // Re-read: another replica may have refreshed (and rotated) since `stored` was read.
                let current = try await credentials.credentials(for: integration) ?? stored
                guard let refreshToken = current.refreshToken else { throw OAuthError.reconnectRequired(integration) }
                let response: TransportResponse
                do {
                    response = try await transport.send(provider.refreshRequest(refreshToken: refreshToken))
                } catch {
                    throw OAuthError.transportFailed(reason: OAuthError.transportReason(error))
                }
                let token: OAuthTokenResponse
                do {
                    token = try OAuthTokenResponse.parse(response)
                } catch {
                    if case .tokenEndpointRejected(let status, let code, _)? = error as? OAuthError,
                       status == 400 || status == 401 || code == "invalid_grant" {
                        // Another process may have refreshed with the same token a moment earlier (the
                        // provider then retired it): the credentials it saved are good, not a reconnect.
                        if let latest = try? await credentials.credentials(for: integration), latest != current {
                            return latest
                        }
                        throw OAuthError.reconnectRequired(integration)
                    }
                    throw error
                }
                let renewed = token.credentials(obtainedAt: now(), previous: current)
                do {
                    try await credentials.save(renewed, for: integration)
                } catch {
                    throw UnsavedRefresh(replacing: current, renewed: renewed, error: error)
                }
                metrics.increment(.oauthRefreshes, labels: labels.merging(["status": "success"]) { $1 })
                return renewed
            } catch {
                metrics.increment(.oauthRefreshes, labels: labels.merging(["status": "failure"]) { $1 })
                throw error
            }
        }
        inFlight[integration] = task
        defer { inFlight[integration] = nil }
        return try await value(of: task, for: integration)
    }

    /// The refresh's result; renewed credentials the store refused are kept for ``saveUnsaved(for:)``.
    private func value(of refresh: Task<OAuthCredentials, any Error>, for integration: IntegrationID) async throws -> OAuthCredentials {
        do {
            return try await refresh.value
        } catch let failure as UnsavedRefresh {
            unsaved[integration] = failure
            throw failure.error
        }
    }

    /// Saves credentials an earlier refresh could not save, if the store still holds the ones that
    /// refresh replaced (not a reconnect's, another replica's, or none after a disconnect); throws
    /// the store's error while it still fails.
    private func saveUnsaved(for integration: IntegrationID) async throws {
        guard let pending = unsaved[integration] else { return }
        if try await credentials.credentials(for: integration) == pending.replacing {
            try await credentials.save(pending.renewed, for: integration)
        }
        if unsaved[integration]?.renewed == pending.renewed { unsaved[integration] = nil }
    }
}

/// A refresh the provider answered whose credentials the store refused to save.
private struct UnsavedRefresh: Error {
    /// The stored credentials the refresh started from.
    var replacing: OAuthCredentials
    /// What the provider issued.
    var renewed: OAuthCredentials
    /// Why the store refused them.
    var error: any Error
}
