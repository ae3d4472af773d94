import Foundation
import Testing

@testable import pwbi

/// `pwbi receive` replaying Karage deliveries: X-API-KEY, several files, bulk, allowed statuses
/// and the stored transactions printed at the end.
@Suite("pwbi receive: replaying Karage deliveries")
struct ReceiveReplayTests {
    static let key = "pwbi_0123456789abcdef_" + String(repeating: "A", count: 43)

    /// A directory of its own holding the sale (Examples/Payloads/karage-order.json), its refund
    /// (the same order with OrderStatus 106) and bulk bodies of the two in both orders.
    struct Files {
        let directory: URL
        var sale: String { directory.appendingPathComponent("sale.json").path }
        var refund: String { directory.appendingPathComponent("refund.json").path }
        var saleThenRefund: String { directory.appendingPathComponent("sale-then-refund.json").path }
        var refundThenSale: String { directory.appendingPathComponent("refund-then-sale.json").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-receive-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let sale = try String(contentsOfFile: ReceiveCommandTests.payloads + "/karage-order.json", encoding: .utf8)
            let refund = sale.replacingOccurrences(of: #""OrderStatus": 103"#, with: #""OrderStatus": 106"#)
            try sale.write(toFile: self.sale, atomically: true, encoding: .utf8)
            try refund.write(toFile: self.refund, atomically: true, encoding: .utf8)
            try #"{"pos_config_id": 5, "orders": [\#(sale), \#(refund)]}"#.write(toFile: saleThenRefund, atomically: true, encoding: .utf8)
            try "[\(refund), \(sale)]".write(toFile: refundThenSale, atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    func run(_ argv: [String]) async -> (ToolExit, [String], String) {
        let io = CommandIO.capturing(input: [])
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text.split(separator: "\n").map(String.init), io.error.text)
    }

    func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// The printed store: exactly a sale and a refund of order 2001, both 80.50 SAR, the refund linked.
    func expectSaleAndRefund(_ lines: ArraySlice<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stored = try lines.map(object)
        #expect(stored.count == 2, sourceLocation: sourceLocation)
        #expect(Set(stored.map { $0["kind"] as? String ?? "" }) == ["sale", "refund"], sourceLocation: sourceLocation)
        #expect(stored.allSatisfy { $0["external_id"] as? String == "2001" && $0["total"] as? String == "80.50" && $0["paid"] as? String == "80.50" }, sourceLocation: sourceLocation)
        let refund = stored.first { $0["kind"] as? String == "refund" }
        #expect(refund?["original_external_id"] as? String == "2001", sourceLocation: sourceLocation)
        #expect(refund?["source_status"] as? String == "106", sourceLocation: sourceLocation)
    }

    @Test(arguments: [false, true])
    func singleDeliveriesInEitherOrderStoreASaleAndARefund(refundFirst: Bool) async throws {
        let files = try Files()
        defer { files.remove() }
        let order = refundFirst ? [files.refund, files.sale] : [files.sale, files.refund]
        let (status, lines, error) = await run(
            ["receive", "--source", "karage", "--api-key", Self.key, "--allow-status", "103,106", "--print-store"] + order)
        #expect(status == .ok, "\(error)")
        #expect(lines.count == 6)
        #expect(lines[0] == "200 OK" && lines[2] == "200 OK")
        #expect(try object(lines[1])["internal_id"] as? String == "txn_0000000000000001")
        #expect(try object(lines[3])["internal_id"] as? String == "txn_0000000000000002")
        try expectSaleAndRefund(lines[4...])
    }

    @Test(arguments: [false, true])
    func oneBulkRequestInEitherOrderStoresASaleAndARefund(refundFirst: Bool) async throws {
        let files = try Files()
        defer { files.remove() }
        let (status, lines, error) = await run([
            "receive", "--source", "karage", "--api-key", Self.key, "--allow-status", "103,106", "--bulk", "--print-store",
            refundFirst ? files.refundThenSale : files.saleThenRefund,
        ])
        #expect(status == .ok, "\(error)")
        #expect(lines.count == 4)
        #expect(lines[0] == "200 OK")
        #expect(try object(lines[1])["message"] as? String == "Processed 2 orders: 2 succeeded, 0 failed")
        try expectSaleAndRefund(lines[2...])
    }

    @Test func singleOrderFilesAreWrappedForTheBulkEndpoint() async throws {
        let files = try Files()
        defer { files.remove() }
        let (status, lines, _) = await run([
            "receive", "--source", "karage", "--api-key", Self.key, "--allow-status", "103,106", "--bulk", "--print-store",
            files.sale, files.refund, files.sale,
        ])
        #expect(status == .ok)
        #expect(lines.count == 8)
        // The third delivery repeats the first: a duplicate, nothing stored twice.
        let third = try #require((try object(lines[5])["data"] as? [String: Any])?["duplicates"] as? Int)
        #expect(third == 1)
        try expectSaleAndRefund(lines[6...])
    }

    @Test func theDefaultAllowedStatusRejectsTheRefundWithExit1() async throws {
        let files = try Files()
        defer { files.remove() }
        let (status, lines, _) = await run(["receive", "--source", "karage", "--api-key", Self.key, "--print-store", files.sale, files.refund])
        #expect(status == .rejected)
        #expect(lines[0] == "200 OK" && lines[2] == "400 Bad Request")
        #expect(try object(lines[3])["code"] as? String == "validation_failed")
        #expect(lines.count == 5)
        #expect(try object(lines[4])["kind"] as? String == "sale")
    }

    @Test func aPartlyFailedBulkIs207AndExit1() async throws {
        let files = try Files()
        defer { files.remove() }
        let (status, lines, _) = await run(["receive", "--source", "karage", "--api-key", Self.key, "--bulk", files.saleThenRefund])
        #expect(status == .rejected)
        #expect(lines.first == "207 Multi-Status")
    }

    @Test func aWrongXAPIKeyHeaderIs401() async throws {
        let files = try Files()
        defer { files.remove() }
        let other = "pwbi_0123456789abcdef_" + String(repeating: "B", count: 43)
        let (status, lines, _) = await run(["receive", "--source", "karage", "--api-key", Self.key, "--header", "X-API-KEY: \(other)", files.sale])
        #expect(status == .rejected)
        #expect(lines.first == "401 Unauthorized")
    }

    @Test(arguments: [
        (["--api-key", "not-a-key"], "option --api-key expects a key of the form"),
        (["--api-key", key, "--secret", "s"], "options --secret and --api-key exclude each other"),
        (["--api-key", key, "--allow-status", "103,abc"], "option --allow-status expects OrderStatus codes"),
        (["--api-key", key, "--allow-status", ""], "option --allow-status expects OrderStatus codes"),
    ])
    func badKarageUsageExits2(_ options: [String], _ message: String) async {
        let (status, _, error) = await run(["receive", "--source", "karage"] + options + ["no-such-file.json"])
        #expect(status == .usage)
        #expect(error.contains(message), "\(error)")
    }

    @Test func apiKeysBulkAndAllowedStatusesAreForKarageOnly() async {
        let (key, _, keyError) = await run(["receive", "--source", "pawoon", "--api-key", Self.key])
        #expect(key == .usage)
        #expect(keyError.contains("option --api-key applies to --source karage only"))
        let (bulk, _, bulkError) = await run(["receive", "--source", "pawoon", "--secret", "s", "--bulk"])
        #expect(bulk == .usage)
        #expect(bulkError.contains("flag --bulk applies to --source karage only"))
        let (statuses, _, statusesError) = await run(["receive", "--source", "moka", "--secret", "s", "--allow-status", "103"])
        #expect(statuses == .usage)
        #expect(statusesError.contains("option --allow-status applies to --source karage only"))
    }
}
