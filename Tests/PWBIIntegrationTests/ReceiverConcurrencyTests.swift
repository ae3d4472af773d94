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

@Suite("Webhook receiver under concurrency and crashes")
struct ReceiverConcurrencyTests {
    @Test(arguments: SourceKind.allCases)
    func tenThousandConcurrentDeliveriesOfOneEventStoreItOnce(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let request = harness.request(kind, try ReceiverHarness.body(kind))
        let receiver = harness.receiver
        let outcomes = await withTaskGroup(of: WebhookOutcome.self) { group in
            for _ in 0..<10_000 { group.addTask { await receiver.receive(request).outcome } }
            return await group.reduce(into: [WebhookOutcome: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(outcomes[.processed] == 1)
        #expect((outcomes[.duplicate] ?? 0) + (outcomes[.inProgress] ?? 0) == 9_999)
        #expect(Set(outcomes.keys).isSubset(of: [.processed, .duplicate, .inProgress]))
        #expect(await harness.storedCount == 1)
        let record = try #require(await harness.idempotency.record(forKey: ReceiverHarness.identityKey(kind)))
        guard case .completed(let stored) = record.state else {
            Issue.record("the claim was left \(record.state)")
            return
        }
        #expect(stored.status == 200)
    }

    @Test(arguments: SourceKind.allCases)
    func manyDistinctEventsConcurrentlyAreEachStoredOnce(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let requests = try (1...1_000).map { harness.request(kind, try ReceiverHarness.body(kind, id: $0)) }
        let receiver = harness.receiver
        for _ in 0..<2 {
            await withTaskGroup(of: Void.self) { group in
                for request in requests + requests.prefix(300) { group.addTask { _ = await receiver.receive(request) } }
            }
        }
        #expect(await harness.storedCount == 1_000)
        let entries = await harness.log.all
        #expect(entries.count == 2_600)
        #expect(entries.filter { $0.outcome == .processed }.count == 1_000)
        #expect(entries.allSatisfy { [.processed, .duplicate, .inProgress].contains($0.outcome) })
        #expect(entries.suffix(1_300).allSatisfy { $0.outcome == .duplicate })
    }

    @Test(arguments: SourceKind.allCases)
    func aCancelledDeliveryReleasesItsClaimAndARetrySucceedsOnce(_ kind: SourceKind) async throws {
        let store = FaultyTransactionStore(.blockUntilCancelled)
        let harness = try await ReceiverHarness(transactions: store)
        let request = harness.request(kind, try ReceiverHarness.body(kind))
        let receiver = harness.receiver
        let delivery = Task { await receiver.receive(request) }
        await store.waitUntilEntered()
        #expect(await harness.idempotency.record(forKey: ReceiverHarness.identityKey(kind)) != nil)
        delivery.cancel()
        let cancelled = await delivery.value
        #expect(cancelled.status == 503)
        #expect(await harness.idempotency.record(forKey: ReceiverHarness.identityKey(kind)) == nil)
        await store.set(.working)
        #expect(await receiver.receive(request).outcome == .processed)
        #expect(await receiver.receive(request).outcome == .duplicate)
        #expect(await store.count == 1)
    }

    @Test(arguments: SourceKind.allCases)
    func aClaimStrandedByACrashIsTakenOverAfterTheTimeoutOnly(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let request = harness.request(kind, try ReceiverHarness.body(kind))
        let crashed = ClaimToken(rawValue: "replica-that-crashed")
        _ = await harness.idempotency.claim(IdempotencyClaim(
            key: ReceiverHarness.identityKey(kind), fingerprint: try ReceiverHarness.fingerprint(kind, request.body), token: crashed,
            now: harness.clock.now(), processingTimeout: .seconds(300)
        ))
        harness.clock.advance(299)
        #expect(await harness.receiver.receive(request).status == 409)
        harness.clock.advance(2)
        #expect(await harness.receiver.receive(request).outcome == .processed)
        let late = await harness.idempotency.complete(
            key: ReceiverHarness.identityKey(kind), token: crashed, response: StoredResponse(status: 500, body: []), now: harness.clock.now()
        )
        #expect(late == .notOwner)
        #expect(await harness.receiver.receive(request).outcome == .duplicate)
        #expect(await harness.storedCount == 1)
    }

    @Test func aFailedReleaseLeavesTheClaimReclaimableAfterTheTimeout() async throws {
        let idempotency = FaultyIdempotencyStore()
        let transactions = FaultyTransactionStore(.failing)
        let harness = try await ReceiverHarness(transactions: transactions, idempotency: idempotency)
        let request = harness.request(.keyed, try ReceiverHarness.body(.keyed))
        await idempotency.configure(releases: true)
        #expect(await harness.receiver.receive(request).status == 503)
        await idempotency.configure()
        await transactions.set(.working)
        #expect(await harness.receiver.receive(request).status == 409)
        harness.clock.advance(301)
        #expect(await harness.receiver.receive(request).outcome == .processed)
        #expect(await harness.receiver.receive(request).outcome == .duplicate)
        #expect(await transactions.count == 1)
    }

    @Test func aFailedCompletionStillAnswers200AndARetryDoesNotStoreTwice() async throws {
        let idempotency = FaultyIdempotencyStore()
        let harness = try await ReceiverHarness(idempotency: idempotency)
        let request = harness.request(.keyed, try ReceiverHarness.body(.keyed))
        await idempotency.configure(completes: true)
        let first = await harness.receiver.receive(request)
        #expect(first.status == 200)
        #expect(try await idempotency.record(forKey: ReceiverHarness.identityKey(.keyed)) == nil)
        await idempotency.configure()
        let second = await harness.receiver.receive(request)
        #expect(second.status == 200)
        #expect(second.internalIDs == first.internalIDs)
        #expect(await harness.storedCount == 1)
    }

    @Test func anIdempotencyStoreOutageIs503AndStoresNothing() async throws {
        let idempotency = FaultyIdempotencyStore()
        let harness = try await ReceiverHarness(idempotency: idempotency)
        await idempotency.configure(claims: true)
        let response = await harness.receiver.receive(harness.request(.signed, try ReceiverHarness.body(.signed)))
        #expect(response.status == 503)
        #expect(await harness.storedCount == 0)
    }

    @Test func anAPIKeyStoreOutageIs503() async throws {
        struct DownKeys: APIKeyStore {
            struct Down: Error {}
            func insert(_ record: APIKeyRecord) async throws -> Bool { throw Down() }
            func record(id: String) async throws -> APIKeyRecord? { throw Down() }
            func list(tenant: String?) async throws -> [APIKeyRecord] { throw Down() }
            func revoke(id: String, at: Date) async throws -> Bool { throw Down() }
        }
        let registry = try ReceiverHarness.sources(keys: DownKeys())
        let receiver = WebhookReceiver(sources: registry, idempotency: InMemoryIdempotencyStore(), transactions: InMemoryTransactionStore())
        let response = await receiver.receive(WebhookRequest(
            source: "karage", headers: WebhookHeaders([("X-API-KEY", "pwbi_0000000000000001_AgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAAA")]),
            body: try ReceiverHarness.body(.keyed)
        ))
        #expect(response.status == 503)
    }

    @Test func purgeHonoursTheRetention() async throws {
        let harness = try await ReceiverHarness()
        _ = await harness.receiver.receive(harness.signed(try ReceiverHarness.body(.signed)))
        harness.clock.advance(29 * 86_400)
        #expect(try await harness.receiver.purgeExpiredIdempotencyRecords() == 0)
        harness.clock.advance(86_400 + 1)
        #expect(try await harness.receiver.purgeExpiredIdempotencyRecords() == 1)
        let disabled = try await ReceiverHarness(configuration: WebhookReceiverConfiguration(idempotency: IdempotencyPolicy(retention: .zero)))
        _ = await disabled.receiver.receive(disabled.signed(try ReceiverHarness.body(.signed)))
        disabled.clock.advance(400 * 86_400)
        #expect(try await disabled.receiver.purgeExpiredIdempotencyRecords() == 0)
        #expect(await disabled.idempotency.count == 1)
    }
}
