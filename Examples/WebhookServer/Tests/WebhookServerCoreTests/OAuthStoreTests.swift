import Foundation
import PWBIIntegration
import Testing
import WebhookServerCore

/// The OAuth tables (migration 7): the kit's contract checkers on SQLite and PostgreSQL, and what
/// encryption at rest must guarantee (no plaintext, bound to the row, key rotation).
@Suite struct OAuthStoreTests {
    static let keyA = Data((0..<32).map { UInt8($0) }).base64EncodedString()
    static let keyB = Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()
    static let instant = Date(timeIntervalSince1970: 1_766_800_000)

    static func database() async throws -> SQLiteDatabase {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        return database
    }

    static func credentials(access: String = "access-secret-1", refresh: String? = "refresh-secret-1") -> OAuthCredentials {
        OAuthCredentials(
            accessToken: SensitiveString(access), refreshToken: refresh.map(SensitiveString.init),
            expiresAt: instant.addingTimeInterval(3600), scope: "transactions", obtainedAt: instant)
    }

    @Test func stateStoreContractOnSQLite() async throws {
        let database = try await Self.database()
        let violations = await OAuthStateStoreContract.check(SQLOAuthStateStore(database: database))
        await database.close()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func credentialStoreContractOnSQLite() async throws {
        let database = try await Self.database()
        let violations = await CredentialStoreContract.check(SQLCredentialStore(database: database, keys: try CredentialKeyRing(current: Self.keyA)))
        await database.close()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func tokensAreNeverStoredInPlaintext() async throws {
        let database = try await Self.database()
        let store = SQLCredentialStore(database: database, keys: try CredentialKeyRing(current: Self.keyA))
        let id = IntegrationID(tenant: "t", sourceSystem: "moka", account: "acme-moka")
        try await store.save(Self.credentials(), for: id)
        let rows = try await database.query("SELECT access_token, refresh_token FROM oauth_credentials", [])
        let stored = try rows.flatMap { [try $0.blob(0), try $0.blob(1)] }
        await database.close()
        #expect(stored.count == 2)
        for (bytes, token) in zip(stored, ["access-secret-1", "refresh-secret-1"]) {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("secret"), "a token is readable in the table")
            #expect(bytes.count == 12 + token.utf8.count + 16, "nonce + ciphertext + tag")
        }
    }

    @Test func aTokenCopiedToAnotherIntegrationDoesNotOpen() async throws {
        let database = try await Self.database()
        let store = SQLCredentialStore(database: database, keys: try CredentialKeyRing(current: Self.keyA))
        let victim = IntegrationID(tenant: "t", sourceSystem: "moka", account: "victim")
        let attacker = IntegrationID(tenant: "t", sourceSystem: "moka", account: "attacker")
        try await store.save(Self.credentials(), for: victim)
        try await store.save(Self.credentials(access: "mine", refresh: "mine-too"), for: attacker)
        try await database.query(
            "UPDATE oauth_credentials SET access_token = (SELECT access_token FROM oauth_credentials WHERE account = 'victim') WHERE account = 'attacker'", [])
        await #expect(throws: SQLStoreError.self) { _ = try await store.credentials(for: attacker) }
        // Swapping the two fields of one row is refused as well.
        try await database.query("UPDATE oauth_credentials SET access_token = refresh_token WHERE account = 'victim'", [])
        await #expect(throws: SQLStoreError.self) { _ = try await store.credentials(for: victim) }
        await database.close()
    }

    @Test func rotationReadsOldKeysAndRekeyRewritesThem() async throws {
        let database = try await Self.database()
        let id = IntegrationID(tenant: "t", sourceSystem: "moka", account: "acme-moka")
        let old = SQLCredentialStore(database: database, keys: try CredentialKeyRing(current: Self.keyA))
        try await old.save(Self.credentials(), for: id)
        let oldKeyID = old.keys.currentKeyID

        // Without the old key the row cannot be opened, and the error names the key id, not a value.
        let withoutOld = SQLCredentialStore(database: database, keys: try CredentialKeyRing(current: Self.keyB))
        do {
            _ = try await withoutOld.credentials(for: id)
            Issue.record("opened a row sealed with an unknown key")
        } catch {
            #expect("\(error)".contains(oldKeyID))
        }

        let rotated = SQLCredentialStore(database: database, keys: try CredentialKeyRing(current: Self.keyB, old: [Self.keyA]))
        #expect(try await rotated.credentials(for: id) == Self.credentials())
        #expect(try await rotated.rekey() == 1)
        #expect(try await rotated.rekey() == 0)
        #expect(try await withoutOld.credentials(for: id) == Self.credentials())
        await database.close()
    }

    @Test(arguments: ["", "c2hvcnQ=", "not base64 at all", Data(count: 33).base64EncodedString()])
    func aKeyThatIsNot32BytesOfBase64IsRefused(_ text: String) {
        #expect(throws: ConfigurationError.self) { try CredentialKeyRing(current: text) }
    }

    @Test func keyIDsIdentifyKeysWithoutRevealingThem() throws {
        let a = try CredentialKeyRing(current: Self.keyA), b = try CredentialKeyRing(current: Self.keyB)
        #expect(a.currentKeyID != b.currentKeyID)
        #expect(a.currentKeyID.count == 16)
        #expect(try CredentialKeyRing(current: Self.keyA).currentKeyID == a.currentKeyID)
    }

    @Test func needsReconnectIsNotSetOverNewerCredentials() async throws {
        let database = try await Self.database()
        let store = SQLCredentialStore(database: database, keys: try CredentialKeyRing(current: Self.keyA))
        let id = IntegrationID(tenant: "t", sourceSystem: "moka", account: "acme-moka")
        try await store.save(Self.credentials(), for: id)
        var newer = Self.credentials(access: "access-2")
        newer.obtainedAt = Self.instant.addingTimeInterval(60)
        try await store.save(newer, for: id)
        // A replica that read the first credentials and failed must not mark the refreshed ones.
        #expect(try await store.markNeedsReconnect(id, reason: "refused", at: Self.instant.addingTimeInterval(61), unlessObtainedAfter: Self.instant) == false)
        #expect(try await store.connections().map(\.status) == [.active])
        #expect(try await store.markNeedsReconnect(id, reason: "refused", at: Self.instant.addingTimeInterval(61), unlessObtainedAfter: newer.obtainedAt))
        #expect(try await store.connections().map(\.status) == [.needsReconnect])
        #expect(try await store.expiring(before: Self.instant.addingTimeInterval(86_400)).isEmpty, "a connection needing reconnect is not refreshed")
        // A new connect makes it active again.
        try await store.save(Self.credentials(), for: id)
        #expect(try await store.connections().map(\.status) == [.active])
        await database.close()
    }
}

/// The same contract checkers on PostgreSQL, when `DATABASE_URL` names a database the tests may empty.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["DATABASE_URL"] != nil, "DATABASE_URL names a PostgreSQL database for tests"))
struct PostgresOAuthStoreTests {
    @Test func stateStoreContract() async throws {
        try await PostgresContractTests.withDatabase(["oauth_states"]) { fresh in
            let violations = await OAuthStateStoreContract.check(SQLOAuthStateStore(database: try await fresh()))
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func credentialStoreContract() async throws {
        try await PostgresContractTests.withDatabase(["oauth_credentials"]) { fresh in
            let store = SQLCredentialStore(database: try await fresh(), keys: try CredentialKeyRing(current: OAuthStoreTests.keyA))
            let violations = await CredentialStoreContract.check(store)
            #expect(violations.isEmpty, "\(violations)")
        }
    }
}
