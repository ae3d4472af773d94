import Foundation
import Testing

@testable import PWBIIntegration
import PWBIMapping
import PWBISignatures

/// Pushed data in the diagnostics: the receiver records each accepted delivery, silence longer
/// than the system's expected interval is reported, and a webhook API key is reported before it
/// expires. Every clock is moved by hand.
@Suite("Diagnostics for pushed data")
struct DeliveryDiagnosticsTests {
    static let now = Date(timeIntervalSince1970: 1_766_800_000)
    static let tenant = ReceiverHarness.tenant

    /// A receiver over the harness's sources that records deliveries in `states`.
    static func receiver(states: InMemoryIntegrationStateStore, clock: ReceiverClock) async throws -> (WebhookReceiver, String, InMemoryAPIKeyStore) {
        let keys = InMemoryAPIKeyStore()
        let key = try await APIKeyIssuer(store: keys).issue(description: "Karage POS Webhook Integration", tenant: tenant, now: clock.now()).key
        let receiver = WebhookReceiver(
            sources: try ReceiverHarness.sources(keys: keys), idempotency: InMemoryIdempotencyStore(),
            transactions: InMemoryTransactionStore(), integrationStates: states, now: { clock.now() })
        return (receiver, key, keys)
    }

    static func karage(_ body: [UInt8], key: String) -> WebhookRequest {
        WebhookRequest(source: "karage", headers: WebhookHeaders([("Content-Type", "application/json"), ("X-API-KEY", key)]), body: body)
    }

    @Test func acceptedDeliveriesAreRecordedPerTenantAndSource() async throws {
        let states = InMemoryIntegrationStateStore()
        let clock = ReceiverClock(Self.now)
        let (receiver, key, _) = try await Self.receiver(states: states, clock: clock)
        let id = IntegrationID(tenant: Self.tenant, sourceSystem: "karage")
        #expect(await states.state(for: id) == nil)

        let first = await receiver.receive(Self.karage(try Fixtures.karage(id: 2001), key: key))
        #expect(first.status == 200)
        #expect(await states.state(for: id)?.lastDeliveryAt == Self.now)

        clock.advance(600)
        let repeated = await receiver.receive(Self.karage(try Fixtures.karage(id: 2001), key: key))
        #expect(repeated.status == 200, "a repeat is still a delivery: the sender is firing")
        #expect(await states.state(for: id)?.lastDeliveryAt == Self.now.addingTimeInterval(600))

        clock.advance(600)
        let refused = await receiver.receive(Self.karage(try Fixtures.karage(id: 2002), key: "wrong-key"))
        #expect(refused.status == 401)
        let broken = await receiver.receive(Self.karage(Array(#"{"OrderID": 7}"#.utf8), key: key))
        #expect(broken.status == 400)
        #expect(await states.state(for: id)?.lastDeliveryAt == Self.now.addingTimeInterval(600), "only accepted deliveries count")
        #expect(await states.states(tenant: nil).map(\.id) == [id])
    }

    @Test func recordingNeverMovesBackAndKeepsTheRestOfTheState() async throws {
        let states = InMemoryIntegrationStateStore()
        let id = IntegrationID(tenant: "t1", sourceSystem: "pawoon")
        await states.save(IntegrationState(id: id, consecutiveFailures: 2, credentialsExpireAt: Self.now))
        try await states.recordDelivery(for: id, at: Self.now)
        try await states.recordDelivery(for: id, at: Self.now.addingTimeInterval(-60))
        let state = try #require(await states.state(for: id))
        #expect(state.lastDeliveryAt == Self.now)
        #expect(state.consecutiveFailures == 2)
        #expect(state.credentialsExpireAt == Self.now)
    }

    static func pushed(_ system: String, silentFor seconds: TimeInterval?) -> IntegrationState {
        IntegrationState(
            id: IntegrationID(tenant: "t1", sourceSystem: system),
            lastDeliveryAt: seconds.map { now.addingTimeInterval(-$0) })
    }

    @Test(arguments: [
        ("pawoon", "pawoon.webhook_not_firing", "Check Pawoon webhook settings"),
        ("karage", "pos.no_deliveries", TroubleshootingEntry.noDeliveries.solution),
        ("olsera", "pos.no_deliveries", TroubleshootingEntry.noDeliveries.solution),
        ("xendit", "pos.no_deliveries", TroubleshootingEntry.noDeliveries.solution),
        ("midtrans", "pos.no_deliveries", TroubleshootingEntry.noDeliveries.solution),
    ])
    func silenceLongerThanTheExpectedIntervalIsReported(system: String, code: String, solution: String) throws {
        let diagnostics = IntegrationDiagnostics()
        let quiet = diagnostics.report(for: Self.pushed(system, silentFor: 23 * 3600), now: Self.now)
        #expect(quiet.findings.isEmpty)
        let silent = diagnostics.report(for: Self.pushed(system, silentFor: 26 * 3600), now: Self.now)
        #expect(silent.status == .degraded)
        #expect(silent.codes == [code])
        let finding = try #require(silent.findings.first)
        #expect(finding.entry.solution == solution)
        #expect(finding.detail.hasSuffix("for 26 h; expected at least every 24 h"))
        #expect(diagnostics.report(for: Self.pushed(system, silentFor: nil), now: Self.now).findings.isEmpty)
    }

    @Test func theIntervalIsConfigurablePerSource() {
        var diagnostics = IntegrationDiagnostics()
        diagnostics.setExpectedDeliveryInterval(.seconds(2 * 3600), for: "karage")
        diagnostics.setExpectedDeliveryInterval(nil, for: "pawoon")
        #expect(diagnostics.report(for: Self.pushed("karage", silentFor: 3 * 3600), now: Self.now).codes == ["pos.no_deliveries"])
        #expect(diagnostics.report(for: Self.pushed("xendit", silentFor: 3 * 3600), now: Self.now).findings.isEmpty)
        #expect(diagnostics.report(for: Self.pushed("pawoon", silentFor: 30 * 86_400), now: Self.now).findings.isEmpty)
        // A polled system has no delivery interval.
        #expect(diagnostics.report(for: Self.pushed("qasir", silentFor: 30 * 86_400), now: Self.now).findings.isEmpty)
    }

    static func key(_ name: String, expiresIn days: Double?, revoked: Bool = false) -> APIKeyRecord {
        APIKeyRecord(
            id: name, secretHash: "-", description: name, tenant: "t1", createdAt: now.addingTimeInterval(-86_400),
            expiresAt: days.map { now.addingTimeInterval($0 * 86_400) }, revokedAt: revoked ? now : nil)
    }

    @Test func anAPIKeyIsReportedBeforeItExpires() throws {
        let diagnostics = IntegrationDiagnostics()
        let state = Self.pushed("karage", silentFor: 60)
        func report(_ keys: [APIKeyRecord]) -> IntegrationHealthReport {
            diagnostics.report(for: state, now: Self.now, usage: IntegrationUsage(apiKeys: keys))
        }
        #expect(report([Self.key("persistent", expiresIn: nil), Self.key("later", expiresIn: 15)]).findings.isEmpty)
        let soon = report([Self.key("later", expiresIn: 15), Self.key("Karage POS Webhook Integration", expiresIn: 3)])
        #expect(soon.status == .degraded)
        #expect(soon.codes == ["webhook.api_key_expiring"])
        #expect(soon.findings.first?.detail == "the webhook API key \"Karage POS Webhook Integration\" expires in 3 days")
        let expired = report([Self.key("soon", expiresIn: 3), Self.key("old", expiresIn: -2)])
        #expect(expired.status == .failing)
        #expect(expired.findings.first?.severity == .critical)
        #expect(expired.findings.first?.detail.hasPrefix("the webhook API key \"old\" expired 2 days ago") == true)
        #expect(report([Self.key("revoked", expiresIn: 1, revoked: true)]).findings.isEmpty)
        let tighter = IntegrationDiagnostics(credentialWarningWindow: .seconds(2 * 86_400))
        #expect(tighter.report(for: state, now: Self.now, usage: IntegrationUsage(apiKeys: [Self.key("k", expiresIn: 3)])).findings.isEmpty)
    }
}
