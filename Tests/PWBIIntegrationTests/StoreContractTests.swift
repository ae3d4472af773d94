import Testing
import PWBIIntegration
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A cursor store that gets two things wrong: last writer wins, and outlets share one cursor.
actor LastWriterWinsCursorStore: CursorStore {
    private var cursors: [String: SyncCursor] = [:]
    func cursor(for integration: IntegrationID) -> SyncCursor? { cursors[integration.tenant + integration.sourceSystem] }
    func compareAndSet(_ integration: IntegrationID, expected: SyncCursor?, new: SyncCursor) -> Bool {
        cursors[integration.tenant + integration.sourceSystem] = new
        return true
    }
    func removeCursor(for integration: IntegrationID) { cursors[integration.tenant + integration.sourceSystem] = nil }
}

/// A state store that loses the 429 history and ignores the tenant filter.
actor ForgetfulStateStore: IntegrationStateStore {
    private var states: [IntegrationID: IntegrationState] = [:]
    func state(for integration: IntegrationID) -> IntegrationState? { states[integration] }
    func save(_ state: IntegrationState) {
        var kept = state
        kept.recentRateLimits = []
        states[state.id] = kept
    }
    func states(tenant: String?) -> [IntegrationState] { Array(states.values) }
    func removeState(for integration: IntegrationID) { states[integration] = nil }
}

/// A store whose every call fails.
struct FailingCursorStore: CursorStore {
    struct Down: Error {}
    func cursor(for integration: IntegrationID) async throws -> SyncCursor? { throw Down() }
    func compareAndSet(_ integration: IntegrationID, expected: SyncCursor?, new: SyncCursor) async throws -> Bool { throw Down() }
    func removeCursor(for integration: IntegrationID) async throws { throw Down() }
}

@Suite("Cursor and integration state store contracts")
struct StoreContractTests {
    @Test func inMemoryCursorStoreConforms() async {
        let violations = await CursorStoreContract.check(InMemoryCursorStore())
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func brokenCursorStoreIsCaught() async {
        let checks = Set(await CursorStoreContract.check(LastWriterWinsCursorStore()).map(\.check))
        #expect(checks.contains("compare-and-set from nil fails once a cursor exists"))
        #expect(checks.contains("compare-and-set with a stale expected value fails"))
        #expect(checks.contains("cursors of other outlets and systems are separate"))
        #expect(checks.contains("concurrent compare-and-set from the same value: exactly one wins"))
    }

    @Test func failingCursorStoreFailsEveryCheck() async {
        let violations = await CursorStoreContract.check(FailingCursorStore())
        #expect(violations.count == 8)
        #expect(violations.allSatisfy { $0.detail.hasPrefix("threw") && $0.contract == "CursorStore" })
    }

    @Test func inMemoryStateStoreConforms() async {
        let violations = await IntegrationStateStoreContract.check(InMemoryIntegrationStateStore())
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func brokenStateStoreIsCaught() async {
        let checks = Set(await IntegrationStateStoreContract.check(ForgetfulStateStore()).map(\.check))
        #expect(checks == [
            "every field is read back as saved",
            "saving again replaces the state",
            "states(tenant:) lists one tenant's states sorted by id",
        ])
    }
}
