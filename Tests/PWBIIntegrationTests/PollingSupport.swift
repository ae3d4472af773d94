import Foundation
import Synchronization
import PWBIIntegration
import PWBIMapping
import PWBIRetry

/// The simulated POS's JSON: `{"transactions":[{"id":…,"time_ms":…,"total":"…"}],"next_page":n|null}`.
struct SimMapper: TransactionMapper {
    var sourceSystem: SourceSystem { SourceSystem(rawValue: "sim") }
    var supportedEvents: [EventType] { [.transactionCreated] }
    func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        let id = try payload["id"].string()
        let millis = try payload["time_ms"].int()
        let total = try payload["total"].decimal(orStringIn: .plain)
        guard let instant = try? Timestamp(secondsSince1970: Int64(millis / 1000), nanoseconds: Int32(millis % 1000) * 1_000_000) else {
            throw MappingError.invalid(payload["time_ms"].path, expected: "a time in milliseconds", value: String(millis))
        }
        return .transaction(UnifiedTransaction(
            tenant: context.tenant, sourceSystem: sourceSystem, externalID: id,
            occurredAt: ZonedTimestamp(instant: instant, utcOffsetSeconds: 0, zoneDecision: .explicit),
            currency: .IDR, total: total))
    }
}

/// A polling source for the simulated POS: `GET https://pos.sim/tx?from_ms=…&until_ms=…&page=N&per_page=M`.
struct SimSource: TransactionSource {
    var chronological: Bool
    var perPage: Int
    var sourceSystem: SourceSystem { SourceSystem(rawValue: "sim") }
    var pagesAreChronological: Bool { chronological }

    func request(for integration: IntegrationID, window: PollWindow, page: PageToken?, authorization: [HTTPHeaderField]) throws(SourcePageError) -> TransportRequest {
        let from = Int64((window.from.timeIntervalSince1970 * 1000).rounded(.down))
        let until = Int64((window.until.timeIntervalSince1970 * 1000).rounded(.up))
        let query = FormEncoding.encode([
            ("account", integration.account), ("from_ms", String(from)), ("until_ms", String(until)),
            ("page", page?.value ?? "1"), ("per_page", String(perPage)),
        ])
        return TransportRequest(method: "GET", url: "https://pos.sim/tx?" + query, headers: authorization)
    }

    func parse(_ response: TransportResponse, integration: IntegrationID, window: PollWindow, page: PageToken?, context: MappingContext) throws(SourcePageError) -> SourcePage {
        let document: JSONDocument
        do { document = try JSONDocument(parsing: response.body) } catch { throw SourcePageError("not JSON") }
        var items: [SourceItem] = []
        let list: JSONArray
        do { list = try document.root["transactions"].array() } catch { throw SourcePageError("transactions is missing") }
        for element in list {
            do {
                for transaction in try SimMapper().map(element, event: .transactionCreated, context: context).transactions {
                    items.append(.transaction(transaction))
                }
            } catch {
                items.append(.unmappable(raw: Array((try? element.rawBytes()) ?? []), error: error))
            }
        }
        let next = (try? document.root["next_page"].int()).map { PageToken(String($0)) }
        return SourcePage(items: items, next: next)
    }
}

/// A POS that publishes transactions over simulated time, serves them in pages, and misbehaves on
/// request: timeouts, 429 with Retry-After, 500, 401, and pages that repeat the previous page.
final class SimulatedPOS: HTTPTransport {
    struct Transaction: Sendable {
        var id: String
        var millis: Int64
        var publishedMillis: Int64
        var total: Int
        var bad = false
    }

    struct Faults: Sendable {
        var timeout = 0.0
        var rateLimit = 0.0
        var serverError = 0.0
        var unauthorized = 0.0
        var duplicatePage = 0.0
        static let none = Faults()
    }

    struct Request: Sendable {
        var account: String
        var fromMillis: Int64
        var untilMillis: Int64
        var page: Int
        var atMillis: Int64
    }

    private struct State {
        var transactions: [Transaction] = []
        var faults: Faults = .none
        var scripted: [TransportResponse] = []
        var random: TestRandom
        var requests: [Request] = []
        var arrivals = 0
    }

    private let state: Mutex<State>
    let wallMillis: @Sendable () -> Int64
    let gate: TestGate?

    init(seed: UInt64, wallMillis: @escaping @Sendable () -> Int64, gate: TestGate? = nil) {
        state = Mutex(State(random: TestRandom(seed: seed)))
        self.wallMillis = wallMillis
        self.gate = gate
    }

    func publish(_ transaction: Transaction) { state.withLock { $0.transactions.append(transaction) } }
    func setFaults(_ faults: Faults) { state.withLock { $0.faults = faults } }
    /// Responses answered first, in order, before any page is served.
    func script(_ responses: [TransportResponse]) { state.withLock { $0.scripted += responses } }
    var requests: [Request] { state.withLock { $0.requests } }
    var all: [Transaction] { state.withLock { $0.transactions } }

    /// Requests that reached the POS, including those still waiting at the gate.
    var arrivals: Int { state.withLock { $0.arrivals } }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        state.withLock { $0.arrivals += 1 }
        if let gate { await gate.wait() }
        let query = Dictionary(request.queryItems.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        let now = wallMillis()
        let parsed = Request(
            account: query["account"] ?? "", fromMillis: Int64(query["from_ms"] ?? "") ?? 0,
            untilMillis: Int64(query["until_ms"] ?? "") ?? 0, page: Int(query["page"] ?? "") ?? 1, atMillis: now)
        let perPage = Int(query["per_page"] ?? "") ?? 5
        enum Answer { case response(TransportResponse), timeout }
        let answer: Answer = state.withLock { state in
            state.requests.append(parsed)
            if !state.scripted.isEmpty { return .response(state.scripted.removeFirst()) }
            let faults = state.faults
            let roll = Double(state.random.next() % 1_000_000) / 1_000_000
            var threshold = faults.timeout
            if roll < threshold { return .timeout }
            threshold += faults.rateLimit
            if roll < threshold {
                let wait = 1 + state.random.next() % 30
                return .response(TransportResponse(status: 429, headers: [HTTPHeaderField("Retry-After", String(wait))]))
            }
            threshold += faults.serverError
            if roll < threshold { return .response(TransportResponse(status: 500, text: "upstream error")) }
            threshold += faults.unauthorized
            if roll < threshold { return .response(TransportResponse(status: 401)) }
            let duplicate = Double(state.random.next() % 1_000_000) / 1_000_000 < faults.duplicatePage

            let visible = state.transactions
                .filter { $0.publishedMillis <= now && $0.millis >= parsed.fromMillis && $0.millis <= parsed.untilMillis }
                .sorted { ($0.millis, $0.id) < ($1.millis, $1.id) }
            let start = (parsed.page - 1) * perPage
            var slice = Array(visible.dropFirst(start).prefix(perPage))
            if duplicate, parsed.page > 1 {
                slice = Array(visible.dropFirst(start - perPage).prefix(perPage)) + slice
            }
            let more = visible.count > start + perPage
            let items = slice.map { t in
                t.bad ? #"{"id":"\#(t.id)","time_ms":"not a number","total":"\#(t.total)"}"#
                    : #"{"id":"\#(t.id)","time_ms":\#(t.millis),"total":"\#(t.total)"}"#
            }
            let body = #"{"transactions":[\#(items.joined(separator: ","))],"next_page":\#(more ? String(parsed.page + 1) : "null")}"#
            return .response(TransportResponse(status: 200, text: body))
        }
        switch answer {
        case .timeout: throw HTTPTransportError.timeout
        case .response(let response): return response
        }
    }
}

/// A transaction store that records every outcome, and can be told to fail after storing.
final class RecordingStore: TransactionStore {
    private let inner = InMemoryTransactionStore()
    private struct State {
        var stored: Set<String> = []
        var outcomes: [UpsertOutcome: Int] = [:]
        var failAfterStoring = 0.0
        var random = TestRandom(seed: 99)
    }
    private let state = Mutex(State())
    struct Crash: Error {}

    func failAfterStoring(probability: Double, seed: UInt64) {
        state.withLock { $0.failAfterStoring = probability; $0.random = TestRandom(seed: seed) }
    }

    func upsert(_ transaction: UnifiedTransaction, now: Date) async throws -> UpsertResult {
        let result = await inner.upsert(transaction, now: now)
        let crash: Bool = state.withLock { state in
            state.stored.insert(transaction.externalID)
            state.outcomes[result.outcome, default: 0] += 1
            return Double(state.random.next() % 1_000_000) / 1_000_000 < state.failAfterStoring
        }
        if crash { throw Crash() }
        return result
    }

    func transaction(for key: TransactionKey) async throws -> StoredTransaction? { await inner.transaction(for: key) }

    var storedIDs: Set<String> { state.withLock { $0.stored } }
    func count(_ outcome: UpsertOutcome) -> Int { state.withLock { $0.outcomes[outcome] ?? 0 } }
}

/// A cursor store that "crashes" (throws before writing) at random, and records every cursor written.
final class CrashingCursorStore: CursorStore {
    private let inner = InMemoryCursorStore()
    private struct State {
        var probability = 0.0
        var random = TestRandom(seed: 7)
        var written: [SyncCursor] = []
    }
    private let state = Mutex(State())
    struct Crash: Error {}

    func crash(probability: Double, seed: UInt64) {
        state.withLock { $0.probability = probability; $0.random = TestRandom(seed: seed) }
    }

    func cursor(for integration: IntegrationID) async throws -> SyncCursor? { await inner.cursor(for: integration) }

    func compareAndSet(_ integration: IntegrationID, expected: SyncCursor?, new: SyncCursor) async throws -> Bool {
        let crash = state.withLock { Double($0.random.next() % 1_000_000) / 1_000_000 < $0.probability }
        if crash { throw Crash() }
        let moved = await inner.compareAndSet(integration, expected: expected, new: new)
        if moved { state.withLock { $0.written.append(new) } }
        return moved
    }

    func removeCursor(for integration: IntegrationID) async throws { await inner.removeCursor(for: integration) }

    var written: [SyncCursor] { state.withLock { $0.written } }
}

enum PollingTestSupport {
    static let base = Date(timeIntervalSince1970: 1_766_800_000)

    /// The wall clock of a manual clock: `base` plus the clock's offset.
    static func wall(_ clock: ManualClock) -> @Sendable () -> Date {
        { base.addingTimeInterval(Double(clock.now.offset.components.seconds) + Double(clock.now.offset.components.attoseconds) / 1e18) }
    }

    static func wallMillis(_ clock: ManualClock) -> @Sendable () -> Int64 {
        let wall = wall(clock)
        return { Int64((wall().timeIntervalSince1970 * 1000).rounded(.down)) }
    }

    /// The reference API-call policy's decisions (3 attempts, 1 s then 2 s, 429 Retry-After up to 60 s,
    /// 5xx and transport errors retried, other 4xx stopped) without a per-attempt timer, so a test's
    /// clock only ever holds the backoff sleeps.
    static func policy() throws -> RetryPolicy {
        try RetryPolicy(
            maximumAttempts: 3,
            backoff: .exponential(initial: .seconds(1), multiplier: 2, minimum: .seconds(1), maximum: .seconds(10)),
            classifier: RetryPolicy.referenceAPICall.classifier,
            maximumRetryAfter: .seconds(60))
    }

}
