import Foundation
import Testing

@testable import pwbi

@Suite("pwbi map")
struct MappingCommandTests {
    static let karageOrder = """
        {"OrderID": 2001, "OrderDate": "2025-11-27T14:30:00", "AmountDiscount": 0.0, "AmountPaid": 80.50,
         "AmountTotal": 70.00, "BalanceAmount": 0.0, "GrandTotal": 80.50, "Tax": 10.50, "TaxPercent": 15.0,
         "OrderStatus": 103, "PaymentMode": 1,
         "OrderItems": [{"OdooItemID": 5, "ItemName": "Office Chair", "Price": 70.00, "Quantity": 1, "DiscountAmount": 0.00}],
         "CheckoutDetails": [{"PaymentMode": 1, "AmountPaid": 80.50, "CardType": "Cash"}]}
        """

    func run(_ argv: [String], input: String = "") async -> (ToolExit, String, String) {
        let io = CommandIO.capturing(input: Array(input.utf8))
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    @Test func karageOrderFromStandardInput() async {
        let (status, output, error) = await run(["map", "--source", "karage", "--zone", "Asia/Riyadh"], input: Self.karageOrder)
        #expect(status == .ok)
        #expect(error.isEmpty)
        #expect(output.contains(#""external_id": "2001""#))
        #expect(output.contains(#""total": "80.50""#))
        #expect(output.contains(#""occurred_at": "2025-11-27T14:30:00+03:00""#))
        #expect(output.contains(#""zone_decision": "configured""#))
        #expect(output.contains(#""method": "cash""#))
    }

    @Test func moneyIsPrintedAsStrings() async {
        let (status, output, _) = await run(["map", "--source", "karage", "-"], input: Self.karageOrder)
        #expect(status == .ok)
        #expect(output.contains(#""paid": "80.50""#))
        #expect(!output.contains(": 80.5"))
        #expect(output.contains(#""zone_decision": "assumed""#))
    }

    @Test func mappingErrorNamesThePathOnStderrAndExitsOne() async {
        let broken = Self.karageOrder.replacingOccurrences(of: #""Quantity": 1"#, with: #""Quantity": "one""#)
        let (status, output, error) = await run(["map", "--source", "karage"], input: broken)
        #expect(status == .rejected)
        #expect(output.isEmpty)
        #expect(error.hasPrefix("pwbi map: OrderItems[0].Quantity: expected "))
        #expect(error.contains(#"found "one""#) || error.contains("one"))
    }

    @Test func unknownPaymentModeExitsOne() async {
        let broken = Self.karageOrder.replacingOccurrences(of: #"{"PaymentMode": 1, "AmountPaid""#, with: #"{"PaymentMode": 4, "AmountPaid""#)
        let (status, _, error) = await run(["map", "--source", "karage"], input: broken)
        #expect(status == .rejected)
        #expect(error.contains("CheckoutDetails[0].PaymentMode"))
        #expect(error.contains(#"found "4""#))
    }

    @Test func inventoryEvent() async {
        let payload = #"{"item_id": 55187, "item_name": "Mie Ayam Bakso", "in_stock": 37, "adjustment": -2, "updated_at": "2025-12-27 13:20:46"}"#
        let (status, output, _) = await run(["map", "--source", "moka", "--event", "inventory.updated", "--zone", "Asia/Jakarta"], input: payload)
        #expect(status == .ok)
        #expect(output.contains(#""type": "inventory_update""#))
        #expect(output.contains(#""quantity_on_hand": "37""#))
        #expect(output.contains(#""occurred_at": "2025-12-27T13:20:46+07:00""#))
    }

    @Test func unsupportedEventExitsOne() async {
        let (status, _, error) = await run(["map", "--source", "karage", "--event", "inventory.updated"], input: Self.karageOrder)
        #expect(status == .rejected)
        #expect(error.contains("transaction.created"))
    }

    @Test func paymentNotification() async {
        let payload = #"{"order_id": "A-1", "transaction_status": "settlement", "status_code": "200", "gross_amount": "150000.00", "currency": "IDR", "payment_type": "qris", "transaction_time": "2025-12-27 14:02:11"}"#
        let (status, output, _) = await run(["map", "--source", "midtrans"], input: payload)
        #expect(status == .ok)
        #expect(output.contains(#""type": "payment_event""#))
        #expect(output.contains(#""amount": "150000""#))
    }

    @Test func malformedJSONExitsOne() async {
        let (status, _, error) = await run(["map", "--source", "pawoon"], input: #"{"transaction_id": "1",}"#)
        #expect(status == .rejected)
        #expect(error.contains("malformed JSON at byte"))
    }

    @Test(arguments: [
        ["map"],
        ["map", "--source", "square"],
        ["map", "--source", "karage", "--event", "order.deleted"],
        ["map", "--source", "karage", "--zone", "Mars/Olympus"],
        ["map", "--source", "karage", "--frobnicate"],
        ["map", "--source", "karage", "a.json", "b.json"],
    ])
    func badUsageExitsTwo(argv: [String]) async {
        let (status, output, error) = await run(argv, input: Self.karageOrder)
        #expect(status == .usage)
        #expect(output.isEmpty)
        #expect(error.contains("usage: pwbi map"))
    }

    @Test func unreadableFileExitsOne() async {
        let (status, _, error) = await run(["map", "--source", "karage", "/nonexistent/order.json"])
        #expect(status == .rejected)
        #expect(error.contains("cannot read /nonexistent/order.json"))
    }

    @Test func helpListsTheSources() async {
        let (status, output, _) = await run(["map", "--help"])
        #expect(status == .ok)
        #expect(output.contains("pawoon|moka|qasir|olsera|karage|xendit|midtrans|generic"))
        #expect(output.contains("--event transaction.created|inventory.updated"))
    }
}
