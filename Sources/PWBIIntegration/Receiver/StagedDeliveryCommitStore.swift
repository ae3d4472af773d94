/// A ``DeliveryCommitStore`` over separate stores, step by step: claim, upsert each transaction,
/// complete, append the audit record — the receiver's staged path as one call. Exact (the claim
/// makes it exactly-once), not atomic: a crash between the steps leaves a *processing* claim
/// that is taken over after the processing timeout, as the staged path does. Over the in-memory
/// stores it is the reference implementation the contract describes.
///
/// ```swift
/// let idempotency = InMemoryIdempotencyStore()
/// let transactions = InMemoryTransactionStore()
/// let log = InMemoryWebhookLog()
/// let deliveries = StagedDeliveryCommitStore(idempotency: idempotency, transactions: transactions, log: log)
/// ```
public struct StagedDeliveryCommitStore: DeliveryCommitStore {
    /// Where keys are claimed and completed.
    public let idempotency: any IdempotencyStore
    /// Where transactions are upserted.
    public let transactions: any TransactionStore
    /// Where audit records are appended, if anywhere.
    public let log: (any WebhookLog)?

    /// The step over `idempotency`, `transactions` and `log`.
    public init(idempotency: any IdempotencyStore, transactions: any TransactionStore, log: (any WebhookLog)? = nil) {
        self.idempotency = idempotency
        self.transactions = transactions
        self.log = log
    }

    /// Claims, upserts, completes and audits, step by step; a failed upsert releases the claim and throws.
    public func commit(_ delivery: DeliveryCommit) async throws -> DeliveryCommitResult {
        let claim = delivery.claim
        let token: ClaimToken
        switch try await idempotency.claim(claim) {
        case .acquired(let owner): token = owner
        case .inProgress(let since): return .inProgress(since: since)
        case .completed(let stored): return .completed(stored)
        case .fingerprintMismatch: return .fingerprintMismatch
        }
        let ids: [String]
        do {
            ids = try await transactions.upsert(contentsOf: delivery.transactions, now: claim.now).map(\.internalID)
        } catch {
            _ = try? await idempotency.release(key: claim.key, token: token)
            throw error
        }
        let response = delivery.render(ids)
        do {
            _ = try await idempotency.complete(key: claim.key, token: token, response: response, now: claim.now)
        } catch {
            // The rows are stored (upserts are idempotent): free the key so a retry completes it.
            _ = try? await idempotency.release(key: claim.key, token: token)
        }
        if var audit = delivery.audit, let log {
            audit.internalID = ids.first
            // The delivery is stored: a failed audit write must not fail it (as on the staged path).
            try? await log.append(audit)
        }
        return .committed(internalIDs: ids, response: response)
    }
}
