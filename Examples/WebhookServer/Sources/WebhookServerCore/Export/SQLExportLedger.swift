#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The kit's ``AccountingExportLedger`` in the `export_ledger` table (migration 9), scoped to one
/// accounting integration: two merchants' Accurate databases both hold a `JKT-01-20261201`, so the
/// key is integration + target + reference. Beside it, the integration's posts in flight
/// (`export_attempts`) and its completed days (`export_days`).
///
/// Each operation is one statement, so it is atomic across replicas.
public struct SQLExportLedger: AccountingExportLedger {
    public let database: any SQLDatabase
    /// The integration whose records these are.
    public let integration: String

    /// The ledger of `integration` in `database`.
    public init(database: any SQLDatabase, integration: String) {
        self.database = database
        self.integration = integration
    }

    public func record(target: AccountingTarget, reference: String) async throws -> AccountingExportRecord? {
        try await database.first(
            "SELECT target, reference, fingerprint, remote_id, exported_at FROM export_ledger WHERE integration_id = $1 AND target = $2 AND reference = $3",
            [.text(integration), .text(target.rawValue), .text(reference)]
        ).map(Self.record)
    }

    public func save(_ record: AccountingExportRecord) async throws {
        try await database.query(
            """
            INSERT INTO export_ledger (integration_id, target, reference, fingerprint, remote_id, exported_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (integration_id, target, reference) DO UPDATE SET
                fingerprint = excluded.fingerprint, remote_id = excluded.remote_id, exported_at = excluded.exported_at
            """,
            [
                .text(integration), .text(record.target.rawValue), .text(record.reference), .text(record.fingerprint),
                .optionalText(record.remoteID), .instant(record.exportedAt),
            ]
        )
    }

    /// Every record of the integration, by target and reference.
    public func records() async throws -> [AccountingExportRecord] {
        let order = database.dialect == .postgres ? #" ORDER BY target, reference COLLATE "C""# : " ORDER BY target, reference"
        return try await database.query(
            "SELECT target, reference, fingerprint, remote_id, exported_at FROM export_ledger WHERE integration_id = $1" + order,
            [.text(integration)]
        ).map(Self.record)
    }

    // MARK: Posts in flight

    /// Records that `references` are about to be posted, while the lease `lease` is still held at
    /// `now`; false (nothing written) when it is not — then nothing may be posted.
    public func beginAttempts(
        _ entries: [(reference: String, fingerprint: String)], target: AccountingTarget, lease: Lease, now: Date
    ) async throws -> Bool {
        for entry in entries {
            let written = try await database.query(
                """
                INSERT INTO export_attempts (integration_id, target, reference, fingerprint, attempted_at)
                SELECT $1, $2, $3, $4, $5 WHERE \(SQLLeases.heldCondition(name: "$6", owner: "$7", now: "$5"))
                ON CONFLICT (integration_id, target, reference) DO UPDATE SET
                    fingerprint = excluded.fingerprint, attempted_at = excluded.attempted_at
                RETURNING reference
                """,
                [
                    .text(integration), .text(target.rawValue), .text(entry.reference), .text(entry.fingerprint), .instant(now),
                    .text(lease.name), .text(lease.owner),
                ]
            )
            if written.isEmpty { return false }
        }
        return true
    }

    /// When a post of `reference` was begun whose outcome was never recorded (the answer may have
    /// been lost: a timeout, a crash); nil when there is none.
    public func attempt(target: AccountingTarget, reference: String) async throws -> Date? {
        try await database.first(
            "SELECT attempted_at FROM export_attempts WHERE integration_id = $1 AND target = $2 AND reference = $3",
            [.text(integration), .text(target.rawValue), .text(reference)]
        ).map { try $0.instant(0) }
    }

    /// Forgets the attempt at `reference`: its outcome is known (saved and recorded, or refused).
    public func endAttempt(target: AccountingTarget, reference: String) async throws {
        try await database.query(
            "DELETE FROM export_attempts WHERE integration_id = $1 AND target = $2 AND reference = $3",
            [.text(integration), .text(target.rawValue), .text(reference)]
        )
    }

    // MARK: Days

    /// Marks the local `day` (`YYYY-MM-DD`) as completely exported.
    public func completeDay(_ day: String, entries: Int, conflicts: Int, now: Date) async throws {
        try await database.query(
            """
            INSERT INTO export_days (integration_id, day, entries, conflicts, completed_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (integration_id, day) DO UPDATE SET
                entries = excluded.entries, conflicts = excluded.conflicts, completed_at = excluded.completed_at
            """,
            [.text(integration), .text(day), .int(entries), .int(conflicts), .instant(now)]
        )
    }

    /// The completed days, oldest first.
    public func completedDays() async throws -> [ExportedDay] {
        try await database.query(
            "SELECT day, entries, conflicts, completed_at FROM export_days WHERE integration_id = $1 ORDER BY day",
            [.text(integration)]
        ).map { row in
            ExportedDay(day: try row.text(0), entries: Int(try row.integer(1)), conflicts: Int(try row.integer(2)), completedAt: try row.instant(3))
        }
    }

    static func record(_ row: SQLRow) throws -> AccountingExportRecord {
        AccountingExportRecord(
            target: AccountingTarget(rawValue: try row.text(0)), reference: try row.text(1), fingerprint: try row.text(2),
            remoteID: try row.optionalText(3), exportedAt: try row.instant(4)
        )
    }
}

/// A local day whose journal was completely exported.
public struct ExportedDay: Sendable, Hashable {
    /// `YYYY-MM-DD` in the integration's zone.
    public var day: String
    /// How many entries the day's journal had.
    public var entries: Int
    /// How many of them had changed since an earlier export (never re-sent; for an accountant).
    public var conflicts: Int
    /// When the day was completed.
    public var completedAt: Date

    /// A completed day.
    public init(day: String, entries: Int, conflicts: Int, completedAt: Date) {
        self.day = day
        self.entries = entries
        self.conflicts = conflicts
        self.completedAt = completedAt
    }
}
