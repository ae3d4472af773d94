#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// A store that takes a delivery in one atomic step: claims its idempotency key, upserts its
/// transactions, completes the key with the response and appends the audit record — all of it, or
/// (when the key was not free) none of it. A database does this in one statement or one
/// transaction, one round trip, where the staged path (claim, store, complete, audit) takes four.
///
/// The receiver uses it, when given one (``WebhookReceiver/init(sources:idempotency:transactions:log:deadLetters:configuration:integrationStates:now:makeToken:failureNotifier:deliveries:)``),
/// for deliveries that map to transactions; payment and inventory events keep the staged path
/// through their source's sink. The store must share its records with the receiver's
/// ``IdempotencyStore``, ``TransactionStore`` and ``WebhookLog``: a key completed here is
/// replayed by a staged claim, and the other way round. ``StagedDeliveryCommitStore`` runs the
/// step over any three stores (exactly, not atomically); check an implementation with
/// ``DeliveryCommitStoreContract/check(concurrency:_:)``.
public protocol DeliveryCommitStore: Sendable {
    /// Takes `delivery` in one atomic step:
    /// - key absent, or *processing* but claimed before ``IdempotencyClaim/staleBefore`` →
    ///   upsert every transaction (as ``TransactionStore/upsert(_:now:)`` does), complete the key
    ///   with `delivery.render(ids)` (the ids the rows have, in the order of `delivery.transactions`),
    ///   append `delivery.audit` (if any) with its ``WebhookLogEntry/internalID`` set to the first id;
    ///   return ``DeliveryCommitResult/committed(internalIDs:response:)``;
    /// - otherwise write nothing and answer as ``IdempotencyStore/claim(_:)`` would: a different
    ///   fingerprint → ``DeliveryCommitResult/fingerprintMismatch``, *processing* →
    ///   ``DeliveryCommitResult/inProgress(since:)``, *completed* → ``DeliveryCommitResult/completed(_:)``.
    ///
    /// A thrown error means nothing was written.
    func commit(_ delivery: DeliveryCommit) async throws -> DeliveryCommitResult
}

/// One delivery for ``DeliveryCommitStore/commit(_:)``.
public struct DeliveryCommit: Sendable {
    /// The key, fingerprint and time; ``IdempotencyClaim/token`` is not needed by a store that
    /// never leaves the key *processing*, but one that does (a staged store) owns it with it.
    public var claim: IdempotencyClaim
    /// The transactions to upsert, in the order their ids are answered.
    public var transactions: [UnifiedTransaction]
    /// The response to complete the key with, given the ids the transactions are stored under.
    public var render: @Sendable ([String]) -> StoredResponse
    /// The audit record to append with the commit (its internal id is set by the store), if any.
    public var audit: WebhookLogEntry?

    /// A delivery of `transactions` under `claim`, answered with `render(ids)`, audited with `audit`.
    public init(
        claim: IdempotencyClaim, transactions: [UnifiedTransaction], audit: WebhookLogEntry? = nil,
        render: @escaping @Sendable ([String]) -> StoredResponse
    ) {
        self.claim = claim
        self.transactions = transactions
        self.audit = audit
        self.render = render
    }
}

/// The answer to ``DeliveryCommitStore/commit(_:)``.
public enum DeliveryCommitResult: Sendable, Hashable {
    /// Stored, completed and audited: the ids the transactions have and the response stored for the key.
    case committed(internalIDs: [String], response: StoredResponse)
    /// The key is being processed by another delivery (409); nothing written.
    case inProgress(since: Date)
    /// The key was completed before (same payload): replay this response; nothing written.
    case completed(StoredResponse)
    /// The key was used with a different payload (422); nothing written.
    case fingerprintMismatch
}
