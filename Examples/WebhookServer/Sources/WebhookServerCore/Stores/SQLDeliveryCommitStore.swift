#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// The kit's ``DeliveryCommitStore`` over the server's tables: a delivery of transactions claimed,
/// stored, completed and audited in one step.
///
/// - PostgreSQL: ONE statement (data-modifying CTEs), one round trip, prepared for the common shape
///   (one transaction with its audit record): the claim `INSERT … ON CONFLICT DO UPDATE … WHERE
///   <processing and stale>` writes the key *completed* at once, and every transaction upsert and
///   the audit insert select `FROM claim` — no claim, nothing written. The same statement reads the
///   key's previous record, so a duplicate (replay), a delivery in flight (409) or another payload
///   (422) is answered without a second round trip; only a key committed by a concurrent statement
///   after this one's snapshot is read again.
/// - SQLite: one `BEGIN IMMEDIATE` transaction, rolled back when the key is not free.
///
/// Transactions get their derived id (``FencedCommit/internalID(for:)``); a row stored before ids
/// were derived keeps its own, and the stored response is then rewritten to name it.
public struct SQLDeliveryCommitStore: DeliveryCommitStore {
    /// The database the server's tables are in.
    public let database: any SQLDatabase

    /// The store over `database` (migrated).
    public init(database: any SQLDatabase) { self.database = database }

    /// Claims, stores, completes and audits `delivery` in one step (see the type's description).
    public func commit(_ delivery: DeliveryCommit) async throws -> DeliveryCommitResult {
        let plan = OneStepPlan(delivery)
        let found: OneStepPlan.Found
        switch database.dialect {
        case .postgres: found = try await runStatement(plan)
        case .sqlite: found = try await runTransaction(plan)
        }
        switch found {
        case .committed(let storedIDs):
            let ids = plan.order.map { storedIDs[$0] }
            guard ids != plan.plannedIDs else { return .committed(internalIDs: ids, response: plan.response) }
            // Rows stored before ids were derived: the stored response names the ids they keep.
            let response = delivery.render(ids)
            try await database.query(
                "UPDATE idempotency_records SET response_body = $2, response_status = $3 WHERE key = $1 AND state = 'completed'",
                [.text(delivery.claim.key), .blob(response.body), .int(response.status)]
            )
            return .committed(internalIDs: ids, response: response)
        case .existing(let record):
            return Self.answer(record, fingerprint: delivery.claim.fingerprint)
        case .unknown:
            // Committed by a concurrent statement after this one's snapshot: read it now.
            guard let record = try await SQLIdempotencyStore(database: database).record(forKey: delivery.claim.key) else {
                throw SQLStoreError.contention("idempotency key \(delivery.claim.key) neither claimed nor found")
            }
            return Self.answer(record, fingerprint: delivery.claim.fingerprint)
        }
    }

    /// What a record that could not be claimed answers.
    static func answer(_ record: IdempotencyRecord, fingerprint: PayloadFingerprint) -> DeliveryCommitResult {
        guard record.fingerprint == fingerprint else { return .fingerprintMismatch }
        switch record.state {
        case .processing: return .inProgress(since: record.claimedAt)
        case .completed(let response): return .completed(response)
        }
    }

    // MARK: - PostgreSQL: one statement

    func runStatement(_ plan: OneStepPlan) async throws -> OneStepPlan.Found {
        let row: SQLRow?
        if let postgres = database as? PostgresDatabase, let prepared = PreparedOneStep(plan) {
            row = try await postgres.execute(prepared).first
        } else {
            row = try await database.first(
                OneStepSQL.statement(transactions: plan.distinct.count, audited: plan.audit != nil, auditIDFrom: plan.auditIDFrom), plan.binds
            )
        }
        guard let row else { throw SQLStoreError.unexpectedRow("the one-step commit returned no row") }
        return try OneStepSQL.found(row, transactions: plan.distinct.count, key: plan.claim.key)
    }

    // MARK: - SQLite: one transaction

    func runTransaction(_ plan: OneStepPlan) async throws -> OneStepPlan.Found {
        guard let sqlite = database as? SQLiteDatabase else { throw SQLStoreError.database("not a SQLite database") }
        let claim = plan.claim
        return try await sqlite.transaction { query in
            let claimed = try await query(OneStepSQL.claimSQLite, plan.claimBinds)
            guard claimed.count == 1 else {
                let rows = try await query(
                    "SELECT fingerprint, state, response_status, response_body, claimed_at FROM idempotency_records WHERE key = $1",
                    [.text(claim.key)]
                )
                return (try rows.first.map { try OneStepSQL.record($0, from: 0, key: claim.key) }.map(OneStepPlan.Found.existing) ?? .unknown, commit: false)
            }
            var ids: [String] = []
            for index in plan.distinct.indices {
                let values = plan.transactionBinds(index)
                let rows = try await query(OneStepSQL.upsertSQLite(values.count), values)
                guard let row = rows.first else { throw SQLStoreError.unexpectedRow("the upsert returned no id") }
                ids.append(try row.text(0))
            }
            if var audit = plan.audit {
                audit.internalID = plan.auditIDFrom.map { ids[$0] }
                _ = try await query(SQLWebhookLog.insertStatement, SQLWebhookLog.values(audit))
            }
            return (.committed(ids), commit: true)
        }
    }
}

/// One delivery laid out for the one-step statement: its transactions once per key in key order
/// (one statement may touch a row only once; a shared order of row locks avoids deadlocks), their
/// derived ids, the response rendered with them, and the statement's values.
struct OneStepPlan: Sendable {
    /// What the statement found.
    enum Found: Sendable {
        /// Claimed and written: the ids the distinct transactions have, in ``distinct`` order.
        case committed([String])
        /// Not claimed: the key's record as it was.
        case existing(IdempotencyRecord)
        /// Not claimed, and the record is not visible yet (committed concurrently).
        case unknown
    }

    let claim: IdempotencyClaim
    /// The delivery's transactions, last document per key, in key order.
    let distinct: [UnifiedTransaction]
    /// For each of the delivery's transactions, its index in ``distinct``.
    let order: [Int]
    /// The derived ids, in the delivery's order.
    let plannedIDs: [String]
    let response: StoredResponse
    let audit: WebhookLogEntry?
    /// The index in ``distinct`` of the transaction whose id the audit record names.
    let auditIDFrom: Int?

    init(_ delivery: DeliveryCommit) {
        claim = delivery.claim
        var last: [TransactionKey: UnifiedTransaction] = [:]
        for transaction in delivery.transactions { last[TransactionKey(transaction)] = transaction }
        let sorted = last.sorted { $0.key.description < $1.key.description }
        distinct = sorted.map(\.value)
        var position: [TransactionKey: Int] = [:]
        for (index, entry) in sorted.enumerated() { position[entry.key] = index }
        order = delivery.transactions.compactMap { position[TransactionKey($0)] }
        let derived = distinct.map(FencedCommit.internalID(for:))
        plannedIDs = order.map { derived[$0] }
        response = delivery.render(plannedIDs)
        audit = delivery.audit
        auditIDFrom = order.first
    }

    /// The claim's values: key, fingerprint, now, response status, response body, stale-before.
    var claimBinds: [SQLValue] {
        [.text(claim.key), .text(claim.fingerprint.rawValue), .instant(claim.now), .int(response.status), .blob(response.body), .instant(claim.staleBefore)]
    }

    /// The upsert's values of ``distinct``[`index`]: the key, derived id, status, currency, total,
    /// document and the instant (inserted and updated).
    func transactionBinds(_ index: Int) -> [SQLValue] {
        let transaction = distinct[index]
        return SQLTransactionStore.binds(TransactionKey(transaction))
            + FencedCommit.transactionValues(transaction, internalID: FencedCommit.internalID(for: transaction), now: claim.now)
    }

    /// The audit record's values without its internal id (the statement takes it from the upsert).
    var auditBinds: [SQLValue] {
        guard let audit else { return [] }
        var values = SQLWebhookLog.values(audit)
        values.remove(at: OneStepSQL.auditInternalIDColumn)
        return values
    }

    /// Every value of the PostgreSQL statement, in placeholder order.
    var binds: [SQLValue] { claimBinds + distinct.indices.flatMap(transactionBinds) + auditBinds }
}
