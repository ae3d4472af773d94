import Foundation
import PWBIIntegration
import PWBIMapping
import Synchronization
import Testing

/// A ``DeliveryCommitStore`` that counts its calls and can fail them, over in-memory stores.
final class CountingDeliveryStore: DeliveryCommitStore {
    struct Down: Error {}
    let inner: StagedDeliveryCommitStore
    private let state = Mutex((calls: 0, failing: false))

    init(idempotency: any IdempotencyStore, transactions: any TransactionStore, log: any WebhookLog) {
        inner = StagedDeliveryCommitStore(idempotency: idempotency, transactions: transactions, log: log)
    }

    var calls: Int { state.withLock { $0.calls } }
    func fail(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func commit(_ delivery: DeliveryCommit) async throws -> DeliveryCommitResult {
        let failing = state.withLock { state in
            state.calls += 1
            return state.failing
        }
        if failing { throw Down() }
        return try await inner.commit(delivery)
    }
}

@Suite("One-step delivery commits: the contract and the receiver's path")
struct DeliveryCommitStoreTests {
    @Test func theStagedStoreOverInMemoryStoresHonoursTheContract() async {
        let violations = await DeliveryCommitStoreContract.check {
            let (idempotency, transactions, log) = (InMemoryIdempotencyStore(), InMemoryTransactionStore(), InMemoryWebhookLog())
            return DeliveryCommitStoreContract.Subject(
                store: StagedDeliveryCommitStore(idempotency: idempotency, transactions: transactions, log: log),
                idempotency: idempotency, transactions: transactions, log: log
            )
        }
        #expect(violations.isEmpty, "\(violations)")
    }

    /// A store that writes the transactions but never the audit record breaks the contract.
    @Test func theContractCatchesAStoreThatSkipsTheAudit() async {
        let violations = await DeliveryCommitStoreContract.check {
            let (idempotency, transactions, log) = (InMemoryIdempotencyStore(), InMemoryTransactionStore(), InMemoryWebhookLog())
            return DeliveryCommitStoreContract.Subject(
                store: StagedDeliveryCommitStore(idempotency: idempotency, transactions: transactions, log: nil),
                idempotency: idempotency, transactions: transactions, log: log
            )
        }
        #expect(violations.map(\.check).contains("a fresh key is stored, completed with the ids the rows have, and audited"))
    }

    /// A harness receiver whose transaction deliveries go through a counting one-step store.
    static func oneStepReceiver(_ harness: ReceiverHarness) throws -> (WebhookReceiver, CountingDeliveryStore) {
        let store = CountingDeliveryStore(idempotency: harness.idempotency, transactions: harness.transactions, log: harness.log)
        let clock = harness.clock
        let receiver = WebhookReceiver(
            sources: try ReceiverHarness.sources(keys: harness.keys), idempotency: harness.idempotency, transactions: harness.transactions,
            log: harness.log, deadLetters: harness.deadLetters, now: { clock.now() }, deliveries: store
        )
        return (receiver, store)
    }

    @Test(arguments: SourceKind.allCases)
    func aDeliveryIsStoredAuditedOnceAndReplayedThroughTheOneStepStore(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let (receiver, store) = try Self.oneStepReceiver(harness)
        let body = try ReceiverHarness.body(kind)
        let first = await receiver.receive(harness.request(kind, body))
        let second = await receiver.receive(harness.request(kind, body))
        #expect(first.status == 200 && first.outcome == .processed)
        #expect(second.status == 200 && second.outcome == .duplicate)
        #expect(second.internalIDs == first.internalIDs)
        #expect(store.calls == 2)
        #expect(await harness.storedCount == 1)
        let entries = await harness.log.all
        #expect(entries.map(\.outcome) == [.processed, .duplicate])
        #expect(entries[0].internalID == first.internalIDs.first)
        #expect(entries[0].idempotencyKey == ReceiverHarness.identityKey(kind))
        #expect(entries[0].eventType == "transaction.created")
        guard case .completed(let stored)? = await harness.idempotency.record(forKey: ReceiverHarness.identityKey(kind))?.state else {
            Issue.record("the key is not completed")
            return
        }
        #expect(stored.body == first.body)
    }

    @Test func aKeyInProgressIs409AndAnotherPayloadIs422() async throws {
        let harness = try await ReceiverHarness()
        let (receiver, _) = try Self.oneStepReceiver(harness)
        let body = try ReceiverHarness.body(.keyed)
        let key = ReceiverHarness.identityKey(.keyed)
        let claim = IdempotencyClaim(
            key: key, fingerprint: try ReceiverHarness.fingerprint(.keyed, body), token: ClaimToken(rawValue: "other-owner"),
            now: harness.clock.now(), processingTimeout: .seconds(300)
        )
        _ = await harness.idempotency.claim(claim)
        let busy = await receiver.receive(harness.keyed(body))
        #expect(busy.status == 409)
        _ = await harness.idempotency.release(key: key, token: ClaimToken(rawValue: "other-owner"))
        #expect(await receiver.receive(harness.keyed(body)).status == 200)
        let changed = try ReceiverHarness.body(.keyed, [(#""Quantity": 1,"#, #""Quantity": 2,"#)])
        let conflict = await receiver.receive(harness.keyed(changed))
        #expect(conflict.status == 422)
        #expect(await harness.log.all.map(\.status) == [409, 200, 422])
    }

    @Test func aFailingOneStepStoreIs503WithNothingWrittenAndTheKeyFree() async throws {
        let harness = try await ReceiverHarness()
        let (receiver, store) = try Self.oneStepReceiver(harness)
        store.fail(true)
        let body = try ReceiverHarness.body(.keyed)
        let failed = await receiver.receive(harness.keyed(body))
        #expect(failed.status == 503)
        #expect(await harness.storedCount == 0)
        #expect(await harness.idempotency.record(forKey: ReceiverHarness.identityKey(.keyed)) == nil)
        #expect(await harness.deadLetters.list(limit: nil).count == 1)
        store.fail(false)
        #expect(await receiver.receive(harness.keyed(body)).status == 200)
        #expect(await harness.log.all.map(\.status) == [503, 200])
    }

    /// A delivery rejected before its key is known never reaches the store.
    @Test func aRejectedDeliveryNeverReachesTheStore() async throws {
        let harness = try await ReceiverHarness()
        let (receiver, store) = try Self.oneStepReceiver(harness)
        let rejected = await receiver.receive(harness.keyed(try ReceiverHarness.body(.keyed, [(#""Quantity": 1,"#, #""Quantity": true,"#)])))
        #expect(rejected.status == 400)
        #expect(store.calls == 0)
    }
}
