import Foundation
import Testing
import PWBIIntegration

@Suite("OAuth connection messages and the recorded connection time")
struct OAuthConnectionTests {
    static let integration = OAuthTests.integration

    @Test func aCompletedConnectSaysSoAndIsRecorded() async throws {
        let harness = OAuthTests.Harness()
        let states = InMemoryIntegrationStateStore()
        // The integration needed reconnecting after a refused token.
        await states.save(IntegrationState(id: Self.integration, connection: .needsReconnect, consecutiveFailures: 3, lastDeliveryAt: harness.clock.now))
        let flow = OAuthAuthorizationFlow(
            provider: OAuthTests.provider, states: harness.states, credentials: harness.credentials, transport: harness.transport,
            now: harness.clock.function, integrationStates: states)
        let start = try await flow.start(for: Self.integration)
        harness.transport.enqueue(.respond(OAuthTests.tokenResponse(#"{"access_token":"at-1","expires_in":3600}"#)))
        harness.clock.advance(seconds: 30)
        let connected = try await flow.handleCallback(query: "code=c&state=\(start.state)")
        #expect(connected.message == "Moka connected successfully")
        #expect(connected.connectedAt == harness.clock.now)
        let state = try #require(await states.state(for: Self.integration))
        #expect(state.connectedAt == harness.clock.now)
        #expect(state.connection == .active)
        #expect(state.consecutiveFailures == 0)
        #expect(state.credentialsExpireAt == harness.clock.now.addingTimeInterval(3600))
        #expect(state.lastDeliveryAt == harness.clock.now.addingTimeInterval(-30))
        let message = OAuthConnectionMessage.connected(sourceSystem: "moka")
        #expect(message.status == 200)
        #expect(String(decoding: message.jsonBody, as: UTF8.self) == #"{"success":true,"message":"Moka connected successfully"}"#)
    }

    @Test(arguments: [("pawoon", "Pawoon connected successfully"), ("qasir", "Qasir connected successfully"), ("moka", "Moka connected successfully")])
    func everySystemIsNamed(_ system: String, _ expected: String) {
        #expect(OAuthConnectionMessage.connected(sourceSystem: system).message == expected)
    }

    @Test func aFailedConnectIsNotRecorded() async throws {
        let harness = OAuthTests.Harness()
        let states = InMemoryIntegrationStateStore()
        let flow = OAuthAuthorizationFlow(
            provider: OAuthTests.provider, states: harness.states, credentials: harness.credentials, transport: harness.transport,
            now: harness.clock.function, integrationStates: states)
        let start = try await flow.start(for: Self.integration)
        harness.transport.enqueue(.respond(OAuthTests.tokenResponse(#"{"error":"invalid_grant"}"#, status: 400)))
        do {
            _ = try await flow.handleCallback(query: "code=c&state=\(start.state)")
            Issue.record("the exchange was refused, yet the connect succeeded")
        } catch {
            let message = OAuthConnectionMessage.failed(error, sourceSystem: "moka")
            #expect(message.message == "Moka connection failed: Token exchange failed. " + TroubleshootingEntry.repeatedFailures.solution)
        }
        #expect(await states.state(for: Self.integration) == nil)
    }

    struct StoreDown: Error {}

    @Test(arguments: [
        (OAuthError.invalidState(.expired), 400, "Invalid state token", nil as String?),
        (.missingState, 400, "Invalid state token", nil),
        (.missingCode, 400, "Moka sent no authorization code", nil),
        (.authorizationDenied(error: "access_denied", description: nil), 400, "access was not granted at Moka", nil),
        (.tokenEndpointRejected(status: 400, error: "invalid_grant", description: nil), 400, "Token exchange failed", "pos.repeated_failures"),
        (.tokenEndpointRejected(status: 401, error: "invalid_client", description: nil), 400,
         "Token exchange failed (\"Authentication failed\" error)", "pos.credentials_expired"),
        (.invalidTokenResponse(reason: "no access_token"), 400, "Token exchange failed", "pos.repeated_failures"),
        (.transportFailed(reason: "Connection timeout"), 400, "Token exchange failed (\"Connection timeout\" error)", "pos.api_down"),
        (.reconnectRequired(OAuthTests.integration), 400, "\"Authentication failed\" error", "pos.credentials_expired"),
    ])
    func failuresSayWhyInTheGuidesWords(_ error: OAuthError, _ status: Int, _ headline: String, _ code: String?) throws {
        let message = OAuthConnectionMessage.failed(error, sourceSystem: "moka")
        #expect(!message.succeeded)
        #expect(message.status == status)
        #expect(message.headline == headline)
        #expect(message.guide?.code == code)
        let solution = try #require(message.solution)
        #expect(message.message == "Moka connection failed: \(headline). \(solution)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(message.jsonBody)) as? [String: Any])
        #expect(body["success"] as? Bool == false)
        #expect(body["error"] as? String == headline)
        // Nothing the provider sent, nor any secret, is echoed.
        #expect(!String(decoding: message.jsonBody, as: UTF8.self).contains("invalid_"))
    }

    @Test func theGuideSaysWhatToDo() {
        let timeout = OAuthConnectionMessage.failed(OAuthError.transportFailed(reason: "Connection timeout"), sourceSystem: "pawoon")
        #expect(timeout.message == "Pawoon connection failed: Token exchange failed (\"Connection timeout\" error). Wait 30 minutes, try again. If persists, contact POS support.")
        let state = OAuthConnectionMessage.failed(OAuthError.invalidState(.alreadyUsed), sourceSystem: "moka")
        #expect(state.message == "Moka connection failed: Invalid state token. Start connecting again: Settings → Integrations → Connect (the link is valid for 10 minutes and once)")
        let down = OAuthConnectionMessage.failed(StoreDown(), sourceSystem: "moka")
        #expect(down.status == 500)
    }
}
