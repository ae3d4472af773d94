import FakeProviderCore
import Foundation
import PWBIIntegration
import Testing
import WebhookServerCore

/// The fake authorization server holds the line a real one does: PKCE, the redirect URI, the client
/// secret, single-use codes and rotating refresh tokens.
@Suite struct FakeOAuthServerTests {
    static let redirect = "https://pwbi.example/callback"

    static func post(_ transport: AsyncHTTPClientTransport, _ url: String, _ form: [(name: String, value: String)]) async throws -> (Int, [String: Any]) {
        let response = try await transport.send(TransportRequest(
            method: "POST", url: url, headers: [HTTPHeaderField("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(FormEncoding.encode(form).utf8)))
        return (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:])
    }

    /// A code for `challenge`, from the authorize endpoint's redirect.
    static func code(_ transport: AsyncHTTPClientTransport, _ base: String, challenge: String) async throws -> String {
        let query = FormEncoding.encode([
            ("client_id", "pwbi-fake-client"), ("redirect_uri", redirect), ("response_type", "code"), ("state", "s-1"),
            ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ])
        let response = try await transport.send(TransportRequest(method: "GET", url: base + "/authorize?" + query))
        let location = try #require(response.headers.first { $0.name.lowercased() == "location" }?.value)
        let parameters = FormEncoding.decode(String(location.split(separator: "?", maxSplits: 1).last ?? ""))
        #expect(parameters.first { $0.name == "state" }?.value == "s-1")
        return try #require(parameters.first { $0.name == "code" }?.value)
    }

    static func exchange(code: String, verifier: String, redirect: String = redirect, secret: String = "pwbi-fake-secret") -> [(name: String, value: String)] {
        [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier),
         ("client_id", "pwbi-fake-client"), ("client_secret", secret)]
    }

    @Test func pkceRedirectURIClientSecretAndSingleUseAreEnforced() async throws {
        try await InProcessFake.withFake([FakeOAuthServer()]) { root, transport in
            let base = root + "/moka/oauth", token = base + "/token"
            let pkce = PKCE.generate(), other = PKCE.generate()
            let wrongVerifier = try await Self.code(transport, base, challenge: pkce.challenge)
            let (status, body) = try await Self.post(transport, token, Self.exchange(code: wrongVerifier, verifier: other.verifier.revealed))
            #expect(status == 400 && body["error"] as? String == "invalid_grant")
            let wrongRedirect = try await Self.code(transport, base, challenge: pkce.challenge)
            #expect(try await Self.post(transport, token, Self.exchange(code: wrongRedirect, verifier: pkce.verifier.revealed, redirect: "https://evil.example/")).0 == 400)
            let wrongSecret = try await Self.code(transport, base, challenge: pkce.challenge)
            #expect(try await Self.post(transport, token, Self.exchange(code: wrongSecret, verifier: pkce.verifier.revealed, secret: "guess")).0 == 401)

            let good = try await Self.code(transport, base, challenge: pkce.challenge)
            let (ok, tokens) = try await Self.post(transport, token, Self.exchange(code: good, verifier: pkce.verifier.revealed))
            #expect(ok == 200)
            #expect(tokens["expires_in"] as? Int == 3600)
            #expect(try await Self.post(transport, token, Self.exchange(code: good, verifier: pkce.verifier.revealed)).0 == 400, "a code works once")

            let refresh = try #require(tokens["refresh_token"] as? String)
            let grant: [(name: String, value: String)] = [
                ("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", "pwbi-fake-client"), ("client_secret", "pwbi-fake-secret"),
            ]
            let (renewed, rotated) = try await Self.post(transport, token, grant)
            #expect(renewed == 200 && rotated["refresh_token"] as? String != refresh)
            #expect(try await Self.post(transport, token, grant).0 == 400, "a rotated refresh token is dead")
        }
    }

    @Test func anUnknownClientIsNotRedirectedTo() async throws {
        try await InProcessFake.withFake([FakeOAuthServer()]) { root, transport in
            let query = FormEncoding.encode([("client_id", "someone-else"), ("redirect_uri", Self.redirect), ("response_type", "code"), ("state", "s")])
            let response = try await transport.send(TransportRequest(method: "GET", url: root + "/moka/oauth/authorize?" + query))
            #expect(response.status == 400)
            #expect(!response.headers.contains { $0.name.lowercased() == "location" })
        }
    }
}
