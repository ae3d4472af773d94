import Foundation
import PWBIMapping
import Testing

@testable import pwbi

@Suite("pwbi journal")
struct AccountingCommandTests {
    static let mappingJSON = """
        {
          "time_zone": "Asia/Jakarta",
          "payments": {"cash": "1101", "card": "1102", "QRIS": "1103"},
          "revenue": "4101",
          "tax_kind": "PB1",
          "tax_payable": {"PB1": "2104"},
          "service_charge_income": "4103",
          "discounts": "4104",
          "rounding": "6901",
          "refunds": "4105"
        }
        """

    /// Two sales and a void as `pwbi map` prints them (pretty unified JSON, one after another).
    static var transactionsText: String {
        func at(_ seconds: Int64) -> ZonedTimestamp {
            ZonedTimestamp(instant: Timestamp(secondsSince1970: seconds), utcOffsetSeconds: 25_200, zoneDecision: .explicit)
        }
        func money(_ text: String) -> Money { (try? Money(parsing: text)) ?? .zero }
        let sale = UnifiedTransaction(
            tenant: "resto-1", sourceSystem: .karage, externalID: "1001", outlet: "JKT-01", occurredAt: at(1_766_813_400),
            currency: .IDR, subtotal: money("100000"), discount: money("20000"), serviceCharge: money("5000"),
            tax: money("8500"), total: money("93500"),
            payments: [Payment(method: .cash, amount: money("50000")),
                       Payment(method: .qr, rawCode: "QRIS", label: "QRIS", amount: money("43500"))])
        let coffee = UnifiedTransaction(
            tenant: "resto-1", sourceSystem: .karage, externalID: "1002", outlet: "JKT-01", occurredAt: at(1_766_828_700),
            currency: .IDR, subtotal: money("25000"), serviceCharge: money("1250"), tax: money("2625"), total: money("28875"),
            payments: [Payment(method: .card, amount: money("28875"))])
        var void = coffee
        void.externalID = "1003"
        void.kind = .void
        void.status = .voided
        return [sale, coffee, void].map { UnifiedJSON.encode($0, pretty: true) }.joined(separator: "\n")
    }

    func withMapping(_ json: String, _ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("pwbi-journal-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await body(path)
    }

    func run(_ argv: [String], input: String) async -> (ToolExit, String, String) {
        let io = CommandIO.capturing(input: Array(input.utf8))
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    @Test func printsOneBalancedEntryPerTransaction() async throws {
        try await withMapping(Self.mappingJSON) { mapping in
            let (status, output, error) = await run(["journal", "--mapping", mapping], input: Self.transactionsText)
            #expect(status == .ok)
            let lines = output.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first == #"{"reference":"karage-JKT-01-1001","date":"2025-12-27","currency":"IDR","outlet":"JKT-01","memo":"Sale karage 1001 at JKT-01","total":"113500","lines":[{"account":"1101","side":"debit","amount":"50000","role":"payment","memo":"Payment cash"},{"account":"1103","side":"debit","amount":"43500","role":"payment","memo":"Payment QRIS"},{"account":"4104","side":"debit","amount":"20000","role":"discount","memo":"Discount"},{"account":"4101","side":"credit","amount":"100000","role":"revenue","memo":"Revenue"},{"account":"4103","side":"credit","amount":"5000","role":"serviceCharge","memo":"Service charge"},{"account":"2104","side":"credit","amount":"8500","role":"tax","memo":"Tax PB1"}],"sources":[{"source_system":"karage","external_id":"1001","outlet":"JKT-01"}]}"#)
            #expect(error == "pwbi journal: skipped karage-JKT-01-1003: voided: posts nothing\n")
        }
    }

    @Test func periodSummaries() async throws {
        try await withMapping(Self.mappingJSON) { mapping in
            let (dayStatus, day, _) = await run(["journal", "--mapping", mapping, "--period", "day", "-"], input: Self.transactionsText)
            #expect(dayStatus == .ok)
            #expect(day.split(separator: "\n").count == 1)
            #expect(day.contains(#""reference":"JKT-01-20251227""#))
            #expect(day.contains(#"{"account":"4101","side":"credit","amount":"125000","role":"revenue","memo":"Revenue"}"#))
            // 12:30 and 16:45 WIB fall in two 4-hour batches.
            let (batchStatus, batches, _) = await run(["journal", "--mapping", mapping, "--period", "4h"], input: Self.transactionsText)
            #expect(batchStatus == .ok)
            #expect(batches.contains(#""reference":"JKT-01-20251227-12""#))
            #expect(batches.contains(#""reference":"JKT-01-20251227-16""#))
        }
    }

    @Test func missingAccountsAreListedAndExitOne() async throws {
        let incomplete = #"{"payments": {"cash": "1101"}, "revenue": "4101", "tax_payable": {"PB1": "2104"}}"#
        try await withMapping(incomplete) { mapping in
            let (status, output, error) = await run(["journal", "--mapping", mapping], input: Self.transactionsText)
            #expect(status == .rejected)
            #expect(output.isEmpty)
            #expect(error == """
                pwbi journal: Journal entry failed: check account mappings — 5 missing:
                  missing payment account for method 'card' (needed by 1 entry: karage-JKT-01-1002)
                  missing payment account for method 'qr' (needed by 1 entry: karage-JKT-01-1001)
                  missing tax kind (PPN, PB1…) (needed by 2 entries: karage-JKT-01-1001, karage-JKT-01-1002)
                  missing service charge income account (needed by 2 entries: karage-JKT-01-1001, karage-JKT-01-1002)
                  missing discounts account (needed by 1 entry: karage-JKT-01-1001)

                """)
        }
    }

    @Test func badMappingOrInputIsRejectedWithWhere() async throws {
        try await withMapping(#"{"service_charge": "4103"}"#) { mapping in
            let (status, _, error) = await run(["journal", "--mapping", mapping], input: Self.transactionsText)
            #expect(status == .rejected)
            #expect(error.contains("service_charge"))
            #expect(error.contains("unknown member"))
        }
        try await withMapping(Self.mappingJSON) { mapping in
            let (status, _, error) = await run(["journal", "--mapping", mapping], input: "{\"type\":\"transaction\"}\n{oops}\n")
            #expect(status == .rejected)
            #expect(error.hasPrefix("pwbi journal: standard input: record 1 (line 1): "))
            let (badStatus, _, badError) = await run(["journal", "--mapping", mapping], input: Self.transactionsText + "\n{oops}\n")
            #expect(badStatus == .rejected)
            #expect(badError.contains("record 4 "))
            #expect(badError.contains("malformed JSON"))
        }
    }

    @Test func usageErrorsExitTwo() async {
        let (missing, _, missingError) = await run(["journal"], input: "")
        #expect(missing == .usage)
        #expect(missingError.contains("missing required option --mapping"))
        let (badPeriod, _, periodError) = await run(["journal", "--mapping", "m.json", "--period", "week"], input: "")
        #expect(badPeriod == .usage)
        #expect(periodError.contains("option --period must be one of day, 4h, got 'week'"))
        let (unreadable, _, _) = await run(["journal", "--mapping", "/nonexistent/pwbi-mapping.json"], input: "")
        #expect(unreadable == .rejected)
    }

    /// The README's pipeline: the sample Karage order through `pwbi map` into `pwbi journal`.
    @Test func samplePayloadThroughMapAndJournal() async throws {
        let payloads = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Examples/Payloads").standardizedFileURL.path
        let (mapStatus, unified, _) = await run(
            ["map", "--source", "karage", "--zone", "Asia/Riyadh", payloads + "/karage-order.json"], input: "")
        #expect(mapStatus == .ok)
        let (status, output, error) = await run(["journal", "--mapping", payloads + "/accounting-mapping.json"], input: unified)
        #expect(status == .ok)
        #expect(error.isEmpty)
        #expect(output == #"{"reference":"karage-2001","date":"2025-11-27","currency":"SAR","memo":"Sale karage 2001","total":"80.50","lines":[{"account":"1101","side":"debit","amount":"80.50","role":"payment","memo":"Payment Cash"},{"account":"4101","side":"credit","amount":"70.00","role":"revenue","memo":"Revenue"},{"account":"2103","side":"credit","amount":"10.50","role":"tax","memo":"Tax VAT"}],"sources":[{"source_system":"karage","external_id":"2001"}]}"# + "\n")
    }

    @Test func valueStreamSplitting() {
        let text = "\u{FEFF}{\"a\":\"}{\"}\n\n[1,\n2]\n  {\"b\":{\"c\":[\"\\\"]\"]}}"
        let values = jsonValues(in: Array(text.utf8))
        let bytes = Array(text.utf8)
        #expect(values.map { String(decoding: bytes[$0.range], as: UTF8.self) } == [#"{"a":"}{"}"#, "[1,\n2]", #"{"b":{"c":["\"]"]}}"#])
        #expect(values.map(\.line) == [1, 3, 5])

        // Any bytes split into in-bounds, ordered, non-overlapping values that keep every non-space byte.
        var state: UInt64 = 0x5EED
        for _ in 0..<300 {
            let noise: [UInt8] = (0..<Int(state % 48)).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Array("{}[]\"\\ \n\tab1".utf8)[Int(state >> 59) % 12]
            }
            let split = jsonValues(in: noise)
            var previousEnd = 0
            for value in split {
                #expect(value.range.lowerBound >= previousEnd && value.range.upperBound <= noise.count)
                previousEnd = value.range.upperBound
            }
            let kept = split.reduce(0) { $0 + noise[$1.range].filter { ![0x20, 0x0A, 0x09].contains($0) }.count }
            #expect(kept == noise.filter { ![0x20, 0x0A, 0x09].contains($0) }.count)
        }
    }
}
