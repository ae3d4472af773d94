#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The behavioural contract of ``IntegrationStateStore``, runnable against any implementation.
///
/// Uses fresh ids under a random tenant, and removes what it saved.
public enum IntegrationStateStoreContract {
    /// Runs every check; returns the violations (empty when the store conforms).
    public static func check(_ store: any IntegrationStateStore) async -> [ContractViolation] {
        var report = ContractReport("IntegrationStateStore")
        let tenant = "contract-check-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let otherTenant = tenant + "-other"
        let id = IntegrationID(tenant: tenant, sourceSystem: "qasir", account: "outlet-2")
        let sibling = IntegrationID(tenant: tenant, sourceSystem: "qasir", account: "outlet-1")
        let foreign = IntegrationID(tenant: otherTenant, sourceSystem: "moka", account: "")
        let base = Date(timeIntervalSince1970: 1_766_800_000)
        let full = IntegrationState(
            id: id,
            connection: .needsReconnect,
            lastAttemptAt: base.addingTimeInterval(60),
            lastSuccessAt: base,
            consecutiveFailures: 3,
            lastFailure: SyncFailure(kind: .authentication, at: base.addingTimeInterval(60), detail: "HTTP 401"),
            recentRateLimits: [base.addingTimeInterval(-120), base.addingTimeInterval(-60)],
            backoffUntil: base.addingTimeInterval(90),
            credentialsExpireAt: base.addingTimeInterval(86_400 * 90),
            lastDeliveryAt: base.addingTimeInterval(30)
        )

        await report.run("unknown integration has no state") {
            let found = try await store.state(for: id)
            return found == nil ? nil : "expected nil, got \(String(describing: found))"
        }
        await report.run("every field is read back as saved") {
            try await store.save(full)
            let found = try await store.state(for: id)
            return found == full ? nil : "saved \(full), read back \(String(describing: found))"
        }
        await report.run("an empty state is read back as saved") {
            let empty = IntegrationState(id: sibling)
            try await store.save(empty)
            let found = try await store.state(for: sibling)
            return found == empty ? nil : "saved \(empty), read back \(String(describing: found))"
        }
        await report.run("saving again replaces the state") {
            var changed = full
            changed.connection = .active
            changed.consecutiveFailures = 0
            changed.lastSuccessAt = base.addingTimeInterval(600)
            try await store.save(changed)
            let found = try await store.state(for: id)
            return found == changed ? nil : "expected \(changed), read back \(String(describing: found))"
        }
        await report.run("states(tenant:) lists one tenant's states sorted by id") {
            try await store.save(IntegrationState(id: foreign))
            let listed = try await store.states(tenant: tenant).map(\.id)
            return listed == [sibling, id] ? nil : "expected [\(sibling), \(id)], got \(listed)"
        }
        await report.run("states(tenant: nil) includes every tenant") {
            let listed = Set(try await store.states(tenant: nil).map(\.id))
            return listed.isSuperset(of: [id, sibling, foreign]) ? nil : "missing some of \(id), \(sibling), \(foreign) in \(listed.count) states"
        }
        await report.run("recordDelivery keeps the latest instant and the rest of the state") {
            try await store.recordDelivery(for: id, at: base.addingTimeInterval(900))
            try await store.recordDelivery(for: id, at: base.addingTimeInterval(800))
            let found = try await store.state(for: id)
            guard found?.lastDeliveryAt == base.addingTimeInterval(900) else {
                return "expected the last delivery at +900 s, read back \(String(describing: found?.lastDeliveryAt))"
            }
            return found?.lastSuccessAt == base.addingTimeInterval(600) ? nil : "recording a delivery changed the rest of the state"
        }
        await report.run("remove forgets one integration only") {
            try await store.removeState(for: id)
            let gone = try await store.state(for: id)
            let kept = try await store.state(for: sibling)
            guard gone == nil else { return "still present after removal" }
            return kept != nil ? nil : "removing one integration removed its sibling"
        }
        try? await store.removeState(for: id)
        try? await store.removeState(for: sibling)
        try? await store.removeState(for: foreign)
        return report.violations
    }
}
