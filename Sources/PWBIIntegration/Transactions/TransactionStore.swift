#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// Where unified transactions end up — the host's `transactions` table with its
/// `UNIQUE (tenant, source_system, outlet, external_id, kind)` constraint and UPSERT, as the
/// reference framework's "Duplicate Transactions" fix prescribes (with the kind added, so a refund
/// that carries its sale's id is stored beside the sale).
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
/// outlets, so the outlet is part of the key whenever the source names one), external id and what
/// the record is — a sale, its refund and its void of one source order (Karage sends all three under
/// one `OrderID`) are three transactions, never one overwriting another.
public struct TransactionKey: Sendable, Hashable, CustomStringConvertible {
    /// The host's tenant.
    public var tenant: String
    /// The source system.
    public var source: SourceSystem
    /// The outlet, or nil when the source names none (an empty outlet counts as none).
    public var outlet: String?
    /// The source's id of the transaction.
    public var externalID: String
    /// Sale, refund or void.
    public var kind: TransactionKind

    /// A key; an empty outlet counts as none.
    public init(tenant: String, source: SourceSystem, outlet: String? = nil, externalID: String, kind: TransactionKind = .sale) {
        self.tenant = tenant
        self.source = source
        self.outlet = outlet?.isEmpty == true ? nil : outlet
        self.externalID = externalID
        self.kind = kind
    }

    /// The key of `transaction`.
    public init(_ transaction: borrowing UnifiedTransaction) {
        self.init(
            tenant: transaction.tenant, source: transaction.sourceSystem, outlet: transaction.outlet,
            externalID: transaction.externalID, kind: transaction.kind)
    }

    /// `tenant/source/outlet/external id`, then `/refund` or `/void` for those kinds, with `%` and
    /// `/` percent-encoded in each part, so distinct keys never print alike; a missing outlet is `-`
    /// (an outlet literally named `-` prints `%2D`). A sale's key prints as it did before kinds were
    /// part of the key, so idempotency keys recorded by earlier versions stay valid.
    public var description: String { text(prefix: "") }

    /// `prefix` followed by the key as ``description`` writes it.
    func text(prefix: String) -> String {
        var text = prefix
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
        if kind != .sale {
            text.append("/")
            text.append(kind.rawValue)
        }
        return text
    }

    /// Appends `part` with `%` and `/` percent-encoded.
    static func appendEscaped(_ part: String, to text: inout String) {
        text.append(escaped(part))
    }

    /// `part` with `%` and `/` percent-encoded (itself when it holds neither).
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
    public var internalID: String

    /// A result with the host's id.
    public init(outcome: UpsertOutcome, internalID: String) {
        self.outcome = outcome
        self.internalID = internalID
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
