#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// `GET /health`: is the database reachable, and — per webhook source — the kit's integration
/// diagnostics over what the audit log shows (last accepted delivery, consecutive store failures).
/// 200 when the database answers, 503 when it does not.
enum HealthReport {
    /// How many recent audit records the per-source view reads.
    static let window = 2000

    static func render(app: WebhookServerApp, now: Date) async -> (Int, [UInt8]) {
        var json = JSONWriter()
        json.beginObject()
        json.member("replica", app.configuration.replica)
        json.member("database", app.storage.database.dialect.rawValue)
        let entries: [WebhookLogEntry]
        do {
            _ = try await app.storage.database.query("SELECT 1", [])
            entries = try await app.storage.log.recent(limit: window)
        } catch {
            json.member("status", "unavailable")
            json.member("error", "database unreachable")
            json.endObject()
            return (503, json.bytes)
        }
        json.member("status", "ok")
        json.key("integrations")
        json.beginArray()
        let diagnostics = IntegrationDiagnostics()
        for source in app.sourceNames.sorted() {
            let state = state(for: source, tenant: app.configuration.tenant, entries: entries.filter { $0.source == source })
            let report = diagnostics.report(for: state, now: now)
            json.beginObject()
            json.member("source_system", source)
            json.member("tenant", app.configuration.tenant)
            json.member("status", report.status.rawValue)
            if let last = state.lastSuccessAt {
                json.key("last_delivery_age_seconds")
                json.number(Int(max(0, now.timeIntervalSince(last))))
            }
            json.key("consecutive_failures")
            json.number(state.consecutiveFailures)
            json.key("findings")
            json.beginArray()
            for finding in report.findings {
                json.beginObject()
                json.member("severity", finding.severity.description)
                json.member("code", finding.entry.code)
                json.member("detail", finding.detail)
                json.member("solution", finding.entry.solution)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        if let oauth = app.oauth {
            OAuthHealth.render(try? await oauth.connections(), now: now, into: &json)
        }
        json.endObject()
        return (200, json.bytes)
    }

    /// The source's state as its deliveries show it: accepted deliveries are successes; deliveries the
    /// host failed to store (503) are failures; what the sender got wrong says nothing about the integration.
    static func state(for source: String, tenant: String, entries: [WebhookLogEntry]) -> IntegrationState {
        var state = IntegrationState(id: IntegrationID(tenant: tenant, sourceSystem: source))
        state.lastAttemptAt = entries.first?.receivedAt
        state.lastSuccessAt = entries.first { $0.outcome == .processed || $0.outcome == .duplicate }?.receivedAt
        state.consecutiveFailures = entries.prefix { $0.outcome != .processed && $0.outcome != .duplicate }
            .count { $0.outcome == .unavailable }
        return state
    }
}
