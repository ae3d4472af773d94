#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// A ``WebhookLog`` in the `webhook_log` table (never a secret or a signature: the receiver writes
/// none into an entry). Newest first, ties last appended first (the `seq` column).
public struct SQLWebhookLog: WebhookLog {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    public func append(_ entry: WebhookLogEntry) async throws {
        guard let unit = DeliveryUnit.current else {
            try await database.query(Self.insertStatement, Self.values(entry))
            return
        }
        // Inside a request, the record goes with the delivery's fenced commit (one round trip).
        if await unit.commitReady(with: entry) { return }
        var entry = entry
        if unit.failed {
            // The commit wrote nothing: the record says what the host answers instead.
            entry.outcome = .unavailable
            entry.status = 503
            entry.errorMessage = DeliveryUnit.unavailableMessage
        }
        do {
            try await database.query(Self.insertStatement, Self.values(entry))
        } catch {
            unit.noteSideFailure("audit record: \(error)")
            throw error
        }
    }

    static let insertColumns = """
        INSERT INTO webhook_log (received_at, source, tenant, outcome, status, duration_seconds, duration_attoseconds,
            idempotency_key, event_type, internal_id, error_message, body_size, body)
        """

    static let insertStatement = insertColumns + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"

    /// The values of `insertColumns`, in order.
    static func values(_ entry: WebhookLogEntry) -> [SQLValue] {
        let duration = entry.duration.components
        return [
            .instant(entry.receivedAt), .text(entry.source), .optionalText(entry.tenant), .text(entry.outcome.rawValue), .int(entry.status),
            .integer(duration.seconds), .integer(duration.attoseconds), .optionalText(entry.idempotencyKey), .optionalText(entry.eventType),
            .optionalText(entry.internalID), .optionalText(entry.errorMessage), .int(entry.bodySize), entry.body.map { .blob($0) } ?? .null,
        ]
    }

    public func recent(limit: Int) async throws -> [WebhookLogEntry] {
        try await database.query(
            """
            SELECT received_at, source, tenant, outcome, status, duration_seconds, duration_attoseconds,
                idempotency_key, event_type, internal_id, error_message, body_size, body
            FROM webhook_log ORDER BY received_at DESC, seq DESC LIMIT $1
            """,
            [.int(max(0, limit))]
        ).map(Self.entry)
    }

    /// Deletes records received before `cutoff`; returns how many.
    public func purge(before cutoff: Date) async throws -> Int {
        try await database.query("DELETE FROM webhook_log WHERE received_at < $1 RETURNING seq", [.instant(cutoff)]).count
    }

    static func entry(_ row: SQLRow) throws -> WebhookLogEntry {
        let outcomeText = try row.text(3)
        guard let outcome = WebhookOutcome(rawValue: outcomeText) else { throw SQLStoreError.corrupt("webhook outcome \(outcomeText)") }
        return WebhookLogEntry(
            receivedAt: try row.instant(0), source: try row.text(1), tenant: try row.optionalText(2), outcome: outcome,
            status: Int(try row.integer(4)),
            duration: Duration(secondsComponent: try row.integer(5), attosecondsComponent: try row.integer(6)),
            idempotencyKey: try row.optionalText(7), eventType: try row.optionalText(8), internalID: try row.optionalText(9),
            errorMessage: try row.optionalText(10), bodySize: Int(try row.integer(11)), body: try row.optionalBlob(12)
        )
    }
}
