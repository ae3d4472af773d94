import Foundation
import Testing

@testable import pwbi

/// `pwbi map` on the real Moka report shapes and Xendit's non-invoice callbacks (issue 16).
@Suite("pwbi map: real Moka and Xendit shapes")
struct RealShapeMappingCommandTests {
    /// GoBiz "Get Paid Transactions List", as documented (its parts do not add up).
    static let goBizPage = """
        {"success": true, "data": {"transactions": [{
          "id": "752cf7ff-6625-42cb-b317-c6ee9fb5b5d5", "total_collected": 46000, "payment_no": "53L8YFC",
          "payment_type": "cash", "payment_type_label": "Cash", "discounts": 5100.1, "subtotal": 45900.9,
          "gratuities": 0, "taxes": 0, "tendered": 46000, "transaction_date": "2020-08-03T15:30:50.748+07:00",
          "payment_taxes": [], "payment_gratuities": [], "payment_discounts": [],
          "payment_refunds": [{"id": 86947, "status": "Done", "payment_type": "gift_card", "is_refunded": true,
            "refunded_date": "2017-02-06T00:00:00.000+07:00", "refund_amount": 153, "refund_type": "partial"}],
          "items": [{"id": 20472591, "variant_id": 36629111, "item_name": "Ayam Bawang", "quantity": 1,
            "discount_amount": 5100.1, "tax_amount": 0, "price": 51001}]}]}}
        """

    /// v1 "latest transactions": a sale and its refund.
    static let v1Page = """
        {"data": {"completed": true, "next_url": null, "payments": [
          {"id": 89722, "status": "Done", "payment_type": "cash", "amount_pay": 69300, "amount_change": 0,
           "total_discount_amount": 0, "total_gratuity_amount": 3000, "total_tax_amount": 6300,
           "total_checkouts_amount": 60000, "total_collected_amount": 69300, "is_refunded": false,
           "parent_payment_id": null, "refund_amount": 0, "created_at": "2025-12-27T20:40:14.872+07:00",
           "outlet_id": 28076, "checkouts": [{"item_name": "Es Kopi Susu", "quantity": 2, "item_price": 30000, "total_price": 60000}]},
          {"id": 89741, "status": "Done", "payment_type": "cash", "amount_pay": -69300, "amount_change": 0,
           "total_discount_amount": 0, "total_gratuity_amount": -3000, "total_tax_amount": -6300,
           "total_checkouts_amount": -60000, "total_collected_amount": -69300, "is_refunded": true,
           "parent_payment_id": 89722, "refund_amount": 69300, "refunded_date": "2025-12-27T21:10:00+07:00",
           "created_at": "2025-12-27T21:10:00+07:00", "outlet_id": 28076, "checkouts": []}]}}
        """

    static let fixedVirtualAccountPaid = """
        {"updated": "2025-12-27T08:21:03.896Z", "created": "2025-12-27T08:21:03.896Z", "payment_id": "1766823663722",
         "callback_virtual_account_id": "676e5b2f39cc9e4a230d5a2b", "owner_id": "5824128aa6f9f9b648be9d76",
         "external_id": "fixed-va-outlet-88123", "account_number": "8846400012345", "bank_code": "MANDIRI",
         "amount": 150000, "transaction_timestamp": "2025-12-27T08:21:02.722Z", "merchant_code": "88464",
         "currency": "IDR", "id": "676e5b3f1b6ce2a355f46070"}
        """

    func run(_ argv: [String], input: String) async -> (ToolExit, String, String) {
        let io = CommandIO.capturing(input: Array(input.utf8))
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    func json(_ text: String) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        if let list = value as? [[String: Any]] { return list }
        return [try #require(value as? [String: Any])]
    }

    @Test func mokaGoBizPageMapsWithItsRefundAndWarnsOnInconsistentTotals() async throws {
        let (status, output, error) = await run(["map", "--source", "moka"], input: Self.goBizPage)
        #expect(status == .ok)
        #expect(error.isEmpty)
        let transactions = try json(output)
        #expect(transactions.map { $0["kind"] as? String } == ["sale", "refund"])
        #expect(transactions[0]["subtotal"] as? String == "45900.9")
        #expect(transactions[0]["discount"] as? String == "5100.1")
        #expect(transactions[1]["original_external_id"] as? String == "752cf7ff-6625-42cb-b317-c6ee9fb5b5d5")
        #expect(transactions[1]["total"] as? String == "153")
        let warnings = try #require(transactions[0]["warnings"] as? [[String: Any]])
        let mismatch = try #require(warnings.first { $0["code"] as? String == "totals_mismatch" })
        #expect((mismatch["message"] as? String)?.contains("(difference 5199.2)") == true)
    }

    @Test func mokaV1PageMapsSaleAndLinkedRefund() async throws {
        let (status, output, _) = await run(["map", "--source", "moka", "--zone", "Asia/Jakarta"], input: Self.v1Page)
        #expect(status == .ok)
        let transactions = try json(output)
        #expect(transactions.map { $0["kind"] as? String } == ["sale", "refund"])
        #expect(transactions.map { $0["total"] as? String } == ["69300", "69300"])
        #expect(transactions[1]["original_external_id"] as? String == "89722")
        #expect(transactions[1]["tax"] as? String == "6300")
        #expect(!output.contains("totals_mismatch"))
    }

    @Test func mokaAmountOfTheWrongTypeIsRejected() async {
        let broken = Self.v1Page.replacingOccurrences(of: #""total_collected_amount": 69300"#, with: #""total_collected_amount": true"#)
        let (status, output, error) = await run(["map", "--source", "moka"], input: broken)
        #expect(status == .rejected)
        #expect(output.isEmpty)
        #expect(error.hasPrefix("pwbi map: data.payments[0].total_collected_amount: expected "))
    }

    @Test func xenditFixedVirtualAccountCallback() async throws {
        let (status, output, error) = await run(["map", "--source", "xendit"], input: Self.fixedVirtualAccountPaid)
        #expect(status == .ok)
        #expect(error.isEmpty)
        let event = try #require(try json(output).first)
        #expect(event["type"] as? String == "payment_event")
        #expect(event["status"] as? String == "paid")
        #expect(event["method"] as? String == "virtual_account")
        #expect(event["channel"] as? String == "MANDIRI")
        #expect(event["amount"] as? String == "150000")
        #expect(event["order_reference"] as? String == "fixed-va-outlet-88123")
        #expect(event["paid_at"] as? String == "2025-12-27T08:21:02.722Z")
    }

    @Test func xenditUnknownCallbackExitsOneNamingTheKnownKinds() async {
        let (status, output, error) = await run(["map", "--source", "xendit"], input: #"{"event": "payment.capture", "data": {}}"#)
        #expect(status == .rejected)
        #expect(output.isEmpty)
        #expect(error.hasPrefix("pwbi map: event: expected "))
        #expect(error.contains("ewallet.capture") && error.contains("qr.payment"))
    }
}
