#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PWBISignatures

/// A newly issued API key: the key itself, shown to the user exactly once, and the record
/// that was stored (which holds only its hash).
public struct IssuedAPIKey: Sendable, Hashable {
    /// The whole key, `pwbi_<16 hex id>_<43 base64url characters>`. Show it once; it is not stored.
    public let key: String
    /// What was stored.
    public let record: APIKeyRecord
}

/// Creates API keys: 256 secret bits from a cryptographically secure generator, a public id,
/// and only the SHA-256 of the whole key stored.
public struct APIKeyIssuer: Sendable {
    /// Where issued keys are recorded (hashed).
    public let store: any APIKeyStore

    /// An issuer recording keys in `store`.
    public init(store: any APIKeyStore) { self.store = store }

    /// Issues a key from the system's secure generator.
    public func issue(description: String, tenant: String, expiresAt: Date? = nil, now: Date) async throws -> IssuedAPIKey {
        var generator = SystemRandomNumberGenerator()
        return try await issue(description: description, tenant: tenant, expiresAt: expiresAt, now: now, using: &generator)
    }

    /// Issues a key from `generator` (a seeded one in tests; the system's secure one otherwise).
    /// A public id that is already taken is drawn again.
    public func issue<G: RandomNumberGenerator>(
        description: String, tenant: String, expiresAt: Date? = nil, now: Date, using generator: inout G
    ) async throws -> IssuedAPIKey {
        while true {
            let id = hexString(generator.next() as UInt64)
            var secret: [UInt8] = []
            secret.reserveCapacity(32)
            for _ in 0..<4 { withUnsafeBytes(of: (generator.next() as UInt64).littleEndian) { secret.append(contentsOf: $0) } }
            let key = APIKeyFormat.prefix + id + "_" + Base64URL.encode(secret)
            let record = APIKeyRecord(
                id: id, secretHash: SHA256.hash(utf8: key).hexString, description: description,
                tenant: tenant, createdAt: now, expiresAt: expiresAt
            )
            if try await store.insert(record) { return IssuedAPIKey(key: key, record: record) }
        }
    }
}

/// Why a presented API key was not accepted.
public enum APIKeyRejection: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No `X-API-KEY` header, or an empty one.
    case missing
    /// Not of the form `pwbi_<id>_<secret>`.
    case malformed
    /// No key has this id, or the secret does not match (indistinguishable by design).
    case invalid
    /// The key matched but its expiry has passed.
    case expired
    /// The key matched but was revoked.
    case revoked
    /// The key matched but belongs to another tenant than the one addressed.
    case wrongTenant = "wrong_tenant"

    /// The message a 401 response carries; it never echoes the key.
    public var description: String {
        switch self {
        case .missing, .malformed, .invalid: "Invalid or missing API key"
        case .expired: "API key expired"
        case .revoked: "API key revoked"
        case .wrongTenant: "API key is not valid for this tenant"
        }
    }
}

/// The outcome of checking a presented API key.
public enum APIKeyAuthentication: Sendable, Hashable {
    /// The key is valid; deliveries belong to the record's tenant.
    case authenticated(APIKeyRecord)
    /// The key was not accepted.
    case rejected(APIKeyRejection)
}

/// Checks `X-API-KEY` headers against an ``APIKeyStore``: looks the record up by the key's
/// public id, then compares the SHA-256 of the presented key with the stored hash in constant time.
public struct APIKeyAuthenticator: Sendable {
    /// The header the key travels in (matched case-insensitively).
    public static let headerName = "X-API-KEY"

    /// Where the hashed keys are looked up.
    public let store: any APIKeyStore

    /// An authenticator over `store`.
    public init(store: any APIKeyStore) { self.store = store }

    /// Checks the `X-API-KEY` header among `headers`; when `tenant` is given the key must belong to it.
    public func authenticate(headers: [HTTPHeaderField], tenant: String? = nil, now: Date) async throws -> APIKeyAuthentication {
        try await authenticate(key: headers.value(of: Self.headerName), tenant: tenant, now: now)
    }

    /// Checks one presented key.
    public func authenticate(key presented: String?, tenant: String? = nil, now: Date) async throws -> APIKeyAuthentication {
        guard let presented, !presented.isEmpty else { return .rejected(.missing) }
        guard let id = APIKeyFormat.id(of: presented) else { return .rejected(.malformed) }
        guard let record = try await store.record(id: id) else { return .rejected(.invalid) }
        let presentedHash = SHA256.hash(utf8: presented).hexString
        guard ConstantTime.isEqual(utf8: presentedHash, record.secretHash) else { return .rejected(.invalid) }
        if record.revokedAt.map({ $0 <= now }) == true { return .rejected(.revoked) }
        if let expiresAt = record.expiresAt, expiresAt <= now { return .rejected(.expired) }
        if let tenant, tenant != record.tenant { return .rejected(.wrongTenant) }
        return .authenticated(record)
    }
}

/// `pwbi_` + 16 lowercase hex digits (the public id) + `_` + 43 base64url characters (256 secret bits).
enum APIKeyFormat {
    static let prefix = "pwbi_"
    static let length = 5 + 16 + 1 + 43

    /// The public id of a well-formed key, or nil.
    static func id(of key: String) -> String? {
        let bytes = Array(key.utf8)
        guard bytes.count == length, key.hasPrefix(prefix), bytes[21] == UInt8(ascii: "_") else { return nil }
        let id = bytes[5..<21]
        guard id.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        guard bytes[22...].allSatisfy({ byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }) else { return nil }
        return String(decoding: id, as: UTF8.self)
    }
}
