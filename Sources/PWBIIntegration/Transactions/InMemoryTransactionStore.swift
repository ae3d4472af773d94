#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// A ``TransactionStore`` in process memory. Internal ids are `txn_` and a 16-digit hex sequence number.
public actor InMemoryTransactionStore: TransactionStore {
    private var stored: [TransactionKey: StoredTransaction] = [:]
    private var sequence: UInt64 = 0

    /// An empty store.
    public init() {}

    public func upsert(_ transaction: UnifiedTransaction, now: Date) -> UpsertResult {
        let key = TransactionKey(transaction)
        if var existing = stored[key] {
            guard existing.transaction != transaction else {
                return UpsertResult(outcome: .unchanged, internalID: existing.internalID)
            }
            existing.transaction = transaction
            existing.updatedAt = now
            stored[key] = existing
            return UpsertResult(outcome: .updated, internalID: existing.internalID)
        }
        sequence += 1
        let id = "txn_" + hexString(sequence)
        stored[key] = StoredTransaction(internalID: id, transaction: transaction, insertedAt: now, updatedAt: now)
        return UpsertResult(outcome: .inserted, internalID: id)
    }

    public func transaction(for key: TransactionKey) -> StoredTransaction? {
        stored[key]
    }

    /// How many transactions are held.
    public var count: Int { stored.count }

    /// Every stored transaction, in insertion order.
    public var all: [StoredTransaction] { stored.values.sorted { $0.internalID < $1.internalID } }
}
