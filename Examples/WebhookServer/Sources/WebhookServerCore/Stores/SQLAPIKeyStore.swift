#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// An ``APIKeyStore`` in the `api_keys` table: only the SHA-256 of each key is stored.
public struct SQLAPIKeyStore: APIKeyStore {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    public func insert(_ record: APIKeyRecord) async throws -> Bool {
        try await database.first(
            """
            INSERT INTO api_keys (id, secret_hash, description, tenant, created_at, expires_at, revoked_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            [
                .text(record.id), .text(record.secretHash), .text(record.description), .text(record.tenant),
                .instant(record.createdAt), .optionalInstant(record.expiresAt), .optionalInstant(record.revokedAt),
            ]
        ) != nil
    }

    public func record(id: String) async throws -> APIKeyRecord? {
        try await database.first(Self.select + " WHERE id = $1", [.text(id)]).map(Self.record)
    }

    public func list(tenant: String?) async throws -> [APIKeyRecord] {
        // Byte order for ties, as Swift compares the ids (PostgreSQL's default collation may not be).
        let order = database.dialect == .postgres ? #" ORDER BY created_at, id COLLATE "C""# : " ORDER BY created_at, id"
        if let tenant {
            return try await database.query(Self.select + " WHERE tenant = $1" + order, [.text(tenant)]).map(Self.record)
        }
        return try await database.query(Self.select + order, []).map(Self.record)
    }

    public func revoke(id: String, at: Date) async throws -> Bool {
        try await database.first(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id", [.text(id), .instant(at)]
        ) != nil
    }

    static let select = "SELECT id, secret_hash, description, tenant, created_at, expires_at, revoked_at FROM api_keys"

    static func record(_ row: SQLRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.text(0), secretHash: try row.text(1), description: try row.text(2), tenant: try row.text(3),
            createdAt: try row.instant(4), expiresAt: try row.optionalInstant(5), revokedAt: try row.optionalInstant(6)
        )
    }
}
