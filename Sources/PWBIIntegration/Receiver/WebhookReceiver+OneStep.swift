#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIMapping

// The one-step path: with a host's ``DeliveryCommitStore``, a delivery of transactions is mapped
// first, then claimed, stored, completed and audited in one call (one database round trip).
extension MappedEvent {
    /// The transactions of a transaction event; nil for payment and inventory events (their
    /// source's sink stores them, on the staged path).
    var transactionList: [UnifiedTransaction]? {
        switch self {
        case .transaction(let transaction): [transaction]
        case .transactions(let list): list
        case .inventory, .payment: nil
        }
    }
}

extension WebhookReceiver {
    /// The audit record of `request` as stored (200, processed), for a one-step commit to write
    /// with the delivery; nil without an audit trail or a one-step store. Its duration ends here,
    /// just before the commit.
    func auditRecord(_ request: WebhookRequest, trace: Trace) -> WebhookLogEntry? {
        guard deliveries != nil, log != nil, let started = trace.started else { return nil }
        return WebhookLogEntry(
            receivedAt: trace.receivedAt ?? now(), source: request.source, tenant: trace.tenant, outcome: .processed, status: 200,
            duration: ContinuousClock.now - started, idempotencyKey: trace.idempotencyKey, eventType: trace.eventType,
            bodySize: request.body.count, body: configuration.logBodies ? request.body : nil
        )
    }

    /// Claims `key`, upserts `transactions`, completes the key with the success response and
    /// appends `audit`, in one ``DeliveryCommitStore/commit(_:)``; a store failure is a 503 with
    /// nothing written.
    func commitInOneStep(
        _ deliveries: any DeliveryCommitStore, _ transactions: [UnifiedTransaction], mapped: MappedEvent, event: EventType,
        key: String, fingerprint: PayloadFingerprint, audit: WebhookLogEntry?
    ) async throws(WebhookRejection) -> Delivered {
        let claim = IdempotencyClaim(
            key: key, fingerprint: fingerprint, token: makeToken(), now: now(), processingTimeout: configuration.idempotency.processingTimeout
        )
        let receiver = self
        let delivery = DeliveryCommit(claim: claim, transactions: transactions, audit: audit) { ids in
            let response = receiver.success(event: event, mapped: mapped, internalIDs: ids)
            return StoredResponse(status: response.status, body: response.body)
        }
        let result: DeliveryCommitResult
        do {
            result = try await deliveries.commit(delivery)
        } catch {
            throw .unavailable()
        }
        switch result {
        case .committed(let ids, let stored):
            let response = WebhookResponse(status: stored.status, headers: Self.jsonHeaders, body: stored.body, outcome: .processed, internalIDs: ids)
            return Delivered(response: response, duplicate: false, audited: audit != nil)
        case .completed(let stored): return Delivered(response: replay(stored), duplicate: true)
        case .inProgress: throw .inProgress()
        case .fingerprintMismatch: throw .conflict()
        }
    }
}
