#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// A ``TransactionStore`` in process memory. Internal ids are `txn_` and a 16-digit hex sequence number.
///
/// Compact: each transaction is held once, in insertion order, in fixed-size chunks (no
/// reallocation of everything as the store grows); a separate open-addressing index of 8-byte
/// slots finds it by key, and the internal id is the sequence number, spelled out on demand.
/// A batch (``upsert(contentsOf:now:)``) is one actor hop for all its transactions.
public actor InMemoryTransactionStore: TransactionStore {
    private var table = TransactionTable()

    /// An empty store.
    public init() {}

    public func upsert(_ transaction: UnifiedTransaction, now: Date) -> UpsertResult {
        table.upsert(transaction, now: now)
    }

    public func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) -> [UpsertResult] {
        var results: [UpsertResult] = []
        results.reserveCapacity(transactions.count)
        for transaction in transactions { results.append(table.upsert(transaction, now: now)) }
        return results
    }

    public func transaction(for key: TransactionKey) -> StoredTransaction? {
        table.stored(for: key)
    }

    /// How many transactions are held.
    public var count: Int { table.count }

    /// Every stored transaction, in insertion order.
    public var all: [StoredTransaction] { table.all }
}

/// The storage behind ``InMemoryTransactionStore``: the transactions in insertion order, and an
/// index from key to position. Not thread-safe: its owner serialises access.
struct TransactionTable {
    /// One stored transaction; its sequence number is its position + 1.
    struct Entry {
        var transaction: UnifiedTransaction
        var insertedAt: Date
        var updatedAt: Date
    }

    /// Entries per chunk: a full chunk is never reallocated.
    static let chunkSize = 4096

    private var chunks: [[Entry]] = []
    /// Open addressing, linear probing, at most half full. A slot is 0 when empty, else the low
    /// 32 bits of the key's hash (high half) and position + 1 (low half).
    private var slots: [UInt64] = Array(repeating: 0, count: 64)
    private(set) var count = 0

    /// Inserts, updates or leaves `transaction`, as ``TransactionStore/upsert(_:now:)`` describes.
    mutating func upsert(_ transaction: UnifiedTransaction, now: Date) -> UpsertResult {
        let hash = Self.hash(
            tenant: transaction.tenant, source: transaction.sourceSystem, outlet: transaction.outlet, externalID: transaction.externalID)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { break }
            if UInt32(truncatingIfNeeded: value >> 32) == hash {
                let position = Int(UInt32(truncatingIfNeeded: value)) - 1
                let chunk = position / Self.chunkSize, offset = position % Self.chunkSize
                if Self.sameKey(chunks[chunk][offset].transaction, transaction) {
                    let sequence = UInt64(position + 1)
                    if chunks[chunk][offset].transaction == transaction {
                        return UpsertResult(outcome: .unchanged, sequence: sequence)
                    }
                    chunks[chunk][offset].transaction = transaction
                    chunks[chunk][offset].updatedAt = now
                    return UpsertResult(outcome: .updated, sequence: sequence)
                }
            }
            slot = (slot + 1) & mask
        }
        let position = count
        // 2³² transactions of ≥ 350 bytes each cannot be held in memory: the slot format's limit is never the first.
        precondition(position < Int(UInt32.max - 1), "InMemoryTransactionStore holds at most 2³² − 2 transactions")
        if chunks.last.map({ $0.count == Self.chunkSize }) ?? true {
            var chunk: [Entry] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(Entry(transaction: transaction, insertedAt: now, updatedAt: now))
        slots[slot] = UInt64(hash) << 32 | UInt64(position + 1)
        count += 1
        if count * 2 > slots.count { grow() }
        return UpsertResult(outcome: .inserted, sequence: UInt64(position + 1))
    }

    /// The stored transaction with `key`, if any.
    func stored(for key: TransactionKey) -> StoredTransaction? {
        let hash = Self.hash(tenant: key.tenant, source: key.source, outlet: key.outlet, externalID: key.externalID)
        var slot = Int(hash) & (slots.count - 1)
        while true {
            let value = slots[slot]
            if value == 0 { return nil }
            if UInt32(truncatingIfNeeded: value >> 32) == hash {
                let position = Int(UInt32(truncatingIfNeeded: value)) - 1
                if TransactionKey(entry(at: position).transaction) == key { return stored(at: position) }
            }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// The low 32 bits of the key's hash: the standard library's seeded `Hasher` fed each part's
    /// UTF-8 and length (no ``TransactionKey`` is built; an empty outlet hashes as none, as the key
    /// counts it).
    @inline(__always)
    static func hash(tenant: String, source: SourceSystem, outlet: String?, externalID: String) -> UInt32 {
        var hasher = Hasher()
        combine(externalID, into: &hasher)
        combine(tenant, into: &hasher)
        combine(source.rawValue, into: &hasher)
        if let outlet, !outlet.isEmpty { combine(outlet, into: &hasher) } else { hasher.combine(-1) }
        return UInt32(truncatingIfNeeded: hasher.finalize())
    }

    @inline(__always)
    private static func combine(_ text: String, into hasher: inout Hasher) {
        var text = text
        let count = text.withUTF8 { utf8 in
            hasher.combine(bytes: UnsafeRawBufferPointer(utf8))
            return utf8.count
        }
        hasher.combine(count)
    }

    /// Whether two transactions have the same ``TransactionKey`` (compared part by part, without building keys).
    @inline(__always)
    static func sameKey(_ lhs: UnifiedTransaction, _ rhs: UnifiedTransaction) -> Bool {
        lhs.externalID == rhs.externalID && lhs.tenant == rhs.tenant && lhs.sourceSystem == rhs.sourceSystem
            && (lhs.outlet ?? "") == (rhs.outlet ?? "")
    }

    /// Every stored transaction, in insertion order.
    var all: [StoredTransaction] { (0..<count).map(stored(at:)) }

    private func entry(at position: Int) -> Entry {
        chunks[position / Self.chunkSize][position % Self.chunkSize]
    }

    private func stored(at position: Int) -> StoredTransaction {
        let entry = entry(at: position)
        return StoredTransaction(
            internalID: Self.internalID(sequence: UInt64(position + 1)), transaction: entry.transaction, insertedAt: entry.insertedAt, updatedAt: entry.updatedAt
        )
    }

    /// Doubles the index, re-placing every slot by the hash it keeps.
    private mutating func grow() {
        var larger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = larger.count - 1
        for value in slots where value != 0 {
            var slot = Int(UInt32(truncatingIfNeeded: value >> 32)) & mask
            while larger[slot] != 0 { slot = (slot + 1) & mask }
            larger[slot] = value
        }
        slots = larger
    }

    /// `txn_` and the 16-digit hex of a transaction's sequence number (its position + 1).
    static func internalID(sequence: UInt64) -> String {
        hexString(prefix: "txn_", sequence)
    }
}
