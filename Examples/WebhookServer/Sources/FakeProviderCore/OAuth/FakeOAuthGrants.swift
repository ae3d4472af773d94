#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The fake authorization server's memory: authorization codes (single use, PKCE challenge,
/// redirect URI), live access and refresh tokens, and a log of every token grant it answered.
/// Refresh tokens rotate: each refresh invalidates the one it used.
actor FakeOAuthGrants {
    /// One answered token request, as `GET …/_grants` lists it (no token values).
    struct Grant: Codable, Sendable, Hashable {
        /// `authorization_code` or `refresh_token`.
        var grantType: String
        /// The HTTP status answered.
        var status: Int
        /// The RFC 6749 error code, for a refusal.
        var error: String?
        /// When it was answered (seconds since 1970).
        var at: Double
        /// When the access token it replaced (for a refresh) expired, seconds since 1970.
        var replacedExpiry: Double?
    }

    struct Code {
        var redirectURI: String
        var challenge: String?
        var expiresAt: Date
    }

    /// Tokens issued: what an access or refresh token is worth.
    struct Issued: Sendable, Hashable {
        var accessToken: String
        var refreshToken: String
        var expiresIn: Int
    }

    private var codes: [String: Code] = [:]
    private var refreshTokens: [String: Date] = [:]  // refresh token → expiry of the access token issued with it
    private var accessTokens: [String: Date] = [:]
    private(set) var grants: [Grant] = []
    private var counter = 0
    /// How long issued access tokens live.
    var accessTokenLifetime: Int
    private let now: @Sendable () -> Date

    init(accessTokenLifetime: Int, now: @escaping @Sendable () -> Date) {
        self.accessTokenLifetime = accessTokenLifetime
        self.now = now
    }

    /// A fresh code for `redirectURI` bound to `challenge`, valid for one minute.
    func issueCode(redirectURI: String, challenge: String?) -> String {
        let code = token("code")
        codes[code] = Code(redirectURI: redirectURI, challenge: challenge, expiresAt: now().addingTimeInterval(60))
        return code
    }

    /// Exchanges `code` (once); nil and the RFC 6749 error code when refused.
    func exchange(code: String, redirectURI: String?, verifier: String?) -> Result<Issued, TokenRefusal> {
        guard let entry = codes.removeValue(forKey: code), now() < entry.expiresAt else {
            return log("authorization_code", .failure(TokenRefusal("invalid_grant", "unknown, used or expired code")))
        }
        guard redirectURI == entry.redirectURI else {
            return log("authorization_code", .failure(TokenRefusal("invalid_grant", "redirect_uri differs from the authorization request")))
        }
        if let challenge = entry.challenge {
            guard let verifier, PKCE.challenge(forVerifier: verifier) == challenge else {
                return log("authorization_code", .failure(TokenRefusal("invalid_grant", "PKCE verification failed")))
            }
        }
        return log("authorization_code", .success(issue()))
    }

    /// Renews with `refreshToken`, rotating it.
    func refresh(_ refreshToken: String) -> Result<Issued, TokenRefusal> {
        guard let replaced = refreshTokens.removeValue(forKey: refreshToken) else {
            return log("refresh_token", .failure(TokenRefusal("invalid_grant", "unknown, rotated or revoked refresh token")))
        }
        return log("refresh_token", .success(issue()), replacedExpiry: replaced)
    }

    /// Whether `accessToken` is live.
    func isValid(accessToken: String) -> Bool {
        accessTokens[accessToken].map { now() < $0 } ?? false
    }

    /// Revokes every refresh token (the merchant revoked access): the next refresh is `invalid_grant`.
    func revokeRefreshTokens() -> Int {
        defer { refreshTokens = [:] }
        return refreshTokens.count
    }

    /// Forgets everything.
    func reset() {
        codes = [:]
        refreshTokens = [:]
        accessTokens = [:]
        grants = []
    }

    /// A refusal, logged for a bad client (before any grant is looked at).
    func refuseClient(grantType: String) -> TokenRefusal {
        grants.append(Grant(grantType: grantType, status: 401, error: "invalid_client", at: now().timeIntervalSince1970))
        return TokenRefusal("invalid_client", "unknown client or wrong secret", status: 401)
    }

    private func issue() -> Issued {
        let expiry = now().addingTimeInterval(TimeInterval(accessTokenLifetime))
        let issued = Issued(accessToken: token("access"), refreshToken: token("refresh"), expiresIn: accessTokenLifetime)
        accessTokens[issued.accessToken] = expiry
        refreshTokens[issued.refreshToken] = expiry
        return issued
    }

    private func log(_ grantType: String, _ result: Result<Issued, TokenRefusal>, replacedExpiry: Date? = nil) -> Result<Issued, TokenRefusal> {
        let refusal: TokenRefusal? = if case .failure(let refusal) = result { refusal } else { nil }
        grants.append(Grant(
            grantType: grantType, status: refusal?.status ?? 200, error: refusal?.error,
            at: now().timeIntervalSince1970, replacedExpiry: replacedExpiry?.timeIntervalSince1970))
        return result
    }

    private func token(_ kind: String) -> String {
        counter += 1
        var generator = SystemRandomNumberGenerator()
        return "fake-\(kind)-\(counter)-" + String(generator.next() as UInt64, radix: 36)
    }
}

/// A token request the fake refuses: the RFC 6749 §5.2 error code, a description, the status.
struct TokenRefusal: Error, Sendable, Hashable {
    var error: String
    var description: String
    var status: Int

    init(_ error: String, _ description: String, status: Int = 400) {
        self.error = error
        self.description = description
        self.status = status
    }
}
