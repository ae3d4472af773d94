import Foundation
import PWBIIntegration

/// Deliberately wrong ``IdempotencyStore`` implementations that the contract checker must catch.
/// Each has one flaw a real host store could plausibly have.
actor BrokenIdempotencyStore: IdempotencyStore {
    enum Flaw: String, CaseIterable, Sendable {
        /// Reads, suspends (as a database round trip would), then writes: two claims can both win.
        case checkThenSet
        /// Lets any token complete a claim.
        case completeIgnoresOwner
        /// Lets any token release a claim.
        case releaseIgnoresOwner
        /// Never takes over an abandoned claim.
        case neverReclaims
        /// Treats every payload under a key as the same.
        case ignoresFingerprint
        /// Purges by claim time, losing records completed after the cutoff.
        case purgesByClaimTime
        /// Overwrites the stored response when completed twice.
        case completeOverwrites
        /// Stores the response body as text, losing bytes that are not valid UTF-8.
        case lossyBody
    }

    let flaw: Flaw
    private let correct = InMemoryIdempotencyStore()
    private var records: [String: IdempotencyRecord] = [:]

    init(_ flaw: Flaw) { self.flaw = flaw }

    func claim(_ claim: IdempotencyClaim) async -> IdempotencyClaimResult {
        let existing = records[claim.key]
        if flaw == .checkThenSet { await Task.yield() }
        if let existing {
            let stale = existing.claimedAt < claim.staleBefore && flaw != .neverReclaims
            let sameFingerprint = existing.fingerprint == claim.fingerprint || flaw == .ignoresFingerprint
            switch existing.state {
            case .processing where stale:
                break
            case .processing:
                return sameFingerprint ? .inProgress(since: existing.claimedAt) : .fingerprintMismatch
            case .completed(let response):
                return sameFingerprint ? .completed(response) : .fingerprintMismatch
            }
        }
        records[claim.key] = IdempotencyRecord(key: claim.key, fingerprint: claim.fingerprint, state: .processing(owner: claim.token), claimedAt: claim.now)
        return .acquired(claim.token)
    }

    func complete(key: String, token: ClaimToken, response: StoredResponse, now: Date) -> IdempotencyFinish {
        guard var record = records[key] else { return .notOwner }
        switch record.state {
        case .processing(let owner) where owner == token || flaw == .completeIgnoresOwner:
            break
        case .completed where flaw == .completeOverwrites:
            break
        default:
            return .notOwner
        }
        var kept = response
        if flaw == .lossyBody { kept.body = Array(String(decoding: response.body, as: UTF8.self).utf8) }
        record.state = .completed(kept)
        record.completedAt = now
        records[key] = record
        return .done
    }

    func release(key: String, token: ClaimToken) -> IdempotencyFinish {
        guard let record = records[key], case .processing(let owner) = record.state,
              owner == token || flaw == .releaseIgnoresOwner else { return .notOwner }
        records[key] = nil
        return .done
    }

    func purge(before cutoff: Date) -> Int {
        let before = records.count
        records = records.filter { (flaw == .purgesByClaimTime ? $0.value.claimedAt : $0.value.lastChange) >= cutoff }
        return before - records.count
    }

    func record(forKey key: String) -> IdempotencyRecord? { records[key] }
}

/// Deliberately wrong ``DeadLetterQueue`` implementations.
actor BrokenDeadLetterQueue: DeadLetterQueue {
    enum Flaw: String, CaseIterable, Sendable {
        case newestFirst
        case removeKeepsEntry
        case failureNotCounted
        case dropsHeaderCase
    }

    let flaw: Flaw
    private var letters: [DeadLetter] = []

    init(_ flaw: Flaw) { self.flaw = flaw }

    func enqueue(_ letter: DeadLetter) {
        var kept = letter
        if flaw == .dropsHeaderCase { kept.headers = letter.headers.map { HTTPHeaderField($0.name.lowercased(), $0.value) } }
        letters.removeAll { $0.id == letter.id }
        letters.append(kept)
    }

    func list(limit: Int?) -> [DeadLetter] {
        var ordered = letters.enumerated().sorted { ($0.element.failedAt, $0.offset) < ($1.element.failedAt, $1.offset) }.map(\.element)
        if flaw == .newestFirst { ordered.reverse() }
        return Array(ordered.prefix(limit ?? ordered.count))
    }

    func entry(id: String) -> DeadLetter? { letters.first { $0.id == id } }

    func remove(id: String) -> Bool {
        guard letters.contains(where: { $0.id == id }) else { return false }
        if flaw != .removeKeepsEntry { letters.removeAll { $0.id == id } }
        return true
    }

    func recordFailure(id: String, reason: String, at: Date) -> Bool {
        guard let index = letters.firstIndex(where: { $0.id == id }) else { return false }
        if flaw != .failureNotCounted { letters[index].attempts += 1 }
        letters[index].reason = reason
        letters[index].lastAttemptAt = at
        return true
    }
}

/// Deliberately wrong ``WebhookLog`` implementations.
actor BrokenWebhookLog: WebhookLog {
    enum Flaw: String, CaseIterable, Sendable {
        case oldestFirst
        case dropsErrorMessage
        case dropsBody
    }

    let flaw: Flaw
    private var entries: [WebhookLogEntry] = []

    init(_ flaw: Flaw) { self.flaw = flaw }

    func append(_ entry: WebhookLogEntry) {
        var kept = entry
        if flaw == .dropsErrorMessage { kept.errorMessage = nil }
        if flaw == .dropsBody { kept.body = nil }
        entries.append(kept)
    }

    func recent(limit: Int) -> [WebhookLogEntry] {
        var ordered = entries.enumerated().sorted { ($0.element.receivedAt, $0.offset) > ($1.element.receivedAt, $1.offset) }.map(\.element)
        if flaw == .oldestFirst { ordered.reverse() }
        return Array(ordered.prefix(limit))
    }
}

/// Deliberately wrong ``APIKeyStore`` implementations.
actor BrokenAPIKeyStore: APIKeyStore {
    enum Flaw: String, CaseIterable, Sendable {
        case insertReplaces
        case listIgnoresTenant
        case revokeMovesTime
        case checkThenInsert
    }

    let flaw: Flaw
    private var records: [String: APIKeyRecord] = [:]

    init(_ flaw: Flaw) { self.flaw = flaw }

    func insert(_ record: APIKeyRecord) async -> Bool {
        let taken = records[record.id] != nil
        if flaw == .checkThenInsert { await Task.yield() }
        if taken && flaw != .insertReplaces { return false }
        records[record.id] = record
        return true
    }

    func record(id: String) -> APIKeyRecord? { records[id] }

    func list(tenant: String?) -> [APIKeyRecord] {
        records.values.filter { tenant == nil || flaw == .listIgnoresTenant || $0.tenant == tenant }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    func revoke(id: String, at: Date) -> Bool {
        guard records[id] != nil else { return false }
        if records[id]?.revokedAt == nil || flaw == .revokeMovesTime { records[id]?.revokedAt = at }
        return true
    }
}
