#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The behavioural contract of ``CursorStore``, runnable against any implementation.
///
/// ```swift
/// @Test func postgresCursorStoreHonoursTheContract() async {
///     #expect(await CursorStoreContract.check(PostgresCursorStore(pool)).isEmpty)
/// }
/// ```
/// The checks use fresh integration ids under a random tenant, so they may run against a
/// shared database; they leave their rows behind only when a removal itself is broken.
public enum CursorStoreContract {
    /// Runs every check; returns the violations (empty when the store conforms).
    public static func check(_ store: any CursorStore) async -> [ContractViolation] {
        var report = ContractReport("CursorStore")
        let tenant = "contract-check-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let id = IntegrationID(tenant: tenant, sourceSystem: "qasir", account: "outlet-1")
        let sibling = IntegrationID(tenant: tenant, sourceSystem: "qasir", account: "outlet-2")
        let other = IntegrationID(tenant: tenant, sourceSystem: "moka", account: "outlet-1")
        let base = Date(timeIntervalSince1970: 1_766_800_000)
        let first = SyncCursor(watermark: base, updatedAt: base.addingTimeInterval(5))
        let second = SyncCursor(watermark: base.addingTimeInterval(300), updatedAt: base.addingTimeInterval(305))
        let stale = SyncCursor(watermark: base.addingTimeInterval(-60), updatedAt: base)

        await report.run("unknown integration has no cursor") {
            let found = try await store.cursor(for: id)
            return found == nil ? nil : "expected nil, got \(String(describing: found))"
        }
        await report.run("first compare-and-set from nil succeeds and is read back") {
            guard try await store.compareAndSet(id, expected: nil, new: first) else { return "returned false on an absent cursor" }
            let found = try await store.cursor(for: id)
            return found == first ? nil : "stored \(first), read back \(String(describing: found))"
        }
        await report.run("compare-and-set from nil fails once a cursor exists") {
            guard try await !store.compareAndSet(id, expected: nil, new: second) else { return "returned true over an existing cursor" }
            let found = try await store.cursor(for: id)
            return found == first ? nil : "the failed call changed the cursor to \(String(describing: found))"
        }
        await report.run("compare-and-set with a stale expected value fails") {
            guard try await !store.compareAndSet(id, expected: stale, new: second) else { return "returned true with a stale expected cursor" }
            let found = try await store.cursor(for: id)
            return found == first ? nil : "the failed call changed the cursor to \(String(describing: found))"
        }
        await report.run("compare-and-set with the current value succeeds") {
            guard try await store.compareAndSet(id, expected: first, new: second) else { return "returned false with the current cursor" }
            let found = try await store.cursor(for: id)
            return found == second ? nil : "expected \(second), read back \(String(describing: found))"
        }
        await report.run("cursors of other outlets and systems are separate") {
            let a = try await store.cursor(for: sibling)
            let b = try await store.cursor(for: other)
            guard a == nil, b == nil else { return "another outlet or system sees \(String(describing: a ?? b))" }
            guard try await store.compareAndSet(sibling, expected: nil, new: first) else { return "could not set a sibling outlet's cursor" }
            let mine = try await store.cursor(for: id)
            return mine == second ? nil : "setting a sibling's cursor changed this one to \(String(describing: mine))"
        }
        await report.run("concurrent compare-and-set from the same value: exactly one wins") {
            let contenders = 16
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<contenders {
                    let candidate = SyncCursor(watermark: base.addingTimeInterval(Double(600 + index)), updatedAt: base.addingTimeInterval(700))
                    group.addTask { try await store.compareAndSet(id, expected: second, new: candidate) }
                }
                var wins = 0
                for try await won in group where won { wins += 1 }
                return wins
            }
            return wins == 1 ? nil : "\(wins) of \(contenders) concurrent calls succeeded"
        }
        await report.run("remove forgets the cursor, and it can be set again from nil") {
            try await store.removeCursor(for: id)
            let found = try await store.cursor(for: id)
            guard found == nil else { return "still \(String(describing: found)) after removal" }
            guard try await store.compareAndSet(id, expected: nil, new: first) else { return "could not set from nil after removal" }
            return nil
        }
        try? await store.removeCursor(for: id)
        try? await store.removeCursor(for: sibling)
        try? await store.removeCursor(for: other)
        return report.violations
    }
}
