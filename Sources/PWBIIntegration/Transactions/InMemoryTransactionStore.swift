#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// A ``TransactionStore`` in process memory: the reference implementation of the contract, kept
/// plain (an array in insertion order and a dictionary from key to position) so it reads as the
/// specification a host's store is checked against. Internal ids are `txn_` and a 16-digit hex
/// sequence number (the position + 1).
public actor InMemoryTransactionStore: TransactionStore {
    /// Every stored transaction, in insertion order.
    private var stored: [StoredTransaction] = []
    /// Where each key's transaction is in ``stored``.
    private var positions: [TransactionKey: Int] = [:]

    /// An empty store.
    public init() {}

    /// Inserts, updates or leaves `transaction`, as ``TransactionStore/upsert(_:now:)`` describes.
    public func upsert(_ transaction: UnifiedTransaction, now: Date) -> UpsertResult {
        let key = TransactionKey(transaction)
        if let position = positions[key] {
            let id = stored[position].internalID
            if stored[position].transaction == transaction { return UpsertResult(outcome: .unchanged, internalID: id) }
            stored[position].transaction = transaction
            stored[position].updatedAt = now
            return UpsertResult(outcome: .updated, internalID: id)
        }
        let id = hexString(prefix: "txn_", UInt64(stored.count + 1))
        positions[key] = stored.count
        stored.append(StoredTransaction(internalID: id, transaction: transaction, insertedAt: now, updatedAt: now))
        return UpsertResult(outcome: .inserted, internalID: id)
    }

    /// Upserts `transactions` in order, in one actor hop.
    public func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) -> [UpsertResult] {
        transactions.map { upsert($0, now: now) }
    }

    /// The stored transaction with `key`, if any.
    public func transaction(for key: TransactionKey) -> StoredTransaction? {
        positions[key].map { stored[$0] }
    }

    /// How many transactions are held.
    public var count: Int { stored.count }

    /// Every stored transaction, in insertion order.
    public var all: [StoredTransaction] { stored }
}
