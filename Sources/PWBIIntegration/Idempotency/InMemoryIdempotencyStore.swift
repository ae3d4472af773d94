#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An ``IdempotencyStore`` in process memory: exact for one process (tests, the `pwbi` tool,
/// single-instance hosts). Several replicas need a shared store (see Docs/ImplementingStores.md).
public actor InMemoryIdempotencyStore: IdempotencyStore {
    private var records: [String: IdempotencyRecord] = [:]

    /// An empty store.
    public init() {}

    public func claim(_ claim: IdempotencyClaim) -> IdempotencyClaimResult {
        if let existing = records[claim.key] {
            switch existing.state {
            case .processing where existing.claimedAt < claim.staleBefore:
                break  // abandoned: taken over below, whatever its payload was
            case .processing:
                guard existing.fingerprint == claim.fingerprint else { return .fingerprintMismatch }
                return .inProgress(since: existing.claimedAt)
            case .completed(let response):
                guard existing.fingerprint == claim.fingerprint else { return .fingerprintMismatch }
                return .completed(response)
            }
        }
        records[claim.key] = IdempotencyRecord(
            key: claim.key, fingerprint: claim.fingerprint, state: .processing(owner: claim.token), claimedAt: claim.now
        )
        return .acquired(claim.token)
    }

    public func complete(key: String, token: ClaimToken, response: StoredResponse, now: Date) -> IdempotencyFinish {
        // One lookup; the record is changed in place.
        guard let index = records.index(forKey: key), case .processing(let owner) = records.values[index].state, owner == token else {
            return .notOwner
        }
        records.values[index].state = .completed(response)
        records.values[index].completedAt = now
        return .done
    }

    public func release(key: String, token: ClaimToken) -> IdempotencyFinish {
        guard let record = records[key], case .processing(let owner) = record.state, owner == token else { return .notOwner }
        records[key] = nil
        return .done
    }

    public func purge(before cutoff: Date) -> Int {
        let before = records.count
        records = records.filter { $0.value.lastChange >= cutoff }
        return before - records.count
    }

    public func record(forKey key: String) -> IdempotencyRecord? {
        records[key]
    }

    /// How many records are held (processing and completed).
    public var count: Int { records.count }
}
