#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One queued revision of a stored transaction (a row of `outbox`, see ``OutboxSchema``).
public struct OutboxEntry: Sendable, Hashable {
    /// The row's position in the queue.
    public var seq: Int64
    /// `<internal_id>.r<revision>`: the `X-Webhook-ID` of every attempt and replay.
    public var deliveryID: String
    /// The transaction's internal id.
    public var internalID: String
    /// Whose transaction it is.
    public var tenant: String
    /// 1 for the insert, then one more per change of the document.
    public var revision: Int64
    /// The transaction's canonical unified JSON at this revision.
    public var document: String

    /// An entry (as read from the table).
    public init(seq: Int64, deliveryID: String, internalID: String, tenant: String, revision: Int64, document: String) {
        self.seq = seq
        self.deliveryID = deliveryID
        self.internalID = internalID
        self.tenant = tenant
        self.revision = revision
        self.document = document
    }

    /// The forwarded body, signed as these bytes: `{"delivery_id":…,"event":"transaction.created"
    /// (revision 1) or "transaction.updated","revision":n,"transaction":<the unified document>}` —
    /// the delivery id inside the signed bytes, so a receiver deduplicating on it can trust it.
    public var body: [UInt8] {
        let event = revision == 1 ? "transaction.created" : "transaction.updated"
        // The id is `txn_<hex>.r<digits>` and the document is the kit's own JSON: nothing to escape.
        return Array("{\"delivery_id\":\"\(deliveryID)\",\"event\":\"\(event)\",\"revision\":\(revision),\"transaction\":\(document)}".utf8)
    }
}

/// The `outbox` table: what the forwarder reads and marks. Marks made by the forwarder are fenced
/// on its lease (``SQLLeases/heldCondition(name:owner:now:)``): a replica that lost the lease
/// writes nothing, and its row is sent again by the new holder under the same delivery id.
public struct SQLOutbox: Sendable {
    /// The database holding `outbox`.
    public let database: any SQLDatabase

    /// The outbox in `database`.
    public init(database: any SQLDatabase) { self.database = database }

    /// The oldest `limit` pending rows, in queue order.
    public func pending(limit: Int) async throws -> [OutboxEntry] {
        try await database.query(
            "SELECT seq, delivery_id, internal_id, tenant, revision, body FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT $1",
            [.int(max(0, limit))]
        ).map { row in
            OutboxEntry(
                seq: try row.integer(0), deliveryID: try row.text(1), internalID: try row.text(2), tenant: try row.text(3),
                revision: try row.integer(4), document: try row.text(5)
            )
        }
    }

    /// Marks a pending row sent after a 2xx, if `lease` is still held at `now`; false when nothing
    /// was written (the lease was lost, or the row is no longer pending).
    public func markSent(_ entry: OutboxEntry, attempts: Int, now: Date, lease: Lease) async throws -> Bool {
        try await database.first(
            """
            UPDATE outbox SET state = 'sent', sent_at = $2, attempts = attempts + $3, last_error = NULL
            WHERE seq = $1 AND state = 'pending' AND \(SQLLeases.heldCondition(name: "$4", owner: "$5", now: "$2"))
            RETURNING seq
            """,
            [.integer(entry.seq), .instant(now), .int(attempts), .text(lease.name), .text(lease.owner)]
        ) != nil
    }

    /// Marks a pending row dead-lettered under `deadLetterID` with `reason`, if `lease` is still held.
    public func markDead(_ entry: OutboxEntry, deadLetterID: String, reason: String, attempts: Int, now: Date, lease: Lease) async throws -> Bool {
        try await database.first(
            """
            UPDATE outbox SET state = 'dead', dead_letter_id = $3, last_error = $4, attempts = attempts + $5
            WHERE seq = $1 AND state = 'pending' AND \(SQLLeases.heldCondition(name: "$6", owner: "$7", now: "$2"))
            RETURNING seq
            """,
            [.integer(entry.seq), .instant(now), .text(deadLetterID), .text(reason), .int(attempts), .text(lease.name), .text(lease.owner)]
        ) != nil
    }

    /// Marks the row of `deliveryID` sent after its dead letter was replayed with a 2xx (a row still
    /// pending is marked too: it need not be sent again); false when no such row is unsent.
    public func markReplayed(deliveryID: String, now: Date) async throws -> Bool {
        try await database.first(
            "UPDATE outbox SET state = 'sent', sent_at = $2, last_error = NULL WHERE delivery_id = $1 AND state <> 'sent' RETURNING seq",
            [.text(deliveryID), .instant(now)]
        ) != nil
    }

    /// The state of the row of `deliveryID`, if there is one.
    public func state(of deliveryID: String) async throws -> String? {
        try await database.first("SELECT state FROM outbox WHERE delivery_id = $1", [.text(deliveryID)]).map { try $0.text(0) }
    }

    /// How many rows wait to be sent.
    public func pendingCount() async throws -> Int {
        Int(try await database.first("SELECT COUNT(*) FROM outbox WHERE state = 'pending'", [])?.integer(0) ?? 0)
    }

    /// How many rows are in each state.
    public func counts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await database.query("SELECT state, COUNT(*) FROM outbox GROUP BY state", []) {
            counts[try row.text(0)] = Int(try row.integer(1))
        }
        return counts
    }

    /// Deletes the rows sent before `cutoff` (their revisions stay counted in `outbox_revisions`);
    /// how many went.
    @discardableResult
    public func purgeSent(before cutoff: Date) async throws -> Int {
        try await database.query("DELETE FROM outbox WHERE state = 'sent' AND sent_at < $1 RETURNING seq", [.instant(cutoff)]).count
    }
}
