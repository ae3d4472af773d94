import FakeProviderCore
import Foundation
import Logging
import PWBIIntegration
import PWBIRetry
import PWBISignatures
import Testing
import WebhookServerCore

/// The host's failure notifier: the library's contract, notices posted signed to the configured URL
/// (once per integration and kind, a recovery when it heals), and the receivers wired to it.
@Suite(.serialized) struct HostFailureNotifierTests {
    static let moka = IntegrationID(tenant: "acme", sourceSystem: "moka")

    static func failure(_ kind: SyncFailureKind = .timeout) -> IntegrationFailure {
        IntegrationFailure(integration: moka, kind: kind, detail: "Connection timeout after 4 attempts", at: ForwarderTests.now)
    }

    @Test func honoursTheFailureNotifierContract() async {
        let violations = await FailureNotifierContract.check { clock, quietPeriod in
            let sender = WebhookSender(transport: ScriptedTransport(), deadLetters: InMemoryDeadLetterQueue(), clock: clock)
            let destination = WebhookDestination(name: "failure-notifications", url: "http://alerts.test/", scheme: HexHMACSHA256Scheme(), secret: SensitiveString("k"))
            return HostFailureNotifier(
                WebhookFailureNotifier(destination: destination, sender: sender, limiter: InMemoryFailureNotifier(quietPeriod: quietPeriod, clock: clock)),
                logger: Logger(label: "test"))
        }
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func settingsNeedAURLAndASecretTogether() throws {
        #expect(try ServerConfiguration(environment: [:]).forwarding.notifyDestination == nil)
        let configured = try ServerConfiguration(environment: [
            "PWBI_NOTIFY_URL": "https://alerts.example/pwbi?token=abc", "PWBI_NOTIFY_SECRET_FILE": "/run/secrets/notify",
            "PWBI_NOTIFY_QUIET_SECONDS": "600",
        ], readFile: { _ in "notify-secret\n" }).forwarding
        #expect(configured.notifyDestination?.secret.revealed == "notify-secret")
        #expect(configured.notifyQuietPeriod == .seconds(600))
        #expect(configured.concurrency == 1)
        #expect(try ServerConfiguration(environment: ["PWBI_FORWARD_CONCURRENCY": "8"]).forwarding.concurrency == 8)
        // The description names where, never the secret or the URL's query.
        #expect(configured.description == "forward off, notify to https://alerts.example/pwbi")
        let refusals: [([String: String], String)] = [
            (["PWBI_NOTIFY_URL": "https://alerts.example/"], "PWBI_NOTIFY_URL needs PWBI_NOTIFY_SECRET or PWBI_NOTIFY_SECRET_FILE"),
            (["PWBI_NOTIFY_SECRET": "k"], "PWBI_NOTIFY_SECRET is set but PWBI_NOTIFY_URL is not"),
            (["PWBI_FORWARD_URL": "ftp://downstream", "PWBI_FORWARD_SECRET": "k"], "PWBI_FORWARD_URL must be an http:// or https:// URL"),
            (["PWBI_FORWARD_URL": "http://a b/", "PWBI_FORWARD_SECRET": "k"], "PWBI_FORWARD_URL must be an http:// or https:// URL"),
            (["PWBI_FORWARD_URL": "http://d/", "PWBI_FORWARD_SECRET": "k", "PWBI_FORWARD_BATCH": "0"], "PWBI_FORWARD_BATCH must be an integer from 1 to 10000"),
            (["PWBI_FORWARD_CONCURRENCY": "65"], "PWBI_FORWARD_CONCURRENCY must be an integer from 1 to 64"),
            (["PWBI_FORWARD_URL": "http://d/", "PWBI_FORWARD_SECRET": "k", "PWBI_FORWARD_SECRET_FILE": "/x"], "set PWBI_FORWARD_SECRET or PWBI_FORWARD_SECRET_FILE, not both"),
        ]
        for (environment, message) in refusals {
            #expect(throws: ConfigurationError.self) { try ServerConfiguration(environment: environment, readFile: { _ in "k" }) }
            do {
                _ = try ServerConfiguration(environment: environment, readFile: { _ in "k" })
            } catch {
                #expect(error.description == message)
                #expect(!error.description.contains("abc"))
            }
        }
    }

    @Test func postsOneSignedNoticePerIncidentAndTheRecoveryToTheSink() async throws {
        let sink = FakeSignedReceiver.notifySink
        try await ForwardingDownstreamTests.withFake([sink]) { _, base, transport in
            let configuration = try ServerConfiguration(environment: [
                "PWBI_NOTIFY_URL": base + "/notify/webhooks", "PWBI_NOTIFY_SECRET": FakeSignedReceiver.notifySecret,
            ]).forwarding
            let deadLetters = InMemoryDeadLetterQueue()
            let made = HostFailureNotifier.make(
                configuration, transport: transport, deadLetters: deadLetters, clock: ManualClock(), logger: Logger(label: "test"),
                wallClock: { ForwarderTests.now })
            let notifier = try #require(made)
            let poster = Task { try await notifier.run() }
            var raised = 0
            for _ in 0..<100 where await notifier.failed(Self.failure()) != nil { raised += 1 }
            #expect(raised == 1)
            #expect(await notifier.succeeded(Self.moka, at: ForwarderTests.now).count == 1)
            // Nothing for an integration that never failed.
            #expect(await notifier.succeeded(IntegrationID(tenant: "acme", sourceSystem: "qasir"), at: ForwarderTests.now).isEmpty)
            await sink.receipts.waitUntilReceived(2)
            poster.cancel()
            let report = await sink.receipts.report
            #expect(report.rejected == 0)
            struct Notice: Decodable {
                var event: String
                var tenant: String
                var source_system: String
                var failures: Int
                var message: String
            }
            let bodies = try report.bodies.map { try JSONDecoder().decode(Notice.self, from: Data($0.utf8)) }
            #expect(bodies.map(\.event) == ["integration.failing", "integration.recovered"])
            #expect(bodies.allSatisfy { $0.source_system == "moka" && $0.tenant == "acme" })
            #expect(bodies.first?.failures == 1)
            #expect(bodies.first?.message.hasPrefix("Moka sync failing:") == true)
            #expect(await deadLetters.list(limit: nil).isEmpty)
        }
    }

    @Test func aDeadLetteredDeliveryNotifiesOnceAndTheNextGoodOneRecovers() async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        let notifier = InMemoryFailureNotifier(quietPeriod: .seconds(3600), clock: ManualClock())
        let app = try WebhookServerApp(
            configuration: try ServerConfiguration(environment: ["PWBI_WEBHOOK_SECRET_KARAGE": "test-secret"]),
            storage: ServerStorage(database: database), logger: Logger(label: "test"), failureNotifier: notifier)
        for id in 1...3 {
            // Valid JSON the mapper cannot use: rejected and dead-lettered.
            let body = Array(#"{"OrderID":\#(id),"OrderItems":"none"}"#.utf8)
            let response = await app.signed.receive(WebhookRequest(source: "karage", headers: try ReceiverWiringTests.signed(body), body: body))
            #expect(response.status == 400, "\(response.bodyText)")
        }
        #expect(try await app.storage.deadLetters.list(limit: nil).count == 3)
        let good = try ForwardingOutboxTests.order(90)
        #expect(await app.signed.receive(good).status == 200)
        let notices = await notifier.notifications
        #expect(notices.map(\.event) == [.failing, .recovered])
        #expect(notices.first?.integration == IntegrationID(tenant: "default", sourceSystem: "karage"))
        #expect(notices.first?.kind == .invalidResponse)
        #expect(notices.last?.failures == 3)
        await database.close()
    }
}
