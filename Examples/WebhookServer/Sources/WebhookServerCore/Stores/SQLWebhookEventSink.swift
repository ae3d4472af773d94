#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// A ``WebhookEventSink`` in the `webhook_events` table: payment notifications and inventory
/// updates as their canonical unified JSON. The receiver's idempotency claim guarantees one row per event.
public struct SQLWebhookEventSink: WebhookEventSink {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    public func store(_ event: MappedEvent, tenant: String, source: String, now: Date) async throws -> String {
        let id = "evt_" + ClaimToken.random().rawValue
        let kind = switch event {
        case .transaction, .transactions: "transaction"
        case .inventory: "inventory_update"
        case .payment: "payment_event"
        }
        try await database.query(
            "INSERT INTO webhook_events (id, tenant, source, kind, document, stored_at) VALUES ($1, $2, $3, $4, $5, $6)",
            [.text(id), .text(tenant), .text(source), .text(kind), .text(UnifiedJSON.encode(event)), .instant(now)]
        )
        return id
    }
}
