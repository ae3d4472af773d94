import Foundation
import Logging
import PWBIIntegration
import PWBIRetry
import PWBIMapping
import PWBISignatures
import Testing
import WebhookServerCore

/// Where a test runs: SQLite in memory always, PostgreSQL when `DATABASE_URL` names a test database.
enum Backend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    static var available: [Backend] {
        ProcessInfo.processInfo.environment["DATABASE_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { rawValue }

    /// A migrated, empty database.
    func open() async throws -> any SQLDatabase {
        switch self {
        case .sqlite:
            let database = try await SQLiteDatabase.open(path: ":memory:")
            try await database.migrate(Schema.migrations(for: .sqlite))
            return database
        case .postgres:
            let database = try await Self.postgres(suffix: "fenced")
            try await database.query("TRUNCATE idempotency_records, transactions, dead_letters, webhook_log, api_keys, webhook_events", [])
            return database
        }
    }

    /// A migrated PostgreSQL database of its own beside DATABASE_URL's (`<name>_<suffix>`, created
    /// if missing): the contract suite empties the tables of DATABASE_URL's in parallel.
    static func postgres(suffix: String, maximumConnections: Int = 4) async throws -> PostgresDatabase {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        guard var components = URLComponents(string: url) else { throw SQLStoreError.database("DATABASE_URL") }
        let name = String(components.path.dropFirst()) + "_" + suffix
        let admin = try await PostgresDatabase.open(url: url, maximumConnections: 1)
        if try await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)]).isEmpty {
            try await admin.query("CREATE DATABASE \(name)", [])
        }
        await admin.close()
        components.path = "/" + name
        let database = try await PostgresDatabase.open(url: components.string ?? "", maximumConnections: maximumConnections)
        try await database.migrate(Schema.migrations(for: .postgres))
        return database
    }
}

/// The fenced, atomic commit: a delivery's writes, its claim's completion and its audit record
/// go together, only while the claim is still its own — on SQLite (one transaction) and on
/// PostgreSQL (one statement).
@Suite(.serialized) struct FencedCommitTests {
    /// A real Xendit invoice callback (Resources/).
    static func xendit() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/xendit-invoice-qris-paid.json")))
    }

    static func app(_ backend: Backend, _ extra: [String: String] = [:]) async throws -> WebhookServerApp {
        let database = try await backend.open()
        let environment = ["PWBI_WEBHOOK_SECRET_KARAGE": "test-secret", "PWBI_WEBHOOK_SECRET_XENDIT": "xendit-token"].merging(extra) { $1 }
        return try WebhookServerApp(configuration: try ServerConfiguration(environment: environment), storage: ServerStorage(database: database), logger: Logger(label: "test"))
    }

    static func count(_ app: WebhookServerApp, _ table: String) async throws -> Int64 {
        try await app.storage.database.query("SELECT COUNT(*) FROM \(table)", [])[0].integer(0)
    }

    static func orderRequest(_ id: Int = 2001) throws -> WebhookRequest {
        let body = Array(String(decoding: ReceiverWiringTests.order, as: UTF8.self).replacingOccurrences(of: "\"OrderID\":2001", with: "\"OrderID\":\(id)").utf8)
        return WebhookRequest(source: "karage", headers: try ReceiverWiringTests.signed(body), body: body)
    }

    static func paymentRequest() throws -> WebhookRequest {
        WebhookRequest(source: "xendit", headers: ["x-callback-token": "xendit-token"], body: try xendit())
    }

    @Test(arguments: Backend.available) func aDeliveryIsStoredCompletedAndAuditedTogetherUnderADerivedID(backend: Backend) async throws {
        let app = try await Self.app(backend)
        let request = try Self.orderRequest()
        let first = await app.process(source: "karage", requestID: "r1", logger: Logger(label: "test")) { await app.signed.receive(request) }
        #expect(first.status == 200, "\(first.bodyText)")
        let stored = try await app.storage.database.query("SELECT internal_id FROM transactions", []).map { try $0.text(0) }
        #expect(stored.count == 1)
        #expect(first.internalIDs == stored)
        #expect(stored.first?.hasPrefix("txn_") == true)
        let record = try await app.storage.idempotency.record(forKey: #require(try await app.storage.log.recent(limit: 1).first?.idempotencyKey))
        guard case .completed(let response)? = record?.state else { Issue.record("the claim was not completed"); return }
        #expect(response.body == first.body)
        let again = await app.process(source: "karage", requestID: "r2", logger: Logger(label: "test")) { await app.signed.receive(request) }
        #expect(again.status == 200)
        #expect(again.bodyText.hasPrefix(#"{"duplicate":true"#))
        #expect(try await app.storage.log.recent(limit: 10).map(\.outcome) == [.duplicate, .processed])
        #expect(try await Self.count(app, "transactions") == 1)
        await app.storage.database.close()
    }

    @Test(arguments: Backend.available) func aClaimTakenOverBeforeTheCommitWritesNothingAndAnswers503(backend: Backend) async throws {
        let app = try await Self.app(backend)
        let document = try JSONDocument(parsing: try Self.xendit())
        let event = try MapperRegistry.standard.mapper(for: .xendit).map(document.root, event: .paymentNotification, context: MappingContext(tenant: "default"))
        let database = app.storage.database
        let response = await app.process(source: "xendit", requestID: "r1", logger: Logger(label: "test")) {
            do {
                let token = ClaimToken.random()
                let claim = IdempotencyClaim(key: "pay/k", fingerprint: PayloadFingerprint(rawValue: "f"), token: token, now: Date(), processingTimeout: .seconds(300))
                guard case .acquired = try await app.storage.idempotency.claim(claim) else { return WebhookResponse(status: 500, headers: [], body: [], outcome: .rejected) }
                _ = try await app.storage.events.store(event, tenant: "default", source: "xendit", now: Date())
                // Another replica takes the claim over (this one was slow past the processing timeout).
                try await database.query("UPDATE idempotency_records SET owner = 'other', claimed_at = $1 WHERE key = 'pay/k'", [.instant(Date())])
                _ = try await app.storage.idempotency.complete(key: "pay/k", token: token, response: StoredResponse(status: 200, body: Array("{}".utf8)), now: Date())
                try? await app.storage.log.append(WebhookLogEntry(receivedAt: Date(), source: "xendit", outcome: .processed, status: 200, duration: .zero, bodySize: 1))
                return WebhookResponse(status: 200, headers: [], body: Array("{}".utf8), outcome: .processed)
            } catch {
                return WebhookResponse(status: 500, headers: [], body: [], outcome: .rejected)
            }
        }
        #expect(response.status == 503)
        #expect(response.headers.contains { $0.name == "Retry-After" })
        #expect(try await Self.count(app, "webhook_events") == 0)
        let record = try await app.storage.idempotency.record(forKey: "pay/k")
        #expect(record?.state == .processing(owner: ClaimToken(rawValue: "other")))
        let log = try await app.storage.log.recent(limit: 5)
        #expect(log.map(\.status) == [503])
        #expect(log.first?.outcome == .unavailable)
        await app.storage.database.close()
    }

    @Test(arguments: Backend.available) func aPaymentEventHasOneRowWhateverTheNumberOfCommitsForItsKey(backend: Backend) async throws {
        let app = try await Self.app(backend)
        let request = try Self.paymentRequest()
        let first = await app.process(source: "xendit", requestID: "r1", logger: Logger(label: "test")) { await app.signed.receive(request) }
        #expect(first.status == 200, "\(first.bodyText)")
        // A takeover after a crash writes the same event again: same id, still one row.
        let key = try #require(try await app.storage.log.recent(limit: 1).first?.idempotencyKey)
        try await app.storage.database.query("UPDATE idempotency_records SET state = 'processing', owner = 'dead', claimed_at = 0 WHERE key = $1", [.text(key)])
        let retried = await app.process(source: "xendit", requestID: "r2", logger: Logger(label: "test")) { await app.signed.receive(request) }
        #expect(retried.status == 200, "\(retried.bodyText)")
        #expect(retried.internalIDs == first.internalIDs)
        #expect(try await Self.count(app, "webhook_events") == 1)
        await app.storage.database.close()
    }

    @Test(arguments: Backend.available) func aFailedCommitKeepsNothingReleasesTheClaimAndAnswers503(backend: Backend) async throws {
        let app = try await Self.app(backend)
        try await app.storage.database.query("ALTER TABLE webhook_events RENAME TO webhook_events_away", [])
        let request = try Self.paymentRequest()
        let response = await app.process(source: "xendit", requestID: "r1", logger: Logger(label: "test")) { await app.signed.receive(request) }
        #expect(response.status == 503)
        await app.releases.drain()
        #expect(try await Self.count(app, "idempotency_records") == 0)
        try await app.storage.database.query("ALTER TABLE webhook_events_away RENAME TO webhook_events", [])
        await app.storage.database.close()
    }

    /// A request that claims key `k` and then outlives its deadline (a database that stops
    /// answering; it ends when cancelled).
    static func claimThenStall(_ app: WebhookServerApp) async -> WebhookResponse {
        await app.process(source: "karage", requestID: "r1", logger: Logger(label: "test")) {
            let claim = IdempotencyClaim(key: "k", fingerprint: PayloadFingerprint(rawValue: "f"), token: .random(), now: Date(), processingTimeout: .seconds(300))
            _ = try? await app.storage.idempotency.claim(claim)
            await waitUntilCancelled()
            return WebhookResponse(status: 200, headers: [], body: [], outcome: .processed)
        }
    }

    @Test(arguments: Backend.available) func pastTheRequestDeadlineTheClaimIsReleasedAndTheAnswerIs503(backend: Backend) async throws {
        let app = try await Self.app(backend, ["PWBI_REQUEST_DEADLINE_MS": "30"])
        let response = await Self.claimThenStall(app)
        #expect(response.status == 503)
        #expect(response.headers.contains { $0.name == "Retry-After" })
        await app.releases.drain()
        #expect(try await app.storage.idempotency.record(forKey: "k") == nil)
        await app.storage.database.close()
    }

    /// The claim's insert is still waiting on a lock when the deadline passes, and lands after
    /// the 503 went out: the release that follows waits for it and gives the claim back.
    @Test(.enabled(if: Backend.available.contains(.postgres)))
    func aClaimTheDatabaseMakesAfterTheDeadlineIsReleasedToo() async throws {
        let app = try await Self.app(.postgres, ["PWBI_REQUEST_DEADLINE_MS": "30"])
        // One session holds an advisory lock; another locks the claims table until it gets it.
        let holder = try await Backend.postgres(suffix: "fenced", maximumConnections: 1)
        let locker = try await Backend.postgres(suffix: "fenced", maximumConnections: 1)
        try await holder.query("SELECT pg_advisory_lock(4242)", [])
        let lockedTable = Task {
            try await locker.query("""
                DO $$ BEGIN
                    LOCK TABLE idempotency_records IN EXCLUSIVE MODE;
                    PERFORM pg_advisory_lock(4242);
                    PERFORM pg_advisory_unlock(4242);
                END $$
                """, [])
        }
        while try await app.storage.database.query("""
            SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE c.relname = 'idempotency_records' AND l.mode = 'ExclusiveLock' AND l.granted
            """, []).isEmpty {
            await Task.yield()
        }
        let response = await Self.claimThenStall(app)
        #expect(response.status == 503)
        try await holder.query("SELECT pg_advisory_unlock(4242)", [])
        try await lockedTable.value
        await app.releases.drain()
        #expect(try await app.storage.idempotency.record(forKey: "k") == nil)
        await holder.close()
        await locker.close()
        await app.storage.database.close()
    }

    @Test(arguments: Backend.available) func aRowStoredBeforeIDsWereDerivedKeepsItsIDInTheResponseAndTheReplay(backend: Backend) async throws {
        let app = try await Self.app(backend)
        let request = try Self.orderRequest()
        let document = try JSONDocument(parsing: request.body)
        let mapped = try MapperRegistry.standard.mapper(for: .karage).map(document.root, event: .transactionCreated, context: MappingContext(tenant: "default"))
        guard case .transaction(let transaction) = mapped else { Issue.record("not a transaction"); return }
        let legacy = try await SQLTransactionStore(database: app.storage.database, makeID: { "txn_legacy" }).upsert(transaction, now: Date())
        #expect(legacy.internalID == "txn_legacy")
        let first = await app.process(source: "karage", requestID: "r1", logger: Logger(label: "test")) { await app.signed.receive(request) }
        #expect(first.status == 200, "\(first.bodyText)")
        #expect(first.bodyText.contains(#""internal_id":"txn_legacy""#))
        let replay = await app.process(source: "karage", requestID: "r2", logger: Logger(label: "test")) { await app.signed.receive(request) }
        #expect(replay.bodyText.contains(#""internal_id":"txn_legacy""#))
        await app.storage.database.close()
    }

    @Test func derivedIDsAreStableAndDistinct() throws {
        #expect(DeliveryUnit.replacing([("txn_a", "txn_b")], in: Array(#"{"a":"txn_a","b":["txn_a"],"c":"txn_ab"}"#.utf8))
            == Array(#"{"a":"txn_b","b":["txn_b"],"c":"txn_ab"}"#.utf8))
    }
}
