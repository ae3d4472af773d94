#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A named lease held by one owner until it expires: how replicas agree that only one of them runs
/// a given schedule (one integration's polling, the forwarder, the daily export) at a time, and how
/// a dead replica's work is taken over once its lease runs out.
public struct Lease: Sendable, Hashable {
    /// What is leased, e.g. `poll:qasir-main`.
    public var name: String
    /// The holder (a replica's id plus a random part, unique per process).
    public var owner: String
    /// When it lapses unless renewed.
    public var expiresAt: Date
}

/// Leases in the `leases` table (migration 3). Each operation is one statement, so it is atomic
/// across processes; time comes from the caller so tests can move it.
public struct SQLLeases: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Takes `name` for `owner` until `now + duration` if it is free, lapsed, or already `owner`'s;
    /// nil when another owner holds it.
    public func acquire(_ name: String, owner: String, now: Date, duration: Duration) async throws -> Lease? {
        let expires = now.addingTimeInterval(duration.seconds)
        let row = try await database.first(
            """
            INSERT INTO leases (name, owner, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.expires_at <= $4 OR leases.owner = excluded.owner
            RETURNING owner
            """,
            [.text(name), .text(owner), .instant(expires), .instant(now)]
        )
        return row == nil ? nil : Lease(name: name, owner: owner, expiresAt: expires)
    }

    /// Extends `lease` to `now + duration`; nil if it was lost (lapsed and taken by another owner).
    public func renew(_ lease: Lease, now: Date, duration: Duration) async throws -> Lease? {
        let expires = now.addingTimeInterval(duration.seconds)
        let row = try await database.first(
            "UPDATE leases SET expires_at = $3 WHERE name = $1 AND owner = $2 RETURNING name",
            [.text(lease.name), .text(lease.owner), .instant(expires)]
        )
        return row == nil ? nil : Lease(name: lease.name, owner: lease.owner, expiresAt: expires)
    }

    /// Gives `lease` up so another replica may take it at once (nothing happens if it was lost).
    public func release(_ lease: Lease) async throws {
        try await database.query("DELETE FROM leases WHERE name = $1 AND owner = $2", [.text(lease.name), .text(lease.owner)])
    }

    /// The current holder of `name` and its expiry, if any row exists.
    public func holder(of name: String) async throws -> Lease? {
        guard let row = try await database.first("SELECT owner, expires_at FROM leases WHERE name = $1", [.text(name)]) else { return nil }
        return Lease(name: name, owner: try row.text(0), expiresAt: try row.instant(1))
    }

    /// A SQL condition true only while the lease (name `$name`, owner `$owner`) is held at `$now`,
    /// for fencing a write: `UPDATE cursors SET … WHERE … AND <condition>` writes nothing once the
    /// lease was lost. Pass the placeholders of your statement, e.g. `("$5", "$6", "$7")`.
    public static func heldCondition(name: String, owner: String, now: String) -> String {
        "EXISTS (SELECT 1 FROM leases WHERE leases.name = \(name) AND leases.owner = \(owner) AND leases.expires_at > \(now))"
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (for instants, never for money).
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
