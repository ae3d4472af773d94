import FakeProviderCore
import Foundation
import PWBIMapping
import Synchronization
import Testing
import WebhookServerCore

/// `export run|list` against the in-process fake: outputs, exit codes and what is refused.
@Suite(.serialized) struct ExportCommandTests {
    /// Runs `command`; (code, stdout, stderr).
    static func run(_ harness: ExportHarness, _ command: [String]) async -> (Int32, [String], [String]) {
        let out = Mutex<[String]>([]), err = Mutex<[String]>([])
        let code = await ExportCommands.run(
            command, storage: harness.storage, transport: AsyncHTTPClientTransport(client: harness.client), configuration: harness.configuration,
            environment: ExportHarness.environment, now: harness.now,
            print: { line in out.withLock { $0.append(line) } }, error: { line in err.withLock { $0.append(line) } })
        return (code, out.withLock { $0 }, err.withLock { $0 })
    }

    @Test func runThenRunAgainThenList() async throws {
        let harness = try await ExportHarness.make()
        #expect(try await harness.storage.integrations.add(harness.record("accurate")))
        let first = await Self.run(harness, ["export", "run", "--integration", "acme-accurate"])
        #expect(first.0 == 0, "\(first.2)")
        #expect(first.1 == [
            "day\treference\toutcome\tdetail",
            "2026-12-01\tALL-20261201\texported\t4521",
            "2026-12-02\tALL-20261202\texported\t4522",
            "2026-12-03\t-\tempty\t",
            "2026-12-04\t-\tempty\t",
        ])
        let day = await Self.run(harness, ["export", "run", "--integration", "acme-accurate", "--day", "2026-12-01"])
        #expect(day.0 == 0)
        #expect(day.1 == ["day\treference\toutcome\tdetail", "2026-12-01\tALL-20261201\talready_exported\t"])
        let nothing = await Self.run(harness, ["export", "run", "--integration", "acme-accurate"])
        #expect(nothing.0 == 0 && nothing.1 == ["day\treference\toutcome\tdetail"])
        let list = await Self.run(harness, ["export", "list", "--integration", "acme-accurate"])
        #expect(list.0 == 0)
        #expect(list.1.count == 9)
        #expect(list.1[0] == "day\tentries\tconflicts\tcompleted_at")
        #expect(list.1[1].hasPrefix("2026-12-01\t1\t0\t2026-12-05T00:00:00Z"))
        #expect(list.1[5] == "" && list.1[6] == "reference\ttarget\tremote_id\texported_at")
        #expect(list.1[7] == "ALL-20261201\taccurate\t4521\t2026-12-05T00:00:00Z")
        #expect(await harness.accurate.books.contents.duplicates.isEmpty)
        await harness.close()
    }

    @Test func aLateTransactionIsAConflictNeverReSent() async throws {
        let harness = try await ExportHarness.make()
        #expect(try await harness.storage.integrations.add(harness.record("jurnal")))
        #expect(await Self.run(harness, ["export", "run", "--integration", "acme-jurnal"]).0 == 0)
        // A sale of 2026-12-01 arrives after the day was exported.
        let late = #"{"OrderID": 9199, "OrderDate": "2026-12-01T12:00:00", "AmountDiscount": 0.0, "AmountPaid": 11.50, "AmountTotal": 10.00, "BalanceAmount": 0.0, "GrandTotal": 11.50, "Tax": 1.50, "TaxPercent": 15.0, "OrderStatus": 103, "PaymentMode": 1, "OrderItems": [{"OdooItemID": 5, "ItemName": "Office Chair", "Price": 10.00, "Quantity": 1, "DiscountAmount": 0.00}], "CheckoutDetails": [{"PaymentMode": 1, "AmountPaid": 11.50, "CardType": "Cash"}]}"#
        let mapped = try MapperRegistry.standard.map(body: Array(late.utf8), source: .karage, event: .transactionCreated, context: MappingContext(tenant: "default"))
        guard case .transaction(let transaction) = mapped else { throw CancellationError() }
        _ = try await SQLTransactionStore(database: harness.database).upsert(transaction, now: harness.now())
        let again = await Self.run(harness, ["export", "run", "--integration", "acme-jurnal", "--day", "2026-12-01"])
        #expect(again.0 == 1)
        #expect(again.1.last?.hasPrefix("2026-12-01\tALL-20261201\tconflict\t") == true)
        let books = await harness.jurnal.books.contents
        #expect(books.saved.map(\.debit) == ["103.50", "115.00"])
        #expect(books.duplicates.isEmpty)
        await harness.close()
    }

    @Test func refusalsAndFailuresExitOne() async throws {
        let harness = try await ExportHarness.make()
        #expect(try await harness.storage.integrations.add(harness.record("jurnal")))
        #expect(try await harness.storage.integrations.add(harness.record("jurnal", id: "bad-key", credentials: "WRONG")))
        #expect(try await harness.storage.integrations.add(harness.record("jurnal", id: "no-mapping", mapping: "absent.json")))
        #expect(try await harness.storage.integrations.add(harness.record("jurnal", id: "ancient", settings: ["from": "1900-01-01"])))
        #expect(try await harness.storage.integrations.add(IntegrationRecord(
            id: "acme-qasir", tenant: "default", system: "qasir", credentials: .environment("Q"), everySeconds: 300, createdAt: ExportHarness.start)))

        let unknown = await Self.run(harness, ["export", "run", "--integration", "nope"])
        #expect(unknown.0 == 1 && unknown.2 == ["no integration with id nope"])
        let qasir = await Self.run(harness, ["export", "list", "--integration", "acme-qasir"])
        #expect(qasir.0 == 1 && qasir.2.first?.contains("the export posts to accurate or jurnal") == true)
        let open = await Self.run(harness, ["export", "run", "--integration", "acme-jurnal", "--day", "2026-12-05"])
        #expect(open.0 == 1 && open.2.first?.hasPrefix("2026-12-05 is not closed yet in Asia/Riyadh") == true)
        let mapping = await Self.run(harness, ["export", "run", "--integration", "no-mapping"])
        #expect(mapping.0 == 1 && mapping.2.first?.contains("cannot be exported: mapping:") == true)
        let ancient = await Self.run(harness, ["export", "run", "--integration", "ancient"])
        #expect(ancient.0 == 1 && ancient.2 == ["integration ancient cannot be exported: from: at most 10 years before the integration was added"])
        let refused = await Self.run(harness, ["export", "run", "--integration", "bad-key"])
        #expect(refused.0 == 1)
        #expect(refused.1.last?.hasPrefix("2026-12-01\tALL-20261201\tfailed\t\"Authentication failed\" error") == true)
        #expect(refused.2 == ["stopped after 1 of 4 days: the credentials were refused"])

        // Another process holds the integration's lease.
        _ = try await harness.lease(harness.record("jurnal"), owner: "replica-a")
        let busy = await Self.run(harness, ["export", "run", "--integration", "acme-jurnal"])
        #expect(busy.0 == 1 && busy.2 == ["an export of acme-jurnal is running (replica-a); try again later"])
        #expect(await harness.jurnal.books.contents.saved.isEmpty)
        await harness.close()
    }

    @Test(arguments: [
        ["export"], ["export", "send"], ["export", "run"], ["export", "run", "--integration"],
        ["export", "run", "--integration", "x", "--day", "2026-13-01"], ["export", "run", "--integration", "x", "--day", "1/12/2026"],
        ["export", "list", "--integration", "x", "--day", "2026-12-01"], ["export", "run", "--tenant", "x"],
    ])
    func badUsageExitsTwo(command: [String]) async throws {
        let harness = try await ExportHarness.make()
        #expect(await Self.run(harness, command).0 == 2)
        await harness.close()
    }
}
