#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PWBISignatures
#if os(Linux) && canImport(Glibc)
import Glibc
#endif

/// Where the receiver remembers which deliveries it has seen, so that each one is processed
/// exactly once however often, and however concurrently, the sender repeats it.
///
/// A key moves through three states: absent → *processing* (claimed by one owner) →
/// *completed* (with the response that was returned), or back to absent when the owner
/// releases it. Implementations must make ``claim(_:)`` atomic: of any number of concurrent
/// claims of an absent key, across every replica of the host, exactly one is acquired.
///
/// Time is always passed in (`now`), never read by the store, so a store is deterministic
/// under test and every replica agrees on the receiver's clock. Check an implementation
/// with ``IdempotencyStoreContract/check(concurrency:_:)``.
public protocol IdempotencyStore: Sendable {
    /// Atomically claims `claim.key`:
    /// - absent, or *processing* but claimed before ``IdempotencyClaim/staleBefore`` (an
    ///   abandoned claim: its owner crashed or hung) → record *processing* with
    ///   `claim.token`, fingerprint and `claimedAt = claim.now`; return ``IdempotencyClaimResult/acquired(_:)``;
    /// - present with a different fingerprint → ``IdempotencyClaimResult/fingerprintMismatch``;
    /// - *processing* (not stale) → ``IdempotencyClaimResult/inProgress(since:)``;
    /// - *completed* → ``IdempotencyClaimResult/completed(_:)`` with the stored response, byte for byte.
    func claim(_ claim: IdempotencyClaim) async throws -> IdempotencyClaimResult

    /// Marks `key` completed with `response`, only if it is *processing* and owned by `token`;
    /// otherwise (absent, released, reclaimed by another owner, already completed) changes
    /// nothing and returns ``IdempotencyFinish/notOwner``.
    func complete(key: String, token: ClaimToken, response: StoredResponse, now: Date) async throws -> IdempotencyFinish

    /// Removes a *processing* claim owned by `token`, so the next delivery can acquire it;
    /// otherwise changes nothing and returns ``IdempotencyFinish/notOwner``.
    func release(key: String, token: ClaimToken) async throws -> IdempotencyFinish

    /// Deletes every record whose last change (claim or completion) is before `cutoff`;
    /// returns how many were deleted.
    func purge(before cutoff: Date) async throws -> Int

    /// The current record of `key`, for diagnostics and tests.
    func record(forKey key: String) async throws -> IdempotencyRecord?
}

/// An owner's proof of a claim: only the holder may complete or release it.
public struct ClaimToken: Sendable, Hashable, CustomStringConvertible {
    /// The token's text.
    public let rawValue: String

    /// A token with the given text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// 128 bits from the system's cryptographically secure generator, as 32 hex digits.
    /// On Linux, one `getentropy` call for all 16 bytes (the generator makes one system call per
    /// 8 bytes, and a system call is most of a token's cost).
    public static func random() -> ClaimToken {
        #if os(Linux) && canImport(Glibc)
        var words: (UInt64, UInt64) = (0, 0)
        let filled = withUnsafeMutableBytes(of: &words) { bytes in
            bytes.baseAddress.map { getentropy($0, bytes.count) == 0 } ?? false
        }
        if filled { return ClaimToken(rawValue: hexString(words.0, words.1)) }
        #endif
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// 128 bits from `generator`, as 32 hex digits (deterministic generators for tests).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> ClaimToken {
        ClaimToken(rawValue: hexString(generator.next() as UInt64, generator.next() as UInt64))
    }

    public var description: String { rawValue }
}

/// What identifies a payload's content under an idempotency key: the lowercase hex SHA-256
/// of the raw body as received. The same key with a different fingerprint is a conflict (422).
public struct PayloadFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The lowercase hex SHA-256.
    public let rawValue: String

    /// A fingerprint with the given hex text.
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

/// The response returned for a completed delivery, replayed byte for byte to duplicates.
public struct StoredResponse: Sendable, Hashable {
    /// The HTTP status that was returned.
    public var status: Int
    /// The JSON body that was returned.
    public var body: [UInt8]

    /// A response to replay.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// One attempt to claim an idempotency key.
public struct IdempotencyClaim: Sendable, Hashable {
    /// The key, already namespaced by the caller (tenant, source, …).
    public var key: String
    /// The fingerprint of the payload delivered under this key.
    public var fingerprint: PayloadFingerprint
    /// The caller's fresh ownership token, recorded if the claim is acquired.
    public var token: ClaimToken
    /// The receiver's clock reading.
    public var now: Date
    /// How long a claim may stay *processing* before another delivery may take it over.
    public var processingTimeout: Duration

    /// A claim of `key` for the payload `fingerprint` by the owner `token`, at `now`.
    public init(key: String, fingerprint: PayloadFingerprint, token: ClaimToken, now: Date, processingTimeout: Duration) {
        self.key = key
        self.fingerprint = fingerprint
        self.token = token
        self.now = now
        self.processingTimeout = processingTimeout
    }

    /// A *processing* record claimed strictly before this instant is abandoned.
    public var staleBefore: Date { now.addingTimeInterval(-processingTimeout.timeInterval) }
}

/// The answer to ``IdempotencyStore/claim(_:)``.
public enum IdempotencyClaimResult: Sendable, Hashable {
    /// The caller owns the key now and must complete or release it.
    case acquired(ClaimToken)
    /// Another owner is processing the same payload (answer 409, retry later).
    case inProgress(since: Date)
    /// The same payload was processed already; replay this response.
    case completed(StoredResponse)
    /// The key was used with a different payload (answer 422).
    case fingerprintMismatch
}

/// The answer to ``IdempotencyStore/complete(key:token:response:now:)`` and ``IdempotencyStore/release(key:token:)``.
public enum IdempotencyFinish: Sendable, Hashable {
    /// The owner's claim was completed or released.
    case done
    /// The caller does not own a *processing* claim of this key; nothing changed.
    case notOwner
}

/// A stored idempotency record.
public struct IdempotencyRecord: Sendable, Hashable {
    /// Where a key is in its life.
    public enum State: Sendable, Hashable {
        /// Claimed by `owner`, not finished.
        case processing(owner: ClaimToken)
        /// Finished; duplicates get `response`.
        case completed(StoredResponse)
    }

    /// The idempotency key.
    public var key: String
    /// The fingerprint of the payload it was claimed for.
    public var fingerprint: PayloadFingerprint
    /// Processing (with its owner) or completed (with its response).
    public var state: State
    /// When the current claim was acquired.
    public var claimedAt: Date
    /// When it was completed, if it was.
    public var completedAt: Date?

    /// A record as a store holds it.
    public init(key: String, fingerprint: PayloadFingerprint, state: State, claimedAt: Date, completedAt: Date? = nil) {
        self.key = key
        self.fingerprint = fingerprint
        self.state = state
        self.claimedAt = claimedAt
        self.completedAt = completedAt
    }

    /// The last change: completion if completed, else the claim.
    public var lastChange: Date { completedAt ?? claimedAt }
}

/// How long claims may stay processing and how long records are kept — the Karage module's
/// "Processing Timeout" (default 5 minutes) and "Record Retention" (default 30 days; 0 disables cleanup).
public struct IdempotencyPolicy: Sendable, Hashable {
    /// A claim older than this may be taken over by a new delivery. Default 5 minutes.
    public var processingTimeout: Duration
    /// Records whose last change is older than this are purged; `.zero` disables purging. Default 30 days.
    public var retention: Duration

    /// A policy; the defaults are the Karage module's (5 minutes, 30 days).
    public init(processingTimeout: Duration = .seconds(5 * 60), retention: Duration = .seconds(30 * 24 * 60 * 60)) {
        self.processingTimeout = processingTimeout
        self.retention = retention
    }

    /// The cutoff for ``IdempotencyStore/purge(before:)`` at `now`, or nil when retention is disabled.
    public func purgeCutoff(now: Date) -> Date? {
        retention <= .zero ? nil : now.addingTimeInterval(-retention.timeInterval)
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for date arithmetic.
    var timeInterval: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// Lowercase hex of a 64-bit value, always 16 digits.
func hexString(_ value: UInt64) -> String {
    hexString(prefix: "", value)
}

/// `prefix` followed by the lowercase hex of `value` (16 digits), built in place.
func hexString(prefix: StaticString, _ value: UInt64) -> String {
    let count = prefix.utf8CodeUnitCount
    return String(unsafeUninitializedCapacity: count + 16) { buffer in
        prefix.withUTF8Buffer { head in
            for index in 0..<count { buffer[index] = head[index] }
        }
        writeHex(value, into: buffer, at: count)
        return count + 16
    }
}

/// The lowercase hex of `first` then `second`, 32 digits, built in place.
func hexString(_ first: UInt64, _ second: UInt64) -> String {
    String(unsafeUninitializedCapacity: 32) { buffer in
        writeHex(first, into: buffer, at: 0)
        writeHex(second, into: buffer, at: 16)
        return 32
    }
}

/// Writes the 16 lowercase hex digits of `value` at `start` (the buffer holds at least `start + 16`).
private func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
    for position in 0..<16 {
        let digit = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * position)) & 0xF
        buffer[start + position] = digit < 10 ? 0x30 + digit : 0x57 + digit
    }
}

extension PayloadFingerprint {
    /// The lowercase hex SHA-256 of `body`, the raw bytes as received.
    public init(body: some Sequence<UInt8>) {
        self.init(rawValue: SHA256.hash(data: body).hexString)
    }
}
