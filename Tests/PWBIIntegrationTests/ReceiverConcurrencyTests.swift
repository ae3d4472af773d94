import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Testing

/// An idempotency store whose operations can be made to fail.
actor FaultyIdempotencyStore: IdempotencyStore {
    struct Down: Error {}
    let inner = InMemoryIdempotencyStore()
    var failClaims = false
    var failCompletes = false
    var failReleases = false

    func configure(claims: Bool = false, completes: Bool = false, releases: Bool = false) {
        failClaims = claims
        failCompletes = completes
        failReleases = releases
    }

    func claim(_ claim: IdempotencyClaim) async throws -> IdempotencyClaimResult {
        if failClaims { throw Down() }
        return await inner.claim(claim)
    }
    func complete(key: String, token: ClaimToken, response: StoredResponse, now: Date) async throws -> IdempotencyFinish {
        if failCompletes { throw Down() }
        return await inner.complete(key: key, token: token, response: response, now: now)
    }
    func release(key: String, token: ClaimToken) async throws -> IdempotencyFinish {
        if failReleases { throw Down() }
        return await inner.release(key: key, token: token)
    }
    func purge(before cutoff: Date) async throws -> Int { await inner.purge(before: cutoff) }
    func record(forKey key: String) async throws -> IdempotencyRecord? { await inner.record(forKey: key) }
}

func receiver(
    idempotency: any IdempotencyStore, transactions: any TransactionStore, clock: ReceiverClock
) throws -> WebhookReceiver {
    var sources = WebhookSourceRegistry()
    try sources.register(WebhookSource(
        name: "pos-signed", tenant: ReceiverHarness.tenant,
        authentication: .signature(HexHMACSHA256Scheme(), secrets: [ReceiverHarness.secret]),
        mapper: UnifiedPayloadMapper()
    ))
    return WebhookReceiver(sources: sources, idempotency: idempotency, transactions: transactions, now: { clock.now() })
}

@Suite("Webhook receiver under concurrency and crashes")
struct ReceiverConcurrencyTests {
    static let key = "tx/merchant-1/karage/outlet-jakarta/2001"

    @Test func tenThousandConcurrentDeliveriesOfOneEventStoreItOnce() async throws {
        let harness = try await ReceiverHarness()
        let request = try harness.signed(try ReceiverHarness.body())
        let receiver = harness.receiver
        let outcomes = await withTaskGroup(of: WebhookResponse.self) { group in
            for _ in 0..<10_000 { group.addTask { await receiver.receive(request) } }
            return await group.reduce(into: [WebhookOutcome: Int]()) { counts, response in
                counts[response.outcome, default: 0] += 1
            }
        }
        #expect(outcomes[.processed] == 1)
        #expect((outcomes[.duplicate] ?? 0) + (outcomes[.inProgress] ?? 0) == 9_999)
        #expect(Set(outcomes.keys).isSubset(of: [.processed, .duplicate, .inProgress]))
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 1)
        let record = try #require(try await harness.idempotency.record(forKey: Self.key))
        guard case .completed(let stored) = record.state else {
            Issue.record("the claim was left \(record.state)")
            return
        }
        #expect(stored.status == 200)
    }

    @Test func manyDistinctEventsConcurrentlyAreEachStoredOnce() async throws {
        let harness = try await ReceiverHarness()
        let requests = try (0..<2_000).map { try harness.signed(try ReceiverHarness.body(externalID: "R-\($0)")) }
        let receiver = harness.receiver
        for round in 0..<2 {
            let statuses = await withTaskGroup(of: (Int, WebhookOutcome).self) { group in
                for request in requests + requests.prefix(500) { group.addTask { (await receiver.receive(request)).status == 200 ? (1, .processed) : (0, .rejected) } }
                return await group.reduce(into: 0) { $0 += $1.0 }
            }
            #expect(statuses >= 2_000, "round \(round)")
        }
        let store = try #require(harness.transactions as? InMemoryTransactionStore)
        #expect(await store.count == 2_000)
        let entries = await harness.log.all
        #expect(entries.filter { $0.outcome == .processed }.count == 2_000)
        #expect(entries.allSatisfy { [.processed, .duplicate, .inProgress].contains($0.outcome) })
    }

    @Test func aCancelledDeliveryReleasesItsClaimAndARetrySucceedsOnce() async throws {
        let store = FaultyTransactionStore(.blockUntilCancelled)
        let harness = try await ReceiverHarness(transactions: store)
        let request = try harness.signed(try ReceiverHarness.body())
        let receiver = harness.receiver
        let delivery = Task { await receiver.receive(request) }
        await store.waitUntilEntered()
        #expect(try await harness.idempotency.record(forKey: Self.key) != nil)
        delivery.cancel()
        let cancelled = await delivery.value
        #expect(cancelled.status == 503)
        #expect(try await harness.idempotency.record(forKey: Self.key) == nil)
        await store.set(.working)
        let retried = await receiver.receive(request)
        #expect(retried.outcome == .processed)
        #expect(await receiver.receive(request).outcome == .duplicate)
        #expect(await store.count == 1)
    }

    @Test func aClaimStrandedByACrashIsTakenOverAfterTheTimeoutOnly() async throws {
        let clock = ReceiverClock()
        let idempotency = InMemoryIdempotencyStore()
        let transactions = InMemoryTransactionStore()
        let receiver = try receiver(idempotency: idempotency, transactions: transactions, clock: clock)
        let harness = try await ReceiverHarness()
        let request = try harness.signed(try ReceiverHarness.body())
        let crashed = ClaimToken(rawValue: "replica-that-crashed")
        _ = await idempotency.claim(IdempotencyClaim(
            key: Self.key, fingerprint: PayloadFingerprint(body: request.body), token: crashed, now: clock.now(), processingTimeout: .seconds(300)
        ))
        clock.advance(299)
        #expect(await receiver.receive(request).status == 409)
        clock.advance(2)
        let taken = await receiver.receive(request)
        #expect(taken.outcome == .processed)
        #expect(await idempotency.complete(key: Self.key, token: crashed, response: StoredResponse(status: 500, body: []), now: clock.now()) == .notOwner)
        #expect(await receiver.receive(request).outcome == .duplicate)
        #expect(await transactions.count == 1)
    }

    @Test func aFailedReleaseLeavesTheClaimReclaimableAfterTheTimeout() async throws {
        let clock = ReceiverClock()
        let idempotency = FaultyIdempotencyStore()
        let transactions = FaultyTransactionStore(.failing)
        let receiver = try receiver(idempotency: idempotency, transactions: transactions, clock: clock)
        let request = try await ReceiverHarness().signed(try ReceiverHarness.body())
        await idempotency.configure(releases: true)
        #expect(await receiver.receive(request).status == 503)
        await idempotency.configure()
        await transactions.set(.working)
        #expect(await receiver.receive(request).status == 409)
        clock.advance(301)
        #expect(await receiver.receive(request).outcome == .processed)
        #expect(await receiver.receive(request).outcome == .duplicate)
        #expect(await transactions.count == 1)
    }

    @Test func aFailedCompletionStillAnswers200AndARetryDoesNotStoreTwice() async throws {
        let clock = ReceiverClock()
        let idempotency = FaultyIdempotencyStore()
        let transactions = InMemoryTransactionStore()
        let receiver = try receiver(idempotency: idempotency, transactions: transactions, clock: clock)
        let request = try await ReceiverHarness().signed(try ReceiverHarness.body())
        await idempotency.configure(completes: true)
        let first = await receiver.receive(request)
        #expect(first.status == 200)
        #expect(try await idempotency.record(forKey: Self.key) == nil)
        await idempotency.configure()
        let second = await receiver.receive(request)
        #expect(second.status == 200)
        #expect(second.internalIDs == first.internalIDs)
        #expect(await transactions.count == 1)
    }

    @Test func anIdempotencyStoreOutageIs503AndStoresNothing() async throws {
        let clock = ReceiverClock()
        let idempotency = FaultyIdempotencyStore()
        let transactions = InMemoryTransactionStore()
        let receiver = try receiver(idempotency: idempotency, transactions: transactions, clock: clock)
        await idempotency.configure(claims: true)
        let response = await receiver.receive(try await ReceiverHarness().signed(try ReceiverHarness.body()))
        #expect(response.status == 503)
        #expect(await transactions.count == 0)
    }

    @Test func purgeHonoursTheRetention() async throws {
        let harness = try await ReceiverHarness()
        _ = await harness.receiver.receive(try harness.signed(try ReceiverHarness.body()))
        harness.clock.advance(29 * 86_400)
        #expect(try await harness.receiver.purgeExpiredIdempotencyRecords() == 0)
        harness.clock.advance(86_400 + 1)
        #expect(try await harness.receiver.purgeExpiredIdempotencyRecords() == 1)
        let disabled = try await ReceiverHarness(configuration: WebhookReceiverConfiguration(idempotency: IdempotencyPolicy(retention: .zero)))
        _ = await disabled.receiver.receive(try disabled.signed(try ReceiverHarness.body()))
        disabled.clock.advance(400 * 86_400)
        #expect(try await disabled.receiver.purgeExpiredIdempotencyRecords() == 0)
        #expect(await disabled.idempotency.count == 1)
    }
}
