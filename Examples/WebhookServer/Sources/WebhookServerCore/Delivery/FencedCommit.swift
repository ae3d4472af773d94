#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping
import PWBISignatures

/// One claimed delivery's writes and completion, committed together only while the claim is still
/// *processing* under its owner token — a replica whose claim was taken over writes nothing.
///
/// PostgreSQL: one statement (data-modifying CTEs: the completing `UPDATE … RETURNING` gates every
/// `INSERT … SELECT … FROM done`), one round trip. SQLite: one `BEGIN IMMEDIATE` transaction.
struct FencedCommit: Sendable {
    /// A write recorded under the claim.
    enum Write: Sendable {
        case transaction(UnifiedTransaction, internalID: String, now: Date)
        case event(id: String, tenant: String, source: String, kind: String, document: String, now: Date)
    }

    /// What a commit found.
    struct Result: Sendable {
        /// The claim was still ours: everything was written.
        var owned: Bool
        /// The internal id each transaction write has in the table (a row stored before ids were
        /// derived keeps its own), in write order.
        var internalIDs: [String]
    }

    var key: String
    var token: ClaimToken
    var writes: [Write] = []
    var response = StoredResponse(status: 200, body: [])
    var completedAt = Date(timeIntervalSinceReferenceDate: 0)

    /// The internal id of a transaction stored by the server: `txn_` and the first 32 hex digits of
    /// the SHA-256 of its ``TransactionKey`` — the same on every replica, so the response can be
    /// written with the claim's completion before the row exists.
    static func internalID(for transaction: UnifiedTransaction) -> String {
        "txn_" + String(SHA256.hash(utf8: TransactionKey(transaction).description).hexString.prefix(32))
    }

    /// The id of a payment or inventory event: `evt_` and the first 32 hex digits of the SHA-256 of
    /// the delivery's idempotency key — a takeover of the claim writes the same id, which is unique.
    static func eventID(forKey key: String) -> String {
        "evt_" + String(SHA256.hash(utf8: key).hexString.prefix(32))
    }

    /// The writes with a transaction key repeated kept once, with its last document (sequential
    /// upserts end with it; one statement may touch a row only once); transactions in key order, so
    /// two commits lock shared rows in the same order (no deadlock), then the events.
    var distinctWrites: [Write] {
        var last: [TransactionKey: (UnifiedTransaction, String, Date)] = [:]
        var events: [Write] = []
        for write in writes {
            switch write {
            case .transaction(let transaction, let internalID, let now): last[TransactionKey(transaction)] = (transaction, internalID, now)
            case .event: events.append(write)
            }
        }
        let transactions = last.sorted { $0.key.description < $1.key.description }
            .map { Write.transaction($0.value.0, internalID: $0.value.1, now: $0.value.2) }
        return transactions + events
    }

    func run(on database: any SQLDatabase, entry: WebhookLogEntry?) async throws -> Result {
        switch database.dialect {
        case .postgres: try await runStatement(on: database, entry: entry)
        case .sqlite: try await runTransaction(on: database, entry: entry)
        }
    }

    // MARK: - PostgreSQL: one statement

    func runStatement(on database: any SQLDatabase, entry: WebhookLogEntry?) async throws -> Result {
        var binds: [SQLValue] = [.text(key), .text(token.rawValue), .int(response.status), .blob(response.body), .instant(completedAt)]
        func bind(_ values: [SQLValue]) -> String {
            let first = binds.count + 1
            binds += values
            return (first..<(first + values.count)).map { "$\($0)" }.joined(separator: ", ")
        }
        var parts = [
            """
            WITH done AS (
                UPDATE idempotency_records
                SET state = 'completed', owner = NULL, response_status = $3, response_body = $4, completed_at = $5, last_change = $5
                WHERE key = $1 AND state = 'processing' AND owner = $2
                RETURNING key
            )
            """,
        ]
        var transactionCTEs: [String] = []
        for (index, write) in distinctWrites.enumerated() {
            switch write {
            case .transaction(let transaction, let internalID, let now):
                let name = "t\(index)"
                transactionCTEs.append(name)
                parts.append(
                    """
                    , \(name) AS (
                    \(OneStepSQL.upsertColumns)
                    SELECT \(bind(SQLTransactionStore.binds(TransactionKey(transaction)) + Self.transactionValues(transaction, internalID: internalID, now: now) + [.instant(now)])) FROM done
                    \(OneStepSQL.upsertConflict)
                    )
                    """
                )
            case .event(let id, let tenant, let source, let kind, let document, let now):
                parts.append(
                    """
                    , e\(index) AS (
                        INSERT INTO webhook_events (id, tenant, source, kind, document, stored_at)
                        SELECT \(bind([.text(id), .text(tenant), .text(source), .text(kind), .text(document), .instant(now)])) FROM done
                        ON CONFLICT (id) DO NOTHING
                    )
                    """
                )
            }
        }
        if let entry {
            // A NULL body has no type of its own in a select list: cast to the column's.
            parts.append(", audit AS (\(SQLWebhookLog.insertColumns) SELECT \(bind(SQLWebhookLog.values(entry)))::bytea FROM done)")
        }
        let selected = ["(SELECT count(*) FROM done)"] + transactionCTEs.map { "(SELECT internal_id FROM \($0))" }
        parts.append("SELECT " + selected.joined(separator: ", "))
        guard let row = try await database.query(parts.joined(separator: "\n"), binds).first else {
            throw SQLStoreError.unexpectedRow("the fenced commit returned no row")
        }
        guard try row.integer(0) == 1 else { return Result(owned: false, internalIDs: []) }
        return Result(owned: true, internalIDs: try transactionCTEs.indices.map { try row.text($0 + 1) })
    }

    // MARK: - SQLite: one transaction

    func runTransaction(on database: any SQLDatabase, entry: WebhookLogEntry?) async throws -> Result {
        guard let sqlite = database as? SQLiteDatabase else { throw SQLStoreError.database("not a SQLite database") }
        return try await sqlite.transaction { query in
            let done = try await query(
                """
                UPDATE idempotency_records
                SET state = 'completed', owner = NULL, response_status = $3, response_body = $4, completed_at = $5, last_change = $5
                WHERE key = $1 AND state = 'processing' AND owner = $2
                RETURNING key
                """,
                [.text(key), .text(token.rawValue), .int(response.status), .blob(response.body), .instant(completedAt)]
            )
            guard done.count == 1 else { return (Result(owned: false, internalIDs: []), commit: false) }
            var ids: [String] = []
            for write in distinctWrites {
                switch write {
                case .transaction(let transaction, let internalID, let now):
                    let values = SQLTransactionStore.binds(TransactionKey(transaction)) + Self.transactionValues(transaction, internalID: internalID, now: now)
                    let rows = try await query(OneStepSQL.upsertSQLite(values.count), values)
                    guard let row = rows.first else { throw SQLStoreError.unexpectedRow("the upsert returned no id") }
                    ids.append(try row.text(0))
                case .event(let id, let tenant, let source, let kind, let document, let now):
                    _ = try await query(
                        "INSERT INTO webhook_events (id, tenant, source, kind, document, stored_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
                        [.text(id), .text(tenant), .text(source), .text(kind), .text(document), .instant(now)]
                    )
                }
            }
            if let entry {
                _ = try await query(SQLWebhookLog.insertStatement, SQLWebhookLog.values(entry))
            }
            return (Result(owned: true, internalIDs: ids), commit: true)
        }
    }

    /// Internal id, status, currency, total, document and the instant (inserted_at; updated_at reuses it).
    static func transactionValues(_ transaction: UnifiedTransaction, internalID: String, now: Date) -> [SQLValue] {
        [
            .text(internalID), .text(transaction.status.rawValue), .text(transaction.currency.code),
            .text(transaction.total.description), .text(UnifiedJSON.encode(transaction)), .instant(now),
        ]
    }
}
