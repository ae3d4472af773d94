#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// A ``WebhookEventSink`` in process memory: keeps every inventory update and payment
/// notification it is given, with ids `evt_` and a 16-digit hex sequence number.
public actor InMemoryWebhookEventSink: WebhookEventSink {
    /// One stored event.
    public struct Entry: Sendable, Hashable {
        /// The id returned to the receiver.
        public let id: String
        /// The mapped event.
        public let event: MappedEvent
        /// Whose event it is.
        public let tenant: String
        /// The source it was delivered to.
        public let source: String
        /// When it was stored (the receiver's clock).
        public let storedAt: Date
    }

    private var entries: [Entry] = []

    /// An empty sink.
    public init() {}

    public func store(_ event: MappedEvent, tenant: String, source: String, now: Date) -> String {
        let id = "evt_" + hexString(UInt64(entries.count + 1))
        entries.append(Entry(id: id, event: event, tenant: tenant, source: source, storedAt: now))
        return id
    }

    /// Every event stored, in order.
    public var all: [Entry] { entries }
}
