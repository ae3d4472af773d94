import Foundation
import PWBIIntegration
import PWBIMapping
import PWBIRetry

/// `pwbi-bench poll`: the synchroniser's own cost per page, transport excluded — a Qasir page of
/// 50 transactions answered at once from memory, parsed, mapped, upserted (unchanged after the
/// first run), and the cursor written.
///
/// - `poll-page`: µs per page (lower is better), median of 15 samples of 20 runs × 5 pages.
let pollSuite = Suite(name: "poll", summary: "polling overhead per 50-transaction page, transport excluded") {
    let pages = 5
    let perPage = 50
    let transport = PollBenchTransport(pages: pages, perPage: perPage)
    let id = IntegrationID(tenant: "bench", sourceSystem: "qasir", account: "outlet-1")
    let poller = PollingSynchronizer(
        store: InMemoryTransactionStore(), cursors: InMemoryCursorStore(), states: InMemoryIntegrationStateStore(),
        transport: transport, clock: ContinuousClock(), wallClock: { Date(timeIntervalSince1970: 1_766_800_000) })
    let configuration = PollingConfiguration(interval: .seconds(300))
    runBlocking {
        await poller.register(PollingRegistration(
            integration: id, source: QasirTransactionSource(mapper: QasirMapper(), perPage: perPage),
            context: MappingContext(tenant: "bench"), configuration: configuration))
    }
    let runs = 20
    var stored = 0
    let seconds = Timing.interleaved(samples: 15, iterations: 1, [
        ("ours", {
            stored = runBlocking {
                var count = 0
                for _ in 0..<runs {
                    let report = await poller.syncNow(id)
                    count += report.inserted + report.unchanged
                }
                return count
            }
        }),
    ])["ours"] ?? .nan
    guard stored == runs * pages * perPage else { throw BenchmarkFailure("poll stored \(stored) of \(runs * pages * perPage)") }
    return [BenchmarkLine(benchmark: "poll-page", unit: "µs", ours: seconds / Double(runs * pages) * 1e6)]
}

/// Answers every Qasir page request at once with a prebuilt page (`next_page` until the last).
final class PollBenchTransport: HTTPTransport {
    let bodies: [[UInt8]]

    init(pages: Int, perPage: Int) {
        var bodies: [[UInt8]] = []
        for page in 1...pages {
            let transactions = (0..<perPage).map { index in
                let n = (page - 1) * perPage + index
                return #"{"id":"Q-\#(n)","receipt_number":"R\#(n)","outlet_id":"outlet-1","created_at":"2025-12-27T09:\#(n % 50 + 10):00+07:00","status":"completed","subtotal":"50000","discount":"5000","service_charge":"2250","tax":"4725","total":"51975","payment_method":"qris","items":[{"name":"Ayam Geprek","quantity":2,"price":"25000"}]}"#
            }
            let next = page < pages ? String(page + 1) : "null"
            bodies.append(Array(#"{"transactions":[\#(transactions.joined(separator: ","))],"next_page":\#(next)}"#.utf8))
        }
        self.bodies = bodies
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let page = request.queryItems.first { $0.name == "page" }.flatMap { Int($0.value) } ?? 1
        return TransportResponse(status: 200, body: bodies[max(0, min(bodies.count - 1, page - 1))])
    }
}
