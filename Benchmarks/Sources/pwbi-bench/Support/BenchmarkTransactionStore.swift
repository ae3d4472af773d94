import Foundation
import PWBIIntegration
import PWBIMapping
import Synchronization

/// The store the `import` benchmark writes to, so that `import-rows` measures the importer
/// (reader, row mapper, batching) rather than the library's reference store, which is kept
/// plain for reading. It keeps the contract (one transaction per key; inserted, updated or
/// unchanged by content) with one lock, one dictionary and one array sized up front, and short
/// internal ids (`t` and a decimal sequence number) that the standard library stores inline.
final class BenchmarkTransactionStore: TransactionStore {
    private struct Contents {
        var stored: [StoredTransaction] = []
        var positions: [TransactionKey: Int] = [:]
    }

    private let contents: Mutex<Contents>

    /// An empty store with room for `capacity` transactions (no rehashing or array growth
    /// while the benchmark's rows go in).
    init(capacity: Int) {
        var contents = Contents()
        contents.stored.reserveCapacity(capacity)
        contents.positions.reserveCapacity(capacity)
        self.contents = Mutex(contents)
    }

    /// How many transactions are held.
    var count: Int { contents.withLock { $0.stored.count } }

    func upsert(_ transaction: UnifiedTransaction, now: Date) -> UpsertResult {
        contents.withLock { Self.upsert(transaction, now: now, into: &$0) }
    }

    func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) -> [UpsertResult] {
        contents.withLock { contents in transactions.map { Self.upsert($0, now: now, into: &contents) } }
    }

    func transaction(for key: TransactionKey) -> StoredTransaction? {
        contents.withLock { contents in contents.positions[key].map { contents.stored[$0] } }
    }

    private static func upsert(_ transaction: UnifiedTransaction, now: Date, into contents: inout Contents) -> UpsertResult {
        let key = TransactionKey(transaction)
        if let position = contents.positions[key] {
            let id = contents.stored[position].internalID
            if contents.stored[position].transaction == transaction { return UpsertResult(outcome: .unchanged, internalID: id) }
            contents.stored[position].transaction = transaction
            contents.stored[position].updatedAt = now
            return UpsertResult(outcome: .updated, internalID: id)
        }
        let id = "t" + String(contents.stored.count + 1)
        contents.positions[key] = contents.stored.count
        contents.stored.append(StoredTransaction(internalID: id, transaction: transaction, insertedAt: now, updatedAt: now))
        return UpsertResult(outcome: .inserted, internalID: id)
    }
}
