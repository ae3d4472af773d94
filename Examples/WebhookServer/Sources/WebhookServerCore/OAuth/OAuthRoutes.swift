#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import NIOCore
import PWBIIntegration
import PWBIMapping

extension WebhookServerApp {
    /// `GET /api/v1/integrations/moka/connect?integration=ID` (`X-API-KEY` of the integration's
    /// tenant): 302 to Moka's authorization page with a fresh single-use state and PKCE challenge.
    /// `GET /api/v1/integrations/moka/callback`: where Moka sends the merchant back; answers
    /// `{"success":true,"message":"Moka connected successfully"}` or the guide's reason (400).
    func addOAuthRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/v1/integrations/moka/connect") { request, _ -> Response in
            await connectMoka(request)
        }
        router.get("/api/v1/integrations/moka/callback") { request, _ -> Response in
            guard let oauth else { return Self.oauthOff }
            let answer = await oauth.finish(query: request.uri.query ?? "")
            var response = Self.json(answer.status, answer.jsonBody)
            Self.private(&response.headers)
            return response
        }
    }

    func connectMoka(_ request: Request) async -> Response {
        guard let oauth else { return Self.oauthOff }
        let authentication: APIKeyAuthentication
        do {
            authentication = try await APIKeyAuthenticator(store: storage.apiKeys).authenticate(
                key: Self.apiKeyHeader.flatMap { request.headers[$0] }, now: Date())
        } catch {
            return Self.error(503, code: "unavailable", message: "The API key store is unavailable; retry later")
        }
        guard case .authenticated(let key) = authentication else {
            if case .rejected(let rejection) = authentication {
                return Self.error(401, code: "invalid_api_key", message: rejection.description)
            }
            return Self.error(401, code: "invalid_api_key", message: "Invalid API key")
        }
        guard let integration = request.uri.queryParameters.get("integration"), !integration.isEmpty else {
            return Self.error(400, code: "missing_field", message: "Missing required parameter: integration", path: "integration")
        }
        do {
            let start = try await oauth.start(integration: integration, tenant: key.tenant)
            var json = JSONWriter()
            json.beginObject()
            json.member("authorization_url", start.url)
            json.key("expires_in_seconds")
            json.number(Int(max(0, start.expiresAt.timeIntervalSince(oauth.now()).rounded())))
            json.endObject()
            var response = Self.json(302, json.bytes)
            response.headers[.location] = start.url
            Self.private(&response.headers)
            return response
        } catch let refusal as OAuthConnections.Refusal {
            return Self.error(refusal.status, code: refusal.code, message: refusal.message, path: refusal.status == 404 ? "integration" : nil)
        } catch {
            logger.warning("oauth: cannot start a connect", metadata: ["reason": "\(error)"])
            return Self.error(503, code: "unavailable", message: "The connect could not be started; retry later")
        }
    }

    /// The readiness body: `{"status":"ready"}`, with the OAuth integrations whose merchant must
    /// reconnect (`"needs_reconnect":["acme-moka"]`) — the replica is still ready, so 200.
    func readyBody() async -> [UInt8] {
        let waiting = (try? await oauth?.connections().filter { $0.status == .needsReconnect }) ?? []
        var json = JSONWriter()
        json.beginObject()
        json.member("status", "ready")
        if !waiting.isEmpty {
            json.key("needs_reconnect")
            json.beginArray()
            for connection in waiting { json.string(connection.integration.account) }
            json.endArray()
            json.member("solution", TroubleshootingEntry.credentialsExpired.solution)
        }
        json.endObject()
        return json.bytes
    }

    /// This app with `oauth` serving the connect routes, readiness and diagnostics.
    public func with(oauth: OAuthConnections?) -> WebhookServerApp {
        var app = self
        app.oauth = oauth
        return app
    }

    /// Answers that carry a state, a code or an authorization URL are neither cached nor referred on.
    static func `private`(_ headers: inout HTTPFields) {
        headers[.cacheControl] = "no-store"
        if let name = HTTPField.Name("Referrer-Policy") { headers[name] = "no-referrer" }
    }

    static var oauthOff: Response {
        error(404, code: "oauth_not_configured", message: "OAuth connect is not configured on this server (PWBI_MOKA_CLIENT_ID, PWBI_CREDENTIALS_KEY)")
    }
}
