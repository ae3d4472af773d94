#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// An ``IdempotencyStore`` in a SQL table, atomic across every replica sharing the database.
///
/// `claim` is one `INSERT … ON CONFLICT (key) DO UPDATE … WHERE <processing and stale> RETURNING`:
/// a fresh key is inserted, an abandoned claim is taken over, anything else is left alone and read
/// back. `complete` and `release` only touch a row still *processing* under the caller's token.
/// Inside a ``DeliveryUnit`` (a server request) an acquired claim is recorded in the unit and its
/// completion is committed together with the delivery's writes.
public struct SQLIdempotencyStore: IdempotencyStore {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    public func claim(_ claim: IdempotencyClaim) async throws -> IdempotencyClaimResult {
        guard let unit = DeliveryUnit.current else { return try await claimNow(claim) }
        // A bulk request's previous order is committed before the next is claimed.
        await unit.commitReady()
        // The query runs in a task of its own: a request cancelled at its deadline must not stop
        // waiting for an insert the database may still make. The unit hands the running attempt
        // to the release that follows an abandoned request.
        guard let task = unit.claiming(key: claim.key, token: claim.token, { Task { try await claimNow(claim) } }) else {
            throw CancellationError()
        }
        let result: IdempotencyClaimResult
        do {
            result = try await task.value
        } catch {
            unit.attemptEnded(key: claim.key, token: claim.token)
            throw error
        }
        guard case .acquired(let token) = result else {
            unit.attemptEnded(key: claim.key, token: claim.token)
            return result
        }
        // False when the request was abandoned meanwhile: its release gives this claim back.
        guard unit.claimed(key: claim.key, token: token) else { throw CancellationError() }
        return result
    }

    func claimNow(_ claim: IdempotencyClaim) async throws -> IdempotencyClaimResult {
        // A row deleted (released or purged) between the insert and the read is claimed again.
        for _ in 0..<8 {
            let acquired = try await database.first(
                """
                INSERT INTO idempotency_records (key, fingerprint, state, owner, claimed_at, last_change)
                VALUES ($1, $2, 'processing', $3, $4, $4)
                ON CONFLICT (key) DO UPDATE SET
                    fingerprint = excluded.fingerprint, owner = excluded.owner, state = 'processing',
                    claimed_at = excluded.claimed_at, last_change = excluded.last_change,
                    response_status = NULL, response_body = NULL, completed_at = NULL
                WHERE idempotency_records.state = 'processing' AND idempotency_records.claimed_at < $5
                RETURNING owner
                """,
                [.text(claim.key), .text(claim.fingerprint.rawValue), .text(claim.token.rawValue), .instant(claim.now), .instant(claim.staleBefore)]
            )
            if acquired != nil { return .acquired(claim.token) }
            guard let existing = try await self.record(forKey: claim.key) else { continue }
            guard existing.fingerprint == claim.fingerprint else { return .fingerprintMismatch }
            switch existing.state {
            case .processing: return .inProgress(since: existing.claimedAt)
            case .completed(let response): return .completed(response)
            }
        }
        throw SQLStoreError.contention("idempotency key kept disappearing while being claimed")
    }

    public func complete(key: String, token: ClaimToken, response: StoredResponse, now: Date) async throws -> IdempotencyFinish {
        // Inside a request the completion is committed with the delivery's writes (``FencedCommit``).
        if let unit = DeliveryUnit.current, unit.completed(key: key, token: token, response: response, now: now) { return .done }
        let row = try await database.first(
            """
            UPDATE idempotency_records
            SET state = 'completed', owner = NULL, response_status = $3, response_body = $4, completed_at = $5, last_change = $5
            WHERE key = $1 AND state = 'processing' AND owner = $2
            RETURNING key
            """,
            [.text(key), .text(token.rawValue), .int(response.status), .blob(response.body), .instant(now)]
        )
        return row == nil ? .notOwner : .done
    }

    public func release(key: String, token: ClaimToken) async throws -> IdempotencyFinish {
        DeliveryUnit.current?.released(key: key, token: token)
        let row = try await database.first(
            "DELETE FROM idempotency_records WHERE key = $1 AND state = 'processing' AND owner = $2 RETURNING key",
            [.text(key), .text(token.rawValue)]
        )
        return row == nil ? .notOwner : .done
    }

    public func purge(before cutoff: Date) async throws -> Int {
        try await database.query("DELETE FROM idempotency_records WHERE last_change < $1 RETURNING key", [.instant(cutoff)]).count
    }

    public func record(forKey key: String) async throws -> IdempotencyRecord? {
        guard let row = try await database.first(
            """
            SELECT fingerprint, state, owner, response_status, response_body, claimed_at, completed_at
            FROM idempotency_records WHERE key = $1
            """,
            [.text(key)]
        ) else { return nil }
        let state: IdempotencyRecord.State
        switch try row.text(1) {
        case "processing":
            state = .processing(owner: ClaimToken(rawValue: try row.optionalText(2) ?? ""))
        case "completed":
            guard let status = try row.optionalInteger(3) else { throw SQLStoreError.corrupt("completed record \(key) has no status") }
            state = .completed(StoredResponse(status: Int(status), body: try row.blob(4)))
        case let other:
            throw SQLStoreError.corrupt("idempotency state \(other)")
        }
        return IdempotencyRecord(
            key: key, fingerprint: PayloadFingerprint(rawValue: try row.text(0)), state: state,
            claimedAt: try row.instant(5), completedAt: try row.optionalInstant(6)
        )
    }
}
