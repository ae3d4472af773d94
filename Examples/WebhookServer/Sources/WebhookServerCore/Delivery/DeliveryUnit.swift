#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import Synchronization

/// One HTTP request's writes, collected while the kit's receiver runs and committed fenced:
/// the stores see the unit as a task-local value and, instead of writing at once,
///
/// - `claim` records the key and owner token it acquired;
/// - `upsert` / `store` record the transaction or event under that claim (ids derived, not random);
/// - `complete` records the response and marks the claim ready;
/// - the next `claim`, the audit record's `append`, or the end of the request commits every ready
///   claim with ``FencedCommit``: result, completion (and the audit record) in one statement or
///   one database transaction, only while the row is still *processing* under the owner token.
///
/// A commit that fails or finds its claim taken over marks the unit failed: the host answers 503
/// (nothing of it was stored), whatever the receiver had answered.
public final class DeliveryUnit: Sendable {
    /// The unit of the request being handled, if any (the stores write at once without one).
    @TaskLocal public static var current: DeliveryUnit?

    struct State {
        var open: [FencedCommit] = []
        /// Every claim acquired in this unit, for releasing them when the request is abandoned.
        var acquired: [(key: String, token: ClaimToken)] = []
        /// Claim queries still running: the database may acquire them after the request is abandoned.
        var attempts: [ClaimAttempt] = []
        /// Abandoned (deadline passed): nothing more is committed.
        var closed = false
        var ready: [FencedCommit] = []
        var outcome = Outcome.committed
        /// Derived internal ids that the table holds under another id (rows stored before ids were derived).
        var replacedIDs: [(derived: String, stored: String)] = []
        /// Audit and dead-letter writes that failed (the receiver ignores them; the host logs them).
        var sideFailures: [String] = []
    }

    /// How the unit's commits went.
    public enum Outcome: Sendable, Hashable {
        /// Every ready claim was committed (or there was none).
        case committed
        /// A claim was taken over by another owner before it was committed: nothing of it was written.
        case fencedOut(key: String)
        /// The database failed a commit: nothing of it was written.
        case failed(String)
    }

    private let state = Mutex(State())
    let database: any SQLDatabase

    /// A unit committing to `database`.
    public init(database: any SQLDatabase) { self.database = database }

    /// How the commits went so far.
    public var outcome: Outcome { state.withLock { $0.outcome } }

    /// Whether a commit failed or was fenced out.
    public var failed: Bool { outcome != .committed }

    // MARK: - Recording (called by the stores)

    /// Starts the claim query `start` makes and records it, atomically with ``close(_:)``: nil (and
    /// nothing started) when the unit is closed.
    func claiming(
        key: String, token: ClaimToken, _ start: () -> Task<IdempotencyClaimResult, any Error>
    ) -> Task<IdempotencyClaimResult, any Error>? {
        state.withLock { state in
            guard !state.closed else { return nil }
            let task = start()
            state.attempts.append(ClaimAttempt(key: key, token: token, task: task))
            return task
        }
    }

    /// Forgets a claim query that acquired nothing (it failed, or the key was taken or completed).
    func attemptEnded(key: String, token: ClaimToken) {
        state.withLock { state in state.attempts.removeAll { $0.key == key && $0.token == token } }
    }

    /// Records an acquired claim; false when the unit was closed meanwhile (``close(_:)`` handed
    /// the attempt to the caller that releases it).
    func claimed(key: String, token: ClaimToken) -> Bool {
        state.withLock { state in
            state.attempts.removeAll { $0.key == key && $0.token == token }
            guard !state.closed else { return false }
            state.open.append(FencedCommit(key: key, token: token))
            state.acquired.append((key, token))
            return true
        }
    }

    /// The open claim the next write belongs to (the last acquired), if any.
    var openKey: String? { state.withLock { $0.open.last?.key } }

    func record(_ write: FencedCommit.Write) -> Bool {
        state.withLock { state in
            guard !state.open.isEmpty else { return false }
            state.open[state.open.count - 1].writes.append(write)
            return true
        }
    }

    /// Moves the open claim `key` to ready with its response; false when it is not open here.
    func completed(key: String, token: ClaimToken, response: StoredResponse, now: Date) -> Bool {
        state.withLock { state in
            guard let index = state.open.firstIndex(where: { $0.key == key && $0.token == token }) else { return false }
            var commit = state.open.remove(at: index)
            commit.response = response
            commit.completedAt = now
            state.ready.append(commit)
            return true
        }
    }

    /// Forgets the open claim `key` (the receiver released it; nothing was written).
    func released(key: String, token: ClaimToken) {
        state.withLock { state in state.open.removeAll { $0.key == key && $0.token == token } }
    }

    // MARK: - Committing

    /// Commits every ready claim, the audit record `entry` with the last one (alone when there is
    /// none); returns false when `entry` was not written (the caller then writes it itself).
    @discardableResult
    func commitReady(with entry: WebhookLogEntry? = nil) async -> Bool {
        let ready = state.withLock { state in
            defer { state.ready = [] }
            return state.closed ? [] : state.ready
        }
        var entryWritten = entry == nil
        for (index, commit) in ready.enumerated() {
            let isLast = index == ready.count - 1
            let attached = isLast ? entry : nil
            do {
                let result = try await commit.run(on: database, entry: attached)
                if result.owned {
                    if attached != nil { entryWritten = true }
                    await correctIDs(commit, stored: result.internalIDs)
                } else {
                    state.withLock { if $0.outcome == .committed { $0.outcome = .fencedOut(key: commit.key) } }
                }
            } catch {
                state.withLock { if $0.outcome == .committed { $0.outcome = .failed("\(error)") } }
            }
        }
        return entryWritten
    }

    /// Notes a failed audit or dead-letter write, for the host's log.
    func noteSideFailure(_ what: String) {
        state.withLock { $0.sideFailures.append(what) }
    }

    /// The audit and dead-letter writes that failed during the request.
    public var sideFailures: [String] { state.withLock { $0.sideFailures } }

    /// A row stored before ids were derived keeps its id: the stored response is corrected to name it.
    func correctIDs(_ commit: FencedCommit, stored: [String]) async {
        let derived = commit.distinctWrites.compactMap { write -> String? in
            if case .transaction(_, let id, _) = write { return id }
            return nil
        }
        let pairs = zip(derived, stored).filter { $0 != $1 }
        guard !pairs.isEmpty else { return }
        let body = Self.replacing(pairs.map { ($0.0, $0.1) }, in: commit.response.body)
        state.withLock { $0.replacedIDs += pairs.map { (derived: $0.0, stored: $0.1) } }
        do {
            try await database.query(
                "UPDATE idempotency_records SET response_body = $2 WHERE key = $1 AND state = 'completed'", [.text(commit.key), .blob(body)]
            )
        } catch {
            state.withLock { if $0.outcome == .committed { $0.outcome = .failed("correcting the stored response: \(error)") } }
        }
    }

    /// `body` with every JSON string `"derived"` replaced by `"stored"`.
    public static func replacing(_ pairs: [(String, String)], in body: [UInt8]) -> [UInt8] {
        var out = body
        for (derived, stored) in pairs {
            let old = Array("\"\(derived)\"".utf8)
            // Ids the server stores are `[A-Za-z0-9_-]`; anything else is left as it was.
            guard stored.utf8.allSatisfy({ $0 < 0x80 && (Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber || $0 == 0x5F || $0 == 0x2D) }) else { continue }
            let quoted = Array("\"\(stored)\"".utf8)
            var result: [UInt8] = []
            result.reserveCapacity(out.count)
            var index = 0
            while index < out.count {
                if out[index] == old[0], out.count - index >= old.count, out[index..<(index + old.count)].elementsEqual(old) {
                    result += quoted
                    index += old.count
                } else {
                    result.append(out[index])
                    index += 1
                }
            }
            out = result
        }
        return out
    }

    /// The response body the client gets: `body` with ids corrected as in the stored response.
    public func correctedBody(_ body: [UInt8]) -> [UInt8] {
        let pairs = state.withLock { $0.replacedIDs }
        return pairs.isEmpty ? body : Self.replacing(pairs.map { ($0.derived, $0.stored) }, in: body)
    }

    /// Claims acquired but not committed by the end of the request (the receiver was interrupted).
    public func uncommittedClaims() -> [(key: String, token: ClaimToken)] {
        state.withLock { state in (state.open + state.ready).map { ($0.key, $0.token) } }
    }

    /// Abandons the unit (its request's deadline passed): nothing more is committed or claimed,
    /// and it counts as failed. Returns every claim it acquired and every claim query still
    /// running, for releasing (a release is a no-op for a claim already completed).
    public func close(_ reason: String) -> Abandoned {
        state.withLock { state in
            state.closed = true
            if state.outcome == .committed { state.outcome = .failed(reason) }
            state.open = []
            state.ready = []
            defer { state.attempts = [] }
            return Abandoned(acquired: state.acquired, attempts: state.attempts)
        }
    }

    /// What an abandoned unit leaves to release.
    public struct Abandoned: Sendable {
        /// Claims acquired.
        public var acquired: [(key: String, token: ClaimToken)]
        /// Claim queries that had not answered when the unit was closed.
        public var attempts: [ClaimAttempt]

        /// The claims held once every attempt has answered: the acquired ones and the attempts that
        /// acquired theirs (an attempt that failed or found the key taken holds nothing).
        public func claims() async -> [(key: String, token: ClaimToken)] {
            var claims = acquired
            for attempt in attempts {
                if case .acquired(let token)? = try? await attempt.task.value { claims.append((attempt.key, token)) }
            }
            return claims
        }
    }

    /// One claim query, run apart from the request's task so that cancelling the request does not
    /// leave a claim the database made but the request never learnt of.
    public struct ClaimAttempt: Sendable {
        /// The idempotency key being claimed.
        public let key: String
        /// The owner token the claim is made under.
        public let token: ClaimToken
        /// The claim query (bounded by the query timeout).
        public let task: Task<IdempotencyClaimResult, any Error>
    }
}
