import Foundation
import Logging
import PWBIIntegration
import PWBIMapping
import Testing
import WebhookServerCore

/// The outbox (migration 8): the triggers on `transactions` queue every insert and every document
/// change once, with a revision and a deterministic delivery id — on the receiver's fenced commit
/// and on the plain store, on SQLite (and PostgreSQL when `DATABASE_URL` is set).
@Suite(.serialized) struct ForwardingOutboxTests {
    static let now = Date(timeIntervalSinceReferenceDate: 800_000_000)

    /// A signed Karage order `id` with `item` as its one line's name.
    static func order(_ id: Int, item: String = "Office Chair") throws -> WebhookRequest {
        let text = String(decoding: ReceiverWiringTests.order, as: UTF8.self)
            .replacingOccurrences(of: "\"OrderID\":2001", with: "\"OrderID\":\(id)")
            .replacingOccurrences(of: "Office Chair", with: item)
        let body = Array(text.utf8)
        return WebhookRequest(source: "karage", headers: try ReceiverWiringTests.signed(body), body: body)
    }

    /// The order mapped as the receiver maps it.
    static func transaction(_ request: WebhookRequest) throws -> UnifiedTransaction {
        let mapped = try MapperRegistry.standard.mapper(for: .karage)
            .map(try JSONDocument(parsing: request.body).root, event: .transactionCreated, context: MappingContext(tenant: "default"))
        guard case .transaction(let transaction) = mapped else { throw SQLStoreError.unexpectedRow("not a transaction") }
        return transaction
    }

    /// A server over an empty database: SQLite in memory, or on PostgreSQL the database
    /// `<DATABASE_URL's>_<suite>` (one per suite: suites run in parallel, each emptying its own).
    static func app(_ backend: Backend, suite: String, _ extra: [String: String] = [:]) async throws -> WebhookServerApp {
        let database: any SQLDatabase
        switch backend {
        case .sqlite:
            database = try await backend.open()
        case .postgres:
            let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
            guard var components = URLComponents(string: url) else { throw SQLStoreError.database("DATABASE_URL") }
            let name = String(components.path.dropFirst()) + "_" + suite
            let admin = try await PostgresDatabase.open(url: url, maximumConnections: 1)
            if try await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)]).isEmpty {
                try await admin.query("CREATE DATABASE \(name)", [])
            }
            await admin.close()
            components.path = "/" + name
            database = try await PostgresDatabase.open(url: components.string ?? "", maximumConnections: 4)
            try await database.migrate(Schema.migrations(for: .postgres))
            try await database.query(
                "TRUNCATE idempotency_records, transactions, dead_letters, webhook_log, webhook_events, leases, outbox, outbox_revisions", [])
        }
        let environment = ["PWBI_WEBHOOK_SECRET_KARAGE": "test-secret"].merging(extra) { $1 }
        return try WebhookServerApp(
            configuration: try ServerConfiguration(environment: environment), storage: ServerStorage(database: database), logger: Logger(label: "test"))
    }

    /// Stores `request` as the route does (claim, fenced commit).
    static func store(_ app: WebhookServerApp, _ request: WebhookRequest) async -> WebhookResponse {
        await app.process(source: "karage", requestID: UUID().uuidString, logger: Logger(label: "test")) { await app.signed.receive(request) }
    }

    @Test(arguments: Backend.available) func everyInsertAndDocumentChangeIsQueuedOnceWithItsRevision(backend: Backend) async throws {
        let app = try await Self.app(backend, suite: "fwd_outbox")
        let outbox = SQLOutbox(database: app.storage.database)
        #expect(await Self.store(app, try Self.order(1)).status == 200)
        #expect(await Self.store(app, try Self.order(1)).status == 200)  // a repeated delivery writes nothing
        #expect(await Self.store(app, try Self.order(2)).status == 200)
        // The same order again through the plain store: unchanged, then changed.
        let changed = try Self.transaction(try Self.order(1, item: "Desk Chair"))
        #expect(try await app.storage.transactions.upsert(try Self.transaction(try Self.order(1)), now: Self.now).outcome == .unchanged)
        #expect(try await app.storage.transactions.upsert(changed, now: Self.now).outcome == .updated)
        // Writes that leave the document as it is queue nothing (PostgreSQL's upsert always updates the row).
        try await app.storage.database.query("UPDATE transactions SET status = status", [])
        try await app.storage.database.query("UPDATE transactions SET document = document", [])

        let pending = try await outbox.pending(limit: 10)
        #expect(pending.map(\.revision) == [1, 1, 2])
        let first = try #require(pending.first)
        #expect(pending[2].internalID == first.internalID)
        #expect(pending[1].internalID != first.internalID)
        #expect(pending.map(\.deliveryID) == pending.map { "\($0.internalID).r\($0.revision)" })
        // The server's internal id is derived from the transaction key, so the delivery id is too.
        #expect(first.internalID.hasPrefix("txn_") && first.internalID.count == 36)
        // Each row keeps the document of its revision.
        #expect(first.document.contains("Office Chair") && !first.document.contains("Desk Chair"))
        #expect(pending[2].document == UnifiedJSON.encode(changed))
        #expect(pending.allSatisfy { $0.tenant == "default" })
        await app.storage.database.close()
    }

    @Test func theBodyCarriesTheDeliveryIDInsideTheSignedBytes() throws {
        let entry = OutboxEntry(seq: 1, deliveryID: "txn_ab.r2", internalID: "txn_ab", tenant: "t", revision: 2, document: #"{"total":"1"}"#)
        #expect(String(decoding: entry.body, as: UTF8.self)
            == #"{"delivery_id":"txn_ab.r2","event":"transaction.updated","revision":2,"transaction":{"total":"1"}}"#)
        var created = entry
        created.revision = 1
        #expect(String(decoding: created.body, as: UTF8.self).contains(#""event":"transaction.created","revision":1"#))
        struct Envelope: Decodable { var delivery_id: String }
        #expect(try JSONDecoder().decode(Envelope.self, from: Data(entry.body)).delivery_id == "txn_ab.r2")
    }

    @Test(arguments: Backend.available) func aPurgedRevisionIsNeverReused(backend: Backend) async throws {
        let app = try await Self.app(backend, suite: "fwd_outbox")
        let outbox = SQLOutbox(database: app.storage.database)
        let leases = app.storage.leases
        #expect(await Self.store(app, try Self.order(7)).status == 200)
        let lease = try #require(try await leases.acquire("forward", owner: "a", now: Self.now, duration: .seconds(30)))
        let entry = try #require(try await outbox.pending(limit: 1).first)
        #expect(try await outbox.markSent(entry, attempts: 1, now: Self.now, lease: lease))
        #expect(try await outbox.purgeSent(before: Self.now.addingTimeInterval(1)) == 1)
        #expect(try await outbox.counts().isEmpty)
        _ = try await app.storage.transactions.upsert(try Self.transaction(try Self.order(7, item: "Lamp")), now: Self.now)
        let next = try #require(try await outbox.pending(limit: 1).first)
        #expect(next.revision == 2)
        #expect(next.deliveryID == entry.internalID + ".r2")
        await app.storage.database.close()
    }

    @Test(arguments: Backend.available) func marksAreFencedOnTheLease(backend: Backend) async throws {
        let app = try await Self.app(backend, suite: "fwd_outbox")
        let outbox = SQLOutbox(database: app.storage.database)
        let leases = app.storage.leases
        #expect(await Self.store(app, try Self.order(8)).status == 200)
        #expect(await Self.store(app, try Self.order(9)).status == 200)
        let entries = try await outbox.pending(limit: 10)
        #expect(entries.count == 2)
        let lease = try #require(try await leases.acquire("forward", owner: "a", now: Self.now, duration: .seconds(30)))
        // Lapsed, or held by another replica: nothing is written.
        #expect(try await outbox.markSent(entries[0], attempts: 1, now: Self.now.addingTimeInterval(30), lease: lease) == false)
        try await leases.release(lease)
        let other = try #require(try await leases.acquire("forward", owner: "b", now: Self.now, duration: .seconds(30)))
        #expect(try await outbox.markDead(entries[0], deadLetterID: "dl", reason: "r", attempts: 4, now: Self.now, lease: lease) == false)
        #expect(try await outbox.pendingCount() == 2)
        try await leases.release(other)
        _ = try #require(try await leases.acquire("forward", owner: "a", now: Self.now, duration: .seconds(30)))
        // Held: written once.
        #expect(try await outbox.markSent(entries[0], attempts: 2, now: Self.now, lease: lease))
        #expect(try await outbox.markSent(entries[0], attempts: 2, now: Self.now, lease: lease) == false)
        #expect(try await outbox.markDead(entries[1], deadLetterID: "dl_1", reason: "Max retries exceeded: HTTP 503 after 4 attempts", attempts: 4, now: Self.now, lease: lease))
        #expect(try await outbox.counts() == ["sent": 1, "dead": 1])
        // A replayed dead letter marks its row sent; a second time there is nothing to mark.
        #expect(try await outbox.markReplayed(deliveryID: entries[1].deliveryID, now: Self.now))
        #expect(try await outbox.markReplayed(deliveryID: entries[1].deliveryID, now: Self.now) == false)
        #expect(try await outbox.state(of: entries[1].deliveryID) == "sent")
        await app.storage.database.close()
    }
}
