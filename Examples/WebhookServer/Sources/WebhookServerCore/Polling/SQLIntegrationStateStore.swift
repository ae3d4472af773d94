#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The kit's ``IntegrationStateStore`` in the `integration_states` table (migration 5): each polled
/// integration's connection status, last attempt and success, last failure (kind, time, detail —
/// never a secret), recent 429s and back-off. A save is one upsert.
public struct SQLIntegrationStateStore: IntegrationStateStore {
    /// The database holding `integration_states`.
    public let database: any SQLDatabase

    /// A store over `database`.
    public init(database: any SQLDatabase) { self.database = database }

    public func state(for integration: IntegrationID) async throws -> IntegrationState? {
        try await database.first(Self.select + " WHERE tenant = $1 AND source_system = $2 AND account = $3", SQLCursorStore.key(integration))
            .map(Self.state)
    }

    public func save(_ state: IntegrationState) async throws {
        try await database.query(
            """
            INSERT INTO integration_states (\(Self.columns))
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (tenant, source_system, account) DO UPDATE SET
                connection = excluded.connection, last_attempt_at = excluded.last_attempt_at,
                last_success_at = excluded.last_success_at, consecutive_failures = excluded.consecutive_failures,
                failure_kind = excluded.failure_kind, failure_at = excluded.failure_at, failure_detail = excluded.failure_detail,
                rate_limits = excluded.rate_limits, backoff_until = excluded.backoff_until,
                credentials_expire_at = excluded.credentials_expire_at, last_delivery_at = excluded.last_delivery_at,
                connected_at = excluded.connected_at
            """,
            SQLCursorStore.key(state.id) + [
                .text(state.connection.rawValue), .optionalInstant(state.lastAttemptAt), .optionalInstant(state.lastSuccessAt),
                .int(state.consecutiveFailures), .optionalText(state.lastFailure?.kind.rawValue),
                .optionalInstant(state.lastFailure?.at), .optionalText(state.lastFailure?.detail),
                .text(state.recentRateLimits.map { String($0.timeIntervalSinceReferenceDate) }.joined(separator: " ")),
                .optionalInstant(state.backoffUntil), .optionalInstant(state.credentialsExpireAt),
                .optionalInstant(state.lastDeliveryAt), .optionalInstant(state.connectedAt),
            ]
        )
    }

    public func states(tenant: String?) async throws -> [IntegrationState] {
        let rows = if let tenant {
            try await database.query(Self.select + " WHERE tenant = $1", [.text(tenant)])
        } else {
            try await database.query(Self.select, [])
        }
        return try rows.map(Self.state).sorted { $0.id < $1.id }
    }

    public func removeState(for integration: IntegrationID) async throws {
        try await database.query(
            "DELETE FROM integration_states WHERE tenant = $1 AND source_system = $2 AND account = $3", SQLCursorStore.key(integration))
    }

    static let columns = """
        tenant, source_system, account, connection, last_attempt_at, last_success_at, consecutive_failures, \
        failure_kind, failure_at, failure_detail, rate_limits, backoff_until, credentials_expire_at, last_delivery_at, connected_at
        """
    static let select = "SELECT \(columns) FROM integration_states"

    static func state(_ row: SQLRow) throws -> IntegrationState {
        let id = IntegrationID(tenant: try row.text(0), sourceSystem: try row.text(1), account: try row.text(2))
        guard let connection = ConnectionStatus(rawValue: try row.text(3)) else {
            throw SQLStoreError.corrupt("integration_states.connection of \(id)")
        }
        var failure: SyncFailure?
        if let kindText = try row.optionalText(7) {
            guard let kind = SyncFailureKind(rawValue: kindText), let at = try row.optionalInstant(8) else {
                throw SQLStoreError.corrupt("integration_states.failure_kind of \(id)")
            }
            failure = SyncFailure(kind: kind, at: at, detail: try row.optionalText(9) ?? "")
        }
        var rateLimits: [Date] = []
        for part in try row.text(10).split(separator: " ") {
            guard let seconds = Double(part) else { throw SQLStoreError.corrupt("integration_states.rate_limits of \(id)") }
            rateLimits.append(Date(timeIntervalSinceReferenceDate: seconds))
        }
        return IntegrationState(
            id: id, connection: connection, lastAttemptAt: try row.optionalInstant(4), lastSuccessAt: try row.optionalInstant(5),
            consecutiveFailures: Int(try row.integer(6)), lastFailure: failure, recentRateLimits: rateLimits,
            backoffUntil: try row.optionalInstant(11), credentialsExpireAt: try row.optionalInstant(12),
            lastDeliveryAt: try row.optionalInstant(13), connectedAt: try row.optionalInstant(14)
        )
    }
}
