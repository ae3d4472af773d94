#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// A ``WebhookEventSink`` in the `webhook_events` table: payment notifications and inventory
/// updates as their canonical unified JSON, under a deterministic id (unique): inside a request,
/// derived from the delivery's idempotency key and written by its fenced commit, so a replica that
/// takes over the claim writes the same row; outside, derived from the event's content.
public struct SQLWebhookEventSink: WebhookEventSink {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    public func store(_ event: MappedEvent, tenant: String, source: String, now: Date) async throws -> String {
        let kind = switch event {
        case .transaction, .transactions: "transaction"
        case .inventory: "inventory_update"
        case .payment: "payment_event"
        }
        let document = UnifiedJSON.encode(event)
        if let unit = DeliveryUnit.current, let key = unit.openKey {
            let id = FencedCommit.eventID(forKey: key)
            if unit.record(.event(id: id, tenant: tenant, source: source, kind: kind, document: document, now: now)) { return id }
        }
        let id = FencedCommit.eventID(forKey: "content/" + [tenant, source, kind, document].map { "\($0.utf8.count):\($0)" }.joined())
        try await database.query(
            "INSERT INTO webhook_events (id, tenant, source, kind, document, stored_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
            [.text(id), .text(tenant), .text(source), .text(kind), .text(document), .instant(now)]
        )
        return id
    }
}
