import FakeProviderCore
import Foundation
import Logging
import PWBIIntegration
import PWBIRetry
import PWBISignatures
import Testing
import WebhookServerCore

/// The fake downstream (in process, on a free port) and the forwarder over real HTTP: signatures
/// checked, deliveries deduplicated by id, a crash between the 2xx and the mark absorbed.
@Suite(.serialized) struct ForwardingDownstreamTests {
    /// Runs `body` with a fake serving `systems` and an HTTP transport; both stopped afterwards.
    static func withFake(
        _ systems: [any FakeSystem], _ body: (FakeProvider, String, AsyncHTTPClientTransport) async throws -> Void
    ) async throws {
        try await withFakeProvider(systems, timeout: .seconds(10)) { provider, transport, base in
            try await body(provider, base, transport)
        }
    }

    static func post(_ transport: AsyncHTTPClientTransport, _ url: String, id: String?, body: String, secret: String) async throws -> TransportResponse {
        let bytes = Array(body.utf8)
        var headers = [HTTPHeaderField("Content-Type", "application/json")]
        if let id { headers.append(HTTPHeaderField("X-Webhook-ID", id)) }
        for field in try HexHMACSHA256Scheme().sign(body: bytes, secret: secret, id: nil, timestamp: nil).headers {
            headers.append(HTTPHeaderField(field.name, field.value))
        }
        return try await transport.send(TransportRequest(method: "POST", url: url, headers: headers, body: bytes))
    }

    @Test func theDownstreamVerifiesDeduplicatesAndReports() async throws {
        let downstream = FakeSignedReceiver(prefix: "/downstream", secret: "s3cret")
        try await Self.withFake([downstream]) { _, base, transport in
            let url = base + "/downstream/webhooks"
            let body = #"{"delivery_id":"txn_1.r1","event":"transaction.created"}"#
            #expect(try await Self.post(transport, url, id: "txn_1.r1", body: body, secret: "s3cret").status == 200)
            let again = try await Self.post(transport, url, id: "txn_1.r1", body: body, secret: "s3cret")
            #expect(again.status == 200)
            #expect(String(decoding: again.body, as: UTF8.self).contains("duplicate"))
            #expect(try await Self.post(transport, url, id: "txn_1.r1", body: body, secret: "wrong").status == 401)
            #expect(try await Self.post(transport, url, id: nil, body: body, secret: "s3cret").status == 400)
            // The id in the (unsigned) header must be the one signed inside the body.
            #expect(try await Self.post(transport, url, id: "txn_2.r1", body: body, secret: "s3cret").status == 400)
            let report = try await transport.send(TransportRequest(method: "GET", url: base + "/downstream/received"))
            let decoded = try JSONDecoder().decode(FakeSignedReceiver.Receipts.Report.self, from: Data(report.body))
            #expect(decoded.received == ["txn_1.r1"])
            #expect(decoded.duplicates == 1)
            #expect(decoded.rejected == 3)
            #expect(decoded.bodies == [body])
        }
    }

    @Test func theForwarderDeliversThroughAnOutageAndACrashBeforeTheMarkExactlyOncePerID() async throws {
        let downstream = FakeSignedReceiver.downstream
        try await Self.withFake([downstream]) { provider, base, transport in
            let app = try await ForwardingOutboxTests.app(.sqlite, suite: "fwd_downstream")
            for order in [61, 62, 63] { _ = await ForwardingOutboxTests.store(app, try ForwardingOutboxTests.order(order)) }
            let outbox = SQLOutbox(database: app.storage.database)
            let ids = try await outbox.pending(limit: 10).map(\.deliveryID)
            let clock = ManualClock()
            let destination = WebhookDestination(
                name: "forward", url: base + "/downstream/webhooks", scheme: HexHMACSHA256Scheme(),
                secret: SensitiveString(FakeSignedReceiver.downstreamSecret))
            let forwarder = Forwarder(
                outbox: outbox, sender: WebhookSender(transport: transport, deadLetters: app.storage.deadLetters, clock: clock),
                destination: destination, logger: Logger(label: "test"))
            let lease = try #require(try await app.storage.leases.acquire("forward", owner: "a", now: Date(), duration: .seconds(600)))
            // Down for the first two attempts.
            await provider.faults.add([Fault(path: "/downstream/webhooks", status: 503, times: 2)])
            let run = Task { try await forwarder.run(holding: lease) }
            for wait in [Duration.seconds(1), .seconds(2)] {
                let deadline = clock.now.advanced(by: wait)
                await clock.waitForSleeper(until: deadline)
                clock.advance(to: deadline)
            }
            #expect(try await run.value.delivered == 3)
            #expect(await downstream.receipts.report.received == ids)
            // A crash after the 2xx, before the mark: the row is still pending, sent again, absorbed.
            try await app.storage.database.query("UPDATE outbox SET state = 'pending' WHERE delivery_id = $1", [.text(ids[1])])
            #expect(try await forwarder.run(holding: lease).delivered == 1)
            let report = await downstream.receipts.report
            #expect(report.received == ids)
            #expect(report.duplicates == 1)
            #expect(report.rejected == 0)
            #expect(try await outbox.counts() == ["sent": 3])
            await app.storage.database.close()
        }
    }
}
