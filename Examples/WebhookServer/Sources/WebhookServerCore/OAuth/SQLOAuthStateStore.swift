#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The kit's ``OAuthStateStore`` over the `oauth_states` table (migration 7): pending connects
/// under their state, shared by every replica, so the callback may land on any of them.
///
/// ``consume(state:now:)`` is one `UPDATE … WHERE used_at IS NULL AND expires_at > now RETURNING`,
/// so of concurrent callbacks with one state exactly one wins, on SQLite and PostgreSQL alike.
/// A used state stays (as used) until ``purge(expiredBefore:)`` removes it after its expiry.
public struct SQLOAuthStateStore: OAuthStateStore {
    /// The database.
    public let database: any SQLDatabase

    /// A store over `database` (migrated).
    public init(database: any SQLDatabase) { self.database = database }

    public func insert(_ pending: PendingAuthorization) async throws {
        try await database.query(
            """
            INSERT INTO oauth_states (state, tenant, source_system, account, code_verifier, redirect_uri, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(pending.state), .text(pending.integration.tenant), .text(pending.integration.sourceSystem),
                .text(pending.integration.account), .optionalText(pending.codeVerifier?.revealed), .text(pending.redirectURI),
                .instant(pending.createdAt), .instant(pending.expiresAt),
            ]
        )
    }

    public func consume(state: String, now: Date) async throws -> OAuthStateLookup {
        if let row = try await database.first(
            """
            UPDATE oauth_states SET used_at = $2 WHERE state = $1 AND used_at IS NULL AND expires_at > $2
            RETURNING tenant, source_system, account, code_verifier, redirect_uri, created_at, expires_at
            """,
            [.text(state), .instant(now)]
        ) {
            return .valid(PendingAuthorization(
                state: state,
                integration: IntegrationID(tenant: try row.text(0), sourceSystem: try row.text(1), account: try row.text(2)),
                codeVerifier: try row.optionalText(3).map(SensitiveString.init), redirectURI: try row.text(4),
                createdAt: try row.instant(5), expiresAt: try row.instant(6)
            ))
        }
        guard let row = try await database.first("SELECT expires_at, used_at FROM oauth_states WHERE state = $1", [.text(state)]) else {
            return .unknown
        }
        if now >= (try row.instant(0)) { return .expired }
        return try row.optionalInstant(1) == nil ? .unknown : .alreadyUsed
    }

    /// The integration a pending or used `state` was issued for, without consuming it (nil when unknown).
    public func integration(forState state: String) async throws -> IntegrationID? {
        guard !state.isEmpty, let row = try await database.first(
            "SELECT tenant, source_system, account FROM oauth_states WHERE state = $1", [.text(state)]
        ) else { return nil }
        return IntegrationID(tenant: try row.text(0), sourceSystem: try row.text(1), account: try row.text(2))
    }

    public func purge(expiredBefore cutoff: Date) async throws -> Int {
        try await database.query("DELETE FROM oauth_states WHERE expires_at < $1 RETURNING state", [.instant(cutoff)]).count
    }
}
