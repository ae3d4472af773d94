#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The kit's ``CredentialStore`` over the `oauth_credentials` table (migration 7), one row per
/// integration. Access and refresh tokens are stored only as AES-256-GCM ciphertext (see
/// ``CredentialKeyRing``) beside the id of the key that sealed them; each ciphertext's associated
/// data is the row's integration and the field's name, so a token copied into another row (or
/// into the other field) no longer opens. The row also carries the connection's state: when it
/// was connected, and `active` or `needs_reconnect` with the reason.
public struct SQLCredentialStore: CredentialStore {
    /// The database.
    public let database: any SQLDatabase
    /// The keys tokens are sealed and opened with.
    public let keys: CredentialKeyRing

    /// A store over `database` (migrated) sealing with `keys`.
    public init(database: any SQLDatabase, keys: CredentialKeyRing) {
        self.database = database
        self.keys = keys
    }

    public func credentials(for integration: IntegrationID) async throws -> OAuthCredentials? {
        guard let row = try await database.first(
            """
            SELECT key_id, access_token, refresh_token, token_type, scope, expires_at, obtained_at
            FROM oauth_credentials WHERE tenant = $1 AND source_system = $2 AND account = $3
            """,
            Self.key(integration)
        ) else { return nil }
        let keyID = try row.text(0)
        return OAuthCredentials(
            accessToken: try open(try row.blob(1), keyID: keyID, field: "access_token", integration),
            tokenType: try row.text(3),
            refreshToken: try row.optionalBlob(2).map { sealed throws in try open(sealed, keyID: keyID, field: "refresh_token", integration) },
            expiresAt: try row.optionalInstant(5), scope: try row.optionalText(4), obtainedAt: try row.instant(6)
        )
    }

    /// Saves `credentials` sealed with the current key. A save means the provider just issued
    /// them, so the connection is `active` again; the connection time is kept.
    public func save(_ credentials: OAuthCredentials, for integration: IntegrationID) async throws {
        try await database.query(
            """
            INSERT INTO oauth_credentials (tenant, source_system, account, key_id, access_token, refresh_token, token_type, scope,
                                           expires_at, obtained_at, status, status_reason, status_changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', NULL, $10)
            ON CONFLICT (tenant, source_system, account) DO UPDATE SET
                key_id = excluded.key_id, access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                token_type = excluded.token_type, scope = excluded.scope, expires_at = excluded.expires_at,
                obtained_at = excluded.obtained_at, status = 'active', status_reason = NULL,
                status_changed_at = CASE WHEN oauth_credentials.status = 'active' THEN oauth_credentials.status_changed_at ELSE excluded.obtained_at END
            """,
            Self.key(integration) + (try sealed(credentials, for: integration)) + [
                .text(credentials.tokenType), .optionalText(credentials.scope),
                .optionalInstant(credentials.expiresAt), .instant(credentials.obtainedAt),
            ]
        )
    }

    public func removeCredentials(for integration: IntegrationID) async throws {
        try await database.query("DELETE FROM oauth_credentials WHERE tenant = $1 AND source_system = $2 AND account = $3", Self.key(integration))
    }

    /// Records a completed connect at `instant` (the connection `active` again); false when the
    /// integration has no credentials.
    @discardableResult
    public func recordConnection(for integration: IntegrationID, at instant: Date) async throws -> Bool {
        try await database.query(
            """
            UPDATE oauth_credentials SET connected_at = $4, status = 'active', status_reason = NULL, status_changed_at = $4
            WHERE tenant = $1 AND source_system = $2 AND account = $3 RETURNING account
            """,
            Self.key(integration) + [.instant(instant)]
        ).count == 1
    }

    /// Marks `integration` as needing the merchant to reconnect, with a reason (no secret in it).
    /// `unlessObtainedAfter`: does nothing when credentials newer than this were saved meanwhile
    /// (another replica refreshed them), so a lost race is not mistaken for a revoked grant.
    /// True when the mark was set.
    @discardableResult
    public func markNeedsReconnect(_ integration: IntegrationID, reason: String, at instant: Date, unlessObtainedAfter obtained: Date? = nil) async throws -> Bool {
        try await database.query(
            """
            UPDATE oauth_credentials SET status = 'needs_reconnect', status_reason = $4, status_changed_at = $5
            WHERE tenant = $1 AND source_system = $2 AND account = $3 AND ($6 IS NULL OR obtained_at <= $6) RETURNING account
            """,
            Self.key(integration) + [.text(reason), .instant(instant), .optionalInstant(obtained)]
        ).count == 1
    }

    /// Every connection's state, without tokens, by integration.
    public func connections() async throws -> [OAuthConnection] {
        try await database.query(Self.selectConnections + " ORDER BY tenant, source_system, account", []).map(Self.connection)
    }

    /// The connection state of `integration` (no tokens), nil when it is not connected.
    public func connection(for integration: IntegrationID) async throws -> OAuthConnection? {
        try await database.first(
            Self.selectConnections + " WHERE tenant = $1 AND source_system = $2 AND account = $3", Self.key(integration)
        ).map(Self.connection)
    }

    /// The connections whose access token expires at or before `cutoff`, that are active and can
    /// be refreshed (they have a refresh token).
    public func expiring(before cutoff: Date) async throws -> [OAuthConnection] {
        try await database.query(
            Self.selectConnections + " WHERE status = 'active' AND refresh_token IS NOT NULL AND expires_at IS NOT NULL AND expires_at <= $1"
                + " ORDER BY expires_at",
            [.instant(cutoff)]
        ).map(Self.connection)
    }

    /// Re-seals every row not sealed with the current key (after a key rotation); returns how
    /// many rows were rewritten. A row changed meanwhile (a refresh) is left as the refresh wrote it.
    public func rekey() async throws -> Int {
        var rewritten = 0
        let rows = try await database.query(
            "SELECT tenant, source_system, account, key_id, access_token, refresh_token FROM oauth_credentials WHERE key_id <> $1",
            [.text(keys.currentKeyID)]
        )
        for row in rows {
            let integration = IntegrationID(tenant: try row.text(0), sourceSystem: try row.text(1), account: try row.text(2))
            let keyID = try row.text(3), access = try row.blob(4), refresh = try row.optionalBlob(5)
            let tokens = (
                access: try open(access, keyID: keyID, field: "access_token", integration),
                refresh: try refresh.map { sealed throws in try open(sealed, keyID: keyID, field: "refresh_token", integration) }
            )
            let resealed = try seal(tokens.access, tokens.refresh, for: integration)
            rewritten += try await database.query(
                """
                UPDATE oauth_credentials SET key_id = $4, access_token = $5, refresh_token = $6
                WHERE tenant = $1 AND source_system = $2 AND account = $3 AND key_id = $7 AND access_token = $8 RETURNING account
                """,
                Self.key(integration) + resealed + [.text(keyID), .blob(access)]
            ).count
        }
        return rewritten
    }

    // MARK: - Sealing

    /// `[key_id, access_token, refresh_token]` as bound values.
    func sealed(_ credentials: OAuthCredentials, for integration: IntegrationID) throws -> [SQLValue] {
        try seal(credentials.accessToken, credentials.refreshToken, for: integration)
    }

    func seal(_ access: SensitiveString, _ refresh: SensitiveString?, for integration: IntegrationID) throws -> [SQLValue] {
        let accessSealed = try keys.seal(Array(access.revealed.utf8), associatedData: Self.associatedData(integration, field: "access_token"))
        let refreshSealed = try refresh.map { token in
            try keys.seal(Array(token.revealed.utf8), associatedData: Self.associatedData(integration, field: "refresh_token"))
        }
        return [.text(keys.currentKeyID), .blob(accessSealed), refreshSealed.map { .blob($0) } ?? .null]
    }

    func open(_ sealed: [UInt8], keyID: String, field: String, _ integration: IntegrationID) throws -> SensitiveString {
        let plaintext = try keys.open(sealed, keyID: keyID, associatedData: Self.associatedData(integration, field: field))
        guard let text = String(validating: plaintext, as: UTF8.self) else { throw SQLStoreError.corrupt("oauth_credentials.\(field) is not UTF-8") }
        return SensitiveString(text)
    }

    /// What a ciphertext is bound to: a version tag, the integration's three parts and the field,
    /// each length-prefixed so no two different rows share it.
    static func associatedData(_ integration: IntegrationID, field: String) -> [UInt8] {
        var bytes = Array("pwbi-oauth-credentials/v1".utf8)
        for part in [integration.tenant, integration.sourceSystem, integration.account, field] {
            let utf8 = Array(part.utf8)
            let count = UInt32(clamping: utf8.count)
            bytes += [UInt8(truncatingIfNeeded: count >> 24), UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
            bytes += utf8
        }
        return bytes
    }

    static func key(_ integration: IntegrationID) -> [SQLValue] {
        [.text(integration.tenant), .text(integration.sourceSystem), .text(integration.account)]
    }

    static let selectConnections = """
        SELECT tenant, source_system, account, key_id, expires_at, obtained_at, connected_at, status, status_reason, status_changed_at,
               refresh_token IS NOT NULL
        FROM oauth_credentials
        """

    static func connection(_ row: SQLRow) throws -> OAuthConnection {
        let refreshable: Bool = switch try row.value(10) {
        case .integer(let flag): flag != 0
        case .text(let text): text == "t" || text == "true" || text == "1"
        default: false
        }
        return OAuthConnection(
            integration: IntegrationID(tenant: try row.text(0), sourceSystem: try row.text(1), account: try row.text(2)),
            keyID: try row.text(3), expiresAt: try row.optionalInstant(4), obtainedAt: try row.instant(5),
            connectedAt: try row.optionalInstant(6),
            status: ConnectionStatus(rawValue: try row.text(7)) ?? .needsReconnect,
            reason: try row.optionalText(8), statusChangedAt: try row.optionalInstant(9), refreshable: refreshable
        )
    }
}

/// One OAuth connection's state as `oauth_credentials` keeps it, without its tokens: what
/// `/health`, `/health/ready` and `WebhookServer oauth status` show.
public struct OAuthConnection: Sendable, Hashable {
    /// The integration (its `account` is the `integrations` row's id).
    public var integration: IntegrationID
    /// The id of the key its tokens are sealed with.
    public var keyID: String
    /// When the access token expires, if the provider said.
    public var expiresAt: Date?
    /// When the tokens were obtained (connect or last refresh).
    public var obtainedAt: Date
    /// When the merchant last completed connecting.
    public var connectedAt: Date?
    /// `active`, or `needs_reconnect` after a refused refresh.
    public var status: ConnectionStatus
    /// Why it needs reconnecting.
    public var reason: String?
    /// When ``status`` last changed.
    public var statusChangedAt: Date?
    /// Whether a refresh token is stored.
    public var refreshable: Bool
}
