#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The behavioural contract of ``OAuthStateStore``, runnable against any implementation.
///
/// Uses fresh random states, so it may run against a shared store.
public enum OAuthStateStoreContract {
    /// Runs every check; returns the violations (empty when the store conforms).
    public static func check(_ store: any OAuthStateStore) async -> [ContractViolation] {
        var report = ContractReport("OAuthStateStore")
        let prefix = "contract-check-" + String(UInt64.random(in: 0...UInt64.max), radix: 16) + "-"
        let base = Date(timeIntervalSince1970: 1_766_800_000)
        func pending(_ name: String, ttl: TimeInterval = 600) -> PendingAuthorization {
            PendingAuthorization(
                state: prefix + name,
                integration: IntegrationID(tenant: prefix + "tenant", sourceSystem: "moka", account: name),
                codeVerifier: SensitiveString("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                redirectURI: "https://app.example/oauth/callback",
                createdAt: base, expiresAt: base.addingTimeInterval(ttl))
        }

        await report.run("an unknown state is unknown") {
            let found = try await store.consume(state: prefix + "never-issued", now: base)
            return found == .unknown ? nil : "expected unknown, got \(found)"
        }
        await report.run("a pending state is valid once, with every field intact") {
            let entry = pending("single")
            try await store.insert(entry)
            let first = try await store.consume(state: entry.state, now: base.addingTimeInterval(30))
            guard first == .valid(entry) else { return "first use: expected valid(\(entry.state)), got \(first)" }
            let second = try await store.consume(state: entry.state, now: base.addingTimeInterval(31))
            return second == .alreadyUsed ? nil : "second use: expected alreadyUsed, got \(second)"
        }
        await report.run("a state is expired at its expiry instant") {
            let entry = pending("expiring")
            try await store.insert(entry)
            let found = try await store.consume(state: entry.state, now: entry.expiresAt)
            return found == .expired ? nil : "expected expired, got \(found)"
        }
        await report.run("a state past its expiry is expired") {
            let entry = pending("late")
            try await store.insert(entry)
            let found = try await store.consume(state: entry.state, now: entry.expiresAt.addingTimeInterval(1))
            return found == .expired ? nil : "expected expired, got \(found)"
        }
        await report.run("concurrent consumes of one state: exactly one is valid") {
            let entry = pending("race")
            try await store.insert(entry)
            let valid = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        if case .valid = try await store.consume(state: entry.state, now: base.addingTimeInterval(1)) { return true }
                        return false
                    }
                }
                var count = 0
                for try await isValid in group where isValid { count += 1 }
                return count
            }
            return valid == 1 ? nil : "\(valid) of 16 concurrent consumes were valid"
        }
        await report.run("states are independent") {
            let a = pending("a"), b = pending("b")
            try await store.insert(a)
            try await store.insert(b)
            _ = try await store.consume(state: a.state, now: base)
            let found = try await store.consume(state: b.state, now: base)
            return found == .valid(b) ? nil : "consuming one state affected another: \(found)"
        }
        await report.run("purge removes expired entries and keeps live ones") {
            let old = pending("old", ttl: 60), live = pending("live", ttl: 6000)
            try await store.insert(old)
            try await store.insert(live)
            let removed = try await store.purge(expiredBefore: base.addingTimeInterval(3600))
            guard removed >= 1 else { return "purge reported \(removed) removals" }
            let gone = try await store.consume(state: old.state, now: base)
            guard gone == .unknown else { return "a purged state answered \(gone)" }
            let kept = try await store.consume(state: live.state, now: base)
            return kept == .valid(live) ? nil : "purge removed a live state: \(kept)"
        }
        _ = try? await store.purge(expiredBefore: base.addingTimeInterval(1_000_000))
        return report.violations
    }
}

/// The behavioural contract of ``CredentialStore``, runnable against any implementation.
public enum CredentialStoreContract {
    /// Runs every check; returns the violations (empty when the store conforms).
    /// Violations describe credentials by field name only, never by value.
    public static func check(_ store: any CredentialStore) async -> [ContractViolation] {
        var report = ContractReport("CredentialStore")
        let tenant = "contract-check-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let id = IntegrationID(tenant: tenant, sourceSystem: "pawoon", account: "outlet-1")
        let sibling = IntegrationID(tenant: tenant, sourceSystem: "pawoon", account: "outlet-2")
        let base = Date(timeIntervalSince1970: 1_766_800_000)
        let full = OAuthCredentials(
            accessToken: SensitiveString("access-1"), tokenType: "Bearer", refreshToken: SensitiveString("refresh-1"),
            expiresAt: base.addingTimeInterval(3600), scope: "read_transactions", obtainedAt: base)
        let minimal = OAuthCredentials(accessToken: SensitiveString("access-only"), obtainedAt: base)

        func differences(_ a: OAuthCredentials, _ b: OAuthCredentials?) -> String? {
            guard let b else { return "nothing read back" }
            var fields: [String] = []
            if a.accessToken != b.accessToken { fields.append("accessToken") }
            if a.tokenType != b.tokenType { fields.append("tokenType") }
            if a.refreshToken != b.refreshToken { fields.append("refreshToken") }
            if a.expiresAt != b.expiresAt { fields.append("expiresAt") }
            if a.scope != b.scope { fields.append("scope") }
            if a.obtainedAt != b.obtainedAt { fields.append("obtainedAt") }
            return fields.isEmpty ? nil : "read back with different " + fields.joined(separator: ", ")
        }

        await report.run("unknown integration has no credentials") {
            try await store.credentials(for: id) == nil ? nil : "found credentials for a fresh integration"
        }
        await report.run("credentials are read back as saved") {
            try await store.save(full, for: id)
            return differences(full, try await store.credentials(for: id))
        }
        await report.run("optional fields left out are read back as absent") {
            try await store.save(minimal, for: sibling)
            return differences(minimal, try await store.credentials(for: sibling))
        }
        await report.run("saving again replaces, including a rotated refresh token") {
            var rotated = full
            rotated.accessToken = SensitiveString("access-2")
            rotated.refreshToken = SensitiveString("refresh-2")
            rotated.obtainedAt = base.addingTimeInterval(3000)
            try await store.save(rotated, for: id)
            return differences(rotated, try await store.credentials(for: id))
        }
        await report.run("removal forgets one integration only") {
            try await store.removeCredentials(for: id)
            guard try await store.credentials(for: id) == nil else { return "still present after removal" }
            return try await store.credentials(for: sibling) == nil ? "removing one integration removed its sibling" : nil
        }
        try? await store.removeCredentials(for: id)
        try? await store.removeCredentials(for: sibling)
        return report.violations
    }
}
