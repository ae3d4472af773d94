#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The statements of ``SQLDeliveryCommitStore``. Every PostgreSQL placeholder carries its type
/// (`$n::text`), so a prepared statement's types never depend on the values of its first use (a NULL).
enum OneStepSQL {
    /// Where the internal id is in ``SQLWebhookLog/values(_:)`` (the statement takes it from the upsert).
    static let auditInternalIDColumn = 9
    /// The types of the audit values without the internal id.
    static let auditTypes = ["float8", "text", "text", "text", "int8", "int8", "int8", "text", "text", "text", "int8", "bytea"]

    /// The claim: a free key (absent, or processing and stale) is written *completed* at once.
    static func claimClause(_ p: (Int) -> String) -> String {
        """
        INSERT INTO idempotency_records (key, fingerprint, state, owner, claimed_at, last_change, response_status, response_body, completed_at)
        VALUES (\(p(1)), \(p(2)), 'completed', NULL, \(p(3)), \(p(3)), \(p(4)), \(p(5)), \(p(3)))
        ON CONFLICT (key) DO UPDATE SET
            fingerprint = excluded.fingerprint, state = 'completed', owner = NULL, claimed_at = excluded.claimed_at,
            last_change = excluded.last_change, response_status = excluded.response_status,
            response_body = excluded.response_body, completed_at = excluded.completed_at
        WHERE idempotency_records.state = 'processing' AND idempotency_records.claimed_at < \(p(6))
        RETURNING key
        """
    }

    static let claimTypes = ["text", "text", "float8", "int8", "bytea", "float8"]
    static let transactionTypes = Array(repeating: "text", count: 10) + ["float8"]

    /// The upsert's conflict clause, shared with ``FencedCommit``: a changed document moves `updated_at`.
    static let upsertConflict = """
        ON CONFLICT (\(SQLTransactionStore.keyColumns)) DO UPDATE SET
            status = excluded.status, currency = excluded.currency, total = excluded.total, document = excluded.document,
            updated_at = CASE WHEN transactions.document = excluded.document THEN transactions.updated_at ELSE excluded.updated_at END
        RETURNING internal_id
        """

    /// The upsert's insert clause, shared with ``FencedCommit``.
    static let upsertColumns = "INSERT INTO transactions (\(SQLTransactionStore.keyColumns), internal_id, status, currency, total, document, inserted_at, updated_at)"

    /// The PostgreSQL statement for `transactions` distinct upserts and, when `audited`, the audit
    /// record naming the id of upsert `auditIDFrom`. Its one row: claimed (0/1), each upsert's id,
    /// then the key's previous record (fingerprint, state, response status and body, claimed at).
    static func statement(transactions: Int, audited: Bool, auditIDFrom: Int?) -> String {
        var next = 0
        var types: [String] = []
        func placeholders(_ kinds: [String]) -> [String] {
            kinds.map { kind in
                next += 1
                types.append(kind)
                return "$\(next)::\(kind)"
            }
        }
        let claim = placeholders(claimTypes)
        var parts = ["WITH claim AS (\n" + claimClause { claim[$0 - 1] } + "\n)"]
        for index in 0..<transactions {
            var values = placeholders(transactionTypes)
            values.append(values[values.count - 1])  // updated_at = inserted_at
            parts.append(", t\(index) AS (\n\(upsertColumns)\nSELECT \(values.joined(separator: ", ")) FROM claim\n\(upsertConflict)\n)")
        }
        if audited {
            var values = placeholders(auditTypes)
            values.insert(auditIDFrom.map { "(SELECT internal_id FROM t\($0))" } ?? "NULL::text", at: auditInternalIDColumn)
            parts.append(", audit AS (\n\(SQLWebhookLog.insertColumns)\nSELECT \(values.joined(separator: ", ")) FROM claim\n)")
        }
        parts.append(
            ", prior AS (SELECT fingerprint, state, response_status, response_body, claimed_at FROM idempotency_records WHERE key = $1::text)"
        )
        let selected = ["(SELECT count(*) FROM claim)"] + (0..<transactions).map { "(SELECT internal_id FROM t\($0))" }
            + ["prior.fingerprint", "prior.state", "prior.response_status", "prior.response_body", "prior.claimed_at"]
        parts.append("SELECT " + selected.joined(separator: ", ") + " FROM (SELECT 1) AS one LEFT JOIN prior ON true")
        return parts.joined(separator: "\n")
    }

    /// What the statement's row says.
    static func found(_ row: SQLRow, transactions: Int, key: String) throws -> OneStepPlan.Found {
        if try row.integer(0) == 1 {
            return .committed(try (0..<transactions).map { try row.text($0 + 1) })
        }
        let from = transactions + 1
        guard try row.optionalText(from) != nil else { return .unknown }
        return .existing(try record(row, from: from, key: key))
    }

    /// The record in columns `from…` (fingerprint, state, response status, response body, claimed at).
    static func record(_ row: SQLRow, from: Int, key: String) throws -> IdempotencyRecord {
        let state: IdempotencyRecord.State
        switch try row.text(from + 1) {
        case "processing":
            state = .processing(owner: ClaimToken(rawValue: ""))
        case "completed":
            guard let status = try row.optionalInteger(from + 2) else { throw SQLStoreError.corrupt("completed record \(key) has no status") }
            state = .completed(StoredResponse(status: Int(status), body: try row.blob(from + 3)))
        case let other:
            throw SQLStoreError.corrupt("idempotency state \(other)")
        }
        return IdempotencyRecord(key: key, fingerprint: PayloadFingerprint(rawValue: try row.text(from)), state: state, claimedAt: try row.instant(from + 4))
    }

    /// SQLite's claim (untyped placeholders).
    static let claimSQLite = claimClause { "$\($0)" }

    /// SQLite's upsert of `count` values (the last is inserted_at and updated_at), shared with ``FencedCommit``.
    static func upsertSQLite(_ count: Int) -> String {
        let values = (1...count).map { "$\($0)" } + ["$\(count)"]
        return "\(upsertColumns)\nVALUES (\(values.joined(separator: ", ")))\n\(upsertConflict)"
    }
}
