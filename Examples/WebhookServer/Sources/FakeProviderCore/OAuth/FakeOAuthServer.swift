#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import NIOCore
import PWBIIntegration

/// Moka's OAuth 2.0 authorization server, under `/moka/oauth` so that an integration whose
/// `base_url` is `http://host:port/moka` finds it where Moka keeps it (`/oauth/authorize`,
/// `/oauth/token` beside the API).
///
/// - `GET  /moka/oauth/authorize` — approves at once: redirects (302) to `redirect_uri` with a
///   single-use `code` (1 minute) and the `state`; PKCE `S256` challenges are remembered.
/// - `POST /moka/oauth/token` — `authorization_code` (client secret, redirect URI and PKCE
///   verifier checked) and `refresh_token` (rotating: each refresh token works once); refusals
///   are RFC 6749 §5.2 JSON (`invalid_grant` 400, `invalid_client` 401).
/// - Control: `GET …/_grants` (every token request answered, no token values),
///   `POST …/_revoke` (revoke every refresh token: the next refresh is `invalid_grant`),
///   `POST …/_deny` (the next authorization is denied: `error=access_denied`),
///   `POST …/_lifetime?seconds=N` (lifetime of tokens issued from now on), `POST …/_reset`.
public struct FakeOAuthServer: FakeSystem {
    public let prefix = "/moka/oauth"
    /// The client id the server accepts.
    public let clientID: String
    /// The client secret the server expects with it.
    public let clientSecret: String
    let grants: FakeOAuthGrants
    let denyNext = DenyFlag()

    /// A server accepting one client; access tokens live `accessTokenLifetime` seconds.
    public init(
        clientID: String = "pwbi-fake-client", clientSecret: String = "pwbi-fake-secret",
        accessTokenLifetime: Int = 3600, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        grants = FakeOAuthGrants(accessTokenLifetime: accessTokenLifetime, now: now)
    }

    /// Whether `authorization` (an `Authorization` header value) carries a live access token this server issued.
    public func isAuthorized(_ authorization: String?) async -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        return await grants.isValid(accessToken: String(authorization.dropFirst(7)))
    }

    public func addRoutes(to group: RouterGroup<BasicRequestContext>, provider: FakeProvider) {
        group.get("/authorize") { request, _ -> Response in
            await authorize(FormEncoding.decode(request.uri.query ?? ""))
        }
        group.post("/token") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            return await token(FormEncoding.decode(String(decoding: body.readableBytesView, as: UTF8.self)))
        }
        group.get("/_grants") { _, _ -> Response in
            struct Report: Encodable { var grants: [FakeOAuthGrants.Grant] }
            return FakeProvider.json(Report(grants: await grants.grants))
        }
        group.post("/_revoke") { _, _ -> Response in
            FakeProvider.json(["revoked": await grants.revokeRefreshTokens()])
        }
        group.post("/_deny") { _, _ -> Response in
            await denyNext.set(true)
            return Response(status: .noContent)
        }
        group.post("/_lifetime") { request, _ -> Response in
            guard let seconds = request.uri.queryParameters.get("seconds").flatMap({ Int($0) }), seconds >= 0 else {
                return FakeProvider.json(["error": "seconds=N (N ≥ 0) expected"], status: .badRequest)
            }
            await grants.setLifetime(seconds)
            return Response(status: .noContent)
        }
        group.post("/_reset") { _, _ -> Response in
            await grants.reset()
            await denyNext.set(false)
            return Response(status: .noContent)
        }
    }

    func authorize(_ query: [(name: String, value: String)]) async -> Response {
        func parameter(_ name: String) -> String? { query.first { $0.name == name }?.value }
        // RFC 6749 §4.1.2.1: a bad client or redirect URI is not redirected to.
        guard parameter("client_id") == clientID else {
            return FakeProvider.json(["error": "invalid_client"], status: .badRequest)
        }
        guard let redirect = parameter("redirect_uri"), redirect.hasPrefix("http://") || redirect.hasPrefix("https://") else {
            return FakeProvider.json(["error": "invalid_request", "error_description": "redirect_uri"], status: .badRequest)
        }
        var answer: [(name: String, value: String)] = []
        if await denyNext.take() {
            answer.append(("error", "access_denied"))
        } else if parameter("response_type") != "code" {
            answer.append(("error", "unsupported_response_type"))
        } else if parameter("code_challenge") != nil, parameter("code_challenge_method") != "S256" {
            answer.append(("error", "invalid_request"))
        } else {
            answer.append(("code", await grants.issueCode(redirectURI: redirect, challenge: parameter("code_challenge"))))
        }
        if let state = parameter("state") { answer.append(("state", state)) }
        let location = redirect + (redirect.contains("?") ? "&" : "?") + FormEncoding.encode(answer)
        return Response(status: .found, headers: [.location: location])
    }

    func token(_ form: [(name: String, value: String)]) async -> Response {
        func parameter(_ name: String) -> String? { form.first { $0.name == name }?.value }
        let grantType = parameter("grant_type") ?? ""
        let result: Result<FakeOAuthGrants.Issued, TokenRefusal>
        if parameter("client_id") != clientID || parameter("client_secret") != clientSecret {
            result = .failure(await grants.refuseClient(grantType: grantType))
        } else if grantType == "authorization_code" {
            result = await grants.exchange(code: parameter("code") ?? "", redirectURI: parameter("redirect_uri"), verifier: parameter("code_verifier"))
        } else if grantType == "refresh_token" {
            result = await grants.refresh(parameter("refresh_token") ?? "")
        } else {
            result = .failure(TokenRefusal("unsupported_grant_type", "authorization_code or refresh_token"))
        }
        switch result {
        case .success(let issued):
            struct Body: Encodable {
                var access_token: String
                var refresh_token: String
                var token_type = "Bearer"
                var expires_in: Int
                var scope = "transactions"
            }
            let body = Body(access_token: issued.accessToken, refresh_token: issued.refreshToken, expires_in: issued.expiresIn)
            return FakeProvider.json(body, headers: [.cacheControl: "no-store"])
        case .failure(let refusal):
            return FakeProvider.json(["error": refusal.error, "error_description": refusal.description], status: .init(code: refusal.status))
        }
    }
}

/// A one-shot flag (the next authorization is denied).
actor DenyFlag {
    private var value = false
    func set(_ flag: Bool) { value = flag }
    func take() -> Bool {
        defer { value = false }
        return value
    }
}

extension FakeOAuthGrants {
    func setLifetime(_ seconds: Int) { accessTokenLifetime = seconds }
}
