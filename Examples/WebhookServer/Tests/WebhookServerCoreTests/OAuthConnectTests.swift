import FakeProviderCore
import Foundation
import Logging
import PWBIIntegration
import Synchronization
import Testing
import WebhookServerCore

/// OAuth connect end to end, in process: the server's connect and callback over the fake
/// authorization server (real HTTP on a free port), refresh ahead of expiry, a revoked refresh
/// token turning into "needs reconnect", all on an injected clock.
@Suite(.serialized) struct OAuthConnectTests {
    /// A settable clock shared by the server side and the fake authorization server.
    final class Now: Sendable {
        let value = Mutex(Date(timeIntervalSince1970: 1_766_800_000))
        var date: Date { value.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    struct Rig: Sendable {
        let connections: OAuthConnections
        let app: WebhookServerApp
        let transport: AsyncHTTPClientTransport
        /// The fake's Moka base URL.
        let base: String
        /// The server's serving and admin URLs.
        let serving: String
        let admin: String
        let apiKey: String
        let now: Now

        func get(_ url: String, headers: [HTTPHeaderField] = []) async throws -> TransportResponse {
            try await transport.send(TransportRequest(method: "GET", url: url, headers: headers))
        }

        static func location(_ response: TransportResponse) -> String? {
            response.headers.first { $0.name.lowercased() == "location" }?.value
        }

        /// The provider's redirect back, for a connect started with `start` (the browser's second hop).
        func authorize(_ url: String) async throws -> String {
            let redirect = try await get(url)
            #expect(redirect.status == 302)
            let location = try #require(Self.location(redirect))
            #expect(location.hasPrefix(OAuthConnectTests.redirectURI + "?"))
            return serving + "/api/v1/integrations/moka/callback?" + String(location.split(separator: "?", maxSplits: 1).last ?? "")
        }

        /// Connects `integration` as the merchant's browser would: connect → authorize → callback.
        func connect(_ integration: String = "acme-moka") async throws -> (status: Int, body: String) {
            let started = try await get(serving + "/api/v1/integrations/moka/connect?integration=" + integration, headers: [HTTPHeaderField("X-API-KEY", apiKey)])
            #expect(started.status == 302)
            #expect(started.headers.contains { $0.name.lowercased() == "cache-control" && $0.value == "no-store" })
            let callback = try await get(try await authorize(try #require(Self.location(started))))
            return (callback.status, String(decoding: callback.body, as: UTF8.self))
        }

        func grants() async throws -> [String] {
            let response = try await get(base + "/oauth/_grants")
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            let grants = object?["grants"] as? [[String: Any]] ?? []
            return grants.map { "\($0["grantType"] ?? "") \($0["status"] ?? "")" }
        }

        /// The polling state of acme-moka's two outlets, in order.
        func outletStates() async throws -> [IntegrationState] {
            let states = SQLIntegrationStateStore(database: app.storage.database)
            var found: [IntegrationState] = []
            for outlet in ["outlet-1", "outlet-2"] {
                found.append(try #require(try await states.state(for: IntegrationID(tenant: "acme", sourceSystem: "moka", account: outlet))))
            }
            return found
        }

        func control(_ path: String) async throws {
            _ = try await transport.send(TransportRequest(method: "POST", url: base + "/oauth/" + path))
        }
    }

    static let key = Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString()
    static let redirectURI = "https://pwbi.example/api/v1/integrations/moka/callback"

    static func withRig(lifetime: Int = 3600, _ body: (Rig) async throws -> Void) async throws {
        let now = Now()
        let fake = FakeOAuthServer(accessTokenLifetime: lifetime, now: { now.date })
        try await InProcessFake.withFake([fake]) { root, transport in
            let database = try await SQLiteDatabase.open(path: ":memory:")
            try await database.migrate(Schema.migrations(for: .sqlite))
            let environment = [
                "PWBI_MOKA_CLIENT_ID": fake.clientID, "PWBI_MOKA_CLIENT_SECRET": fake.clientSecret,
                "PWBI_MOKA_REDIRECT_URI": redirectURI, "PWBI_CREDENTIALS_KEY": key, "PWBI_DEMO_SECRETS": "0",
                "PORT": "0", "PWBI_ADMIN_PORT": "0",
            ]
            let configuration = try ServerConfiguration(environment: environment)
            let storage = ServerStorage(database: database)
            let base = root + "/moka"
            for (id, tenant, outlets) in [("acme-moka", "acme", ["outlet-1", "outlet-2"]), ("other-moka", "other", [])] {
                _ = try await storage.integrations.add(IntegrationRecord(
                    id: id, tenant: tenant, system: "moka", credentials: .oauth, everySeconds: 3600, outlets: outlets,
                    baseURL: base, createdAt: now.date))
            }
            _ = try await storage.integrations.add(IntegrationRecord(
                id: "acme-qasir", tenant: "acme", system: "qasir", credentials: .environment("QASIR_TOKEN"), everySeconds: 300, createdAt: now.date))
            let apiKey = try await APIKeyIssuer(store: storage.apiKeys).issue(description: "test", tenant: "acme", expiresAt: nil, now: Date()).key
            let clock: @Sendable () -> Date = { now.date }
            var connections = try #require(OAuthConnections(
                configuration: configuration.oauth, database: database, transport: transport, logger: Logger(label: "test"), now: clock))
            connections.integrationStates = SQLIntegrationStateStore(database: database)
            let app = try WebhookServerApp(configuration: configuration, storage: storage, logger: Logger(label: "test")).with(oauth: connections)
            let (ports, reported) = AsyncStream.makeStream(of: (String, Int).self)
            let serving = app.application { port in reported.yield(("serving", port ?? 0)) }
            let adminApp = app.adminApplication(prometheus: nil) { port in reported.yield(("admin", port ?? 0)) }
            let server = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await serving.run() }
                    group.addTask { try await adminApp.run() }
                    try await group.waitForAll()
                }
            }
            var bound: [String: Int] = [:]
            for await (name, port) in ports {
                bound[name] = port
                if bound.count == 2 { break }
            }
            let rig = Rig(
                connections: connections, app: app, transport: transport, base: base,
                serving: "http://127.0.0.1:\(bound["serving"] ?? 0)", admin: "http://127.0.0.1:\(bound["admin"] ?? 0)", apiKey: apiKey, now: now)
            var failure: (any Error)?
            do { try await body(rig) } catch { failure = error }
            server.cancel()
            _ = try? await server.value
            await database.close()
            if let failure { throw failure }
        }
    }

    static let acme = IntegrationID(tenant: "acme", sourceSystem: "moka", account: "acme-moka")
    static let success = #"{"success":true,"message":"Moka connected successfully"}"#

    @Test func aConnectStoresEncryptedTokensAndAnswersTheReferenceMessage() async throws {
        try await Self.withRig { rig in
            let answer = try await rig.connect()
            #expect(answer.status == 200)
            #expect(answer.body == Self.success)
            let stored = try #require(try await rig.connections.credentials.credentials(for: Self.acme))
            #expect(stored.accessToken.revealed.hasPrefix("fake-access-"))
            #expect(stored.expiresAt == rig.now.date.addingTimeInterval(3600))
            let connection = try #require(try await rig.connections.credentials.connection(for: Self.acme))
            #expect(connection.connectedAt == rig.now.date)
            #expect(connection.status == .active)
            let raw = try await rig.app.storage.database.query("SELECT access_token, refresh_token FROM oauth_credentials", [])
            #expect(raw.count == 1)
            for row in raw {
                for bytes in [try row.blob(0), try row.blob(1)] {
                    #expect(!String(decoding: bytes, as: UTF8.self).contains("fake-"), "a token is stored in plaintext")
                }
            }
            // A poller asking for one of the integration's outlets gets the stored token.
            let headers = try await rig.connections.authorization(for: IntegrationID(tenant: "acme", sourceSystem: "moka", account: "outlet-2"))
            #expect(headers == [stored.authorizationHeader])
            #expect(try await rig.grants() == ["authorization_code 200"])
            // The polled outlets' state records the connection, as the poller and sync-status read it.
            for outlet in try await rig.outletStates() {
                #expect(outlet.connection == .active)
                #expect(outlet.connectedAt == rig.now.date)
            }
        }
    }

    @Test func aReplayedForgedOrLateCallbackIsRefusedInTheGuidesWords() async throws {
        try await Self.withRig { rig in
            let started = try await rig.get(rig.serving + "/api/v1/integrations/moka/connect?integration=acme-moka", headers: [HTTPHeaderField("X-API-KEY", rig.apiKey)])
            let callback = try await rig.authorize(try #require(Rig.location(started)))
            #expect(String(decoding: try await rig.get(callback).body, as: UTF8.self) == Self.success)
            let replay = try await rig.get(callback)
            #expect(replay.status == 400)
            #expect(String(decoding: replay.body, as: UTF8.self).contains(#""error":"Invalid state token","message":"Moka connection failed: Invalid state token. Start connecting again"#))
            #expect(await rig.connections.finish(query: "code=x&state=never-issued").headline == "Invalid state token")
            #expect(await rig.connections.finish(query: "code=x").headline == "Invalid state token")
            // A state used eleven minutes after it was issued.
            let late = try await rig.connections.start(integration: "acme-moka", tenant: "acme")
            rig.now.advance(660)
            #expect(await rig.connections.finish(query: "code=x&state=\(late.state)").headline == "Invalid state token")
            #expect(try await rig.grants() == ["authorization_code 200"], "a refused callback never reaches the token endpoint")
        }
    }

    @Test func aCallbackForAnIntegrationRemovedMeanwhileStoresNothing() async throws {
        try await Self.withRig { rig in
            let start = try await rig.connections.start(integration: "acme-moka", tenant: "acme")
            let callback = try await rig.authorize(start.url)
            #expect(try await rig.app.storage.integrations.remove(id: "acme-moka"))
            let answer = try await rig.get(callback)
            #expect(answer.status == 400)
            #expect(String(decoding: answer.body, as: UTF8.self).contains(#""error":"Invalid state token""#))
            #expect(try await rig.connections.connections().isEmpty)
            #expect(try await rig.grants().isEmpty, "the code was not exchanged")
        }
    }

    @Test func tokensOfARemovedIntegrationAreForgottenNotRefreshed() async throws {
        try await Self.withRig { (rig: Rig) async throws -> Void in
            #expect(try await rig.connect().status == 200)
            #expect(try await rig.app.storage.integrations.remove(id: "acme-moka"))
            rig.now.advance(3300)
            #expect(await rig.connections.refreshDue() == .init(forgotten: 1))
            #expect(try await rig.connections.connections().isEmpty)
            #expect(try await rig.grants() == ["authorization_code 200"])
        }
    }

    @Test func aDeniedAuthorizationSaysSo() async throws {
        try await Self.withRig { rig in
            try await rig.control("_deny")
            let answer = try await rig.connect()
            #expect(answer.status == 400)
            #expect(answer.body.contains("access was not granted at Moka"))
            #expect(try await rig.connections.connections().isEmpty)
        }
    }

    @Test func aCodeExchangeTheProviderRefusesFailsWithTheGuidesReason() async throws {
        try await Self.withRig { rig in
            var configuration = rig.connections.configuration
            configuration.moka?.clientSecret = SensitiveString("wrong-secret")
            let clock: @Sendable () -> Date = { rig.now.date }
            let connections = try #require(OAuthConnections(
                configuration: configuration, database: rig.app.storage.database, transport: rig.transport,
                logger: Logger(label: "test"), now: clock))
            let start = try await connections.start(integration: "acme-moka", tenant: "acme")
            let callback = try await rig.authorize(start.url)
            let answer = await connections.finish(query: String(callback.split(separator: "?", maxSplits: 1).last ?? ""))
            #expect(answer.status == 400)
            #expect(answer.headline == "Token exchange failed (\"Authentication failed\" error)")
            #expect(!String(decoding: answer.jsonBody, as: UTF8.self).contains("wrong-secret"))
            #expect(try await connections.connections().isEmpty)
        }
    }

    @Test func connectNeedsTheTenantsKeyAndAnOAuthIntegration() async throws {
        try await Self.withRig { rig in
            let url = rig.serving + "/api/v1/integrations/moka/connect?integration="
            let key = [HTTPHeaderField("X-API-KEY", rig.apiKey)]
            let withoutKey = try await rig.get(url + "acme-moka")
            #expect(withoutKey.status == 401)
            let forged = try await rig.get(url + "acme-moka", headers: [HTTPHeaderField("X-API-KEY", "pwbi_0000000000000000_forged")])
            #expect(forged.status == 401)
            #expect(try await rig.get(url + "other-moka", headers: key).status == 404, "another tenant's integration")
            #expect(try await rig.get(url + "nope", headers: key).status == 404)
            #expect(try await rig.get(url + "acme-qasir", headers: key).status == 400)
            #expect(try await rig.get(rig.serving + "/api/v1/integrations/moka/connect", headers: key).status == 400)
            #expect(try await rig.grants().isEmpty)
        }
    }

    @Test func tokensAreRefreshedAheadOfExpiryOnce() async throws {
        try await Self.withRig { rig in
            #expect(try await rig.connect().status == 200)
            let first = try #require(try await rig.connections.credentials.credentials(for: Self.acme))
            // Outside the refresh window (600 s): nothing to do.
            rig.now.advance(2000)
            #expect(await rig.connections.refreshDue().refreshed == 0)
            // Inside it: refreshed once, with a rotated refresh token, before the old token expired.
            rig.now.advance(1100)
            #expect(await rig.connections.refreshDue() == .init(refreshed: 1))
            #expect(await rig.connections.refreshDue() == .init(), "a fresh token is not refreshed again")
            let second = try #require(try await rig.connections.credentials.credentials(for: Self.acme))
            #expect(second.accessToken != first.accessToken)
            #expect(second.refreshToken != first.refreshToken)
            #expect(second.expiresAt == rig.now.date.addingTimeInterval(3600))
            #expect(try await rig.grants() == ["authorization_code 200", "refresh_token 200"])
        }
    }

    @Test func twoReplicasRunningTheScheduleRefreshOnce() async throws {
        try await Self.withRig { (rig: Rig) async throws -> Void in
            #expect(try await rig.connect().status == 200)
            rig.now.advance(3100)
            // Two replicas' schedules over the same database and lease table, started together.
            await Self.runTwoReplicas(rig)
            // Whichever ran second (or was refused the lease) found nothing due.
            #expect(try await rig.grants() == ["authorization_code 200", "refresh_token 200"])
            #expect(try await rig.connections.connections().map(\.status) == [.active])
        }
    }

    @Test func aRevokedRefreshTokenMeansReconnectShownInReadinessAndDiagnostics() async throws {
        try await Self.withRig { rig in
            #expect(try await rig.connect().status == 200)
            try await rig.control("_revoke")
            rig.now.advance(3300)
            #expect(await rig.connections.refreshDue() == .init(needsReconnect: 1))
            #expect(try await rig.connections.connections().map(\.status) == [.needsReconnect])
            // The poller is refused without another call to the provider.
            let outlet = IntegrationID(tenant: "acme", sourceSystem: "moka", account: "outlet-1")
            await #expect(throws: OAuthError.reconnectRequired(outlet)) { _ = try await rig.connections.authorization(for: outlet) }
            #expect(try await rig.outletStates().map(\.connection) == [.needsReconnect, .needsReconnect])
            #expect(await rig.connections.refreshDue() == .init(), "a connection needing reconnect is left alone")
            #expect(try await rig.grants() == ["authorization_code 200", "refresh_token 400"])
            let ready = try await rig.get(rig.serving + "/health/ready")
            #expect(ready.status == 200)
            #expect(String(decoding: ready.body, as: UTF8.self) == #"{"status":"ready","needs_reconnect":["acme-moka"],"solution":"Disconnect and reconnect POS"}"#)
            let health = String(decoding: try await rig.get(rig.admin + "/health").body, as: UTF8.self)
            #expect(health.contains(#""integration":"acme-moka","tenant":"acme","source_system":"moka","status":"needs_reconnect""#))
            #expect(health.contains(#""code":"pos.credentials_expired""#))
            // Reconnecting heals it.
            #expect(try await rig.connect().status == 200)
            #expect(try await rig.connections.connections().map(\.status) == [.active])
            #expect(try await rig.outletStates().map(\.connection) == [.active, .active])
            #expect(String(decoding: try await rig.get(rig.serving + "/health/ready").body, as: UTF8.self) == #"{"status":"ready"}"#)
        }
    }

    @Test func theAuthorizerRefreshesAnExpiringTokenItself() async throws {
        try await Self.withRig { rig in
            #expect(try await rig.connect().status == 200)
            rig.now.advance(3570)  // within the 60 s skew
            let headers = try await rig.connections.authorization(for: IntegrationID(tenant: "acme", sourceSystem: "moka", account: "outlet-1"))
            let stored = try #require(try await rig.connections.credentials.credentials(for: Self.acme))
            #expect(headers == [stored.authorizationHeader])
            #expect(try await rig.grants() == ["authorization_code 200", "refresh_token 200"])
            let other = IntegrationID(tenant: "other", sourceSystem: "moka", account: "")
            await #expect(throws: OAuthError.notConnected(other)) { _ = try await rig.connections.authorization(for: other) }
        }
    }
}

/// Runs the fake provider in process on a free port.
enum InProcessFake {
    static func withFake(_ systems: [any FakeSystem], _ body: (String, AsyncHTTPClientTransport) async throws -> Void) async throws {
        let provider = FakeProvider(systems: systems)
        let (ports, reported) = AsyncStream.makeStream(of: Int.self)
        let app = provider.application(port: 0) { port in reported.yield(port) }
        let server = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let client = AsyncHTTPClientTransport.makeClient()
        let transport = AsyncHTTPClientTransport(client: client, limits: .init(requestTimeout: .seconds(10)))
        do {
            try await body("http://127.0.0.1:\(port)", transport)
        } catch {
            try await client.shutdown()
            server.cancel()
            throw error
        }
        try await client.shutdown()
        server.cancel()
        _ = try? await server.value
    }
}
