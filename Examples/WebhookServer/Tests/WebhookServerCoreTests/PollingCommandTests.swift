import FakeProviderCore
import Foundation
import Logging
import PWBIIntegration
import Synchronization
import Testing
import WebhookServerCore

/// `backfill --integration ID --from --to`: exit codes, output, and what a range stores.
@Suite struct PollingCommandTests {
    /// Runs `arguments` against the harness; (code, stdout, stderr).
    static func backfill(
        _ harness: PollingHarness, _ arguments: [String], command: String = "backfill", owner: String = "cli"
    ) async -> (Int32, [String], [String]) {
        let out = Mutex<[String]>([]), err = Mutex<[String]>([])
        let clock = harness.clock
        let code = await PollingCommands.run(
            [command] + arguments, storage: harness.storage, transport: harness.transport, settings: PollingHarness.settings,
            credentials: PollingCredentials(environment: ["FAKE_TOKEN": "t0ken"], oauthAuthorizer: nil), owner: owner,
            clock: ContinuousClock(), now: { clock.now }, logger: Logger(label: "test.backfill"),
            print: { line in out.withLock { $0.append(line) } }, error: { line in err.withLock { $0.append(line) } })
        return (code, out.withLock { $0 }, err.withLock { $0 })
    }

    @Test func backfillStoresTheRangeOfDaysAndLeavesTheCursor() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            #expect(try await harness.storage.integrations.add(harness.record("moka", id: "acme-moka", outlets: ["28076"])))
            // The ledger's day is 2025-12-27 UTC: 07:00 Jakarta on the 27th to 07:00 on the 28th.
            let (code, out, err) = await Self.backfill(harness, ["--integration", "acme-moka", "--from", "2025-12-27", "--to", "2025-12-28"])
            #expect(code == 0, "\(err)")
            #expect(out.first?.hasPrefix("backfilled acme-moka outlet 28076 2025-12-27…2025-12-28: 2 day(s), ") == true)
            #expect(out.first?.contains("\(PollingHarness.plan.count) inserted, 0 updated, 0 unchanged, 0 dead-lettered") == true)
            #expect(try await harness.storedIDs("moka") == (await harness.datasetIDs("moka", outlet: "28076")))
            let id = IntegrationID(tenant: "acme", sourceSystem: "moka", account: "28076")
            #expect(try await SQLCursorStore(database: harness.database).cursor(for: id) == nil, "a backfill does not move the cursor")

            // Only the first day: the sales before 2025-12-28T00:00+07:00 (17:00 UTC on the 27th).
            try await harness.database.query("DELETE FROM transactions", [])
            let (again, _, _) = await Self.backfill(harness, ["--integration", "acme-moka", "--from", "2025-12-27", "--to", "2025-12-27", "--outlet", "28076"])
            #expect(again == 0)
            let boundary = PollingHarness.dayStart * 1000 + 17 * 3_600_000
            let firstDay = await harness.ledger.visibleSales(outlet: "28076").filter { $0.occurredAtMilliseconds <= boundary }
            #expect(try await harness.storedIDs("moka") == firstDay.map(FakeMoka.v1ID(of:)).sorted())
        }
    }

    @Test(arguments: [
        (["--integration", "x"], "backfill needs --integration, --from and --to"),
        (["--integration", "x", "--from", "2025-12-27", "--to", "27-12-2025"], "backfill: --from and --to are dates, YYYY-MM-DD"),
        (["--integration", "x", "--from", "2025-02-30", "--to", "2025-03-01"], "backfill: --from and --to are dates, YYYY-MM-DD"),
        (["--integration", "x", "--from", "2025-12-28", "--to", "2025-12-27"], "backfill: --from must not be after --to, and the range is at most 366 days"),
        (["--integration", "x", "--from", "2024-01-01", "--to", "2025-12-27"], "backfill: --from must not be after --to, and the range is at most 366 days"),
        (["--integration", "x", "--since", "2025-12-27"], "backfill: --since: unknown option"),
    ])
    func badUsageExitsTwo(arguments: [String], message: String) async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            #expect(try await harness.storage.integrations.add(harness.record("qasir", id: "x")))
            let (code, out, err) = await Self.backfill(harness, arguments)
            #expect(code == 2 && out.isEmpty)
            #expect(err == [message])
        }
    }

    @Test func refusalsExitOne() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            #expect(try await harness.storage.integrations.add(harness.record("qasir", id: "q")))
            let accurate = harness.record("accurate", id: "books")
            #expect(try await harness.storage.integrations.add(accurate))
            let range = ["--from", "2025-12-27", "--to", "2025-12-27"]
            let missing = await Self.backfill(harness, ["--integration", "nope"] + range)
            #expect(missing.0 == 1 && missing.2 == ["no integration with id nope"])
            let other = await Self.backfill(harness, ["--integration", "books"] + range)
            #expect(other.0 == 1 && other.2 == ["integration books is a accurate integration; backfill reads qasir and moka"])
            let outlet = await Self.backfill(harness, ["--integration", "q", "--outlet", "o9"] + range)
            #expect(outlet.0 == 1 && outlet.2 == ["integration q has no outlet o9"])

            // The server's schedule holds the lease: the backfill refuses instead of reading beside it.
            let held = try #require(try await harness.storage.leases.acquire("poll:q:", owner: "replica-a", now: harness.clock.now, duration: .seconds(60)))
            let busy = await Self.backfill(harness, ["--integration", "q"] + range)
            #expect(busy.0 == 1)
            #expect(busy.2 == ["backfill of q outlet -: another process is polling it (lease poll:q:); try again when its run ends"])

            // A provider failure: exit 1, saying how far it got.
            try await harness.storage.leases.release(held)
            await harness.faults([Fault(path: "/qasir/v1/transactions", status: 401)])
            let refused = await Self.backfill(harness, ["--integration", "q"] + range)
            #expect(refused.0 == 1)
            #expect(refused.2.first?.hasPrefix("backfill of q outlet - stopped: authentication: Authentication failed (HTTP 401); nothing stored") == true)

            // The 401 marked it needs-reconnect; `reconnect` makes it active again.
            let id = IntegrationID(tenant: "acme", sourceSystem: "qasir", account: "")
            let states = SQLIntegrationStateStore(database: harness.database)
            #expect(try await states.state(for: id)?.connection == .needsReconnect)
            let reconnected = await Self.backfill(harness, ["--integration", "q"], command: "reconnect")
            #expect(reconnected.0 == 0 && reconnected.1 == ["reconnected q outlet -"])
            #expect(try await states.state(for: id)?.connection == .active)
            #expect(await Self.backfill(harness, [], command: "reconnect").0 == 2)
            #expect(await Self.backfill(harness, ["--integration", "nope"], command: "reconnect").0 == 1)
        }
    }
    @Test func syncStatusShowsEachOutletsStateAndCursor() async throws {
        try await PollingHarness.with { (harness: PollingHarness) async throws in
            let record = harness.record("qasir", id: "acme-qasir")
            #expect(try await harness.storage.integrations.add(record))
            #expect(try await harness.storage.integrations.add(harness.record("moka", id: "acme-moka", outlets: ["1", "2"])))
            _ = try await harness.job(record).run(holding: nil)
            let (code, out, err) = await Self.backfill(harness, [], command: "sync-status")
            #expect(code == 0 && err.isEmpty)
            #expect(out == [
                "integration\toutlet\tconnection\tlast_attempt\tlast_success\tfailures\tlast_failure\tbackoff_until\tcursor",
                "acme-moka\t1\tactive\t-\t-\t0\t-\t-\t-",
                "acme-moka\t2\tactive\t-\t-\t0\t-\t-\t-",
                "acme-qasir\t-\tactive\t2025-12-28T00:01:00Z\t2025-12-28T00:01:00Z\t0\t-\t-\t2025-12-28T00:01:00Z",
            ])
            let one = await Self.backfill(harness, ["--integration", "acme-moka"], command: "sync-status")
            #expect(one.0 == 0 && one.1.count == 3)
            #expect(await Self.backfill(harness, ["--integration", "nope"], command: "sync-status").0 == 1)
            #expect(await Self.backfill(harness, ["--outlet", "1"], command: "sync-status").0 == 2)
        }
    }
}
