import Foundation
import Synchronization
import Testing
import PWBIIntegration
import PWBIMapping
import PWBIRetry
import PWBISignatures

@Suite("Failure notifications: the sender tells the notifier; the webhook notifier")
struct FailureNotifierWiringTests {
    typealias Server = WebhookSenderTests.Server
    static let base = WebhookSenderTests.base
    static let destination = WebhookSenderTests.destination

    /// A sender to `erp` with a notifier, and a policy of one attempt (no sleeps).
    static func sender(_ server: Server, notifier: any FailureNotifier, clock: ManualClock) throws -> WebhookSender<ManualClock> {
        let policy = try RetryPolicy(maximumAttempts: 1, backoff: .constant(.seconds(1)))
        return WebhookSender(
            transport: server, deadLetters: InMemoryDeadLetterQueue(), clock: clock, policy: policy,
            wallClock: { base }, failureNotifier: notifier)
    }

    @Test func senderNotifiesOnceForManyDeadLettersAndOnceOnRecovery() async throws {
        let clock = ManualClock()
        let notifier = InMemoryFailureNotifier(quietPeriod: .seconds(3600), clock: clock)
        let server = Server(clock: clock, Array(repeating: WebhookSenderTests.status(503), count: 5) + [WebhookSenderTests.status(401)])
        let sender = try Self.sender(server, notifier: notifier, clock: clock)
        for index in 0..<6 {
            _ = await sender.deliver(OutgoingWebhook(id: "evt_\(index)", body: WebhookSenderTests.body, tenant: "t1"), to: Self.destination)
        }
        let notices = await notifier.notifications
        #expect(notices.map(\.kind) == [.serverError, .authentication])
        #expect(notices.first?.integration == IntegrationID(tenant: "t1", sourceSystem: "erp"))
        #expect(notices.first?.detail.contains("HTTP 503") == true)
        let delivered = await sender.deliver(OutgoingWebhook(id: "evt_ok", body: WebhookSenderTests.body, tenant: "t1"), to: Self.destination)
        #expect(delivered.isDelivered)
        #expect(await notifier.notifications.filter { $0.event == .recovered }.map(\.kind) == [.authentication, .serverError])
    }

    @Test func webhookNotifierPostsSignedNoticesThroughTheSender() async throws {
        let clock = ManualClock()
        let server = Server(clock: clock, [])
        let notifier = WebhookFailureNotifier(
            url: "https://merchant.example/pwbi/alerts", secret: SensitiveString("alert-secret-1"),
            transport: server, deadLetters: InMemoryDeadLetterQueue(), clock: clock, wallClock: { Self.base })
        for _ in 0..<100 {
            await notifier.failed(IntegrationFailure(integration: FailureNotifierTests.moka, kind: .timeout, detail: "Connection timeout", at: Self.base))
        }
        #expect(server.requests.count == 1)
        await notifier.succeeded(FailureNotifierTests.moka, at: Self.base)
        let requests = server.requests
        #expect(requests.count == 2)
        for request in requests {
            #expect(request.url == "https://merchant.example/pwbi/alerts")
            #expect(request.header("X-Webhook-ID")?.hasPrefix("ntf_") == true)
            let headers = WebhookHeaders(request.headers.map { ($0.name, $0.value) })
            #expect(throws: Never.self) { try HexHMACSHA256Scheme().verify(body: request.body, headers: headers, secrets: ["alert-secret-1"]) }
        }
        let first = try #require(requests.first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any])
        #expect(json["event"] as? String == "integration.failing")
        #expect(json["source_system"] as? String == "moka")
        #expect(json["account"] as? String == "outlet-7")
        #expect(json["kind"] as? String == "timeout")
        #expect(json["failures"] as? Int == 1)
        #expect(json["at"] as? String == "2025-12-27T01:46:40Z")
        let guide = try #require(json["guide"] as? [String: Any])
        #expect(guide["code"] as? String == "pos.api_down")
        #expect(guide["solution"] as? String == TroubleshootingEntry.apiDown.solution)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(requests[1].body)) as? [String: Any])
        #expect(second["event"] as? String == "integration.recovered")
    }

    @Test func webhookNotifierRetriesPerPolicyThenDeadLetters() async throws {
        let clock = ManualClock()
        let queue = InMemoryDeadLetterQueue()
        let server = Server(clock: clock, Array(repeating: WebhookSenderTests.status(503), count: 4))
        let notifier = WebhookFailureNotifier(
            url: "https://merchant.example/pwbi/alerts", secret: SensitiveString("alert-secret-1"),
            transport: server, deadLetters: queue, clock: clock, wallClock: { Self.base })
        let notice = await WebhookSenderTests.drive(clock, waits: [.seconds(1), .seconds(2), .seconds(4)]) {
            await notifier.failed(IntegrationFailure(integration: FailureNotifierTests.moka, kind: .storage, detail: "store down", at: Self.base))
        }
        #expect(notice?.kind == .storage)
        #expect(server.instants == [.zero, .seconds(1), .seconds(3), .seconds(7)])
        let letters = await queue.list(limit: nil)
        #expect(letters.map(\.source) == ["failure-notifications"])
        #expect(letters.first?.tenant == "t-42")
    }
}

@Suite("Failure notifications: the receiver and polling")
struct FailureNotifierSourcesTests {
    @Test(arguments: SourceKind.allCases)
    func receiverNotifiesDeadLetteredDeliveriesOnceAndHealsOnAcceptance(_ kind: SourceKind) async throws {
        let store = FaultyTransactionStore(.failing)
        let harness = try await ReceiverHarness(transactions: store)
        let notifier = InMemoryFailureNotifier(clock: ManualClock())
        let clock = harness.clock
        let receiver = WebhookReceiver(
            sources: try ReceiverHarness.sources(keys: harness.keys), idempotency: harness.idempotency, transactions: store,
            deadLetters: harness.deadLetters, now: { clock.now() }, failureNotifier: notifier)
        for id in 1...5 {
            let response = await receiver.receive(harness.request(kind, try ReceiverHarness.body(kind, id: id)))
            #expect(response.status == 503)
        }
        #expect(await harness.deadLetters.count == 5)
        let notices = await notifier.notifications
        #expect(notices.count == 1)
        let notice = try #require(notices.first)
        #expect(notice.kind == .storage)
        #expect(notice.integration == IntegrationID(tenant: ReceiverHarness.tenant, sourceSystem: kind == .signed ? "pawoon" : "karage"))
        #expect(notice.guide == .repeatedFailures)
        await store.set(.working)
        #expect(await receiver.receive(harness.request(kind, try ReceiverHarness.body(kind, id: 9))).status == 200)
        #expect(await notifier.notifications.map(\.event) == [.failing, .recovered])
    }

    @Test func pollingNotifiesAFailedRunAndTheRecovery() async throws {
        let clock = ManualClock()
        let pos = SimulatedPOS(seed: 1, wallMillis: PollingTestSupport.wallMillis(clock))
        let states = InMemoryIntegrationStateStore()
        let notifier = InMemoryFailureNotifier(clock: clock)
        let poller = PollingSynchronizer(
            store: InMemoryTransactionStore(), cursors: InMemoryCursorStore(), states: states, transport: pos, clock: clock,
            wallClock: PollingTestSupport.wall(clock), failureNotifier: notifier)
        let id = IntegrationID(tenant: "t1", sourceSystem: "qasir", account: "outlet-1")
        var configuration = PollingConfiguration(interval: .seconds(300))
        configuration.retryPolicy = try PollingTestSupport.policy()
        await poller.register(PollingRegistration(
            integration: id, source: SimSource(chronological: true, perPage: 3), context: MappingContext(tenant: id.tenant), configuration: configuration))
        pos.script([TransportResponse(status: 401)])
        let failed = await clock.run { await poller.syncNow(id) }
        guard case .failed = failed.outcome else { Issue.record("\(failed.outcome)"); return }
        let notice = try #require(await notifier.notifications.first)
        #expect(notice.kind == .authentication)
        #expect(notice.guide == .qasirTokenExpired)
        #expect(notice.detail == "Authentication failed (HTTP 401)")
        try await poller.reconnected(id)
        let healed = await clock.run { await poller.syncNow(id) }
        #expect(healed.succeeded)
        #expect(await notifier.notifications.map(\.event) == [.failing, .recovered])
    }

    /// A state store that is down.
    struct DownStateStore: IntegrationStateStore {
        struct Down: Error {}
        func state(for integration: IntegrationID) async throws -> IntegrationState? { throw Down() }
        func save(_ state: IntegrationState) async throws { throw Down() }
        func states(tenant: String?) async throws -> [IntegrationState] { throw Down() }
        func removeState(for integration: IntegrationID) async throws { throw Down() }
    }

    @Test func pollingNotifiesARunItsStateStoreRefused() async throws {
        let clock = ManualClock()
        let notifier = InMemoryFailureNotifier(clock: clock)
        let poller = PollingSynchronizer(
            store: InMemoryTransactionStore(), cursors: InMemoryCursorStore(), states: DownStateStore(),
            transport: SimulatedPOS(seed: 1, wallMillis: PollingTestSupport.wallMillis(clock)), clock: clock,
            wallClock: PollingTestSupport.wall(clock), failureNotifier: notifier)
        let id = IntegrationID(tenant: "t1", sourceSystem: "qasir")
        await poller.register(PollingRegistration(
            integration: id, source: SimSource(chronological: true, perPage: 3), context: MappingContext(tenant: id.tenant),
            configuration: PollingConfiguration(interval: .seconds(300))))
        _ = await clock.run { await poller.syncNow(id) }
        let notice = try #require(await notifier.notifications.first)
        #expect(notice.kind == .storage)
        #expect(notice.detail == "integration state unavailable")
    }
}
