#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The behavioural contract of ``APIKeyStore``, runnable against any implementation.
public enum APIKeyStoreContract {
    /// Runs every check, each against a fresh, empty store from `makeStore`, and returns the violations.
    public static func check(
        concurrency: Int = 100,
        _ makeStore: () async throws -> any APIKeyStore
    ) async -> [ContractViolation] {
        var report = ContractReport("APIKeyStore")
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        func key(_ id: String, tenant: String = "tenant-1", at offset: Double = 0, expires: Double? = nil) -> APIKeyRecord {
            APIKeyRecord(
                id: id, secretHash: String(repeating: "c", count: 64), description: "Karage POS Webhook Integration — café",
                tenant: tenant, createdAt: t0.addingTimeInterval(offset), expiresAt: expires.map { t0.addingTimeInterval($0) }
            )
        }

        await report.run("an inserted record comes back intact") {
            let store = try await makeStore()
            let persistent = key("k1")
            let temporary = key("k2", expires: 7 * 86_400)
            guard try await store.insert(persistent), try await store.insert(temporary) else { return "insert of a new id returned false" }
            let found = [try await store.record(id: "k1"), try await store.record(id: "k2")]
            return found == [persistent, temporary] ? nil : "expected [\(persistent), \(temporary)], got \(found)"
        }

        await report.run("an unknown id has no record") {
            let store = try await makeStore()
            let found = try await store.record(id: "nope")
            return found == nil ? nil : "found \(String(describing: found))"
        }

        await report.run("a taken id is refused and the first record kept") {
            let store = try await makeStore()
            let first = key("k1")
            _ = try await store.insert(first)
            var second = key("k1", tenant: "tenant-2")
            second.secretHash = String(repeating: "d", count: 64)
            guard try await !store.insert(second) else { return "a second insert of id k1 returned true" }
            let found = try await store.record(id: "k1")
            return found == first ? nil : "the first record was replaced: \(String(describing: found))"
        }

        await report.run("list filters by tenant, oldest first") {
            let store = try await makeStore()
            for record in [key("b", at: 20), key("x", tenant: "tenant-2", at: 5), key("a", at: 20), key("c", at: 10)] {
                _ = try await store.insert(record)
            }
            let ids = try await store.list(tenant: "tenant-1").map(\.id)
            guard ids == ["c", "a", "b"] else { return "tenant-1 listed \(ids), expected [c, a, b]" }
            let all = try await store.list(tenant: nil).map(\.id)
            return all == ["x", "c", "a", "b"] ? nil : "all tenants listed \(all), expected [x, c, a, b]"
        }

        await report.run("revoke records the first revocation time") {
            let store = try await makeStore()
            _ = try await store.insert(key("k1"))
            let first = t0.addingTimeInterval(100)
            guard try await store.revoke(id: "k1", at: first) else { return "revoke of a held key returned false" }
            guard try await store.revoke(id: "k1", at: first.addingTimeInterval(50)) else { return "a second revoke returned false" }
            guard try await !store.revoke(id: "missing", at: first) else { return "revoke of an unknown id returned true" }
            let found = try await store.record(id: "k1")
            return found?.revokedAt == first ? nil : "revokedAt is \(String(describing: found?.revokedAt)), expected \(first)"
        }

        await report.run("concurrent inserts of one id: exactly one wins") {
            let store = try await makeStore()
            let count = max(2, concurrency)
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<count {
                    let record = key("race", tenant: "tenant-\(index)")
                    group.addTask { try await store.insert(record) }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            return wins == 1 ? nil : "\(wins) of \(count) concurrent inserts of one id returned true"
        }

        return report.violations
    }
}
