import Foundation
import Logging
import PWBIRetry
import Synchronization
import Testing
import WebhookServerCore

/// Leases and the leased schedule on SQLite (the statements are the same on PostgreSQL).
@Suite struct LeaseTests {
    static let start = Date(timeIntervalSinceReferenceDate: 800_000_000)

    /// Runs `body` over leases in a fresh in-memory database, closed afterwards.
    static func withLeases(_ body: (SQLLeases) async throws -> Void) async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        do {
            try await database.migrate(Schema.migrations(for: .sqlite))
            try await body(SQLLeases(database: database))
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    @Test func oneHolderUntilItLapses() async throws {
        try await Self.withLeases { leases in
            let a = try #require(try await leases.acquire("poll:x", owner: "a", now: Self.start, duration: .seconds(60)))
            #expect(try await leases.acquire("poll:x", owner: "b", now: Self.start.addingTimeInterval(59), duration: .seconds(60)) == nil)
            // The holder may take it again (a restart of the same run) and renew it.
            #expect(try await leases.acquire("poll:x", owner: "a", now: Self.start.addingTimeInterval(1), duration: .seconds(60)) != nil)
            let renewed = try #require(try await leases.renew(a, now: Self.start.addingTimeInterval(30), duration: .seconds(60)))
            #expect(renewed.expiresAt == Self.start.addingTimeInterval(90))
            #expect(try await leases.acquire("poll:x", owner: "b", now: Self.start.addingTimeInterval(89), duration: .seconds(60)) == nil)
            // Lapsed: another owner takes it, and the first can no longer renew.
            let b = try #require(try await leases.acquire("poll:x", owner: "b", now: Self.start.addingTimeInterval(90), duration: .seconds(60)))
            #expect(try await leases.renew(a, now: Self.start.addingTimeInterval(91), duration: .seconds(60)) == nil)
            #expect(try await leases.holder(of: "poll:x")?.owner == "b")
            // Releasing someone else's lease does nothing; releasing one's own frees it.
            try await leases.release(a)
            #expect(try await leases.holder(of: "poll:x")?.owner == "b")
            try await leases.release(b)
            #expect(try await leases.holder(of: "poll:x") == nil)
            // Other names are independent.
            #expect(try await leases.acquire("poll:y", owner: "a", now: Self.start, duration: .seconds(60)) != nil)
        }
    }

    @Test func heldConditionFencesWrites() async throws {
        try await Self.withLeases { leases in
            let database = leases.database
            try await database.query("CREATE TABLE cursor (value TEXT)", [])
            try await database.query("INSERT INTO cursor VALUES ('0')", [])
            let fenced = "UPDATE cursor SET value = $1 WHERE " + SQLLeases.heldCondition(name: "$2", owner: "$3", now: "$4") + " RETURNING value"
            _ = try #require(try await leases.acquire("poll:x", owner: "a", now: Self.start, duration: .seconds(60)))
            #expect(try await database.query(fenced, [.text("1"), .text("poll:x"), .text("a"), .instant(Self.start.addingTimeInterval(10))]).count == 1)
            // After expiry, or as another owner, the write does nothing.
            #expect(try await database.query(fenced, [.text("2"), .text("poll:x"), .text("a"), .instant(Self.start.addingTimeInterval(60))]).isEmpty)
            #expect(try await database.query(fenced, [.text("3"), .text("poll:x"), .text("b"), .instant(Self.start.addingTimeInterval(10))]).isEmpty)
            #expect(try await database.query("SELECT value FROM cursor", []).first?.text(0) == "1")
        }
    }

    @Test func scheduleRunsOnlyWhereTheLeaseIsFree() async throws {
        try await Self.withLeases { leases in
            let runs = Mutex(0)
            let schedule = LeasedSchedule(
                name: "export:daily", owner: "a", leases: leases, settings: .init(interval: .seconds(300)),
                clock: ManualClock(), now: { Self.start }, logger: Logger(label: "test")
            ) { _ in runs.withLock { $0 += 1 } }
            #expect(await schedule.runOnce())
            #expect(runs.withLock { $0 } == 1)
            // Released after the run: free again. Held by another owner: not run.
            #expect(try await leases.holder(of: "export:daily") == nil)
            _ = try #require(try await leases.acquire("export:daily", owner: "b", now: Self.start, duration: .seconds(60)))
            #expect(await schedule.runOnce() == false)
            #expect(runs.withLock { $0 } == 1)
        }
    }

    @Test func losingTheLeaseCancelsTheRun() async throws {
        try await Self.withLeases { leases in
            let clock = ManualClock()
            let now = Mutex(Self.start)
            let cancelled = Mutex(false)
            let schedule = LeasedSchedule(
                name: "poll:x", owner: "a", leases: leases, settings: .init(interval: .seconds(300), leaseDuration: .seconds(30)),
                clock: clock, now: { now.withLock { $0 } }, logger: Logger(label: "test")
            ) { _ in
                // A long run: sleeps on the manual clock until cancelled.
                do { try await clock.sleep(for: .seconds(3600)) } catch { cancelled.withLock { $0 = true } }
            }
            async let ran = schedule.runOnce()
            await clock.waitForSleepers(2)  // the job and the heartbeat
            // Another replica takes the lease after it lapsed (this one's clock stalled); the next renewal fails.
            now.withLock { $0 = Self.start.addingTimeInterval(31) }
            _ = try #require(try await leases.acquire("poll:x", owner: "b", now: Self.start.addingTimeInterval(31), duration: .seconds(30)))
            clock.advance(by: .seconds(10))
            #expect(await ran)
            #expect(cancelled.withLock { $0 })
            #expect(try await leases.holder(of: "poll:x")?.owner == "b")
        }
    }
}
