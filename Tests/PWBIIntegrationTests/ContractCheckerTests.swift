import Foundation
import PWBIIntegration
import Testing

@Suite("Contract checkers")
struct ContractCheckerTests {
    @Test func inMemoryIdempotencyStoreConforms() async {
        let violations = await IdempotencyStoreContract.check { InMemoryIdempotencyStore() }
        #expect(violations.isEmpty, "\(violations)")
    }

    /// Which check must catch each flaw.
    static let idempotencyCatches: [BrokenIdempotencyStore.Flaw: String] = [
        .checkThenSet: "concurrent claims of one key: exactly one is acquired",
        .completeIgnoresOwner: "complete by another token is refused and changes nothing",
        .releaseIgnoresOwner: "release by another token is refused and changes nothing",
        .neverReclaims: "an abandoned claim is taken over after the processing timeout; the old owner is locked out",
        .ignoresFingerprint: "a claim with another payload while processing is a fingerprint mismatch",
        .purgesByClaimTime: "purge deletes records whose last change is before the cutoff, and only those",
        .completeOverwrites: "completing twice is refused and keeps the first response",
        .lossyBody: "after completion the stored response is replayed byte for byte",
    ]

    @Test(arguments: BrokenIdempotencyStore.Flaw.allCases)
    func brokenIdempotencyStoreIsCaught(_ flaw: BrokenIdempotencyStore.Flaw) async throws {
        let violations = await IdempotencyStoreContract.check { BrokenIdempotencyStore(flaw) }
        let expected = try #require(Self.idempotencyCatches[flaw])
        #expect(violations.contains { $0.check == expected }, "flaw \(flaw) not caught by '\(expected)'; got \(violations)")
        #expect(violations.allSatisfy { $0.contract == "IdempotencyStore" })
    }

    @Test func inMemoryDeadLetterQueueConforms() async {
        let violations = await DeadLetterQueueContract.check { InMemoryDeadLetterQueue() }
        #expect(violations.isEmpty, "\(violations)")
    }

    static let deadLetterCatches: [BrokenDeadLetterQueue.Flaw: String] = [
        .newestFirst: "list is oldest first, ties in enqueue order",
        .removeKeepsEntry: "remove deletes once",
        .failureNotCounted: "recordFailure counts attempts and keeps the latest reason",
        .dropsHeaderCase: "an enqueued entry comes back intact",
    ]

    @Test(arguments: BrokenDeadLetterQueue.Flaw.allCases)
    func brokenDeadLetterQueueIsCaught(_ flaw: BrokenDeadLetterQueue.Flaw) async throws {
        let violations = await DeadLetterQueueContract.check { BrokenDeadLetterQueue(flaw) }
        let expected = try #require(Self.deadLetterCatches[flaw])
        #expect(violations.contains { $0.check == expected }, "flaw \(flaw) not caught by '\(expected)'; got \(violations)")
    }

    @Test func inMemoryWebhookLogConforms() async {
        let violations = await WebhookLogContract.check { InMemoryWebhookLog() }
        #expect(violations.isEmpty, "\(violations)")
    }

    static let webhookLogCatches: [BrokenWebhookLog.Flaw: String] = [
        .oldestFirst: "recent is newest first and honours the limit",
        .dropsErrorMessage: "an appended record comes back intact",
        .dropsBody: "an appended record comes back intact",
    ]

    @Test(arguments: BrokenWebhookLog.Flaw.allCases)
    func brokenWebhookLogIsCaught(_ flaw: BrokenWebhookLog.Flaw) async throws {
        let violations = await WebhookLogContract.check { BrokenWebhookLog(flaw) }
        let expected = try #require(Self.webhookLogCatches[flaw])
        #expect(violations.contains { $0.check == expected }, "flaw \(flaw) not caught by '\(expected)'; got \(violations)")
    }

    @Test func aThrowingStoreIsReportedNotCrashed() async {
        struct Down: Error {}
        let violations = await IdempotencyStoreContract.check { throw Down() }
        #expect(violations.count >= 15)
        #expect(violations.allSatisfy { $0.detail.hasPrefix("threw") })
    }
}

@Suite("API key store contract")
struct APIKeyStoreContractTests {
    @Test func inMemoryAPIKeyStoreConforms() async {
        let violations = await APIKeyStoreContract.check { InMemoryAPIKeyStore() }
        #expect(violations.isEmpty, "\(violations)")
    }

    static let catches: [BrokenAPIKeyStore.Flaw: String] = [
        .insertReplaces: "a taken id is refused and the first record kept",
        .listIgnoresTenant: "list filters by tenant, oldest first",
        .revokeMovesTime: "revoke records the first revocation time",
        .checkThenInsert: "concurrent inserts of one id: exactly one wins",
    ]

    @Test(arguments: BrokenAPIKeyStore.Flaw.allCases)
    func brokenAPIKeyStoreIsCaught(_ flaw: BrokenAPIKeyStore.Flaw) async throws {
        let violations = await APIKeyStoreContract.check { BrokenAPIKeyStore(flaw) }
        let expected = try #require(Self.catches[flaw])
        #expect(violations.contains { $0.check == expected }, "flaw \(flaw) not caught by '\(expected)'; got \(violations)")
    }
}
