#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// A ``TransactionStore`` in the `transactions` table: the kit's canonical unified JSON as the
/// document (exact money as decimal strings), plus the key, status, currency and total as columns,
/// under `UNIQUE (tenant, source_system, outlet, external_id, kind)` (a sale and its refund are two rows).
///
/// An upsert is an `INSERT … ON CONFLICT DO NOTHING RETURNING` (inserted), else an `UPDATE … WHERE
/// document <> new RETURNING` (updated), else unchanged: of any number of concurrent upserts of a new
/// key, across replicas, exactly one inserts.
public struct SQLTransactionStore: TransactionStore {
    public let database: any SQLDatabase
    let makeID: @Sendable () -> String

    /// - Parameter makeID: internal ids (`txn_` and 32 random hex digits by default).
    public init(database: any SQLDatabase, makeID: @escaping @Sendable () -> String = { "txn_" + ClaimToken.random().rawValue }) {
        self.database = database
        self.makeID = makeID
    }

    public func upsert(_ transaction: UnifiedTransaction, now: Date) async throws -> UpsertResult {
        // Inside a request, under a claim: recorded, written by the claim's fenced commit with its derived id.
        if let unit = DeliveryUnit.current {
            let internalID = FencedCommit.internalID(for: transaction)
            if unit.record(.transaction(transaction, internalID: internalID, now: now)) {
                return UpsertResult(outcome: .inserted, internalID: internalID)
            }
        }
        let key = TransactionKey(transaction)
        let keyBinds = Self.binds(key)
        let document = UnifiedJSON.encode(transaction)
        if let row = try await database.first(
            """
            INSERT INTO transactions
                (tenant, source_system, outlet, external_id, kind, internal_id, status, currency, total, document, inserted_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
            ON CONFLICT (tenant, source_system, outlet, external_id, kind) DO NOTHING
            RETURNING internal_id
            """,
            keyBinds + [
                .text(makeID()), .text(transaction.status.rawValue), .text(transaction.currency.code),
                .text(transaction.total.description), .text(document), .instant(now),
            ]
        ) {
            return UpsertResult(outcome: .inserted, internalID: try row.text(0))
        }
        if let row = try await database.first(
            """
            UPDATE transactions SET status = $6, currency = $7, total = $8, document = $9, updated_at = $10
            WHERE tenant = $1 AND source_system = $2 AND outlet = $3 AND external_id = $4 AND kind = $5 AND document <> $9
            RETURNING internal_id
            """,
            keyBinds + [
                .text(transaction.status.rawValue), .text(transaction.currency.code), .text(transaction.total.description),
                .text(document), .instant(now),
            ]
        ) {
            return UpsertResult(outcome: .updated, internalID: try row.text(0))
        }
        guard let row = try await database.first(
            "SELECT internal_id FROM transactions WHERE tenant = $1 AND source_system = $2 AND outlet = $3 AND external_id = $4 AND kind = $5",
            keyBinds
        ) else {
            throw SQLStoreError.contention("transaction \(key) vanished during its upsert")
        }
        return UpsertResult(outcome: .unchanged, internalID: try row.text(0))
    }

    public func transaction(for key: TransactionKey) async throws -> StoredTransaction? {
        guard let row = try await database.first(
            """
            SELECT internal_id, document, inserted_at, updated_at FROM transactions
            WHERE tenant = $1 AND source_system = $2 AND outlet = $3 AND external_id = $4 AND kind = $5
            """,
            Self.binds(key)
        ) else { return nil }
        let document = try row.text(1)
        let transaction: UnifiedTransaction
        do {
            transaction = try UnifiedJSON.decodeTransaction(try JSONDocument(parsing: Array(document.utf8)).root)
        } catch {
            throw SQLStoreError.corrupt("transaction \(key): \(error)")
        }
        return StoredTransaction(
            internalID: try row.text(0), transaction: transaction, insertedAt: try row.instant(2), updatedAt: try row.instant(3)
        )
    }

    /// How many transactions are stored.
    public func count() async throws -> Int {
        guard let row = try await database.first("SELECT COUNT(*) FROM transactions", []) else { return 0 }
        return Int(try row.integer(0))
    }

    /// The columns of the unique key, in the order of ``binds(_:)``.
    static let keyColumns = "tenant, source_system, outlet, external_id, kind"

    static func binds(_ key: TransactionKey) -> [SQLValue] {
        [.text(key.tenant), .text(key.source.rawValue), .text(key.outlet ?? ""), .text(key.externalID), .text(key.kind.rawValue)]
    }
}
