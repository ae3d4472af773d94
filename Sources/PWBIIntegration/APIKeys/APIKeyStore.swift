#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where API keys are kept — only as SHA-256 hashes, never the key itself.
///
/// A key is shown once, when ``APIKeyIssuer`` creates it; afterwards only its public
/// ``APIKeyRecord/id`` and description identify it. Check an implementation with
/// ``APIKeyStoreContract/check(concurrency:_:)``.
public protocol APIKeyStore: Sendable {
    /// Stores a new record; returns false (and changes nothing) if its id is already taken.
    func insert(_ record: APIKeyRecord) async throws -> Bool

    /// The record with public id `id`, revoked or not.
    func record(id: String) async throws -> APIKeyRecord?

    /// The records of `tenant` (all tenants when nil), oldest ``APIKeyRecord/createdAt`` first, ties by id.
    func list(tenant: String?) async throws -> [APIKeyRecord]

    /// Marks the key revoked at `at` (a key already revoked keeps its first revocation time);
    /// returns false if no key has this id.
    func revoke(id: String, at: Date) async throws -> Bool
}

/// A stored API key: its public id, the SHA-256 of the whole key, and what it is for.
public struct APIKeyRecord: Sendable, Hashable, Identifiable {
    /// The public part of the key (`pwbi_<id>_<secret>`), safe to log and show.
    public var id: String
    /// Lowercase hex SHA-256 of the whole key string.
    public var secretHash: String
    /// What the key is for — "This description is the only way to identify the key later".
    public var description: String
    /// The tenant every delivery authenticated by this key belongs to.
    public var tenant: String
    /// When it was created.
    public var createdAt: Date
    /// When it stops working; nil for a persistent key.
    public var expiresAt: Date?
    /// When it was revoked, if it was.
    public var revokedAt: Date?

    /// A stored key: its public id, the hash of the whole key, and its metadata.
    public init(
        id: String, secretHash: String, description: String, tenant: String,
        createdAt: Date, expiresAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.secretHash = secretHash
        self.description = description
        self.tenant = tenant
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// An ``APIKeyStore`` in process memory.
public actor InMemoryAPIKeyStore: APIKeyStore {
    private var records: [String: APIKeyRecord] = [:]

    /// An empty store.
    public init() {}

    public func insert(_ record: APIKeyRecord) -> Bool {
        guard records[record.id] == nil else { return false }
        records[record.id] = record
        return true
    }

    public func record(id: String) -> APIKeyRecord? {
        records[id]
    }

    public func list(tenant: String?) -> [APIKeyRecord] {
        records.values
            .filter { tenant == nil || $0.tenant == tenant }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func revoke(id: String, at: Date) -> Bool {
        guard var record = records[id] else { return false }
        if record.revokedAt == nil {
            record.revokedAt = at
            records[id] = record
        }
        return true
    }
}
