import Foundation
import Logging
import PWBIIntegration
import PWBIRetry
import PWBISignatures
import Synchronization
import Testing
import WebhookServerCore

/// `dead-letters list|replay` over SQLite: outputs, exit codes, what a replay sends and marks.
@Suite(.serialized) struct DeadLetterCommandTests {
    static let forwardSettings = ["PWBI_FORWARD_URL": "http://downstream.test/webhooks", "PWBI_FORWARD_SECRET": ForwarderTests.secret]

    /// A server whose first stored order was dead-lettered by the forwarder (4 × 503); its delivery id.
    static func deadLettered() async throws -> (ForwarderTests.Rig, String) {
        let rig = try await ForwarderTests.Rig(.sqlite, orders: [71, 72], answers: [503, 503, 503, 503])
        let entry = try #require(try await rig.outbox.pending(limit: 1).first)
        _ = try await rig.run(waits: [.seconds(1), .seconds(2), .seconds(4)])
        return (rig, entry.deliveryID)
    }

    /// Runs one command against `storage`; (code, stdout, stderr, requests sent).
    static func run(
        _ command: [String], storage: ServerStorage, environment: [String: String] = forwardSettings,
        answers: [Int] = [200], clock: ManualClock = ManualClock()
    ) async throws -> (Int32, [String], [String], [TransportRequest]) {
        let out = Locked<[String]>([]), err = Locked<[String]>([]), sent = Locked<[TransportRequest]>([])
        let answers = Locked(answers)
        let transport = ScriptedTransport { request in
            sent.withLock { $0.append(request) }
            return TransportResponse(status: answers.withLock { $0.isEmpty ? 599 : $0.removeFirst() })
        }
        let code = await DeadLetterCommands.run(
            command, storage: storage, forwarding: try ServerConfiguration(environment: environment).forwarding,
            transport: transport, clock: clock, now: { ForwarderTests.now },
            print: { line in out.withLock { $0.append(line) } }, error: { line in err.withLock { $0.append(line) } }
        )
        return (code, out.withLock { $0 }, err.withLock { $0 }, sent.withLock { $0 })
    }

    @Test func listThenReplayDeliversTheSameIDAndBodyAndMarksTheRowSent() async throws {
        let (rig, deliveryID) = try await Self.deadLettered()
        let storage = rig.app.storage
        let letter = try #require(try await storage.deadLetters.list(limit: nil).first)
        let listed = try await Self.run(["dead-letters", "list"], storage: storage)
        #expect(listed.0 == 0)
        #expect(listed.1 == [
            "id\tsource\ttenant\tattempts\tfailed_at\twebhook_id\treason",
            "\(letter.id)\tforward\tdefault\t4\t\(ForwarderTests.now.formatted(.iso8601))\t\(deliveryID)\tMax retries exceeded: HTTP 503 after 4 attempts",
        ])
        #expect(try await Self.run(["dead-letters", "list", "--source", "karage"], storage: storage).1.count == 1)

        let replayed = try await Self.run(["dead-letters", "replay", letter.id], storage: storage)
        #expect(replayed.0 == 0, "\(replayed.2)")
        #expect(replayed.1 == ["replayed \(letter.id) (\(deliveryID)): HTTP 200"])
        let request = try #require(replayed.3.first)
        #expect(replayed.3.count == 1)
        #expect(request.url == "http://downstream.test/webhooks")
        #expect(request.headers.value(of: "X-Webhook-ID") == deliveryID)
        #expect(request.body == letter.body)
        let headers = WebhookHeaders(request.headers.map { ($0.name, $0.value) })
        #expect(throws: Never.self) { try HexHMACSHA256Scheme().verify(body: request.body, headers: headers, secret: ForwarderTests.secret) }
        #expect(try await storage.deadLetters.list(limit: nil).isEmpty)
        #expect(try await rig.outbox.state(of: deliveryID) == "sent")
        // Gone: a second replay is refused.
        let again = try await Self.run(["dead-letters", "replay", letter.id], storage: storage)
        #expect(again.0 == 1)
        #expect(again.2 == ["no dead letter with id \(letter.id)"])
        #expect(try await Self.run(["dead-letters", "replay", "--all"], storage: storage).1 == ["nothing to replay"])
        await storage.database.close()
    }

    @Test func aReplayThatFailsAgainKeepsTheEntryWithTheNewFailure() async throws {
        let (rig, _) = try await Self.deadLettered()
        let storage = rig.app.storage
        let clock = ManualClock()
        let task = Task { try await Self.run(["dead-letters", "replay", "--all"], storage: storage, answers: [503, 503, 503, 500], clock: clock) }
        for wait in [Duration.seconds(1), .seconds(2), .seconds(4)] {
            let deadline = clock.now.advanced(by: wait)
            await clock.waitForSleeper(until: deadline)
            clock.advance(to: deadline)
        }
        let result = try await task.value
        #expect(result.0 == 1)
        #expect(result.3.count == 4)
        let letter = try #require(try await storage.deadLetters.list(limit: nil).first)
        #expect(result.2 == ["replay of \(letter.id) failed: Max retries exceeded: HTTP 500 after 4 attempts"])
        #expect(letter.attempts == 5)
        #expect(letter.reason == "Max retries exceeded: HTTP 500 after 4 attempts")
        #expect(try await rig.outbox.counts()["dead"] == 1)
        await storage.database.close()
    }

    @Test func refusals() async throws {
        let (rig, _) = try await Self.deadLettered()
        let storage = rig.app.storage
        let letter = try #require(try await storage.deadLetters.list(limit: nil).first)
        try await storage.deadLetters.enqueue(DeadLetter(
            id: "dl_incoming", source: "karage", headers: [], body: Array("{}".utf8), reason: "mapping failed", attempts: 1,
            failedAt: ForwarderTests.now))
        let cases: [([String], [String: String], Int32, String)] = [
            (["dead-letters"], Self.forwardSettings, 2, ""),
            (["dead-letters", "frobnicate"], Self.forwardSettings, 2, ""),
            (["dead-letters", "replay"], Self.forwardSettings, 2, ""),
            (["dead-letters", "replay", "a", "b"], Self.forwardSettings, 2, ""),
            (["dead-letters", "list", "--limit", "0"], Self.forwardSettings, 2, "--limit must be a whole number ≥ 1"),
            (["dead-letters", "list", "--frobnicate", "1"], Self.forwardSettings, 2, "unknown option"),
            (["dead-letters", "replay", letter.id], [:], 2, "set PWBI_FORWARD_URL and PWBI_FORWARD_SECRET"),
            (["dead-letters", "replay", "dl_incoming"], Self.forwardSettings, 1, "is an incoming karage delivery"),
            (["dead-letters", "replay", "nope"], Self.forwardSettings, 1, "no dead letter with id nope"),
        ]
        for (command, environment, code, message) in cases {
            let result = try await Self.run(command, storage: storage, environment: environment)
            #expect(result.0 == code, "\(command)")
            #expect(result.3.isEmpty, "\(command) sent a request")
            if !message.isEmpty { #expect(result.2.joined().contains(message), "\(command): \(result.2)") }
        }
        // `--all` replays only the outgoing webhooks whose destination is configured.
        let all = try await Self.run(["dead-letters", "replay", "--all"], storage: storage)
        #expect(all.0 == 0)
        #expect(all.3.count == 1)
        #expect(try await storage.deadLetters.list(limit: nil).map(\.id) == ["dl_incoming"])
        await storage.database.close()
    }
}
