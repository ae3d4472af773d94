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
        // One hash and one probe per upsert: the key's slot is found (or made, holding the next
        // position) in place, as a database's unique index does on INSERT … ON CONFLICT.
        let next = contents.stored.count
        let position = Self.position(in: &contents.positions[TransactionKey(transaction), default: next])
        guard position < next else {
            let id = "t" + String(next + 1)
            contents.stored.append(StoredTransaction(internalID: id, transaction: transaction, insertedAt: now, updatedAt: now))
            return UpsertResult(outcome: .inserted, internalID: id)
        }
        let id = contents.stored[position].internalID
        if contents.stored[position].transaction == transaction { return UpsertResult(outcome: .unchanged, internalID: id) }
        contents.stored[position].transaction = transaction
        contents.stored[position].updatedAt = now
        return UpsertResult(outcome: .updated, internalID: id)
    }

    /// The slot's position, read through the dictionary's in-place accessor.
    private static func position(in slot: inout Int) -> Int { slot }
}
