#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `integrations` table (migration 4): configured integrations, read by the schedules at start
/// and whenever ``changeMark()`` moves.
public struct SQLIntegrationStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) { self.database = database }

    /// Adds `record`; false when an integration with its id exists (nothing changed).
    public func add(_ record: IntegrationRecord) async throws -> Bool {
        try record.validate()
        return try await database.query(
            """
            INSERT INTO integrations (id, tenant, system, credentials, every_seconds, zone, currency, outlets, base_url, settings, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            [
                .text(record.id), .text(record.tenant), .text(record.system), .text(record.credentials.description),
                .int(record.everySeconds), .text(record.zone), .text(record.currency), .text(record.outlets.joined(separator: ",")),
                .optionalText(record.baseURL), .text(Self.encode(record.settings)), .instant(record.createdAt),
            ]
        ).count == 1
    }

    /// Removes the integration `id`; false when there was none.
    public func remove(id: String) async throws -> Bool {
        try await database.query("DELETE FROM integrations WHERE id = $1 RETURNING id", [.text(id)]).count == 1
    }

    /// The integration `id`, if configured.
    public func record(id: String) async throws -> IntegrationRecord? {
        try await database.query(Self.select + " WHERE id = $1", [.text(id)]).first.map(Self.record)
    }

    /// Every integration (of `tenant`, when given), by id.
    public func list(tenant: String? = nil) async throws -> [IntegrationRecord] {
        let order = database.dialect == .postgres ? #" ORDER BY id COLLATE "C""# : " ORDER BY id"
        if let tenant {
            return try await database.query(Self.select + " WHERE tenant = $1" + order, [.text(tenant)]).map(Self.record)
        }
        return try await database.query(Self.select + order, []).map(Self.record)
    }

    /// A value that changes whenever an integration is added or removed (count and newest creation),
    /// cheap enough to poll.
    public func changeMark() async throws -> String {
        guard let row = try await database.query("SELECT COUNT(*), MAX(created_at) FROM integrations", []).first else { return "" }
        return "\(try row.integer(0))/\(try row.optionalInstant(1)?.timeIntervalSinceReferenceDate ?? 0)"
    }

    static let select = "SELECT id, tenant, system, credentials, every_seconds, zone, currency, outlets, base_url, settings, created_at FROM integrations"

    static func record(_ row: SQLRow) throws -> IntegrationRecord {
        let outlets = try row.text(7)
        return IntegrationRecord(
            id: try row.text(0), tenant: try row.text(1), system: try row.text(2),
            credentials: try CredentialReference(parsing: try row.text(3)), everySeconds: Int(try row.integer(4)),
            zone: try row.text(5), currency: try row.text(6),
            outlets: outlets.isEmpty ? [] : outlets.split(separator: ",").map(String.init),
            baseURL: try row.optionalText(8), settings: try decode(try row.text(9)), createdAt: try row.instant(10)
        )
    }

    /// Settings as `name=value` lines (names and values may not hold line breaks; `=` splits once).
    static func encode(_ settings: [String: String]) -> String {
        settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    static func decode(_ text: String) throws(SQLStoreError) -> [String: String] {
        var settings: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { throw .corrupt("integrations.settings line without '='") }
            settings[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return settings
    }
}
