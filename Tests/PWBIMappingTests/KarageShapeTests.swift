import Foundation
import Testing

@testable import PWBIMapping

/// Karage's current plugin shape (lines with `PriceWithoutTax` and `DiscountPercentage`, no
/// order totals, `OrderDate` with an offset) beside the setup-guide shape, in one mapper.
@Suite("Karage: every shape it sends")
struct KarageShapeTests {
    static let fixtures = [
        "karage/current-plugin-order", "karage/current-plugin-refund",
        // The sample in shared/reference/payloads, unchanged.
        "karage/current-plugin-reference",
    ]

    @Test("maps to exactly the expected unified JSON", arguments: fixtures)
    func exactUnifiedResult(_ name: String) throws {
        let mapped = try MapperRegistry.standard.map(
            body: MapperFixtures.bytes(name + ".json"), source: .karage, event: .transactionCreated,
            context: MapperFixtures.context(zone: "Asia/Riyadh"))
        let expectedText = MapperFixtures.text(name + ".expected.json")
        #expect(!expectedText.isEmpty)
        #expect(mapped.unifiedJSON(pretty: true) + "\n" == expectedText)
        #expect(try UnifiedJSON.decode(try JSONDocument(parsing: expectedText).root) == mapped)
    }

    func map(_ json: String, zone: String? = "Asia/Riyadh") throws(MappingError) -> UnifiedTransaction {
        let document: JSONDocument
        do { document = try JSONDocument(parsing: json) } catch { throw MappingError(error) }
        return try KarageMapper().transaction(document.root, context: MapperFixtures.context(zone: zone))
    }

    static func order(date: String = "2025-08-10T17:16:43+00:00", item: String = #"{"ItemID":7,"PriceWithoutTax":100.0,"Quantity":1,"DiscountPercentage":0}"#, extra: String = "") -> String {
        #"{"OrderID":12345,"OrderDate":"\#(date)","OrderStatus":103,\#(extra)"OrderItems":[\#(item)],"CheckoutDetails":[{"PaymentMode":1,"AmountPaid":100.0,"CardType":"Cash"}]}"#
    }

    @Test func totalsAreComputedExactlyAndSaidSo() throws {
        let transaction = try map(Self.order())
        #expect(transaction.subtotal?.description == "100.00")
        #expect(transaction.total.description == "100.00")
        #expect(transaction.paid?.description == "100.00")
        #expect(transaction.tax == nil && transaction.taxRatePercent == nil)
        #expect(transaction.warnings.map(\.code) == [.currencyAssumed, .totalsComputed, .taxNotStated])
        #expect(ValidationRule.karageDefaults().failures(transaction).isEmpty)
    }

    @Test func statedOrderAmountsInTheCurrentShapeAreUsedNotRecomputed() throws {
        let transaction = try map(Self.order(extra: #""AmountTotal":100.0,"Tax":15.0,"TaxPercent":15,"GrandTotal":115.0,"AmountPaid":115.0,"#))
        #expect(transaction.tax?.description == "15.00")
        #expect(transaction.total.description == "115.00")
        #expect(!transaction.warnings.contains { $0.code == .totalsComputed || $0.code == .taxNotStated })
    }

    @Test(arguments: [
        ("2025-08-10T17:16:43Z", "2025-08-10T17:16:43Z", ZoneDecision.explicit),
        ("2025-08-10T17:16:43+00:00", "2025-08-10T17:16:43Z", .explicit),
        ("2025-08-10T20:16:43+03:00", "2025-08-10T20:16:43+03:00", .explicit),
        ("2025-08-10T17:16:43", "2025-08-10T17:16:43+03:00", .configured(identifier: "Asia/Riyadh")),
    ])
    func orderDateWithZOffsetOrNone(_ date: String, _ expected: String, _ decision: ZoneDecision) throws {
        let transaction = try map(Self.order(date: date))
        #expect(transaction.occurredAt.description == expected)
        #expect(transaction.occurredAt.zoneDecision == decision)
    }

    @Test func aZonelessOrderDateWithoutAConfiguredZoneAssumesRiyadhAndSaysSo() throws {
        let transaction = try map(Self.order(date: "2025-08-10T17:16:43"), zone: nil)
        #expect(transaction.occurredAt.zoneDecision == .assumed(identifier: "Asia/Riyadh"))
        #expect(transaction.warnings.first?.code == .zoneAssumed)
    }

    @Test(arguments: [
        ("12.5", "2.34375", "16.40625"),  // 18.75 × 1 × 12.5 %: exact, never rounded by the mapper
        ("100", "18.75", "0.00"),
        ("0", "0.00", "18.75"),
    ])
    func percentageDiscountsAreExact(_ percentage: String, _ discount: String, _ lineTotal: String) throws {
        let transaction = try map(Self.order(item: #"{"OdooItemID":1,"PriceWithoutTax":18.75,"Quantity":1,"DiscountPercentage":\#(percentage)}"#))
        #expect(transaction.lineItems.first?.discount?.description == discount)
        #expect(transaction.lineItems.first?.lineTotal?.description == lineTotal)
    }

    @Test(arguments: ["-1", "100.01", "\"ten\""])
    func aPercentageOutsideZeroToHundredIsAnError(_ percentage: String) {
        #expect {
            try map(Self.order(item: #"{"OdooItemID":1,"PriceWithoutTax":18.75,"Quantity":1,"DiscountPercentage":\#(percentage)}"#))
        } throws: { error in
            (error as? MappingError)?.path.description == "OrderItems[0].DiscountPercentage"
        }
    }

    @Test func aLineWithoutAnyPriceNamesBothShapes() {
        #expect {
            try map(Self.order(item: #"{"OdooItemID":1,"Quantity":1}"#))
        } throws: { error in
            let error = error as? MappingError
            return error?.kind == .missingField && error?.path.description == "OrderItems[0].Price"
                && error?.expected.contains("PriceWithoutTax") == true
        }
    }

    @Test func theGuideShapeStillRequiresItsTotals() {
        // A `Price` line makes the order a setup-guide order, whose AmountTotal is required as before.
        #expect {
            try map(Self.order(item: #"{"OdooItemID":1,"Price":100.0,"Quantity":1}"#))
        } throws: { error in
            (error as? MappingError)?.path.description == "AmountTotal"
        }
    }

    @Test func partnerFieldsAreCheckedForForm() throws {
        _ = try map(Self.order(extra: #""partner_id":20,"customer_ref":"CUST-002","#))
        for bad in [#""partner_id":0,"#, #""partner_id":"x","#, #""customer_ref":5,"#] {
            #expect(throws: MappingError.self) { try map(Self.order(extra: bad)) }
        }
    }

    @Test func aRefundIsLinkedToTheSaleWhoseOrderIDItCarries() throws {
        let refund = try map(Self.order().replacingOccurrences(of: #""OrderStatus":103"#, with: #""OrderStatus":106"#))
        #expect(refund.kind == .refund)
        #expect(refund.originalExternalID == "12345")
        let sale = try map(Self.order())
        #expect(sale.originalExternalID == nil)
    }

    /// The plugin's own tests send amounts with `,` thousands grouping and `.` decimals
    /// (`KarageMapper.amounts`, the shared amount rule).
    @Test
    func groupedThousandsAmountsAreExact() throws {
        let mapped = try MapperRegistry.standard.map(
            body: MapperFixtures.bytes("karage/current-plugin-grouped-amounts.json"), source: .karage,
            event: .transactionCreated, context: MapperFixtures.context(zone: "Asia/Riyadh"))
        guard case .transaction(let transaction) = mapped else { Issue.record("not a transaction"); return }
        #expect(transaction.lineItems.first?.unitPrice.description == "1000.0")
        #expect(transaction.payments.first?.amount.description == "1000.00")
        #expect(transaction.total.description == "1000.00")
    }
}

/// The line-price choices, read in place: `Price` (guide shape) wins over `PriceWithoutTax`; a
/// `null` price without the other is an error naming `Price`, never a zero.
@Suite("Karage: line prices")
struct KarageLinePriceTests {
    @Test(arguments: [
        (#"{"ItemID":7,"Price":null,"Quantity":1}"#, MappingError.Kind.missingField, "null"),
        (#"{"ItemID":7,"Price":"x","Quantity":1}"#, .invalidValue, #""x""#),
        (#"{"ItemID":7,"Price":true,"Quantity":1}"#, .typeMismatch, "a boolean"),
    ])
    func aBadPriceIsAnErrorAtItsPath(_ item: String, _ kind: MappingError.Kind, _ found: String) {
        #expect {
            try KarageShapeTests().map(KarageShapeTests.order(item: item))
        } throws: { error in
            let error = error as? MappingError
            return error?.kind == kind && error?.path.description == "OrderItems[0].Price" && error?.found == found
        }
    }

    @Test func aStatedPriceWinsOverPriceWithoutTax() throws {
        let item = #"{"ItemID":7,"Price":40.0,"PriceWithoutTax":100.0,"Quantity":1,"DiscountAmount":5}"#
        let extra = #""AmountTotal":35.0,"Tax":0,"TaxPercent":0,"AmountPaid":100.0,"#
        let transaction = try KarageShapeTests().map(KarageShapeTests.order(item: item, extra: extra))
        #expect(transaction.lineItems.first?.unitPrice.description == "40.0")
        #expect(transaction.lineItems.first?.discount?.description == "5")
        #expect(!transaction.warnings.contains { $0.code == .totalsComputed })
    }
}
