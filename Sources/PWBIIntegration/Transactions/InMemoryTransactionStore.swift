#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping
#if os(Linux) && canImport(Glibc)
import Glibc
#endif

/// A ``TransactionStore`` in process memory. Internal ids are `txn_` and a 16-digit hex sequence number.
///
/// Compact: each transaction is held once, in insertion order, in fixed-size chunks (no
/// reallocation of everything as the store grows); a separate open-addressing index of 8-byte
/// slots finds it by key, and the internal id is the sequence number, spelled out on demand.
/// A batch (``upsert(contentsOf:now:)``) is one actor hop for all its transactions.
public actor InMemoryTransactionStore: TransactionStore {
    private let table = TransactionTable()

    /// An empty store.
    public init() {}

    public func upsert(_ transaction: UnifiedTransaction, now: Date) -> UpsertResult {
        table.upsert(transaction, now: now)
    }

    public func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) -> [UpsertResult] {
        table.upsert(contentsOf: transactions, now: now)
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
/// index from key to position. Not thread-safe: its owner (the actor) serialises access, and
/// never hands the table out — which is also why its mutable properties are exempt from dynamic
/// exclusivity checks (several per row otherwise).
final class TransactionTable {
    /// One stored transaction; its sequence number is its position + 1.
    struct Entry {
        var transaction: UnifiedTransaction
        var insertedAt: Date
        var updatedAt: Date
    }

    /// Chunk `k` holds `64 << min(k, 10)` entries: a small store stays small, a large one grows by
    /// 65 536 entries (≈ 22 MiB) at a time, and nothing held ever moves.
    static let firstChunkShift = 6
    static let lastChunkShift = 16
    /// Entries in the chunks of growing size (0 ..< 9), before the fixed-size ones.
    static let growingEntries = (1 << firstChunkShift) * ((1 << (lastChunkShift - firstChunkShift + 1)) - 1)

    /// Each chunk's storage; entries `0 ..< count` (by position) are initialised.
    @exclusivity(unchecked) private var chunks: [UnsafeMutablePointer<Entry>] = []
    /// Open addressing, linear probing, at most half full. A slot is 0 when empty, else the low
    /// 32 bits of the key's hash (high half) and position + 1 (low half).
    @exclusivity(unchecked) private var slots: [UInt64] = Array(repeating: 0, count: 64)
    @exclusivity(unchecked) private(set) var count = 0
    /// Reads of index slots made only to bring them into the cache (kept so they are not optimised away).
    @exclusivity(unchecked) private var touched: UInt64 = 0
    /// Entries allocated over all chunks.
    @exclusivity(unchecked) private var capacity = 0

    init() {}

    deinit {
        var remaining = count
        for (index, chunk) in chunks.enumerated() {
            let held = min(remaining, Self.capacity(ofChunk: index))
            chunk.deinitialize(count: held)
            remaining -= held
            chunk.deallocate()
        }
    }

    /// Storage for `capacity` entries. On Linux, chunks of 4 MiB and more are aligned to and sized
    /// in 2 MiB and marked for transparent huge pages: filling them then costs one page fault per
    /// 2 MiB instead of one per 4 KiB (a store of a million transactions touches ≈ 350 MiB).
    static func allocateChunk(capacity: Int) -> UnsafeMutablePointer<Entry> {
        let bytes = capacity * MemoryLayout<Entry>.stride
        #if os(Linux) && canImport(Glibc)
        let hugePage = 2 << 20
        if bytes >= 2 * hugePage {
            let rounded = (bytes + hugePage - 1) / hugePage * hugePage
            let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePage)
            _ = madvise(raw, rounded, MADV_HUGEPAGE)  // advice only: without it, ordinary pages
            return raw.bindMemory(to: Entry.self, capacity: capacity)
        }
        #endif
        return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: MemoryLayout<Entry>.alignment)
            .bindMemory(to: Entry.self, capacity: capacity)
    }

    /// How many entries chunk `index` holds.
    static func capacity(ofChunk index: Int) -> Int {
        1 << (firstChunkShift + min(index, lastChunkShift - firstChunkShift))
    }

    /// The entry at `position` (below the allocated capacity).
    @inline(__always)
    private func entry(_ position: Int) -> UnsafeMutablePointer<Entry> {
        if position < Self.growingEntries {
            let chunk = Int.bitWidth - 1 - ((position >> Self.firstChunkShift) + 1).leadingZeroBitCount
            return chunks[chunk] + (position - ((1 << Self.firstChunkShift) * ((1 << chunk) - 1)))
        }
        let rest = position - Self.growingEntries
        return chunks[Self.fixedChunksStart + (rest >> Self.lastChunkShift)] + (rest & ((1 << Self.lastChunkShift) - 1))
    }

    /// The index of the first chunk after the growing ones.
    static let fixedChunksStart = lastChunkShift - firstChunkShift + 1

    /// Inserts, updates or leaves `transaction`, as ``TransactionStore/upsert(_:now:)`` describes.
    func upsert(_ transaction: UnifiedTransaction, now: Date) -> UpsertResult {
        withUnsafePointer(to: transaction) { upsert($0, hash: Self.hash($0), now: now) }
    }

    /// Upserts `transactions` in order, as ``TransactionStore/upsert(contentsOf:now:)`` describes.
    /// The keys are hashed first and their first index slots read, so that the cache misses of a
    /// large index overlap instead of coming one after another.
    func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) -> [UpsertResult] {
        // Through pointers: elements are borrowed, where the array's subscript would copy every
        // transaction (a retain per string and array in it) only to drop the copy.
        transactions.withUnsafeBufferPointer { transactions in
            guard let base = transactions.baseAddress else { return [] }
            var hashes: [UInt32] = []
            hashes.reserveCapacity(transactions.count)
            for index in 0..<transactions.count { hashes.append(Self.hash(base + index)) }
            // A loop of nothing but independent loads: the processor keeps many misses in flight.
            var touched: UInt64 = 0
            let mask = slots.count - 1
            slots.withUnsafeBufferPointer { slots in
                for hash in hashes { touched ^= slots[Int(hash) & mask] }
            }
            self.touched ^= touched
            var results: [UpsertResult] = []
            results.reserveCapacity(transactions.count)
            for index in 0..<transactions.count {
                results.append(upsert(base + index, hash: hashes[index], now: now))
            }
            return results
        }
    }

    /// Upserts the transaction at `transaction`, whose key hashes to `hash`.
    private func upsert(_ transaction: UnsafePointer<UnifiedTransaction>, hash: UInt32, now: Date) -> UpsertResult {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { break }
            if UInt32(truncatingIfNeeded: value >> 32) == hash {
                let position = Int(UInt32(truncatingIfNeeded: value)) - 1
                let stored = entry(position)
                if Self.sameKey(stored, transaction) {
                    let sequence = UInt64(position + 1)
                    if stored.pointee.transaction == transaction.pointee {
                        return UpsertResult(outcome: .unchanged, sequence: sequence)
                    }
                    stored.pointee.transaction = transaction.pointee
                    stored.pointee.updatedAt = now
                    return UpsertResult(outcome: .updated, sequence: sequence)
                }
            }
            slot = (slot + 1) & mask
        }
        let position = count
        // 2³² transactions of ≥ 350 bytes each cannot be held in memory: the slot format's limit is never the first.
        precondition(position < Int(UInt32.max - 1), "InMemoryTransactionStore holds at most 2³² − 2 transactions")
        if position == capacity {
            chunks.append(Self.allocateChunk(capacity: Self.capacity(ofChunk: chunks.count)))
            capacity += Self.capacity(ofChunk: chunks.count - 1)
        }
        entry(position).initialize(to: Entry(transaction: transaction.pointee, insertedAt: now, updatedAt: now))
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
                if TransactionKey(entry(position).pointee.transaction) == key { return stored(at: position) }
            }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// The hash of the key of the transaction at `transaction`.
    @inline(__always)
    static func hash(_ transaction: UnsafePointer<UnifiedTransaction>) -> UInt32 {
        hash(
            tenant: transaction.pointee.tenant, source: transaction.pointee.sourceSystem, outlet: transaction.pointee.outlet,
            externalID: transaction.pointee.externalID)
    }

    /// The low 32 bits of the key's hash: the standard library's seeded `Hasher`, fed in one call
    /// the parts' UTF-8 back to back, each followed by 0xFF (a byte UTF-8 never holds); an empty
    /// outlet hashes as none, as the key counts it. Keys too long for the 128-byte buffer feed each
    /// part on its own. No ``TransactionKey`` is built.
    @inline(__always)
    static func hash(tenant: String, source: SourceSystem, outlet: String?, externalID: String) -> UInt32 {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buffer -> UInt32 in
            var length = 0
            var fits = append(externalID, to: buffer, length: &length) && append(tenant, to: buffer, length: &length)
                && append(source.rawValue, to: buffer, length: &length)
            if fits, let outlet, !outlet.isEmpty { fits = append(outlet, to: buffer, length: &length) }
            var hasher = Hasher()
            if fits {
                hasher.combine(bytes: UnsafeRawBufferPointer(start: buffer.baseAddress, count: length))
            } else {
                combine(externalID, into: &hasher)
                combine(tenant, into: &hasher)
                combine(source.rawValue, into: &hasher)
                if let outlet, !outlet.isEmpty { combine(outlet, into: &hasher) }
            }
            return UInt32(truncatingIfNeeded: hasher.finalize())
        }
    }

    /// Appends `text`'s UTF-8 and 0xFF at `length` if they fit; false (and nothing written) otherwise.
    @inline(__always)
    private static func append(_ text: String, to buffer: UnsafeMutableBufferPointer<UInt8>, length: inout Int) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            guard utf8.count < buffer.count - length else { return false }
            UnsafeMutableRawBufferPointer(start: buffer.baseAddress.map { $0 + length }, count: utf8.count).copyMemory(from: UnsafeRawBufferPointer(utf8))
            buffer[length + utf8.count] = 0xFF
            length += utf8.count + 1
            return true
        }
    }

    private static func combine(_ text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xFF as UInt8)
    }

    /// Whether the stored entry and the transaction have the same ``TransactionKey`` (compared
    /// part by part, without building keys).
    @inline(__always)
    static func sameKey(_ stored: UnsafeMutablePointer<Entry>, _ transaction: UnsafePointer<UnifiedTransaction>) -> Bool {
        stored.pointee.transaction.externalID == transaction.pointee.externalID
            && stored.pointee.transaction.tenant == transaction.pointee.tenant
            && stored.pointee.transaction.sourceSystem == transaction.pointee.sourceSystem
            && (stored.pointee.transaction.outlet ?? "") == (transaction.pointee.outlet ?? "")
    }

    /// Every stored transaction, in insertion order.
    var all: [StoredTransaction] { (0..<count).map(stored(at:)) }

    private func stored(at position: Int) -> StoredTransaction {
        let entry = entry(position)
        return StoredTransaction(
            internalID: Self.internalID(sequence: UInt64(position + 1)), transaction: entry.pointee.transaction,
            insertedAt: entry.pointee.insertedAt, updatedAt: entry.pointee.updatedAt)
    }

    /// Doubles the index, re-placing every slot by the hash it keeps.
    private func grow() {
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
