import Foundation
import PWBIIntegration
import Testing
import WebhookServerCore

/// The polling tables (migration 5) against the kit's contract checkers, and the lease fence on cursor writes.
@Suite struct PollingStoreTests {
    static let start = Date(timeIntervalSinceReferenceDate: 800_000_000)

    static func withDatabase(_ body: (any SQLDatabase) async throws -> Void) async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        do {
            try await database.migrate(Schema.migrations(for: .sqlite))
            try await body(database)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    @Test func cursorStoreHonoursTheContract() async throws {
        try await Self.withDatabase { database in
            let violations = await CursorStoreContract.check(SQLCursorStore(database: database))
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func fencedCursorStoreHonoursTheContractWhileTheLeaseIsHeld() async throws {
        try await Self.withDatabase { database in
            let lease = try #require(try await SQLLeases(database: database).acquire("poll:x", owner: "a", now: Date(), duration: .seconds(600)))
            let violations = await CursorStoreContract.check(SQLCursorStore(database: database, fence: .init(lease: lease)))
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func integrationStateStoreHonoursTheContract() async throws {
        try await Self.withDatabase { database in
            let violations = await IntegrationStateStoreContract.check(SQLIntegrationStateStore(database: database))
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func aReplicaThatLostItsLeaseCannotMoveTheCursor() async throws {
        try await Self.withDatabase { database in
            let leases = SQLLeases(database: database)
            let id = IntegrationID(tenant: "t", sourceSystem: "qasir", account: "o1")
            let clock = TestInstant(Self.start)
            let a = try #require(try await leases.acquire("poll:q:o1", owner: "a", now: Self.start, duration: .seconds(60)))
            let storeA = SQLCursorStore(database: database, fence: .init(lease: a, now: { clock.now }))
            let first = SyncCursor(watermark: Self.start, updatedAt: Self.start)
            #expect(try await storeA.compareAndSet(id, expected: nil, new: first))
            // A stalls past its lease; B takes over.
            clock.now = Self.start.addingTimeInterval(61)
            _ = try #require(try await leases.acquire("poll:q:o1", owner: "b", now: clock.now, duration: .seconds(60)))
            let late = SyncCursor(watermark: Self.start.addingTimeInterval(300), updatedAt: clock.now)
            #expect(try await !storeA.compareAndSet(id, expected: first, new: late), "the expected value matches; only the fence refuses")
            #expect(try await storeA.cursor(for: id) == first)
            // Without a lease at all, a fenced first write is refused too.
            let other = IntegrationID(tenant: "t", sourceSystem: "qasir", account: "o2")
            #expect(try await !storeA.compareAndSet(other, expected: nil, new: first))
            #expect(try await storeA.cursor(for: other) == nil)
        }
    }

    @Test func statesRoundTripRateLimitsExactly() async throws {
        try await Self.withDatabase { database in
            let store = SQLIntegrationStateStore(database: database)
            var state = IntegrationState(id: IntegrationID(tenant: "t", sourceSystem: "moka", account: "28076"))
            state.recordRateLimit(at: Date(timeIntervalSinceReferenceDate: 812_345_678.123_456_7))
            state.recordRateLimit(at: Date(timeIntervalSinceReferenceDate: 812_345_679.5))
            try await store.save(state)
            #expect(try await store.state(for: state.id) == state)
            try await database.query("UPDATE integration_states SET rate_limits = 'soon'", [])
            await #expect(throws: SQLStoreError.self) { try await store.state(for: state.id) }
        }
    }
}

/// A settable instant for fences (tests move it by hand).
final class TestInstant: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// The same checkers against PostgreSQL, when `DATABASE_URL` names a database the tests may empty.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["DATABASE_URL"] != nil, "DATABASE_URL names a PostgreSQL database for tests"))
struct PostgresPollingStoreTests {
    @Test func cursorStore() async throws {
        try await PostgresContractTests.withDatabase(["poll_cursors"]) { fresh in
            let violations = await CursorStoreContract.check(SQLCursorStore(database: try await fresh()))
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func fencedCursorStore() async throws {
        try await PostgresContractTests.withDatabase(["poll_cursors", "leases"]) { fresh in
            let database = try await fresh()
            let lease = try #require(try await SQLLeases(database: database).acquire("poll:contract", owner: "a", now: Date(), duration: .seconds(600)))
            let violations = await CursorStoreContract.check(SQLCursorStore(database: database, fence: .init(lease: lease)))
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func integrationStateStore() async throws {
        try await PostgresContractTests.withDatabase(["integration_states"]) { fresh in
            let violations = await IntegrationStateStoreContract.check(SQLIntegrationStateStore(database: try await fresh()))
            #expect(violations.isEmpty, "\(violations)")
        }
    }
}
