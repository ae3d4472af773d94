import Foundation
import PWBIIntegration
import PWBIMapping

/// Deliberately wrong ``TransactionStore`` implementations that the contract checker must catch.
actor BrokenTransactionStore: TransactionStore {
    enum Flaw: String, CaseIterable, Sendable {
        /// Looks up, suspends (a database round trip), then inserts: concurrent upserts insert twice.
        case checkThenInsert
        /// Reports every repeat as updated.
        case neverUnchanged
        /// Keys by tenant + source + external id only: outlets collide.
        case ignoresOutlet
        /// Gives an updated transaction a new id.
        case newIDOnUpdate
        /// Drops line-item notes when storing.
        case dropsNotes
        /// Treats an empty outlet as another outlet than none.
        case emptyOutletDistinct
        /// Batches decide each outcome against the store as it was before the batch (a naive
        /// multi-row insert): a key repeated inside the batch is inserted twice.
        case batchAgainstSnapshot
        /// Keys by tenant + source + outlet + external id, as before kinds were part of the key:
        /// a Karage refund replaces the sale whose `OrderID` it carries.
        case ignoresKind
    }

    let flaw: Flaw
    private var stored: [String: StoredTransaction] = [:]
    private var sequence = 0

    init(_ flaw: Flaw) { self.flaw = flaw }

    private func key(_ transaction: UnifiedTransaction) -> String {
        switch flaw {
        case .ignoresOutlet: "\(transaction.tenant)|\(transaction.sourceSystem)|\(transaction.externalID)"
        case .emptyOutletDistinct: "\(transaction.tenant)|\(transaction.sourceSystem)|\(transaction.outlet.map { "[\($0)]" } ?? "nil")|\(transaction.externalID)"
        case .ignoresKind: "\(transaction.tenant)|\(transaction.sourceSystem)|\(transaction.outlet ?? "")|\(transaction.externalID)"
        default: TransactionKey(transaction).description
        }
    }

    func upsert(_ transaction: UnifiedTransaction, now: Date) async -> UpsertResult {
        var kept = transaction
        if flaw == .dropsNotes { for index in kept.lineItems.indices { kept.lineItems[index].note = nil } }
        let key = key(transaction)
        let existing = stored[key]
        if flaw == .checkThenInsert { await Task.yield() }
        if var existing {
            if existing.transaction == kept && flaw != .neverUnchanged {
                return UpsertResult(outcome: .unchanged, internalID: existing.internalID)
            }
            if flaw == .newIDOnUpdate { sequence += 1; existing.internalID = "txn-\(sequence)" }
            existing.transaction = kept
            existing.updatedAt = now
            stored[key] = existing
            return UpsertResult(outcome: .updated, internalID: existing.internalID)
        }
        sequence += 1
        let record = StoredTransaction(internalID: "txn-\(sequence)", transaction: kept, insertedAt: now, updatedAt: now)
        stored[key] = record
        return UpsertResult(outcome: .inserted, internalID: record.internalID)
    }

    func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) async -> [UpsertResult] {
        var results: [UpsertResult] = []
        guard flaw == .batchAgainstSnapshot else {
            for transaction in transactions { results.append(await upsert(transaction, now: now)) }
            return results
        }
        let snapshot = stored
        for transaction in transactions {
            let key = key(transaction)
            if var existing = snapshot[key] {
                if existing.transaction == transaction {
                    results.append(UpsertResult(outcome: .unchanged, internalID: existing.internalID))
                } else {
                    existing.transaction = transaction
                    existing.updatedAt = now
                    stored[key] = existing
                    results.append(UpsertResult(outcome: .updated, internalID: existing.internalID))
                }
            } else {
                sequence += 1
                let record = StoredTransaction(internalID: "txn-\(sequence)", transaction: transaction, insertedAt: now, updatedAt: now)
                stored[key] = record
                results.append(UpsertResult(outcome: .inserted, internalID: record.internalID))
            }
        }
        return results
    }

    func transaction(for key: TransactionKey) -> StoredTransaction? {
        stored.values.first { self.key($0.transaction) == self.key(from: key) }
    }

    private func key(from key: TransactionKey) -> String {
        switch flaw {
        case .ignoresOutlet: "\(key.tenant)|\(key.source)|\(key.externalID)"
        case .emptyOutletDistinct: "\(key.tenant)|\(key.source)|\(key.outlet.map { "[\($0)]" } ?? "nil")|\(key.externalID)"
        case .ignoresKind: "\(key.tenant)|\(key.source)|\(key.outlet ?? "")|\(key.externalID)"
        default: key.description
        }
    }
}
