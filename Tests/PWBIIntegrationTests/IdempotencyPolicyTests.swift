import Foundation
import PWBIIntegration
import Testing

@Suite("Idempotency policy, tokens and in-memory details")
struct IdempotencyPolicyTests {
    let now = Date(timeIntervalSince1970: 1_764_000_000)

    @Test func defaultsAreTheKarageModuleDefaults() {
        let policy = IdempotencyPolicy()
        #expect(policy.processingTimeout == .seconds(300))
        #expect(policy.retention == .seconds(30 * 86_400))
        #expect(policy.purgeCutoff(now: now) == now.addingTimeInterval(-30 * 86_400))
    }

    @Test func zeroRetentionDisablesPurging() {
        #expect(IdempotencyPolicy(retention: .zero).purgeCutoff(now: now) == nil)
    }

    @Test func staleBeforeIsNowMinusTheTimeout() {
        let claim = IdempotencyClaim(
            key: "k", fingerprint: PayloadFingerprint(rawValue: "f"), token: ClaimToken(rawValue: "t"),
            now: now, processingTimeout: .milliseconds(1500)
        )
        #expect(claim.staleBefore == now.addingTimeInterval(-1.5))
    }

    @Test func randomTokensAre32HexDigitsAndDistinct() {
        let tokens = (0..<1000).map { _ in ClaimToken.random().rawValue }
        #expect(Set(tokens).count == 1000)
        #expect(tokens.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
    }

    @Test func seededTokensAreDeterministic() {
        struct Counter: RandomNumberGenerator {
            var value: UInt64 = 0
            mutating func next() -> UInt64 { value += 1; return value }
        }
        var generator = Counter()
        #expect(ClaimToken.random(using: &generator).rawValue == "00000000000000010000000000000002")
    }

    @Test func purgeOfAnEmptyStoreIsZero() async {
        let store = InMemoryIdempotencyStore()
        #expect(await store.purge(before: now) == 0)
        #expect(await store.count == 0)
    }

    @Test func webhookLogKeepsTheMostRecentCapacity() async {
        let log = InMemoryWebhookLog(capacity: 3)
        for index in 0..<5 {
            await log.append(WebhookLogEntry(
                receivedAt: now.addingTimeInterval(Double(index)), source: "s", outcome: .processed,
                status: 200, duration: .zero, bodySize: index
            ))
        }
        #expect(await log.all.map(\.bodySize) == [2, 3, 4])
        #expect(await log.recent(limit: 2).map(\.bodySize) == [4, 3])
    }

    @Test func deadLetterIDsAreRandomAndPrefixed() {
        let ids = (0..<100).map { _ in DeadLetter.makeID() }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.hasPrefix("dl_") && $0.count == 35 })
    }

    /// Expected digests from Python's hashlib.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (#"{"OrderID":2001}"#, "b7996182f412f546e5835e622eaabc24ebabb2aec83fde2b5877facd934a4638"),
    ])
    func fingerprintIsTheHexSHA256OfTheRawBody(_ body: String, _ expected: String) {
        #expect(PayloadFingerprint(body: Array(body.utf8)).rawValue == expected)
    }
}
