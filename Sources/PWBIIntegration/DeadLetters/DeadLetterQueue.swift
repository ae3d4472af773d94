#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where deliveries that could not be processed are kept for review and replay — the
/// reference framework's `integration_failures` table — for incoming webhooks the receiver
/// gave up on and for outgoing webhooks whose retries were exhausted.
///
/// Check an implementation with ``DeadLetterQueueContract/check(concurrency:_:)``.
public protocol DeadLetterQueue: Sendable {
    /// Stores `letter`. Its ``DeadLetter/id`` is unique; enqueuing an id that is already held replaces that entry.
    func enqueue(_ letter: DeadLetter) async throws

    /// Up to `limit` entries, oldest ``DeadLetter/failedAt`` first (ties in enqueue order);
    /// all of them when `limit` is nil.
    func list(limit: Int?) async throws -> [DeadLetter]

    /// The entry with `id`, if held.
    func entry(id: String) async throws -> DeadLetter?

    /// Removes the entry with `id` (after a successful replay or a manual discard); false if it was not held.
    func remove(id: String) async throws -> Bool

    /// Records another failed attempt of entry `id`: increments ``DeadLetter/attempts``, replaces
    /// the reason and sets ``DeadLetter/lastAttemptAt``; false if it was not held.
    func recordFailure(id: String, reason: String, at: Date) async throws -> Bool
}

/// A delivery that failed, with everything needed to replay it exactly: the raw body bytes and
/// headers as received (or as they were to be sent), never re-serialised.
public struct DeadLetter: Sendable, Hashable, Identifiable {
    /// Unique id (see ``DeadLetter/makeID()``).
    public var id: String
    /// The source name of an incoming delivery, or the destination of an outgoing one.
    public var source: String
    /// The tenant the delivery belongs to, when known.
    public var tenant: String?
    /// The headers as received or as to be sent, in order, names in their original case.
    public var headers: [HTTPHeaderField]
    /// The raw body bytes.
    public var body: [UInt8]
    /// Why it failed, for the operator (never a secret).
    public var reason: String
    /// How many attempts failed so far.
    public var attempts: Int
    /// When it was dead-lettered.
    public var failedAt: Date
    /// When the last attempt failed (the enqueue time until a replay fails).
    public var lastAttemptAt: Date

    /// A delivery kept for replay, with why it failed and how often.
    public init(
        id: String = DeadLetter.makeID(),
        source: String,
        tenant: String? = nil,
        headers: [HTTPHeaderField],
        body: [UInt8],
        reason: String,
        attempts: Int = 1,
        failedAt: Date,
        lastAttemptAt: Date? = nil
    ) {
        self.id = id
        self.source = source
        self.tenant = tenant
        self.headers = headers
        self.body = body
        self.reason = reason
        self.attempts = attempts
        self.failedAt = failedAt
        self.lastAttemptAt = lastAttemptAt ?? failedAt
    }

    /// A fresh random id: `dl_` and 32 hex digits from the system's secure generator.
    public static func makeID() -> String {
        "dl_" + ClaimToken.random().rawValue
    }
}
