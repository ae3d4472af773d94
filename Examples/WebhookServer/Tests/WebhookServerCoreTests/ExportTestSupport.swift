import AsyncHTTPClient
import FakeProviderCore
import Foundation
import Logging
import PWBIIntegration
import PWBIMapping
import Synchronization
import WebhookServerCore

/// An export under test: a migrated in-memory SQLite database holding the Karage orders of
/// Resources/Export, an accounting integration pointing at an in-process fake Accurate/Jurnal.id
/// (real HTTP on a free port, the real AHC transport), and a clock the test moves.
final class ExportHarness: Sendable {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/Export")
    /// 2026-12-05T00:00:00Z: 2026-12-01 … 2026-12-04 are closed in Riyadh, 2026-12-05 is not.
    static let start = Date(timeIntervalSince1970: 1_796_428_800)
    static let environment = [
        "ACC_TOKEN": FakeAccurate.apiToken, "ACC_SECRET": FakeAccurate.signatureSecret, "JURNAL_KEY": FakeJurnal.apiKey,
        "WRONG": "not-the-key",
    ]

    let database: SQLiteDatabase
    let storage: ServerStorage
    let accurate: FakeAccurate
    let jurnal: FakeJurnal
    let provider: FakeProvider
    let port: Int
    let server: Task<Void, any Error>
    let client: HTTPClient
    let clock = Mutex<Date>(ExportHarness.start)

    private init(database: SQLiteDatabase, provider: FakeProvider, accurate: FakeAccurate, jurnal: FakeJurnal, port: Int, server: Task<Void, any Error>) {
        self.database = database
        storage = ServerStorage(database: database)
        self.provider = provider
        self.accurate = accurate
        self.jurnal = jurnal
        self.port = port
        self.server = server
        client = AsyncHTTPClientTransport.makeClient()
    }

    /// A harness with the orders stored.
    static func make() async throws -> ExportHarness {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        let accurate = FakeAccurate(), jurnal = FakeJurnal()
        let provider = FakeProvider(systems: [accurate, jurnal])
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = provider.application(port: 0) { port in continuation.yield(port) }
        let server = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let harness = ExportHarness(database: database, provider: provider, accurate: accurate, jurnal: jurnal, port: port, server: server)
        let orders = try JSONDocument(parsing: Array(try Data(contentsOf: resources.appendingPathComponent("karage-orders.json"))))
        let store = SQLTransactionStore(database: database)
        for order in try orders.root.array() {
            let mapped = try MapperRegistry.standard.mapper(for: .karage).map(order, event: .transactionCreated, context: MappingContext(tenant: "default"))
            guard case .transaction(let transaction) = mapped else { throw CancellationError() }
            _ = try await store.upsert(transaction, now: start)
        }
        return harness
    }

    func close() async {
        try? await client.shutdown()
        server.cancel()
        _ = await server.result
        await database.close()
    }

    var now: @Sendable () -> Date { { [self] in self.clock.withLock { $0 } } }
    func advance(_ seconds: TimeInterval) { clock.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// The fake books of `system`.
    func books(_ system: String) -> FakeBooks { system == "accurate" ? accurate.books : jurnal.books }

    /// An integration exporting to the fake `system` from 2026-12-01.
    func record(_ system: String, id: String? = nil, credentials: String? = nil, mapping: String = "mapping.json", settings: [String: String] = [:]) -> IntegrationRecord {
        var all = ["mapping": Self.resources.appendingPathComponent(mapping).path, "from": "2026-12-01"]
        if system == "accurate" { all["signature_secret"] = "env:ACC_SECRET" }
        all.merge(settings) { $1 }
        return IntegrationRecord(
            id: id ?? "acme-\(system)", tenant: "default", system: system,
            credentials: .environment(credentials ?? (system == "accurate" ? "ACC_TOKEN" : "JURNAL_KEY")), everySeconds: 86_400,
            zone: "Asia/Riyadh", currency: "SAR", baseURL: "http://127.0.0.1:\(port)/\(system)", settings: all, createdAt: Self.start)
    }

    var configuration: ExportConfiguration { ExportConfiguration(closeAfter: .seconds(3600), requestTimeout: .seconds(30), settle: .seconds(60)) }

    /// A runner over `record` sending through `transport` (the real client by default).
    func runner(_ record: IntegrationRecord, transport: (any HTTPTransport)? = nil) throws -> ExportRunner {
        ExportRunner(
            setup: try ExportSetup(record, environment: Self.environment), database: database,
            transport: transport ?? AsyncHTTPClientTransport(client: client), configuration: configuration, now: now,
            logger: Logger(label: "test"))
    }

    /// Holds the lease of `record`'s export for `owner`.
    func lease(_ record: IntegrationRecord, owner: String = "test") async throws -> Lease {
        guard let lease = try await storage.leases.acquire("export:\(record.id)", owner: owner, now: now(), duration: .seconds(600)) else {
            throw CancellationError()
        }
        return lease
    }

    /// Exports the pending days under a fresh lease.
    func runPending(_ runner: ExportRunner) async throws -> [ExportDayReport] {
        try await runner.run(try await runner.pendingDays(), lease: try await lease(runner.setup.integration))
    }

    /// The expected entries: (reference, exact total).
    static func expected() throws -> (days: [String], entries: [(day: String, reference: String, total: String)]) {
        let root = try JSONDocument(parsing: Array(try Data(contentsOf: resources.appendingPathComponent("expected-days.json")))).root
        return (
            try root["days"].array().map { try $0.string() },
            try root["entries"].array().map { (try $0["day"].string(), try $0["reference"].string(), try $0["total"].string()) }
        )
    }
}

/// Forwards every request, but loses the answer of the first `POST`: the system saved it, the
/// client sees a timeout — a crash between the post and the ledger write looks the same.
final class LosingTransport: HTTPTransport {
    let base: any HTTPTransport
    let lost = Mutex(false)

    init(base: any HTTPTransport) { self.base = base }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let response = try await base.send(request)
        let lose = request.method == "POST" && lost.withLock { done in
            defer { done = true }
            return !done
        }
        if lose { throw HTTPTransportError.timeout }
        return response
    }
}
