import FakeProviderCore
import Foundation
import Logging
import PWBIIntegration
import PWBIRetry
import Synchronization
import Testing
import WebhookServerCore

/// The fake provider in-process on a free port, a migrated SQLite database, the real AHC transport
/// and a settable clock shared by the fake's ledger and the polling job — no real waiting.
struct PollingHarness {
    static let dayStart: Int64 = 1_766_793_600  // 2025-12-27T00:00:00Z
    static let plan = FakeSalesLedger.Plan(seed: 7, count: 120, start: dayStart, end: dayStart + 86_400)

    let database: any SQLDatabase
    let storage: ServerStorage
    let transport: any HTTPTransport
    let base: String
    let provider: FakeProvider
    let ledger: FakeSalesLedger
    let clock: TestInstant

    /// Zero backoff, `Retry-After` honoured up to zero seconds, three attempts: retries happen at once.
    static let instantRetries: RetryPolicy = {
        do {
            return try RetryPolicy(
                maximumAttempts: 3, backoff: Backoff.constant(.zero),
                classifier: FailureClassifier.http(HTTPRetryClassifier(retryableStatuses: Set([429]).union(500...599), maximumRetryAfter: .zero))
                    .orElse(.transport),
                maximumRetryAfter: .zero)
        } catch {
            preconditionFailure("a valid policy: \(error)")
        }
    }()

    /// A first run reads the whole day in one window; retries happen at once.
    static let settings = PollingSettings(initialLookback: .seconds(2 * 86_400), maximumWindow: .seconds(3 * 86_400), retryPolicy: instantRetries)

    /// Runs `body` with a fake serving Qasir and Moka over one ledger (`plan`), its clock just after the day.
    static func with(plan: FakeSalesLedger.Plan = plan, _ body: (PollingHarness) async throws -> Void) async throws {
        let clock = TestInstant(Date(timeIntervalSince1970: Double(plan.end + 60)))
        let ledger = FakeSalesLedger(plan: plan, now: { clock.now })
        let provider = FakeProvider(systems: [FakeQasir(ledger: ledger), FakeMoka(ledger: ledger)])
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var quiet = Logger(label: "test.fake")
        quiet.logLevel = .critical  // cancelling the app at the end is not an error
        let app = provider.application(port: 0, logger: quiet) { port in continuation.yield(port) }
        let server = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let client = AsyncHTTPClientTransport.makeClient()
        let database = try await SQLiteDatabase.open(path: ":memory:")
        do {
            try await database.migrate(Schema.migrations(for: .sqlite))
            let harness = PollingHarness(
                database: database, storage: ServerStorage(database: database), transport: AsyncHTTPClientTransport(client: client),
                base: "http://127.0.0.1:\(port)", provider: provider, ledger: ledger, clock: clock)
            try await body(harness)
        } catch {
            await database.close()
            try? await client.shutdown()
            server.cancel()
            throw error
        }
        await database.close()
        try await client.shutdown()
        server.cancel()
    }

    /// An integration of `system` at the fake, credentials `env:FAKE_TOKEN`.
    func record(
        _ system: String, id: String = "acme", outlets: [String] = [], settings: [String: String] = [:], every: Int = 300
    ) -> IntegrationRecord {
        IntegrationRecord(
            id: id, tenant: "acme", system: system, credentials: .environment("FAKE_TOKEN"), everySeconds: every, outlets: outlets,
            baseURL: base + "/" + system, settings: settings, createdAt: clock.now)
    }

    /// The job of the first unit of `record`.
    func job(
        _ record: IntegrationRecord, metrics: PollingMetrics = PollingMetrics(increment: { _, _, _ in }),
        transport: (any HTTPTransport)? = nil, cursors: (@Sendable (Lease?) -> any CursorStore)? = nil
    ) throws -> PollingJob<ContinuousClock> {
        let unit = try #require(try PolledIntegration.units(of: record, settings: Self.settings).first)
        let clock = self.clock
        return PollingJob(
            unit: unit, storage: storage, transport: transport ?? self.transport,
            credentials: PollingCredentials(environment: ["FAKE_TOKEN": "t0ken"], oauthAuthorizer: nil), metrics: metrics,
            clock: ContinuousClock(), now: { clock.now }, logger: Logger(label: "test.polling"), cursors: cursors)
    }

    /// The external ids stored for `system`, sorted.
    func storedIDs(_ system: String) async throws -> [String] {
        try await database.query(
            "SELECT external_id FROM transactions WHERE source_system = $1 ORDER BY external_id", [.text(system)]
        ).map { try $0.text(0) }
    }

    /// The ids the fake's dataset says must be stored, sorted.
    func datasetIDs(_ system: String, outlet: String = "", api: String? = nil) async -> [String] {
        let sales = await ledger.visibleSales(outlet: outlet)
        let ids: [String] = switch (system, api) {
        case ("qasir", _): sales.map(FakeQasir.id(of:))
        case (_, "gobiz"): sales.map(FakeMoka.goBizID(of:))
        default: sales.map(FakeMoka.v1ID(of:))
        }
        return ids.sorted()
    }

    /// Queues faults at the fake.
    func faults(_ faults: [Fault]) async { await provider.faults.add(faults) }
}

/// A cursor store that, before every write, checks that everything the fake shows at or before the
/// new watermark is already stored: the invariant "cursors never ahead of stored data".
final class WatchingCursorStore: CursorStore, @unchecked Sendable {
    let base: any CursorStore
    let check: @Sendable (SyncCursor) async throws -> [String]
    private let lock = NSLock()
    private var missing: [String] = []
    private var writes = 0

    init(base: any CursorStore, check: @escaping @Sendable (SyncCursor) async throws -> [String]) {
        self.base = base
        self.check = check
    }

    var violations: [String] { lock.withLock { missing } }
    var writeCount: Int { lock.withLock { writes } }

    func cursor(for integration: IntegrationID) async throws -> SyncCursor? { try await base.cursor(for: integration) }

    func compareAndSet(_ integration: IntegrationID, expected: SyncCursor?, new: SyncCursor) async throws -> Bool {
        let absent = try await check(new)
        lock.withLock {
            missing += absent
            writes += 1
        }
        return try await base.compareAndSet(integration, expected: expected, new: new)
    }

    func removeCursor(for integration: IntegrationID) async throws { try await base.removeCursor(for: integration) }
}

/// A transport that answers 503 to every request whose URL contains `marker` while `failing` is set.
final class FailingTransport: HTTPTransport, @unchecked Sendable {
    let base: any HTTPTransport
    let marker: String
    private let lock = NSLock()
    private var active = true

    init(base: any HTTPTransport, marker: String) {
        self.base = base
        self.marker = marker
    }

    var failing: Bool {
        get { lock.withLock { active } }
        set { lock.withLock { active = newValue } }
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        if failing, request.url.contains(marker) {
            return TransportResponse(status: 503, headers: [], body: Array("{\"error\":\"down\"}".utf8))
        }
        return try await base.send(request)
    }
}

/// Counters recorded by name and dimensions.
final class RecordedCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Int] = [:]

    var metrics: PollingMetrics {
        PollingMetrics { name, dimensions, amount in
            let key = name + "{" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
            self.lock.withLock { self.values[key, default: 0] += amount }
        }
    }

    subscript(_ key: String) -> Int { lock.withLock { values[key] ?? 0 } }
}
