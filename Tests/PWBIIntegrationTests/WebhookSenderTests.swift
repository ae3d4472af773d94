import Foundation
import Synchronization
import Testing
import PWBIIntegration
import PWBIRetry
import PWBISignatures

@Suite("Webhook sender: signing, reference retries, Retry-After, dead letters, replay")
struct WebhookSenderTests {
    static let base = Date(timeIntervalSince1970: 1_766_800_000)
    static let body = Array(#"{"event_type":"transaction.created","data":{"transaction_id":"TXN-1","total":"80500"}}"#.utf8)
    static let destination = WebhookDestination(
        name: "erp", url: "https://erp.example/hooks/pwbi", scheme: HexHMACSHA256Scheme(), secret: SensitiveString("whsec-erp-1"))

    /// A transport that answers from a list and records the manual-clock instant of every request.
    final class Server: HTTPTransport {
        let clock: ManualClock
        private let state: Mutex<(answers: [Result<TransportResponse, HTTPTransportError>], seen: [(Duration, TransportRequest)])>
        init(clock: ManualClock, _ answers: [Result<TransportResponse, HTTPTransportError>]) {
            self.clock = clock
            state = Mutex((answers, []))
        }
        func send(_ request: TransportRequest) async throws -> TransportResponse {
            let answer: Result<TransportResponse, HTTPTransportError> = state.withLock { state in
                state.seen.append((clock.now.offset, request))
                return state.answers.isEmpty ? .success(TransportResponse(status: 200)) : state.answers.removeFirst()
            }
            return try answer.get()
        }
        var instants: [Duration] { state.withLock { $0.seen.map(\.0) } }
        var requests: [TransportRequest] { state.withLock { $0.seen.map(\.1) } }
    }

    struct Harness {
        let clock = ManualClock()
        let queue = InMemoryDeadLetterQueue()
        let metrics = InMemoryIntegrationMetrics()
        func sender(_ server: Server, policy: RetryPolicy = WebhookSender<ManualClock>.defaultPolicy) -> WebhookSender<ManualClock> {
            let clock = self.clock
            return WebhookSender(
                transport: server, deadLetters: queue, clock: clock, policy: policy,
                wallClock: { WebhookSenderTests.base.addingTimeInterval(Double(clock.now.offset.components.seconds)) },
                metrics: metrics)
        }
    }

    /// Runs `delivery`, releasing each expected backoff sleep exactly at its deadline.
    static func drive<T: Sendable>(
        _ clock: ManualClock, waits: [Duration], _ delivery: @escaping @Sendable () async -> T
    ) async -> T {
        let task = Task { await delivery() }
        for wait in waits {
            let deadline = clock.now.advanced(by: wait)
            await clock.waitForSleeper(until: deadline)
            clock.advance(to: deadline)
        }
        return await task.value
    }

    static func status(_ code: Int, retryAfter: String? = nil) -> Result<TransportResponse, HTTPTransportError> {
        .success(TransportResponse(status: code, headers: retryAfter.map { [HTTPHeaderField("Retry-After", $0)] } ?? []))
    }

    @Test func referenceTimingsThenDeadLetter() async throws {
        let harness = Harness()
        let server = Server(clock: harness.clock, [Self.status(503), Self.status(503), Self.status(503), Self.status(503)])
        let sender = harness.sender(server)
        let report = await Self.drive(harness.clock, waits: [.seconds(1), .seconds(2), .seconds(4)]) {
            await sender.deliver(OutgoingWebhook(id: "evt_1", body: Self.body, tenant: "t1"), to: Self.destination)
        }
        #expect(server.instants == [.zero, .seconds(1), .seconds(3), .seconds(7)])
        #expect(report.attempts.map(\.startedAfter) == [.zero, .seconds(1), .seconds(3), .seconds(7)])
        #expect(report.attempts.map(\.outcome) == ["503", "503", "503", "503"])
        #expect(report.totalDelay == .seconds(7))
        guard case .deadLettered(let id, let reason) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(reason == "Max retries exceeded: HTTP 503 after 4 attempts")
        let letter = try #require(await harness.queue.entry(id: id))
        #expect(letter.source == "erp")
        #expect(letter.tenant == "t1")
        #expect(letter.body == Self.body)
        #expect(letter.reason == reason)
        #expect(letter.attempts == 4)
        #expect(letter.headers.value(of: "X-Webhook-ID") == "evt_1")
        #expect(letter.failedAt == Self.base.addingTimeInterval(7))
        #expect(harness.metrics.value(of: .webhookAttempts, labels: ["destination": "erp", "outcome": "503"]) == 4)
        #expect(harness.metrics.value(of: .webhookDeliveries, labels: ["destination": "erp", "status": "dead_lettered"]) == 1)
    }

    @Test func deliveredAfterTransientFailuresWithAVerifiableSignature() async throws {
        let harness = Harness()
        let server = Server(clock: harness.clock, [.failure(.timeout), Self.status(500), Self.status(202)])
        let sender = harness.sender(server)
        let report = await Self.drive(harness.clock, waits: [.seconds(1), .seconds(2)]) {
            await sender.deliver(OutgoingWebhook(id: "evt_2", body: Self.body), to: Self.destination)
        }
        #expect(report.outcome == .delivered(status: 202))
        #expect(report.attempts.map(\.outcome) == ["timeout", "500", "202"])
        #expect(server.instants == [.zero, .seconds(1), .seconds(3)])
        for request in server.requests {
            #expect(request.method == "POST")
            #expect(request.url == "https://erp.example/hooks/pwbi")
            #expect(request.body == Self.body)
            #expect(request.header("content-type") == "application/json")
            #expect(request.header("x-webhook-id") == "evt_2")
            let headers = WebhookHeaders(request.headers.map { ($0.name, $0.value) })
            #expect(throws: Never.self) { try HexHMACSHA256Scheme().verify(body: request.body, headers: headers, secret: "whsec-erp-1") }
            #expect(!request.headers.contains { $0.value.contains("whsec-erp-1") })
        }
        #expect(await harness.queue.list(limit: nil).isEmpty)
        #expect(harness.metrics.value(of: .webhookDeliveries, labels: ["destination": "erp", "status": "delivered"]) == 1)
    }

    @Test func retryAfterIsHonoured() async {
        let harness = Harness()
        let server = Server(clock: harness.clock, [Self.status(429, retryAfter: "20"), Self.status(503, retryAfter: "3"), Self.status(200)])
        let sender = harness.sender(server)
        let report = await Self.drive(harness.clock, waits: [.seconds(20), .seconds(3)]) {
            await sender.deliver(OutgoingWebhook(id: "evt_3", body: Self.body), to: Self.destination)
        }
        #expect(report.isDelivered)
        #expect(server.instants == [.zero, .seconds(20), .seconds(23)])
    }

    @Test func standardWebhooksAttemptsAreSignedAtTheirOwnTime() async throws {
        let harness = Harness()
        let secret = "whsec_" + Base64.encode(Array(repeating: UInt8(7), count: 32))
        let destination = WebhookDestination(name: "partner", url: "https://partner.example/in", scheme: StandardWebhooksScheme(), secret: SensitiveString(secret))
        let server = Server(clock: harness.clock, [Self.status(500), Self.status(200)])
        let sender = harness.sender(server)
        let report = await Self.drive(harness.clock, waits: [.seconds(1)]) {
            await sender.deliver(OutgoingWebhook(id: "msg_2Lx", body: Self.body), to: destination)
        }
        #expect(report.isDelivered)
        let stamps = server.requests.map { $0.header("webhook-timestamp") }
        #expect(stamps == [String(Int(Self.base.timeIntervalSince1970)), String(Int(Self.base.timeIntervalSince1970) + 1)])
        for request in server.requests {
            #expect(request.header("webhook-id") == "msg_2Lx")
            let stamp = Int64(request.header("webhook-timestamp") ?? "") ?? 0
            let verifier = StandardWebhooksScheme(clock: .fixed(stamp))
            let headers = WebhookHeaders(request.headers.map { ($0.name, $0.value) })
            #expect(throws: Never.self) { try verifier.verify(body: request.body, headers: headers, secret: secret) }
        }
    }

    @Test func replayDeliversAndRemovesTheEntry() async throws {
        let harness = Harness()
        let failing = Server(clock: harness.clock, Array(repeating: Self.status(502), count: 4))
        let first = await Self.drive(harness.clock, waits: [.seconds(1), .seconds(2), .seconds(4)]) {
            await harness.sender(failing).deliver(OutgoingWebhook(id: "evt_4", body: Self.body), to: Self.destination)
        }
        guard case .deadLettered(let id, _) = first.outcome else { Issue.record("\(first.outcome)"); return }

        // The receiver is still down: the replay fails, the entry stays with one more failure.
        let stillDown = Server(clock: harness.clock, Array(repeating: Self.status(503), count: 4))
        let again = await Self.drive(harness.clock, waits: [.seconds(1), .seconds(2), .seconds(4)]) {
            try? await harness.sender(stillDown).replay(deadLetterID: id, to: Self.destination)
        }
        #expect(again?.outcome == .replayFailed(deadLetterID: id, reason: "Max retries exceeded: HTTP 503 after 4 attempts"))
        let kept = try #require(await harness.queue.entry(id: id))
        #expect(kept.attempts == 5)
        #expect(kept.reason == "Max retries exceeded: HTTP 503 after 4 attempts")

        // Back up: the replay delivers the same id and body, and the entry is gone.
        let up = Server(clock: harness.clock, [Self.status(200)])
        let replayed = try await harness.sender(up).replay(deadLetterID: id, to: Self.destination)
        #expect(replayed.outcome == .delivered(status: 200))
        #expect(up.requests.first?.header("X-Webhook-ID") == "evt_4")
        #expect(up.requests.first?.body == Self.body)
        #expect(await harness.queue.entry(id: id) == nil)
        await #expect(throws: WebhookSenderError.unknownDeadLetter(id)) {
            try await harness.sender(up).replay(deadLetterID: id, to: Self.destination)
        }
    }

    @Test func replayAllOnlyTouchesItsDestination() async throws {
        let harness = Harness()
        let other = DeadLetter(source: "someone-else", headers: [], body: [1], reason: "x", failedAt: Self.base)
        await harness.queue.enqueue(other)
        let mine = DeadLetter(
            source: "erp", headers: [HTTPHeaderField("X-Webhook-ID", "evt_9")], body: Self.body, reason: "Max retries exceeded: HTTP 500 after 4 attempts",
            attempts: 4, failedAt: Self.base)
        await harness.queue.enqueue(mine)
        let server = Server(clock: harness.clock, [Self.status(200)])
        let reports = try await harness.sender(server).replayAll(to: Self.destination)
        #expect(reports.map(\.webhookID) == ["evt_9"])
        #expect(await harness.queue.list(limit: nil).map(\.id) == [other.id])
    }

    @Test func unsignableWebhooksAreNotSent() async {
        let harness = Harness()
        let server = Server(clock: harness.clock, [])
        let emptySecret = WebhookDestination(name: "erp", url: "https://erp.example", scheme: HexHMACSHA256Scheme(), secret: SensitiveString(""))
        let report = await harness.sender(server).deliver(OutgoingWebhook(id: "e", body: Self.body), to: emptySecret)
        guard case .notSigned = report.outcome else { Issue.record("\(report.outcome)"); return }
        let midtrans = WebhookDestination(name: "erp", url: "https://erp.example", scheme: MidtransScheme(), secret: SensitiveString("server-key"))
        let body = Array(#"{"order_id":"1","status_code":"200","gross_amount":"10000.00"}"#.utf8)
        let inBody = await harness.sender(server).deliver(OutgoingWebhook(id: "e", body: body), to: midtrans)
        guard case .notSigned(let reason) = inBody.outcome else { Issue.record("\(inBody.outcome)"); return }
        #expect(reason.contains("signs inside the body"))
        #expect(server.requests.isEmpty)
    }

    /// The reference's `'Max retries exceeded'` only when every attempt was used; the last failure
    /// (a status or a timeout) and the count follow, and the dead letter keeps exactly that reason.
    @Test(arguments: [
        ([Self.status(500), Self.status(502), Self.status(429), Self.status(503)], "Max retries exceeded: HTTP 503 after 4 attempts"),
        ([Self.status(503), Self.status(503), Self.status(503), .failure(.timeout)], "Max retries exceeded: Connection timeout after 4 attempts"),
        ([Self.status(400)], "Not retryable: HTTP 400 after 1 attempt"),
    ] as [([Result<TransportResponse, HTTPTransportError>], String)])
    func deadLetterReasonNamesWhySenderStopped(_ answers: [Result<TransportResponse, HTTPTransportError>], _ expected: String) async throws {
        let harness = Harness()
        let server = Server(clock: harness.clock, answers)
        let policy = {
            var policy = WebhookSender<ManualClock>.defaultPolicy
            policy.classifier = FailureClassifier { error, _ in (error as? HTTPStatusError)?.statusCode == 400 ? .stop : nil }
                .orElse(policy.classifier)
            return policy
        }()
        let report = await Self.drive(harness.clock, waits: answers.count == 1 ? [] : [.seconds(1), .seconds(2), .seconds(4)]) {
            await harness.sender(server, policy: policy).deliver(OutgoingWebhook(id: "evt_r", body: Self.body), to: Self.destination)
        }
        guard case .deadLettered(let id, let reason) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(reason == expected)
        #expect(report.attempts.count == answers.count)
        let letter = try #require(await harness.queue.entry(id: id))
        #expect(letter.reason == expected)
        #expect(letter.attempts == answers.count)
    }

    @Test func aFailingDeadLetterQueueIsReported() async throws {
        let clock = ManualClock()
        let server = Server(clock: clock, [Self.status(500)])
        let policy = try RetryPolicy(maximumAttempts: 1, backoff: .constant(.seconds(1)))
        let sender = WebhookSender(transport: server, deadLetters: RefusingDeadLetterQueue(), clock: clock, policy: policy)
        let report = await sender.deliver(OutgoingWebhook(id: "e", body: Self.body), to: Self.destination)
        guard case .notStored(let reason) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(reason.hasPrefix("Max retries exceeded: HTTP 500 after 1 attempt;"))
    }
}

/// A queue whose writes fail.
struct RefusingDeadLetterQueue: DeadLetterQueue {
    struct Down: Error {}
    func enqueue(_ letter: DeadLetter) async throws { throw Down() }
    func list(limit: Int?) async throws -> [DeadLetter] { [] }
    func entry(id: String) async throws -> DeadLetter? { nil }
    func remove(id: String) async throws -> Bool { false }
    func recordFailure(id: String, reason: String, at: Date) async throws -> Bool { false }
}
