#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// Where unified transactions end up — the host's `transactions` table with its
/// `UNIQUE (tenant, source_system, outlet, external_id)` constraint and UPSERT, as the reference
/// framework's "Duplicate Transactions" fix prescribes.
///
/// Every path into the host (webhook, polling, CSV import) stores through this protocol, so a
/// transaction delivered twice by any combination of them is stored once. Check an implementation
/// with ``TransactionStoreContract/check(concurrency:_:)``.
public protocol TransactionStore: Sendable {
    /// Atomically inserts `transaction` under ``TransactionKey/init(_:)``, or — when the key is
    /// held — replaces it if its content differs (``UpsertOutcome/updated``) or leaves it
    /// (``UpsertOutcome/unchanged``). The internal id is assigned on insert and never changes.
    /// Of any number of concurrent upserts of one new key, exactly one is ``UpsertOutcome/inserted``.
    func upsert(_ transaction: UnifiedTransaction, now: Date) async throws -> UpsertResult

    /// Upserts `transactions` in order, exactly as ``upsert(_:now:)`` one after another would
    /// (a key repeated inside the batch is inserted once, then unchanged or updated), and returns
    /// the results in the same order. Importers and bulk paths call this to write many rows in one
    /// round trip; a store that can (one database transaction, a multi-row UPSERT) should implement
    /// it, the default calls ``upsert(_:now:)`` for each. When it throws, transactions before the
    /// failing one may be stored: upserts are idempotent, so the caller repeats the batch.
    func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) async throws -> [UpsertResult]

    /// The stored transaction with `key`, if any.
    func transaction(for key: TransactionKey) async throws -> StoredTransaction?
}

extension TransactionStore {
    /// One ``upsert(_:now:)`` per transaction, in order (stores without a batch write).
    public func upsert(contentsOf transactions: [UnifiedTransaction], now: Date) async throws -> [UpsertResult] {
        var results: [UpsertResult] = []
        results.reserveCapacity(transactions.count)
        for transaction in transactions {
            results.append(try await upsert(transaction, now: now))
        }
        return results
    }
}

/// The identity of a transaction: tenant, source system, outlet (receipt numbers repeat across
/// outlets, so the outlet is part of the key whenever the source names one) and external id.
public struct TransactionKey: Sendable, Hashable, CustomStringConvertible {
    /// The host's tenant.
    public var tenant: String
    /// The source system.
    public var source: SourceSystem
    /// The outlet, or nil when the source names none (an empty outlet counts as none).
    public var outlet: String?
    /// The source's id of the transaction.
    public var externalID: String

    /// A key; an empty outlet counts as none.
    public init(tenant: String, source: SourceSystem, outlet: String? = nil, externalID: String) {
        self.tenant = tenant
        self.source = source
        self.outlet = outlet?.isEmpty == true ? nil : outlet
        self.externalID = externalID
    }

    /// The key of `transaction`.
    public init(_ transaction: UnifiedTransaction) {
        self.init(tenant: transaction.tenant, source: transaction.sourceSystem, outlet: transaction.outlet, externalID: transaction.externalID)
    }

    /// `tenant/source/outlet/external id` with `%` and `/` percent-encoded in each part, so distinct
    /// keys never print alike; a missing outlet is `-` (an outlet literally named `-` prints `%2D`).
    public var description: String { text(prefix: "") }

    /// Appends ``description`` to `text`.
    func append(to text: inout String) {
        text.reserveCapacity(text.utf8.count + tenant.utf8.count + source.rawValue.utf8.count + (outlet?.utf8.count ?? 1) + externalID.utf8.count + 3)
        Self.appendEscaped(tenant, to: &text)
        text.append("/")
        Self.appendEscaped(source.rawValue, to: &text)
        text.append("/")
        if let outlet {
            if outlet == "-" { text.append("%2D") } else { Self.appendEscaped(outlet, to: &text) }
        } else {
            text.append("-")
        }
        text.append("/")
        Self.appendEscaped(externalID, to: &text)
    }

    /// `prefix` followed by the key as ``append(to:)`` writes it, built in one allocation when no
    /// part needs escaping (the usual case), through ``append(to:)`` otherwise.
    func text(prefix: StaticString) -> String {
        var tenant = tenant
        var source = source.rawValue
        var outlet = outlet ?? "-"
        var externalID = externalID
        // A missing outlet is written "-"; an outlet that is "-" is escaped, as are `%` and `/`.
        let outletWrittenAsIs = self.outlet.map { $0 != "-" && !Self.needsEscaping($0) } ?? true
        guard outletWrittenAsIs, !Self.needsEscaping(tenant), !Self.needsEscaping(source), !Self.needsEscaping(externalID) else {
            var text = String(describing: prefix)
            append(to: &text)
            return text
        }
        let count = prefix.utf8CodeUnitCount + tenant.utf8.count + source.utf8.count + outlet.utf8.count + externalID.utf8.count + 3
        return String(unsafeUninitializedCapacity: count) { buffer in
            var position = 0
            func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
                for byte in bytes {
                    buffer[position] = byte
                    position += 1
                }
            }
            prefix.withUTF8Buffer { copy($0) }
            tenant.withUTF8 { copy($0) }
            buffer[position] = UInt8(ascii: "/"); position += 1
            source.withUTF8 { copy($0) }
            buffer[position] = UInt8(ascii: "/"); position += 1
            outlet.withUTF8 { copy($0) }
            buffer[position] = UInt8(ascii: "/"); position += 1
            externalID.withUTF8 { copy($0) }
            return position
        }
    }

    /// Whether `part` holds a `%` or `/`, which the key's text percent-encodes.
    static func needsEscaping(_ part: String) -> Bool {
        part.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "%") }
    }

    /// Appends `part` with `%` and `/` percent-encoded.
    static func appendEscaped(_ part: String, to text: inout String) {
        if needsEscaping(part) {
            text.append(escaped(part))
        } else {
            text.append(part)
        }
    }

    static func escaped(_ part: String) -> String {
        guard part.utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "%") }) else { return part }
        var out = ""
        for character in part.unicodeScalars {
            switch character {
            case "%": out += "%25"
            case "/": out += "%2F"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

/// What an upsert did.
public enum UpsertOutcome: String, Sendable, Hashable, CaseIterable {
    /// The key was new.
    case inserted
    /// The key was held with different content, which was replaced.
    case updated
    /// The key was held with the same content; nothing changed.
    case unchanged
}

/// The answer to ``TransactionStore/upsert(_:now:)``.
public struct UpsertResult: Sendable, Hashable {
    /// Whether the transaction was inserted, updated or unchanged.
    public var outcome: UpsertOutcome
    /// The host's id of the stored transaction.
    public var internalID: String {
        get { id.text }
        set { id = .text(newValue) }
    }
    /// The id as given, or the in-memory store's sequence number, spelled out only when read
    /// (an importer storing millions of rows never reads most of them).
    private var id: StoredID

    /// A result with the host's id.
    public init(outcome: UpsertOutcome, internalID: String) {
        self.outcome = outcome
        self.id = .text(internalID)
    }

    /// A result of ``InMemoryTransactionStore``: its id is `txn_` and the 16-digit hex of `sequence`.
    init(outcome: UpsertOutcome, sequence: UInt64) {
        self.outcome = outcome
        self.id = .sequence(sequence)
    }

    /// Equal when the outcomes and the ids (as text) are.
    public static func == (lhs: UpsertResult, rhs: UpsertResult) -> Bool {
        guard lhs.outcome == rhs.outcome else { return false }
        if case .sequence(let left) = lhs.id, case .sequence(let right) = rhs.id { return left == right }
        return lhs.internalID == rhs.internalID
    }

    /// Hashes the outcome and the id as text.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(outcome)
        hasher.combine(internalID)
    }

    /// An internal id: text, or a sequence number spelled `txn_` + 16 hex digits.
    private enum StoredID: Sendable {
        case text(String)
        case sequence(UInt64)

        var text: String {
            switch self {
            case .text(let text): text
            case .sequence(let number): TransactionTable.internalID(sequence: number)
            }
        }
    }
}

/// A transaction as stored.
public struct StoredTransaction: Sendable, Hashable {
    /// The host's id, assigned on insert.
    public var internalID: String
    /// The transaction as last stored.
    public var transaction: UnifiedTransaction
    /// When it was first inserted.
    public var insertedAt: Date
    /// When its content last changed (the insert time until an update).
    public var updatedAt: Date

    /// A stored transaction.
    public init(internalID: String, transaction: UnifiedTransaction, insertedAt: Date, updatedAt: Date) {
        self.internalID = internalID
        self.transaction = transaction
        self.insertedAt = insertedAt
        self.updatedAt = updatedAt
    }

    /// The transaction's key.
    public var key: TransactionKey { TransactionKey(transaction) }
}
