#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The behavioural contract of ``IdempotencyStore``, runnable against any implementation.
///
/// ```swift
/// @Test func postgresIdempotencyStoreHonoursTheContract() async {
///     let violations = await IdempotencyStoreContract.check { try await PostgresIdempotencyStore.fresh(schema: "test") }
///     #expect(violations.isEmpty, "\(violations)")
/// }
/// ```
public enum IdempotencyStoreContract {
    /// Runs every check, each against a fresh, empty store from `makeStore`, and returns the
    /// violations (empty when the implementation conforms). The checker supplies all times
    /// itself, starting at 2023-11-14, so no real time passes and no clock is needed.
    ///
    /// - Parameters:
    ///   - concurrency: how many concurrent claims race for one key in the atomicity check.
    ///   - makeStore: returns a fresh, empty store; called once per check.
    public static func check(
        concurrency: Int = 200,
        _ makeStore: () async throws -> any IdempotencyStore
    ) async -> [ContractViolation] {
        var report = ContractReport("IdempotencyStore")
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let timeout = Duration.seconds(300)
        let a = PayloadFingerprint(rawValue: String(repeating: "a", count: 64))
        let b = PayloadFingerprint(rawValue: String(repeating: "b", count: 64))
        let response = StoredResponse(status: 200, body: Array(#"{"success":true,"internal_id":"txn-1"}"#.utf8) + [0x00, 0xFF, 0x7F])
        var tokens = TokenSequence()
        func claim(_ key: String, _ fingerprint: PayloadFingerprint, _ token: ClaimToken, at now: Date) -> IdempotencyClaim {
            IdempotencyClaim(key: key, fingerprint: fingerprint, token: token, now: now, processingTimeout: timeout)
        }

        await report.run("a fresh key is acquired with the caller's token") {
            let store = try await makeStore()
            let token = tokens.next()
            let result = try await store.claim(claim("k", a, token, at: t0))
            return result == .acquired(token) ? nil : "expected acquired(\(token)), got \(result)"
        }

        await report.run("a second claim while processing is in progress") {
            let store = try await makeStore()
            _ = try await store.claim(claim("k", a, tokens.next(), at: t0))
            let result = try await store.claim(claim("k", a, tokens.next(), at: t0.addingTimeInterval(1)))
            return result == .inProgress(since: t0) ? nil : "expected inProgress(since: \(t0)), got \(result)"
        }

        await report.run("a claim with another payload while processing is a fingerprint mismatch") {
            let store = try await makeStore()
            _ = try await store.claim(claim("k", a, tokens.next(), at: t0))
            let result = try await store.claim(claim("k", b, tokens.next(), at: t0.addingTimeInterval(1)))
            return result == .fingerprintMismatch ? nil : "expected fingerprintMismatch, got \(result)"
        }

        await report.run("after completion the stored response is replayed byte for byte") {
            let store = try await makeStore()
            let token = tokens.next()
            _ = try await store.claim(claim("k", a, token, at: t0))
            let finish = try await store.complete(key: "k", token: token, response: response, now: t0.addingTimeInterval(2))
            guard finish == .done else { return "complete by the owner returned \(finish)" }
            let result = try await store.claim(claim("k", a, tokens.next(), at: t0.addingTimeInterval(3)))
            return result == .completed(response) ? nil : "expected completed(\(response)), got \(result)"
        }

        await report.run("after completion another payload is a fingerprint mismatch") {
            let store = try await makeStore()
            let token = tokens.next()
            _ = try await store.claim(claim("k", a, token, at: t0))
            _ = try await store.complete(key: "k", token: token, response: response, now: t0)
            let result = try await store.claim(claim("k", b, tokens.next(), at: t0.addingTimeInterval(1)))
            return result == .fingerprintMismatch ? nil : "expected fingerprintMismatch, got \(result)"
        }

        await report.run("a completed record is never taken over, however old") {
            let store = try await makeStore()
            let token = tokens.next()
            _ = try await store.claim(claim("k", a, token, at: t0))
            _ = try await store.complete(key: "k", token: token, response: response, now: t0)
            let result = try await store.claim(claim("k", a, tokens.next(), at: t0.addingTimeInterval(10 * 86_400)))
            return result == .completed(response) ? nil : "expected completed after 10 days, got \(result)"
        }

        await report.run("complete by another token is refused and changes nothing") {
            let store = try await makeStore()
            _ = try await store.claim(claim("k", a, tokens.next(), at: t0))
            let finish = try await store.complete(key: "k", token: tokens.next(), response: response, now: t0)
            guard finish == .notOwner else { return "complete with a foreign token returned \(finish)" }
            let result = try await store.claim(claim("k", a, tokens.next(), at: t0.addingTimeInterval(1)))
            return result == .inProgress(since: t0) ? nil : "after a refused complete expected inProgress, got \(result)"
        }

        await report.run("release by another token is refused and changes nothing") {
            let store = try await makeStore()
            _ = try await store.claim(claim("k", a, tokens.next(), at: t0))
            let finish = try await store.release(key: "k", token: tokens.next())
            guard finish == .notOwner else { return "release with a foreign token returned \(finish)" }
            let result = try await store.claim(claim("k", a, tokens.next(), at: t0.addingTimeInterval(1)))
            return result == .inProgress(since: t0) ? nil : "after a refused release expected inProgress, got \(result)"
        }

        await report.run("release by the owner frees the key for the next delivery") {
            let store = try await makeStore()
            let token = tokens.next()
            _ = try await store.claim(claim("k", a, token, at: t0))
            let finish = try await store.release(key: "k", token: token)
            guard finish == .done else { return "release by the owner returned \(finish)" }
            let next = tokens.next()
            let result = try await store.claim(claim("k", b, next, at: t0.addingTimeInterval(1)))
            return result == .acquired(next) ? nil : "after release expected acquired (any payload), got \(result)"
        }

        await report.run("a released claim can no longer be completed") {
            let store = try await makeStore()
            let token = tokens.next()
            _ = try await store.claim(claim("k", a, token, at: t0))
            _ = try await store.release(key: "k", token: token)
            let finish = try await store.complete(key: "k", token: token, response: response, now: t0)
            guard finish == .notOwner else { return "complete after release returned \(finish)" }
            let record = try await store.record(forKey: "k")
            return record == nil ? nil : "after release and a refused complete expected no record, got \(String(describing: record))"
        }

        await report.run("completing twice is refused and keeps the first response") {
            let store = try await makeStore()
            let token = tokens.next()
            _ = try await store.claim(claim("k", a, token, at: t0))
            _ = try await store.complete(key: "k", token: token, response: response, now: t0)
            let other = StoredResponse(status: 500, body: Array("{}".utf8))
            let finish = try await store.complete(key: "k", token: token, response: other, now: t0)
            guard finish == .notOwner else { return "a second complete returned \(finish)" }
            let result = try await store.claim(claim("k", a, tokens.next(), at: t0))
            return result == .completed(response) ? nil : "expected the first response, got \(result)"
        }

        await report.run("a claim younger than the processing timeout is not taken over") {
            let store = try await makeStore()
            _ = try await store.claim(claim("k", a, tokens.next(), at: t0))
            let result = try await store.claim(claim("k", a, tokens.next(), at: t0.addingTimeInterval(299)))
            return result == .inProgress(since: t0) ? nil : "at 299 s of a 300 s timeout expected inProgress, got \(result)"
        }

        await report.run("an abandoned claim is taken over after the processing timeout; the old owner is locked out") {
            let store = try await makeStore()
            let stale = tokens.next()
            _ = try await store.claim(claim("k", a, stale, at: t0))
            let fresh = tokens.next()
            let later = t0.addingTimeInterval(301)
            let result = try await store.claim(claim("k", a, fresh, at: later))
            guard result == .acquired(fresh) else { return "at 301 s of a 300 s timeout expected acquired, got \(result)" }
            let old = try await store.complete(key: "k", token: stale, response: response, now: later)
            guard old == .notOwner else { return "the abandoned owner could still complete: \(old)" }
            let oldRelease = try await store.release(key: "k", token: stale)
            guard oldRelease == .notOwner else { return "the abandoned owner could still release: \(oldRelease)" }
            let new = try await store.complete(key: "k", token: fresh, response: response, now: later)
            guard new == .done else { return "the new owner could not complete: \(new)" }
            let replay = try await store.claim(claim("k", a, tokens.next(), at: later))
            return replay == .completed(response) ? nil : "after the takeover completed expected completed, got \(replay)"
        }

        await report.run("the timeout is measured from the latest claim, not the first") {
            let store = try await makeStore()
            _ = try await store.claim(claim("k", a, tokens.next(), at: t0))
            let second = t0.addingTimeInterval(301)
            _ = try await store.claim(claim("k", a, tokens.next(), at: second))
            let result = try await store.claim(claim("k", a, tokens.next(), at: second.addingTimeInterval(200)))
            return result == .inProgress(since: second) ? nil : "expected inProgress(since: the takeover), got \(result)"
        }

        await report.run("keys are independent") {
            let store = try await makeStore()
            let first = tokens.next()
            _ = try await store.claim(claim("tenant-1:karage:2001", a, first, at: t0))
            let second = tokens.next()
            let result = try await store.claim(claim("tenant-2:karage:2001", a, second, at: t0))
            guard result == .acquired(second) else { return "a different key was not acquired: \(result)" }
            _ = try await store.complete(key: "tenant-1:karage:2001", token: first, response: response, now: t0)
            let other = try await store.record(forKey: "tenant-2:karage:2001")
            return other?.state == .processing(owner: second) ? nil : "completing one key changed another: \(String(describing: other))"
        }

        await report.run("record reflects each state") {
            let store = try await makeStore()
            guard try await store.record(forKey: "k") == nil else { return "an unknown key has a record" }
            let token = tokens.next()
            _ = try await store.claim(claim("k", a, token, at: t0))
            let processing = try await store.record(forKey: "k")
            let expected = IdempotencyRecord(key: "k", fingerprint: a, state: .processing(owner: token), claimedAt: t0)
            guard processing == expected else { return "expected \(expected), got \(String(describing: processing))" }
            let done = t0.addingTimeInterval(5)
            _ = try await store.complete(key: "k", token: token, response: response, now: done)
            let completed = try await store.record(forKey: "k")
            let expectedDone = IdempotencyRecord(key: "k", fingerprint: a, state: .completed(response), claimedAt: t0, completedAt: done)
            return completed == expectedDone ? nil : "expected \(expectedDone), got \(String(describing: completed))"
        }

        await report.run("purge deletes records whose last change is before the cutoff, and only those") {
            let store = try await makeStore()
            let day = 86_400.0
            let old = tokens.next()
            _ = try await store.claim(claim("old-completed", a, old, at: t0))
            _ = try await store.complete(key: "old-completed", token: old, response: response, now: t0.addingTimeInterval(1))
            _ = try await store.claim(claim("old-processing", a, tokens.next(), at: t0.addingTimeInterval(2)))
            let recent = tokens.next()
            _ = try await store.claim(claim("recent-completed", a, recent, at: t0.addingTimeInterval(5 * day)))
            _ = try await store.complete(key: "recent-completed", token: recent, response: response, now: t0.addingTimeInterval(5 * day))
            let lateFinish = tokens.next()
            _ = try await store.claim(claim("completed-late", a, lateFinish, at: t0.addingTimeInterval(3)))
            _ = try await store.complete(key: "completed-late", token: lateFinish, response: response, now: t0.addingTimeInterval(4 * day))
            let purged = try await store.purge(before: t0.addingTimeInterval(3 * day))
            guard purged == 2 else { return "expected 2 records purged, got \(purged)" }
            for key in ["old-completed", "old-processing"] where try await store.record(forKey: key) != nil {
                return "\(key) survived the purge"
            }
            for key in ["recent-completed", "completed-late"] where try await store.record(forKey: key) == nil {
                return "\(key) was purged though its last change is after the cutoff"
            }
            let again = tokens.next()
            let result = try await store.claim(claim("old-completed", b, again, at: t0.addingTimeInterval(6 * day)))
            return result == .acquired(again) ? nil : "a purged key was not claimable afresh: \(result)"
        }

        await report.run("concurrent claims of one key: exactly one is acquired") {
            let store = try await makeStore()
            let claims = (0..<max(2, concurrency)).map { _ in claim("race", a, tokens.next(), at: t0) }
            let results = try await withThrowingTaskGroup(of: IdempotencyClaimResult.self) { group in
                for attempt in claims { group.addTask { try await store.claim(attempt) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let acquired = results.filter { if case .acquired = $0 { true } else { false } }.count
            let waiting = results.filter { $0 == .inProgress(since: t0) }.count
            guard acquired == 1, waiting == claims.count - 1 else {
                return "\(claims.count) concurrent claims: \(acquired) acquired, \(waiting) in progress (expected 1 and \(claims.count - 1))"
            }
            return nil
        }

        await report.run("concurrent claims of distinct keys: every one is acquired") {
            let store = try await makeStore()
            let claims = (0..<max(2, concurrency)).map { claim("distinct-\($0)", a, tokens.next(), at: t0) }
            let acquired = try await withThrowingTaskGroup(of: Bool.self) { group in
                for attempt in claims {
                    group.addTask { try await store.claim(attempt) == .acquired(attempt.token) }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            return acquired == claims.count ? nil : "\(acquired) of \(claims.count) distinct keys acquired"
        }

        await report.run("concurrent completion and takeover: never both") {
            let store = try await makeStore()
            let stale = tokens.next()
            _ = try await store.claim(claim("k", a, stale, at: t0))
            let later = t0.addingTimeInterval(301)
            let fresh = tokens.next()
            async let completion = store.complete(key: "k", token: stale, response: response, now: later)
            async let takeover = store.claim(claim("k", a, fresh, at: later))
            let (finished, claimed) = try await (completion, takeover)
            switch (finished, claimed) {
            case (.done, .completed(response)), (.notOwner, .acquired(fresh)):
                return nil
            default:
                return "the abandoned owner completed (\(finished)) and the takeover got \(claimed)"
            }
        }

        return report.violations
    }
}

/// Distinct, recognisable tokens for the checkers (`contract-0001`, …).
struct TokenSequence {
    private var counter = 0
    mutating func next() -> ClaimToken {
        counter += 1
        return ClaimToken(rawValue: "contract-token-\(counter)")
    }
}
