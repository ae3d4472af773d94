import Testing
import PWBIIntegration
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("Cursor and integration state values")
struct SyncStateTests {
    @Test func inMemoryCursorStoreCompareAndSet() async throws {
        let store = InMemoryCursorStore()
        let id = IntegrationID(tenant: "t", sourceSystem: "qasir", account: "o1")
        let a = SyncCursor(watermark: Date(timeIntervalSince1970: 10), updatedAt: Date(timeIntervalSince1970: 11))
        let b = SyncCursor(watermark: Date(timeIntervalSince1970: 20), updatedAt: Date(timeIntervalSince1970: 21))
        #expect(await store.cursor(for: id) == nil)
        #expect(await store.compareAndSet(id, expected: nil, new: a))
        #expect(await !store.compareAndSet(id, expected: nil, new: b))
        #expect(await store.compareAndSet(id, expected: a, new: b))
        #expect(await store.cursor(for: id) == b)
        await store.removeCursor(for: id)
        #expect(await store.cursor(for: id) == nil)
    }

    @Test func rateLimitHistoryIsBounded() {
        var state = IntegrationState(id: IntegrationID(tenant: "t", sourceSystem: "qasir"))
        for second in 0..<30 { state.recordRateLimit(at: Date(timeIntervalSince1970: Double(second))) }
        #expect(state.recentRateLimits.count == IntegrationState.recentRateLimitLimit)
        #expect(state.recentRateLimits.first == Date(timeIntervalSince1970: 10))
        #expect(state.recentRateLimits.last == Date(timeIntervalSince1970: 29))
    }

    @Test func integrationIDDescriptionAndOrder() {
        let a = IntegrationID(tenant: "t1", sourceSystem: "olsera", account: "brand-a")
        let b = IntegrationID(tenant: "t1", sourceSystem: "qasir")
        #expect(a.description == "t1/olsera/brand-a")
        #expect(b.description == "t1/qasir")
        #expect(a < b)
    }
}
