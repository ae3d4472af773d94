#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// The `oauth` member of the admin `/health` diagnostics: each connection's status (`active` or
/// `needs_reconnect` with the guide's remediation), when it was connected and when its token expires.
enum OAuthHealth {
    static func render(_ connections: [OAuthConnection]?, now: Date, into json: inout JSONWriter) {
        json.key("oauth")
        guard let connections else {
            json.beginObject()
            json.member("error", "the OAuth connections could not be read")
            json.endObject()
            return
        }
        json.beginArray()
        for connection in connections {
            json.beginObject()
            json.member("integration", connection.integration.account)
            json.member("tenant", connection.integration.tenant)
            json.member("source_system", connection.integration.sourceSystem)
            json.member("status", connection.status.rawValue)
            if let connected = connection.connectedAt {
                json.member("connected_at", connected.formatted(.iso8601))
            }
            if let expires = connection.expiresAt {
                json.key("token_expires_in_seconds")
                json.number(Int(expires.timeIntervalSince(now).rounded(.down)))
            }
            json.key("refreshable")
            json.bool(connection.refreshable)
            json.member("key_id", connection.keyID)
            if connection.status == .needsReconnect {
                let entry = TroubleshootingEntry.credentialsExpired
                json.member("reason", connection.reason)
                json.member("code", entry.code)
                json.member("solution", entry.steps.map { "\(entry.solution) (\($0))" } ?? entry.solution)
            }
            json.endObject()
        }
        json.endArray()
    }
}
