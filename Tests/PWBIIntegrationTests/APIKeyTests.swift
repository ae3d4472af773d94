import Foundation
import PWBIIntegration
import Testing

/// A deterministic generator: 1, 2, 3, …
struct CountingGenerator: RandomNumberGenerator {
    var value: UInt64 = 0
    mutating func next() -> UInt64 {
        value += 1
        return value
    }
}

@Suite("API keys")
struct APIKeyTests {
    let now = Date(timeIntervalSince1970: 1_764_000_000)

    func issued(expiresAt: Date? = nil, tenant: String = "merchant-7") async throws -> (IssuedAPIKey, APIKeyAuthenticator) {
        let store = InMemoryAPIKeyStore()
        let key = try await APIKeyIssuer(store: store).issue(
            description: "Karage POS Webhook Integration", tenant: tenant, expiresAt: expiresAt, now: now
        )
        return (key, APIKeyAuthenticator(store: store))
    }

    /// Expected values computed with Python: the key from the counting generator and its hashlib SHA-256.
    @Test func seededIssueMatchesPythonReference() async throws {
        let store = InMemoryAPIKeyStore()
        var generator = CountingGenerator()
        let issued = try await APIKeyIssuer(store: store).issue(
            description: "test", tenant: "t", now: now, using: &generator
        )
        #expect(issued.key == "pwbi_0000000000000001_AgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAAA")
        #expect(issued.record.id == "0000000000000001")
        #expect(issued.record.secretHash == "660386506318f047b12f30ae8a8c32212dc389a71f13f23960023755738472dc")
        #expect(await store.record(id: "0000000000000001") == issued.record)
    }

    @Test func aTakenIDIsDrawnAgain() async throws {
        let store = InMemoryAPIKeyStore()
        let issuer = APIKeyIssuer(store: store)
        var first = CountingGenerator()
        _ = try await issuer.issue(description: "a", tenant: "t", now: now, using: &first)
        var second = CountingGenerator()
        let again = try await issuer.issue(description: "b", tenant: "t", now: now, using: &second)
        #expect(again.record.id == "0000000000000006")
        #expect(await store.list(tenant: "t").count == 2)
    }

    @Test func theStoreNeverHoldsTheKey() async throws {
        let (issued, authenticator) = try await issued()
        let stored = try #require(await authenticator.store.record(id: issued.record.id))
        #expect(!"\(stored)".contains(issued.key))
        #expect(!"\(stored)".contains(String(issued.key.suffix(43))))
        #expect(stored.secretHash.count == 64)
    }

    @Test func randomKeysAreWellFormedAndDistinct() async throws {
        let store = InMemoryAPIKeyStore()
        let issuer = APIKeyIssuer(store: store)
        var keys: Set<String> = []
        for index in 0..<50 {
            keys.insert(try await issuer.issue(description: "k\(index)", tenant: "t", now: now).key)
        }
        #expect(keys.count == 50)
        #expect(keys.allSatisfy { $0.hasPrefix("pwbi_") && $0.utf8.count == 65 })
    }

    @Test func aValidKeyAuthenticatesWithItsTenant() async throws {
        let (issued, authenticator) = try await issued()
        let result = try await authenticator.authenticate(headers: [HTTPHeaderField("x-api-key", issued.key)], now: now)
        #expect(result == .authenticated(issued.record))
        #expect(try await authenticator.authenticate(key: issued.key, tenant: "merchant-7", now: now) == .authenticated(issued.record))
    }

    @Test func missingAndEmptyKeys() async throws {
        let (_, authenticator) = try await issued()
        #expect(try await authenticator.authenticate(headers: [], now: now) == .rejected(.missing))
        #expect(try await authenticator.authenticate(headers: [HTTPHeaderField("X-API-KEY", "")], now: now) == .rejected(.missing))
    }

    @Test(arguments: [
        "your_api_key_here",
        "pwbi_0000000000000001_short",
        "pwbi_000000000000000G_AgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAAA",
        "pwbi_0000000000000001-AgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAAA",
        "pwbi_0000000000000001_AgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAA=",
        "PWBI_0000000000000001_AgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAAA",
        "pwbi_0000000000000001_AgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAAA ",
        "pwbi_0000000000000001_AgAAAAAAAAADAAAAAAAAAAQAAAAAAAAABQAAAAAAAA☕",
    ])
    func malformedKeys(_ key: String) async throws {
        let (_, authenticator) = try await issued()
        #expect(try await authenticator.authenticate(key: key, now: now) == .rejected(.malformed))
    }

    @Test func unknownIDAndWrongSecretAreIndistinguishable() async throws {
        let (issued, authenticator) = try await issued()
        let unknown = "pwbi_ffffffffffffffff_" + issued.key.suffix(43)
        #expect(try await authenticator.authenticate(key: unknown, now: now) == .rejected(.invalid))
        var wrongSecret = Array(issued.key)
        wrongSecret[wrongSecret.count - 2] = wrongSecret[wrongSecret.count - 2] == "A" ? "B" : "A"
        #expect(try await authenticator.authenticate(key: String(wrongSecret), now: now) == .rejected(.invalid))
        #expect(APIKeyRejection.invalid.description == "Invalid or missing API key")
    }

    @Test func expiryIsExclusiveOfTheExpiryInstant() async throws {
        let expiry = now.addingTimeInterval(86_400)
        let (issued, authenticator) = try await issued(expiresAt: expiry)
        #expect(try await authenticator.authenticate(key: issued.key, now: expiry.addingTimeInterval(-1)) == .authenticated(issued.record))
        #expect(try await authenticator.authenticate(key: issued.key, now: expiry) == .rejected(.expired))
    }

    @Test func revokedKeysAreRejectedFromTheRevocationOn() async throws {
        let (issued, authenticator) = try await issued()
        let revokedAt = now.addingTimeInterval(60)
        #expect(try await authenticator.store.revoke(id: issued.record.id, at: revokedAt))
        #expect(try await authenticator.authenticate(key: issued.key, now: now) == .authenticated(issued.record.with(revokedAt: revokedAt)))
        #expect(try await authenticator.authenticate(key: issued.key, now: revokedAt) == .rejected(.revoked))
    }

    @Test func aKeyOfAnotherTenantIsRejected() async throws {
        let (issued, authenticator) = try await issued(tenant: "merchant-7")
        #expect(try await authenticator.authenticate(key: issued.key, tenant: "merchant-8", now: now) == .rejected(.wrongTenant))
    }

    @Test func rejectionMessagesNeverEchoTheKey() {
        for rejection in APIKeyRejection.allCases {
            #expect(!rejection.description.contains("pwbi_"))
        }
    }
}

extension APIKeyRecord {
    func with(revokedAt: Date) -> APIKeyRecord {
        var copy = self
        copy.revokedAt = revokedAt
        return copy
    }
}
