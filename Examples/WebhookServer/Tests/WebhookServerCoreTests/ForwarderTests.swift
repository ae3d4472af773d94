import Foundation
import Logging
import PWBIIntegration
import PWBIRetry
import PWBISignatures
import Synchronization
import Testing
import WebhookServerCore

/// The forwarder over a scripted downstream on a manual clock: signed deliveries carrying the
/// delivery id, the reference's retries (1, 2, 4 s) then the dead-letter queue with the library's
/// reason, marks only after a 2xx and only while the lease is held, and the failure notifier told.
@Suite(.serialized) struct ForwarderTests {
    static let now = ForwardingOutboxTests.now
    static let secret = "downstream-secret"
    static let destination = WebhookDestination(
        name: "forward", url: "http://downstream.test/webhooks", scheme: HexHMACSHA256Scheme(), secret: SensitiveString(secret))

    /// A server with stored orders, a forwarder over `answers` (one per request, in order) and its lease.
    struct Rig {
        let app: WebhookServerApp
        let outbox: SQLOutbox
        let clock = ManualClock()
        /// Each request sent and when, on the manual clock.
        let requests = Locked<[(TransportRequest, Duration)]>([])
        let forwarder: Forwarder<ManualClock>
        let lease: Lease

        init(
            _ backend: Backend, suite: String = "fwd_forwarder", orders: [Int], answers: [Int], notifier: (any FailureNotifier)? = nil,
            concurrency: Int = 1, downstream: (@Sendable (TransportRequest) async -> Void)? = nil
        ) async throws {
            app = try await ForwardingOutboxTests.app(backend, suite: suite)
            for order in orders { _ = await ForwardingOutboxTests.store(app, try ForwardingOutboxTests.order(order)) }
            outbox = SQLOutbox(database: app.storage.database)
            let answers = Locked(answers)
            let clock = clock, requests = requests
            let transport = ScriptedTransport { request in
                requests.withLock { $0.append((request, ManualClock.Instant.zero.duration(to: clock.now))) }
                await downstream?(request)
                let status = answers.withLock { $0.isEmpty ? 599 : $0.removeFirst() }
                return TransportResponse(status: status)
            }
            let sender = WebhookSender(
                transport: transport, deadLetters: app.storage.deadLetters, clock: clock, wallClock: { ForwarderTests.now },
                failureNotifier: notifier
            )
            forwarder = Forwarder(
                outbox: outbox, sender: sender, destination: ForwarderTests.destination, concurrency: concurrency, now: { ForwarderTests.now },
                logger: Logger(label: "test"))
            lease = try #require(try await app.storage.leases.acquire("forward", owner: "a", now: ForwarderTests.now, duration: .seconds(60)))
        }

        /// Runs the forwarder, advancing the clock through `waits` as each retry sleeps.
        func run(waits: [Duration] = []) async throws -> Forwarder<ManualClock>.RunReport {
            let forwarder = forwarder, lease = lease
            let task = Task { try await forwarder.run(holding: lease) }
            for wait in waits {
                let deadline = clock.now.advanced(by: wait)
                await clock.waitForSleeper(until: deadline)
                clock.advance(to: deadline)
            }
            return try await task.value
        }
    }

    @Test(arguments: Backend.available) func deliversEachRowSignedUnderItsDeliveryIDThenMarksItSent(backend: Backend) async throws {
        let rig = try await Rig(backend, orders: [11, 12], answers: [200, 202])
        let entries = try await rig.outbox.pending(limit: 10)
        let report = try await rig.run()
        #expect(report.delivered == 2)
        #expect(report.stoppedBecause == nil)
        let requests = rig.requests.withLock { $0.map(\.0) }
        #expect(requests.map(\.url) == [Self.destination.url, Self.destination.url])
        #expect(requests.map { $0.headers.value(of: "X-Webhook-ID") } == entries.map(\.deliveryID))
        #expect(requests.map(\.body) == entries.map(\.body))
        for request in requests {
            let headers = WebhookHeaders(request.headers.map { ($0.name, $0.value) })
            #expect(throws: Never.self) { try HexHMACSHA256Scheme().verify(body: request.body, headers: headers, secret: Self.secret) }
            #expect(!HexHMACSHA256Scheme().isValid(body: request.body, headers: headers, secrets: ["another-secret"]))
        }
        #expect(try await rig.outbox.counts() == ["sent": 2])
        // Drained: the next run sends nothing.
        #expect(try await rig.run().delivered == 0)
        #expect(rig.requests.withLock { $0.count } == 2)
        await rig.app.storage.database.close()
    }

    @Test(arguments: Backend.available) func retriesAfter1And2And4SecondsThenDeadLettersAndStops(backend: Backend) async throws {
        let notifier = InMemoryFailureNotifier(quietPeriod: .seconds(3600), clock: ManualClock())
        let rig = try await Rig(backend, orders: [21, 22], answers: [503, 503, 503, 503], notifier: notifier)
        let entries = try await rig.outbox.pending(limit: 10)
        let report = try await rig.run(waits: [.seconds(1), .seconds(2), .seconds(4)])
        let reason = "Max retries exceeded: HTTP 503 after 4 attempts"
        #expect(report.deadLettered == 1)
        #expect(report.delivered == 0)
        #expect(report.stoppedBecause == reason)
        // Attempts at 0, 1, 3 and 7 s, all of the first row, then the run stopped.
        #expect(rig.requests.withLock { $0.map(\.1) } == [.zero, .seconds(1), .seconds(3), .seconds(7)])
        #expect(rig.requests.withLock { Set($0.map { $0.0.headers.value(of: "X-Webhook-ID") }) } == [entries[0].deliveryID])
        let letters = try await rig.app.storage.deadLetters.list(limit: nil)
        let letter = try #require(letters.first)
        #expect(letters.count == 1)
        #expect(letter.source == "forward")
        #expect(letter.reason == reason)
        #expect(letter.attempts == 4)
        #expect(letter.body == entries[0].body)
        #expect(letter.headers.value(of: "X-Webhook-ID") == entries[0].deliveryID)
        // The signature is never kept with the letter.
        #expect(letter.headers.value(of: "X-Webhook-Signature") == nil)
        #expect(try await rig.outbox.state(of: entries[0].deliveryID) == "dead")
        #expect(try await rig.outbox.state(of: entries[1].deliveryID) == "pending")
        // The notifier heard of it once, as the destination's failure with the guide's remedy.
        let notices = await notifier.notifications
        #expect(notices.count == 1)
        #expect(notices.first?.event == .failing)
        #expect(notices.first?.integration == IntegrationID(tenant: "default", sourceSystem: "forward"))
        #expect(notices.first?.kind == .serverError)
        #expect(notices.first?.detail == reason)
        await rig.app.storage.database.close()
    }

    @Test(arguments: Backend.available) func aDeliveryThatHealsAfterRetriesIsSentOnceAndRaisesTheRecovery(backend: Backend) async throws {
        let notifier = InMemoryFailureNotifier(quietPeriod: .seconds(3600), clock: ManualClock())
        _ = await notifier.failed(IntegrationFailure(
            integration: IntegrationID(tenant: "default", sourceSystem: "forward"), kind: .serverError, detail: "earlier", at: Self.now))
        let rig = try await Rig(backend, orders: [31], answers: [500, 429, 200], notifier: notifier)
        let report = try await rig.run(waits: [.seconds(1), .seconds(2)])
        #expect(report.delivered == 1)
        #expect(rig.requests.withLock { $0.map(\.1) } == [.zero, .seconds(1), .seconds(3)])
        #expect(try await rig.outbox.counts() == ["sent": 1])
        #expect(try await rig.app.storage.deadLetters.list(limit: nil).isEmpty)
        #expect(await notifier.notifications.map(\.event) == [.failing, .recovered])
        await rig.app.storage.database.close()
    }

    @Test(arguments: Backend.available) func aLostLeaseLeavesTheRowPendingForTheNextHolder(backend: Backend) async throws {
        let rig = try await Rig(backend, orders: [41, 42], answers: [200, 200])
        // Another replica took over (this one's lease lapsed while it was sending).
        try await rig.app.storage.database.query("UPDATE leases SET owner = 'b' WHERE name = 'forward'", [])
        let report = try await rig.run()
        #expect(report.delivered == 0)
        #expect(report.unmarked == 1)
        #expect(rig.requests.withLock { $0.count } == 1)
        #expect(try await rig.outbox.pendingCount() == 2)
        await rig.app.storage.database.close()
    }

    /// With `concurrency` 4, four transactions are in flight at once (the downstream holds each
    /// request until all four arrived); everything is sent once and marked.
    @Test(.timeLimit(.minutes(1)), arguments: Backend.available)
    func transactionsAreSentSideBySideUpToTheConcurrency(backend: Backend) async throws {
        let gate = Gate()
        let arrived = Locked(0)
        let rig = try await Rig(backend, orders: [61, 62, 63, 64, 65, 66], answers: Array(repeating: 200, count: 6), concurrency: 4) { _ in
            if arrived.withLock({ $0 += 1; return $0 }) == 4 { gate.open() }
            await gate.wait()
        }
        let report = try await rig.run()
        #expect(report.delivered == 6 && report.stoppedBecause == nil)
        #expect(try await rig.outbox.counts() == ["sent": 6])
        #expect(Set(rig.requests.withLock { $0.compactMap { $0.0.headers.value(of: "X-Webhook-ID") } }).count == 6)
        await rig.app.storage.database.close()
    }

    /// A transaction's second revision is sent only after its first was answered, even while other
    /// transactions are in flight beside it.
    @Test(.timeLimit(.minutes(1)), arguments: Backend.available)
    func aTransactionsRevisionsGoOneAfterAnotherInOrder(backend: Backend) async throws {
        let gate = Gate()
        let events = Locked<[String]>([])
        let rig = try await Rig(backend, orders: [71], answers: Array(repeating: 200, count: 4), concurrency: 4) { request in
            let id = request.headers.value(of: "X-Webhook-ID") ?? "?"
            let body = String(decoding: request.body, as: UTF8.self)
            let starts = events.withLock { $0.append("start \(id)"); return $0.filter { $0.hasPrefix("start") }.count }
            // Order 71's first revision is held until the two other transactions' rows have arrived.
            if starts == 3 { gate.open() }
            if body.contains(#""external_id":"71""#), id.hasSuffix(".r1") { await gate.wait() }
            events.withLock { $0.append("end \(id)") }
        }
        let changed = try ForwardingOutboxTests.transaction(try ForwardingOutboxTests.order(71, item: "Desk Chair"))
        #expect(try await rig.app.storage.transactions.upsert(changed, now: Self.now).outcome == .updated)
        for order in [72, 73] { _ = await ForwardingOutboxTests.store(rig.app, try ForwardingOutboxTests.order(order)) }
        let entries = try await rig.outbox.pending(limit: 10)
        #expect(entries.map(\.revision) == [1, 2, 1, 1])
        let first = entries[0].deliveryID, second = entries[1].deliveryID
        let report = try await rig.run()
        #expect(report.delivered == 4)
        let log = events.withLock { $0 }
        let firstEnd = try #require(log.firstIndex(of: "end \(first)"))
        let secondStart = try #require(log.firstIndex(of: "start \(second)"))
        #expect(firstEnd < secondStart, "\(log)")
        #expect(log.firstIndex(of: "start \(entries[2].deliveryID)").map { $0 < firstEnd } == true, "the lanes ran side by side: \(log)")
        await rig.app.storage.database.close()
    }

    @Test(arguments: Backend.available) func theScheduleRunsTheForwarderFromTheServerSettings(backend: Backend) async throws {
        let app = try await ForwardingOutboxTests.app(backend, suite: "fwd_forwarder", [
            "PWBI_FORWARD_URL": "http://downstream.test/webhooks", "PWBI_FORWARD_SECRET": Self.secret,
        ])
        _ = await ForwardingOutboxTests.store(app, try ForwardingOutboxTests.order(51))
        let sent = Locked<[TransportRequest]>([])
        let transport = ScriptedTransport { request in
            sent.withLock { $0.append(request) }
            return TransportResponse(status: 200)
        }
        let context = OutboundContext(
            configuration: app.configuration, storage: app.storage, transport: transport, metrics: app.metrics,
            owner: "replica-a", logger: Logger(label: "test")
        )
        let made = ForwardingJobs.schedule(context, clock: ManualClock(), now: { Self.now })
        let schedule = try #require(made)
        #expect(schedule.name == "forward")
        #expect(await schedule.runOnce())
        #expect(sent.withLock { $0.count } == 1)
        #expect(try await SQLOutbox(database: app.storage.database).counts() == ["sent": 1])
        // Released after the run.
        #expect(try await app.storage.leases.holder(of: "forward") == nil)
        // Without a URL there is no forwarder.
        let off = OutboundContext(
            configuration: try ServerConfiguration(environment: [:]), storage: app.storage, transport: transport, metrics: app.metrics,
            owner: "replica-a", logger: Logger(label: "test")
        )
        #expect(ForwardingJobs.schedule(off, clock: ManualClock()) == nil)
        #expect(ForwardingJobs.services(off).isEmpty)
        await app.storage.database.close()
    }
}

/// A value behind a lock that escaping closures can share (a `Mutex` cannot be captured by them).
final class Locked<Value: Sendable>: Sendable {
    let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { value in body(&value) } }
}
