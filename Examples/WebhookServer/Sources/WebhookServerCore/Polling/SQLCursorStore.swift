#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The kit's ``CursorStore`` in the `poll_cursors` table (migration 5), one row per integration
/// (tenant, system, outlet). Compare-and-set is one statement, so it is atomic across replicas.
///
/// With a ``fence`` the write also requires the schedule's lease to be held (see
/// ``SQLLeases/heldCondition(name:owner:now:)``): a replica that lost its lease while stalled in a
/// call cannot move the cursor after the new holder has, even if its expected value still matches.
public struct SQLCursorStore: CursorStore {
    /// The lease a write must still hold, and the clock it is checked against.
    public struct Fence: Sendable {
        /// The lease (its name and owner).
        public var lease: Lease
        /// The current time, compared with the lease's expiry in the database.
        public var now: @Sendable () -> Date

        /// A fence on `lease`.
        public init(lease: Lease, now: @escaping @Sendable () -> Date = { Date() }) {
            self.lease = lease
            self.now = now
        }
    }

    /// The database holding `poll_cursors` (and `leases`, for the fence).
    public let database: any SQLDatabase
    /// When set, writes happen only while this lease is held.
    public let fence: Fence?

    /// A store over `database`, fencing its writes on `fence` when given.
    public init(database: any SQLDatabase, fence: Fence? = nil) {
        self.database = database
        self.fence = fence
    }

    public func cursor(for integration: IntegrationID) async throws -> SyncCursor? {
        guard let row = try await database.first(
            "SELECT watermark, updated_at FROM poll_cursors WHERE tenant = $1 AND source_system = $2 AND account = $3",
            Self.key(integration)
        ) else { return nil }
        return SyncCursor(watermark: try row.instant(0), updatedAt: try row.instant(1))
    }

    public func compareAndSet(_ integration: IntegrationID, expected: SyncCursor?, new: SyncCursor) async throws -> Bool {
        var binds = Self.key(integration) + [.instant(new.watermark), .instant(new.updatedAt)]
        var condition = "1 = 1"
        if let fence {
            let first = binds.count + 1
            condition = SQLLeases.heldCondition(name: "$\(first)", owner: "$\(first + 1)", now: "$\(first + 2)")
            binds += [.text(fence.lease.name), .text(fence.lease.owner), .instant(fence.now())]
        }
        guard let expected else {
            return try await database.first(
                """
                INSERT INTO poll_cursors (tenant, source_system, account, watermark, updated_at)
                SELECT $1, $2, $3, $4, $5 WHERE \(condition)
                ON CONFLICT (tenant, source_system, account) DO NOTHING
                RETURNING account
                """,
                binds
            ) != nil
        }
        let first = binds.count + 1
        binds += [.instant(expected.watermark), .instant(expected.updatedAt)]
        return try await database.first(
            """
            UPDATE poll_cursors SET watermark = $4, updated_at = $5
            WHERE tenant = $1 AND source_system = $2 AND account = $3
              AND watermark = $\(first) AND updated_at = $\(first + 1) AND \(condition)
            RETURNING account
            """,
            binds
        ) != nil
    }

    public func removeCursor(for integration: IntegrationID) async throws {
        try await database.query("DELETE FROM poll_cursors WHERE tenant = $1 AND source_system = $2 AND account = $3", Self.key(integration))
    }

    static func key(_ integration: IntegrationID) -> [SQLValue] {
        [.text(integration.tenant), .text(integration.sourceSystem), .text(integration.account)]
    }
}
