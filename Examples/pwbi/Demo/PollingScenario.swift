import Foundation
import PWBIIntegration
import PWBIMapping
import PWBIRetry
import Synchronization

/// The polling half of the day: Qasir has no webhooks, so its transactions are fetched every
/// five minutes through the host's transport — here a scripted one that times out, fails with a
/// 500, rate-limits with `Retry-After`, and finally refuses the token (401 ⇒ needs reconnect).
/// All waiting happens on a manual clock: no real time passes.
struct PollingScenario {
    let start: Date
    let transactions: InMemoryTransactionStore
    let metrics: any IntegrationMetrics
    let states = InMemoryIntegrationStateStore()
    let cursors = InMemoryCursorStore()
    let integration = IntegrationID(tenant: WebhookScenarios.tenant, sourceSystem: "qasir", account: "QSR-OUTLET-3301")

    /// One run of the synchroniser, as the report shows it.
    struct Run {
        let label: String
        let report: SyncRunReport
        let requests: Int
        let simulatedSeconds: Int64
        let cursor: Date?
    }

    func run(random: inout SeededRandomNumberGenerator) async throws -> [Run] {
        let clock = ManualClock()
        let wall = Mutex(start)
        let elapsed: @Sendable () -> Date = { [clock] in
            let offset = clock.now.duration(to: .zero)
            return wall.withLock { $0 }.addingTimeInterval(-Double(offset.components.seconds))
        }
        let transport = ScriptedTransport()
        let synchronizer = PollingSynchronizer(
            store: transactions, cursors: cursors, states: states, transport: transport, clock: clock,
            wallClock: elapsed, authorizer: { _ in [HTTPHeaderField("Authorization", "Bearer qasir-demo-token")] },
            metrics: metrics)
        await synchronizer.register(PollingRegistration(
            integration: integration,
            source: QasirTransactionSource(mapper: try MapperRegistry.standard.mapper(for: .qasir)),
            context: MappingContext(tenant: WebhookScenarios.tenant, zone: .jakarta, defaultCurrency: .IDR),
            // The reference API-call decisions without the per-attempt timer, so the manual clock
            // only ever holds real waits (backoff, Retry-After) and the simulated times are deterministic.
            configuration: PollingConfiguration(interval: .seconds(300), retryPolicy: try RetryPolicy(
                maximumAttempts: 3,
                backoff: .exponential(initial: .seconds(1), multiplier: 2, minimum: .seconds(1), maximum: .seconds(10)),
                classifier: RetryPolicy.referenceAPICall.classifier,
                maximumRetryAfter: .seconds(60)))))

        // The seed decides the order of the first run's two transient faults.
        let faults: [ScriptedTransport.Step] = random.next() % 2 == 0
            ? [.fail(.timeout), .respond(TransportResponse(status: 500, text: "{\"error\":\"upstream\"}"))]
            : [.respond(TransportResponse(status: 503, text: "{\"error\":\"maintenance\"}")), .fail(.timeout)]
        let first = (0..<3).map { Self.qasirTransaction(number: $0, minute: 40 + $0) }
        let second = [first[2]] + (3..<5).map { Self.qasirTransaction(number: $0, minute: 47 + $0) }

        var runs: [Run] = []
        func sync(_ label: String, _ steps: [ScriptedTransport.Step]) async {
            for step in steps { transport.enqueue(step) }
            let before = transport.requests.count
            let startInstant = clock.now
            let report = await clock.run { await synchronizer.syncNow(integration) }
            let cursor = await cursors.cursor(for: integration)?.watermark
            runs.append(Run(
                label: label, report: report, requests: transport.requests.count - before,
                simulatedSeconds: startInstant.duration(to: clock.now).components.seconds, cursor: cursor))
        }
        await sync("1st: two transient faults, then a page of 3", faults + [.respond(Self.page(first))])
        clock.advance(by: .seconds(300))
        await sync("2nd: a 429 for 60 s, then an overlapping page", [
            .respond(TransportResponse(status: 429, headers: [HTTPHeaderField("Retry-After", "60")], text: "{\"error\":\"rate limited\"}")),
            .respond(Self.page(second)),
        ])
        clock.advance(by: .seconds(300))
        await sync("3rd: token revoked in Qasir (401)", [.respond(TransportResponse(status: 401, text: "{\"error\":\"invalid token\"}"))])
        return runs
    }

    /// The ids the source served, for the report's checks.
    static var servedIDs: Set<String> { Set((0..<5).map { "QSR-TRX-00882\(10 + $0)" }) }

    static func qasirTransaction(number: Int, minute: Int) -> String {
        let subtotal = 15_000 + number * 5_000
        return """
            {"id":"QSR-TRX-00882\(10 + number)","receipt_number":"INV/20251227/01\(50 + number)","outlet_id":"QSR-OUTLET-3301",\
            "created_at":"2025-12-27T13:\(minute):00+07:00","status":"completed","subtotal":"\(subtotal)","discount":"0",\
            "tax":"\(subtotal / 10)","total":"\(subtotal + subtotal / 10)","payment_method":"qris","payment_reference":"QRIS-99\(number)",\
            "items":[{"product_id":"QP-10\(number)","name":"Es Campur","quantity":1,"price":"\(subtotal)"}]}
            """
    }

    static func page(_ items: [String]) -> TransportResponse {
        TransportResponse(status: 200, text: "{\"transactions\":[" + items.joined(separator: ",") + "],\"next_page\":null}")
    }


    /// A run's outcome in a few words.
    static func describe(_ outcome: SyncRunReport.Outcome) -> String {
        switch outcome {
        case .succeeded(let caughtUp): caughtUp ? "succeeded" : "succeeded (more to fetch)"
        case .failed(let failure): failure.detail.isEmpty ? "failed: \(failure.kind.rawValue)" : "failed: \(failure.detail)"
        case .skipped(.needsReconnect): "skipped: needs reconnect"
        case .skipped(.rateLimited(let until)): "skipped: rate limited until \(ISO8601DateFormatter().string(from: until))"
        case .skipped(let reason): "skipped: \(reason)"
        case .superseded: "superseded"
        case .cancelled: "cancelled"
        }
    }
}
