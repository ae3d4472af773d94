#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The tokens an integration uses: what the token endpoint returned, with its expiry made absolute.
public struct OAuthCredentials: Sendable, Hashable {
    /// The access token sent as `Authorization: <tokenType> <token>`.
    public var accessToken: SensitiveString
    /// The token type, `Bearer` in practice.
    public var tokenType: String
    /// The refresh token, when the provider issued one (replaced whenever it rotates).
    public var refreshToken: SensitiveString?
    /// When the access token expires, when the provider said (`expires_in`).
    public var expiresAt: Date?
    /// The granted scope, when the provider said.
    public var scope: String?
    /// When these tokens were obtained.
    public var obtainedAt: Date

    /// Credentials as stored after a token exchange or refresh.
    public init(accessToken: SensitiveString, tokenType: String = "Bearer", refreshToken: SensitiveString? = nil, expiresAt: Date? = nil, scope: String? = nil, obtainedAt: Date) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scope = scope
        self.obtainedAt = obtainedAt
    }

    /// The `Authorization` header value.
    public var authorizationHeader: HTTPHeaderField {
        HTTPHeaderField("Authorization", "\(tokenType) \(accessToken.revealed)")
    }
}

/// Where the host keeps each integration's tokens (encrypted at rest, in its database or vault).
///
/// Check an implementation with ``CredentialStoreContract/check(_:)``.
public protocol CredentialStore: Sendable {
    /// The credentials of `integration`, or nil when it is not connected.
    func credentials(for integration: IntegrationID) async throws -> OAuthCredentials?
    /// Stores `credentials` for `integration`, replacing earlier ones.
    func save(_ credentials: OAuthCredentials, for integration: IntegrationID) async throws
    /// Forgets the credentials of `integration` (disconnect).
    func removeCredentials(for integration: IntegrationID) async throws
}

/// A ``CredentialStore`` in memory, for tests and single-process hosts.
public actor InMemoryCredentialStore: CredentialStore {
    private var credentials: [IntegrationID: OAuthCredentials] = [:]

    /// An empty store.
    public init() {}

    public func credentials(for integration: IntegrationID) -> OAuthCredentials? {
        credentials[integration]
    }

    public func save(_ credentials: OAuthCredentials, for integration: IntegrationID) {
        self.credentials[integration] = credentials
    }

    public func removeCredentials(for integration: IntegrationID) {
        credentials[integration] = nil
    }
}
