#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An audit trail with one record per delivery — the Karage module's `karage.pos.webhook.log`.
///
/// The receiver writes it; it never contains a secret or a signature, and contains the body
/// only when the receiver is configured to keep it. Check an implementation with
/// ``WebhookLogContract/check(concurrency:_:)``.
public protocol WebhookLog: Sendable {
    /// Appends one record.
    func append(_ entry: WebhookLogEntry) async throws

    /// Up to `limit` records, most recent ``WebhookLogEntry/receivedAt`` first (ties: last appended first).
    func recent(limit: Int) async throws -> [WebhookLogEntry]
}

/// How a delivery ended, as the audit log and metrics count it.
public enum WebhookOutcome: String, Sendable, Hashable, CaseIterable {
    /// Processed and stored now (200).
    case processed
    /// A repeat of a completed delivery; the stored response was replayed (200).
    case duplicate
    /// The same key is being processed by another delivery (409).
    case inProgress = "in_progress"
    /// The same key arrived with a different payload (422).
    case conflict
    /// Rejected because of what the sender sent: signature, key, JSON, field, validation, size, unknown source (400/401/404/413).
    case rejected
    /// The host's store failed; nothing was kept and the sender should retry (503).
    case unavailable
}

/// One audit record.
public struct WebhookLogEntry: Sendable, Hashable {
    /// When the delivery arrived.
    public var receivedAt: Date
    /// The source name the delivery was addressed to.
    public var source: String
    /// The tenant, when known.
    public var tenant: String?
    /// How it ended.
    public var outcome: WebhookOutcome
    /// The HTTP status returned.
    public var status: Int
    /// How long the receiver took.
    public var duration: Duration
    /// The idempotency key derived for it, when the pipeline got that far.
    public var idempotencyKey: String?
    /// The event type, when known.
    public var eventType: String?
    /// The internal id of the stored transaction, when there is one.
    public var internalID: String?
    /// Why it was not processed (never contains a secret or an expected signature).
    public var errorMessage: String?
    /// The size of the raw body in bytes.
    public var bodySize: Int
    /// The raw body, only when the receiver is configured to log bodies.
    public var body: [UInt8]?

    /// An audit record of one delivery.
    public init(
        receivedAt: Date,
        source: String,
        tenant: String? = nil,
        outcome: WebhookOutcome,
        status: Int,
        duration: Duration,
        idempotencyKey: String? = nil,
        eventType: String? = nil,
        internalID: String? = nil,
        errorMessage: String? = nil,
        bodySize: Int,
        body: [UInt8]? = nil
    ) {
        self.receivedAt = receivedAt
        self.source = source
        self.tenant = tenant
        self.outcome = outcome
        self.status = status
        self.duration = duration
        self.idempotencyKey = idempotencyKey
        self.eventType = eventType
        self.internalID = internalID
        self.errorMessage = errorMessage
        self.bodySize = bodySize
        self.body = body
    }
}

/// A ``WebhookLog`` in process memory that keeps the most recent `capacity` records.
public actor InMemoryWebhookLog: WebhookLog {
    private var entries: [WebhookLogEntry] = []
    private var start = 0
    /// The most records kept; older ones are dropped first.
    public nonisolated let capacity: Int

    /// A log keeping the most recent `capacity` entries.
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    public func append(_ entry: WebhookLogEntry) {
        if entries.count < capacity {
            entries.append(entry)
        } else {
            entries[start] = entry
            start = (start + 1) % capacity
        }
    }

    public func recent(limit: Int) -> [WebhookLogEntry] {
        let chronological = Array(entries[start...] + entries[..<start])
        let ordered = chronological.enumerated().sorted {
            ($0.element.receivedAt, $0.offset) > ($1.element.receivedAt, $1.offset)
        }.map(\.element)
        return Array(ordered.prefix(max(0, limit)))
    }

    /// Every record held, oldest appended first.
    public var all: [WebhookLogEntry] { Array(entries[start...] + entries[..<start]) }
}
