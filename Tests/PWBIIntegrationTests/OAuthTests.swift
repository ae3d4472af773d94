import Synchronization
import Foundation
import Testing
import PWBIIntegration

@Suite("OAuth 2.0 with PKCE")
struct OAuthTests {
    static let secret = "client-secret-XYZ"
    static let provider = OAuthProvider.moka(
        clientID: "client-123", clientSecret: SensitiveString(secret), redirectURI: "https://app.pwbi.id/oauth/moka/callback?x=1")
    static let integration = IntegrationID(tenant: "tenant-42", sourceSystem: "moka", account: "outlet-7")

    struct Harness {
        let clock = TestWallClock()
        let states = InMemoryOAuthStateStore()
        let credentials = InMemoryCredentialStore()
        let transport = ScriptedTransport()
        func flow(_ provider: OAuthProvider = OAuthTests.provider, seed: UInt64 = 7) -> OAuthAuthorizationFlow {
            let random = RandomBox(seed: seed)
            return OAuthAuthorizationFlow(
                provider: provider, states: states, credentials: credentials, transport: transport,
                now: clock.function, randomBytes: { random.bytes($0) })
        }
    }

    final class RandomBox: Sendable {
        let generator: Mutex<TestRandom>
        init(seed: UInt64) { generator = Mutex(TestRandom(seed: seed)) }
        func bytes(_ count: Int) -> [UInt8] {
            generator.withLock { g in (0..<count).map { _ in UInt8(truncatingIfNeeded: g.next()) } }
        }
    }

    static func tokenResponse(_ json: String, status: Int = 200) -> TransportResponse {
        TransportResponse(status: status, headers: [HTTPHeaderField("Content-Type", "application/json")], text: json)
    }

    // MARK: PKCE

    @Test func pkceMatchesRFC7636AppendixB() async throws {
        let vector = try JSONSerialization.jsonObject(with: Data(resourceBytes("rfc7636-appendix-b.json"))) as? [String: Any]
        let octets = try #require(vector?["verifier_octets"] as? [Int]).map(UInt8.init)
        let verifier = try #require(vector?["code_verifier"] as? String)
        let challenge = try #require(vector?["code_challenge"] as? String)
        #expect(PKCE.challenge(forVerifier: verifier) == challenge)
        let pkce = try PKCE(verifier: verifier)
        #expect(pkce.challenge == challenge)
        #expect(pkce.method == "S256")

        // The flow turns 32 random octets into exactly the RFC's verifier.
        let harness = Harness()
        let fixed = OAuthAuthorizationFlow(
            provider: Self.provider, states: harness.states, credentials: harness.credentials, transport: harness.transport,
            now: harness.clock.function, randomBytes: { _ in octets })
        let start = try await fixed.start(for: Self.integration)
        #expect(start.url.contains("code_challenge=\(challenge)&code_challenge_method=S256"))
    }

    @Test func generatedVerifiersAreValidAndDistinct() throws {
        var generator = TestRandom(seed: 1)
        let a = PKCE.generate(using: &generator), b = PKCE.generate(using: &generator)
        #expect(a.verifier.revealed.utf8.count == 43)
        #expect(a.verifier != b.verifier)
        #expect(try PKCE(verifier: a.verifier.revealed).challenge == a.challenge)
        #expect(PKCE.generate().verifier.revealed.utf8.count == 43)
    }

    @Test(arguments: [
        (String(repeating: "a", count: 42), PKCEError.invalidLength(42)),
        (String(repeating: "a", count: 129), PKCEError.invalidLength(129)),
        (String(repeating: "a", count: 42) + "+", PKCEError.invalidCharacter),
        (String(repeating: "a", count: 42) + "=", PKCEError.invalidCharacter),
    ])
    func invalidVerifiersAreRejected(_ verifier: String, _ error: PKCEError) {
        #expect(throws: error) { try PKCE(verifier: verifier) }
    }

    // MARK: Authorization flow

    @Test func authorizationURLCarriesEveryParameter() async throws {
        let harness = Harness()
        let start = try await harness.flow().start(for: Self.integration)
        #expect(start.url.hasPrefix("https://api.mokapos.com/oauth/authorize?"))
        let query = FormEncoding.decode(String(start.url.split(separator: "?", maxSplits: 1)[1]))
        #expect(query.map(\.name) == ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method"])
        let values = Dictionary(uniqueKeysWithValues: query.map { ($0.name, $0.value) })
        #expect(values["client_id"] == "client-123")
        #expect(values["redirect_uri"] == "https://app.pwbi.id/oauth/moka/callback?x=1")
        #expect(values["response_type"] == "code")
        #expect(values["scope"] == "transactions")
        #expect(values["state"] == start.state)
        #expect(start.state.utf8.count == 43)
        #expect(values["code_challenge_method"] == "S256")
        #expect(start.expiresAt == harness.clock.now.addingTimeInterval(600))
        #expect(!start.url.contains(Self.secret))
    }

    @Test func callbackExchangesTheCodeWithTheVerifierAndStoresCredentials() async throws {
        let harness = Harness()
        let flow = harness.flow()
        let start = try await flow.start(for: Self.integration)
        harness.transport.enqueue(.respond(Self.tokenResponse(
            #"{"access_token":"at-1","token_type":"bearer","expires_in":3600,"refresh_token":"rt-1","scope":"transactions"}"#)))
        harness.clock.advance(seconds: 599)
        let connected = try await flow.handleCallback(query: "code=auth%2Fcode&state=\(start.state)")
        #expect(connected.integration == Self.integration)
        #expect(connected.credentials.accessToken.revealed == "at-1")
        #expect(connected.credentials.refreshToken?.revealed == "rt-1")
        #expect(connected.credentials.expiresAt == harness.clock.now.addingTimeInterval(3600))
        #expect(connected.credentials.authorizationHeader == HTTPHeaderField("Authorization", "bearer at-1"))
        #expect(await harness.credentials.credentials(for: Self.integration) == connected.credentials)

        let request = try #require(harness.transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.mokapos.com/oauth/token")
        #expect(request.header("content-type") == "application/x-www-form-urlencoded")
        let form = Dictionary(uniqueKeysWithValues: FormEncoding.decode(String(decoding: request.body, as: UTF8.self)).map { ($0.name, $0.value) })
        #expect(form["grant_type"] == "authorization_code")
        #expect(form["code"] == "auth/code")
        #expect(form["redirect_uri"] == "https://app.pwbi.id/oauth/moka/callback?x=1")
        #expect(form["client_id"] == "client-123")
        #expect(form["client_secret"] == Self.secret)
        let verifier = try #require(form["code_verifier"])
        let query = FormEncoding.decode(String(start.url.split(separator: "?", maxSplits: 1)[1]))
        #expect(query.first { $0.name == "code_challenge" }?.value == PKCE.challenge(forVerifier: verifier))
    }

    @Test func expiredStateIsRefused() async throws {
        let harness = Harness()
        let flow = harness.flow()
        let start = try await flow.start(for: Self.integration)
        harness.clock.advance(seconds: 600)
        await #expect(throws: OAuthError.invalidState(.expired)) {
            try await flow.handleCallback(query: "code=c&state=\(start.state)")
        }
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func reusedStateIsRefused() async throws {
        let harness = Harness()
        let flow = harness.flow()
        let start = try await flow.start(for: Self.integration)
        harness.transport.enqueue(.respond(Self.tokenResponse(#"{"access_token":"at","token_type":"Bearer"}"#)))
        _ = try await flow.handleCallback(query: "code=c&state=\(start.state)")
        await #expect(throws: OAuthError.invalidState(.alreadyUsed)) {
            try await flow.handleCallback(query: "code=c&state=\(start.state)")
        }
        #expect(harness.transport.requests.count == 1)
    }

    @Test func unknownAndMissingStatesAreRefused() async throws {
        let harness = Harness()
        let flow = harness.flow()
        _ = try await flow.start(for: Self.integration)
        await #expect(throws: OAuthError.invalidState(.unknown)) { try await flow.handleCallback(query: "code=c&state=forged") }
        await #expect(throws: OAuthError.missingState) { try await flow.handleCallback(query: "code=c") }
        await #expect(throws: OAuthError.missingState) { try await flow.handleCallback(query: "code=c&state=") }
    }

    @Test func stateIssuedForAnotherSystemOrTenantIsAMismatch() async throws {
        let harness = Harness()
        let moka = harness.flow()
        let pawoon = harness.flow(.pawoon(clientID: "p", clientSecret: nil, redirectURI: "https://app.pwbi.id/cb"), seed: 8)
        let start = try await moka.start(for: Self.integration)
        await #expect(throws: OAuthError.invalidState(.mismatch)) {
            try await pawoon.handleCallback(query: "code=c&state=\(start.state)")
        }
        let second = try await moka.start(for: Self.integration)
        await #expect(throws: OAuthError.invalidState(.mismatch)) {
            try await moka.handleCallback(query: "code=c&state=\(second.state)", expectedTenant: "someone-else")
        }
        // Either way the state is spent.
        await #expect(throws: OAuthError.invalidState(.alreadyUsed)) {
            try await moka.handleCallback(query: "code=c&state=\(second.state)")
        }
    }

    @Test func providerErrorAndMissingCode() async throws {
        let harness = Harness()
        let flow = harness.flow()
        let denied = try await flow.start(for: Self.integration)
        await #expect(throws: OAuthError.authorizationDenied(error: "access_denied", description: "The user said no")) {
            try await flow.handleCallback(query: "error=access_denied&error_description=The+user+said+no&state=\(denied.state)")
        }
        let noCode = try await flow.start(for: Self.integration)
        await #expect(throws: OAuthError.missingCode) { try await flow.handleCallback(query: "state=\(noCode.state)") }
    }

    @Test func tokenEndpointFailures() async throws {
        let harness = Harness()
        let flow = harness.flow()
        harness.transport.enqueue(.respond(Self.tokenResponse(#"{"error":"invalid_grant","error_description":"Code expired"}"#, status: 400)))
        harness.transport.enqueue(.fail(.timeout))
        let first = try await flow.start(for: Self.integration)
        await #expect(throws: OAuthError.tokenEndpointRejected(status: 400, error: "invalid_grant", description: "Code expired")) {
            try await flow.handleCallback(query: "code=c&state=\(first.state)")
        }
        let second = try await flow.start(for: Self.integration)
        await #expect(throws: OAuthError.transportFailed(reason: "Connection timeout")) {
            try await flow.handleCallback(query: "code=c&state=\(second.state)")
        }
        #expect(await harness.credentials.credentials(for: Self.integration) == nil)
    }

    @Test(arguments: [
        (#"{"token_type":"Bearer"}"#, "$.access_token is missing, expected a string"),
        (#"{"access_token":12}"#, "$.access_token is of the wrong type, expected a string"),
        (#"{"access_token":""}"#, "access_token is empty"),
        (#"{"access_token":"a","expires_in":-5}"#, "expires_in is negative"),
        (#"["access_token"]"#, "the response is not a JSON object"),
        ("access_token=a&token_type=bearer", "the response is not a JSON object"),
    ])
    func unusableTokenResponses(_ body: String, _ reason: String) throws {
        do {
            _ = try OAuthTokenResponse.parse(Self.tokenResponse(body))
            Issue.record("accepted \(body)")
        } catch {
            guard case .invalidTokenResponse(let found) = error else { Issue.record("\(error)"); return }
            #expect(found.hasSuffix(reason.replacingOccurrences(of: "$.", with: "")) || found == reason, "\(found)")
        }
    }

    @Test func tokenResponseDefaultsAndStringExpiry() throws {
        let parsed = try OAuthTokenResponse.parse(Self.tokenResponse(#"{"access_token":"a","expires_in":"7200"}"#))
        #expect(parsed.tokenType == "Bearer")
        #expect(parsed.expiresIn == 7200)
        #expect(parsed.refreshToken == nil)
    }

    @Test func basicClientAuthentication() {
        var provider = Self.provider
        provider.clientAuthentication = .httpBasic
        let request = provider.refreshRequest(refreshToken: SensitiveString("rt"))
        // base64("client-123:client-secret-XYZ")
        #expect(request.header("Authorization") == "Basic Y2xpZW50LTEyMzpjbGllbnQtc2VjcmV0LVhZWg==")
        let form = String(decoding: request.body, as: UTF8.self)
        #expect(form == "grant_type=refresh_token&refresh_token=rt")
    }

    // MARK: Refresh

    static func storedCredentials(expiresIn seconds: TimeInterval, at now: Date, refresh: String? = "rt-1") -> OAuthCredentials {
        OAuthCredentials(
            accessToken: SensitiveString("at-old"), refreshToken: refresh.map(SensitiveString.init),
            expiresAt: now.addingTimeInterval(seconds), obtainedAt: now)
    }

    @Test func refreshHappensAheadOfExpiry() async throws {
        let harness = Harness()
        await harness.credentials.save(Self.storedCredentials(expiresIn: 600, at: harness.clock.now), for: Self.integration)
        let manager = OAuthTokenManager(
            provider: Self.provider, credentials: harness.credentials, transport: harness.transport,
            refreshSkew: .seconds(300), now: harness.clock.function)
        harness.clock.advance(seconds: 299)
        #expect(try await manager.validCredentials(for: Self.integration).accessToken.revealed == "at-old")
        #expect(harness.transport.requests.isEmpty)

        harness.transport.enqueue(.respond(Self.tokenResponse(#"{"access_token":"at-new","expires_in":3600,"refresh_token":"rt-2"}"#)))
        harness.clock.advance(seconds: 1)
        let renewed = try await manager.validCredentials(for: Self.integration)
        #expect(renewed.accessToken.revealed == "at-new")
        #expect(renewed.expiresAt == harness.clock.now.addingTimeInterval(3600))
        let form = FormEncoding.decode(String(decoding: try #require(harness.transport.requests.first).body, as: UTF8.self))
        #expect(form.first { $0.name == "refresh_token" }?.value == "rt-1")
        #expect(form.first { $0.name == "grant_type" }?.value == "refresh_token")
        // The rotated refresh token is what is stored now.
        #expect(await harness.credentials.credentials(for: Self.integration)?.refreshToken?.revealed == "rt-2")
    }

    @Test func unrotatedRefreshTokenIsKept() async throws {
        let harness = Harness()
        await harness.credentials.save(Self.storedCredentials(expiresIn: -1, at: harness.clock.now), for: Self.integration)
        harness.transport.enqueue(.respond(Self.tokenResponse(#"{"access_token":"at-new","expires_in":60}"#)))
        let manager = OAuthTokenManager(provider: Self.provider, credentials: harness.credentials, transport: harness.transport, now: harness.clock.function)
        let renewed = try await manager.validCredentials(for: Self.integration)
        #expect(renewed.refreshToken?.revealed == "rt-1")
        #expect(await harness.credentials.credentials(for: Self.integration) == renewed)
    }

    @Test func concurrentRefreshesAreCoalescedIntoOne() async throws {
        let harness = Harness()
        await harness.credentials.save(Self.storedCredentials(expiresIn: 10, at: harness.clock.now), for: Self.integration)
        let gate = TestGate()
        let refreshes = Mutex(0)
        let transport = ScriptedTransport { _ in
            let count = refreshes.withLock { $0 += 1; return $0 }
            await gate.wait()
            return OAuthTests.tokenResponse(#"{"access_token":"at-\#(count)","expires_in":3600,"refresh_token":"rt-\#(count + 1)"}"#)
        }
        let metrics = InMemoryIntegrationMetrics()
        let manager = OAuthTokenManager(
            provider: Self.provider, credentials: harness.credentials, transport: transport, metrics: metrics, now: harness.clock.function)
        let results = await withTaskGroup(of: String?.self) { group in
            for index in 0..<50 {
                group.addTask {
                    index.isMultiple(of: 5)
                        ? try? await manager.forceRefresh(for: OAuthTests.integration).accessToken.revealed
                        : try? await manager.validCredentials(for: OAuthTests.integration).accessToken.revealed
                }
            }
            while refreshes.withLock({ $0 }) == 0 { await Task.yield() }
            for _ in 0..<200 { await Task.yield() }
            await gate.open()
            var tokens: [String?] = []
            for await token in group { tokens.append(token) }
            return tokens
        }
        #expect(refreshes.withLock { $0 } == 1)
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0 == "at-1" })
        #expect(metrics.value(of: .oauthRefreshes, labels: ["source_system": "moka", "status": "success"]) == 1)
        #expect(await harness.credentials.credentials(for: Self.integration)?.refreshToken?.revealed == "rt-2")
    }

    @Test func refusedRefreshMeansReconnect() async throws {
        let harness = Harness()
        let stored = Self.storedCredentials(expiresIn: -10, at: harness.clock.now)
        await harness.credentials.save(stored, for: Self.integration)
        harness.transport.enqueue(.respond(Self.tokenResponse(#"{"error":"invalid_grant"}"#, status: 400)))
        harness.transport.enqueue(.respond(Self.tokenResponse(#"{"error":"server_error"}"#, status: 503)))
        let manager = OAuthTokenManager(provider: Self.provider, credentials: harness.credentials, transport: harness.transport, now: harness.clock.function)
        await #expect(throws: OAuthError.reconnectRequired(Self.integration)) {
            try await manager.validCredentials(for: Self.integration)
        }
        await #expect(throws: OAuthError.tokenEndpointRejected(status: 503, error: "server_error", description: nil)) {
            try await manager.validCredentials(for: Self.integration)
        }
        #expect(await harness.credentials.credentials(for: Self.integration) == stored)

        await harness.credentials.save(Self.storedCredentials(expiresIn: -10, at: harness.clock.now, refresh: nil), for: Self.integration)
        await #expect(throws: OAuthError.reconnectRequired(Self.integration)) {
            try await manager.validCredentials(for: Self.integration)
        }
        let other = IntegrationID(tenant: "nobody", sourceSystem: "moka")
        await #expect(throws: OAuthError.notConnected(other)) { try await manager.validCredentials(for: other) }
    }

    /// Expired credentials (refresh token `rt-1`) in a store whose saves can be made to fail, the
    /// provider ready to answer one refresh with `at-new` / `rt-2`, and a manager over both.
    static func expiredWithAFailingStore() async throws -> (Harness, FailingSaveCredentialStore, OAuthTokenManager) {
        let harness = Harness()
        let store = FailingSaveCredentialStore()
        try await store.save(Self.storedCredentials(expiresIn: -10, at: harness.clock.now), for: Self.integration)
        harness.transport.enqueue(.respond(Self.tokenResponse(#"{"access_token":"at-new","expires_in":3600,"refresh_token":"rt-2"}"#)))
        let manager = OAuthTokenManager(provider: Self.provider, credentials: store, transport: harness.transport, now: harness.clock.function)
        return (harness, store, manager)
    }

    /// The provider rotated the refresh token but the store failed the save: the renewed
    /// credentials are saved on the next call, without asking the provider with the retired token.
    @Test func aRefreshTheStoreFailedToSaveIsSavedOnTheNextCall() async throws {
        let (harness, store, manager) = try await Self.expiredWithAFailingStore()
        await store.failSaves(2)
        await #expect(throws: FailingSaveCredentialStore.Down.self) { try await manager.validCredentials(for: Self.integration) }
        // Still down: the call fails with the store's error and the provider is not asked again.
        await #expect(throws: FailingSaveCredentialStore.Down.self) { try await manager.forceRefresh(for: Self.integration) }
        #expect(harness.transport.requests.count == 1)
        #expect(await store.credentials(for: Self.integration)?.refreshToken?.revealed == "rt-1")

        // Back: the renewed credentials are saved and handed out.
        let renewed = try await manager.validCredentials(for: Self.integration)
        #expect(renewed.accessToken.revealed == "at-new")
        #expect(await store.credentials(for: Self.integration)?.refreshToken?.revealed == "rt-2")
        #expect(harness.transport.requests.count == 1)
    }

    /// Credentials left unsaved never overwrite newer ones (a reconnect) or bring back removed ones.
    @Test func unsavedCredentialsGiveWayToANewerConnectOrADisconnect() async throws {
        for disconnect in [false, true] {
            let (harness, store, manager) = try await Self.expiredWithAFailingStore()
            await store.failSaves(1)
            await #expect(throws: FailingSaveCredentialStore.Down.self) { try await manager.validCredentials(for: Self.integration) }

            harness.clock.advance(seconds: 60)
            if disconnect {
                await store.removeCredentials(for: Self.integration)
                await #expect(throws: OAuthError.notConnected(Self.integration)) { try await manager.validCredentials(for: Self.integration) }
            } else {
                try await store.save(Self.storedCredentials(expiresIn: 3600, at: harness.clock.now, refresh: "rt-reconnected"), for: Self.integration)
                #expect(try await manager.validCredentials(for: Self.integration).refreshToken?.revealed == "rt-reconnected")
            }
            #expect(harness.transport.requests.count == 1)
        }
    }

    /// Two replicas refreshed with the same rotating token: the provider refuses the second, but the
    /// first saved its credentials meanwhile, so the second uses them instead of asking for a reconnect.
    @Test func aRefusalAfterAnotherReplicaRefreshedUsesItsCredentials() async throws {
        let harness = Harness()
        await harness.credentials.save(Self.storedCredentials(expiresIn: -10, at: harness.clock.now), for: Self.integration)
        let store = harness.credentials
        let theirs = OAuthCredentials(
            accessToken: SensitiveString("at-theirs"), refreshToken: SensitiveString("rt-theirs"),
            expiresAt: harness.clock.now.addingTimeInterval(3600), obtainedAt: harness.clock.now)
        let transport = ScriptedTransport { _ in
            // The other replica's refresh lands while ours is on the wire.
            await store.save(theirs, for: OAuthTests.integration)
            return OAuthTests.tokenResponse(#"{"error":"invalid_grant"}"#, status: 400)
        }
        let manager = OAuthTokenManager(provider: Self.provider, credentials: store, transport: transport, now: harness.clock.function)
        #expect(try await manager.validCredentials(for: Self.integration) == theirs)
        #expect(await store.credentials(for: Self.integration) == theirs)
    }

    // MARK: Secrets never show

    @Test func secretsNeverAppearInDescriptionsOrErrors() async throws {
        let credentials = OAuthCredentials(
            accessToken: SensitiveString("at-SECRET-1"), refreshToken: SensitiveString("rt-SECRET-2"), obtainedAt: Date())
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), dumped, "\(Self.provider)", String(reflecting: Self.provider)] {
            #expect(!text.contains("SECRET"), "\(text)")
            #expect(!text.contains(Self.secret))
        }
        let errors: [OAuthError] = [
            .invalidState(.expired), .missingCode, .reconnectRequired(Self.integration),
            .tokenEndpointRejected(status: 401, error: "invalid_client", description: nil),
            .invalidTokenResponse(reason: "access_token is empty"), .transportFailed(reason: "Connection timeout"),
        ]
        for error in errors { #expect(!"\(error)".contains("SECRET")) }
        #expect(SensitiveString("a") == SensitiveString("a"))
        #expect(SensitiveString("a") != SensitiveString("ab"))
    }

    // MARK: Store contracts

    @Test func inMemoryStoresHonourTheirContracts() async {
        let stateViolations = await OAuthStateStoreContract.check(InMemoryOAuthStateStore())
        #expect(stateViolations.isEmpty, "\(stateViolations)")
        let credentialViolations = await CredentialStoreContract.check(InMemoryCredentialStore())
        #expect(credentialViolations.isEmpty, "\(credentialViolations)")
    }

    @Test func brokenStoresAreCaught() async {
        let stateChecks = Set(await OAuthStateStoreContract.check(ReusableStateStore()).map(\.check))
        #expect(stateChecks.contains("a pending state is valid once, with every field intact"))
        #expect(stateChecks.contains("a state is expired at its expiry instant"))
        #expect(stateChecks.contains("concurrent consumes of one state: exactly one is valid"))
        let credentialViolations = await CredentialStoreContract.check(RefreshTokenDroppingStore())
        #expect(Set(credentialViolations.map(\.check)) == [
            "credentials are read back as saved", "saving again replaces, including a rotated refresh token",
        ])
        #expect(credentialViolations.allSatisfy { !$0.detail.contains("refresh-") })
    }
}

/// Never forgets a state and accepts it up to one second after expiry.
actor ReusableStateStore: OAuthStateStore {
    private var entries: [String: PendingAuthorization] = [:]
    func insert(_ pending: PendingAuthorization) { entries[pending.state] = pending }
    func consume(state: String, now: Date) -> OAuthStateLookup {
        guard let entry = entries[state] else { return .unknown }
        return now > entry.expiresAt ? .expired : .valid(entry)
    }
    func purge(expiredBefore cutoff: Date) -> Int {
        let before = entries.count
        entries = entries.filter { $0.value.expiresAt >= cutoff }
        return before - entries.count
    }
}

/// Loses refresh tokens (a column nobody mapped).
actor RefreshTokenDroppingStore: CredentialStore {
    private var stored: [IntegrationID: OAuthCredentials] = [:]
    func credentials(for integration: IntegrationID) -> OAuthCredentials? { stored[integration] }
    func save(_ credentials: OAuthCredentials, for integration: IntegrationID) {
        var kept = credentials
        kept.refreshToken = nil
        stored[integration] = kept
    }
    func removeCredentials(for integration: IntegrationID) { stored[integration] = nil }
}

/// A credential store whose next saves fail, as a database that went away would.
actor FailingSaveCredentialStore: CredentialStore {
    struct Down: Error {}
    private var stored: [IntegrationID: OAuthCredentials] = [:]
    private var failures = 0

    func failSaves(_ count: Int) { failures = count }
    func credentials(for integration: IntegrationID) -> OAuthCredentials? { stored[integration] }
    func save(_ credentials: OAuthCredentials, for integration: IntegrationID) throws {
        if failures > 0 {
            failures -= 1
            throw Down()
        }
        stored[integration] = credentials
    }
    func removeCredentials(for integration: IntegrationID) { stored[integration] = nil }
}
