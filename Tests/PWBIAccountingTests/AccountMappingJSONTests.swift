import Testing
import PWBIMapping

@Suite("Account mapping as JSON")
struct AccountMappingJSONTests {
    static let text = """
        {
          "time_zone": "Asia/Jakarta",
          "payments": {"cash": "1101", "card": "1102", "QRIS": "1103"},
          "revenue": "4101",
          "revenue_by_category": {"Minuman": "4102"},
          "product_categories": {"SKU-ET": "Minuman"},
          "tax_kind": "pb1",
          "tax_payable": {"PB1": "2104", "PPN": 2103},
          "service_charge_income": "4103",
          "discounts": "4104",
          "rounding": "6901",
          "refunds": "4105",
          "rounding_tolerance": "100",
          "rounding_mode": "halfEven",
          "outlets": {"JKT-02": {"payments": {"cash": "1101.02"}, "revenue": "4101.02", "tax_kind": "PPN", "time_zone": "Asia/Makassar"}}
        }
        """

    @Test func readsEveryPart() throws {
        let mapping = try AccountMapping(json: Array(Self.text.utf8))
        #expect(mapping.timeZone?.identifier == "Asia/Jakarta")
        #expect(mapping.paymentAccount(method: "qris", outlet: nil) == "1103")
        #expect(mapping.paymentAccount(method: "cash", outlet: "JKT-02") == "1101.02")
        #expect(mapping.paymentAccount(method: "card", outlet: "JKT-02") == "1102")
        #expect(mapping.revenueAccount(outlet: "JKT-02", category: nil) == "4101.02")
        #expect(mapping.revenueAccount(outlet: "JKT-02", category: "minuman") == "4102")
        #expect(mapping.taxKind(outlet: nil) == .pb1)
        #expect(mapping.taxKind(outlet: "JKT-02") == .ppn)
        #expect(mapping.taxPayable == [.pb1: "2104", .ppn: "2103"])
        #expect(mapping.timeZone(outlet: "JKT-02")?.identifier == "Asia/Makassar")
        #expect(mapping.roundingTolerance == money("100"))
        #expect(mapping.roundingMode == .halfEven)
        #expect([mapping.serviceChargeIncome, mapping.discounts, mapping.rounding, mapping.refunds] == ["4103", "4104", "6901", "4105"])
        #expect(mapping.category(of: LineItem(name: "Es Teh", references: [ProductReference(scheme: "sku", value: "sku-et")],
                                              quantity: Quantity(1), unitPrice: money("15000"))) == "Minuman")
    }

    @Test func writesWhatItReads() throws {
        let mapping = try AccountMapping(json: Array(Self.text.utf8))
        let again = try AccountMapping(json: Array(mapping.json().utf8))
        #expect(again == mapping)
        #expect(try AccountMapping(json: Array(Scenarios.idrMapping.json(pretty: false).utf8)) == Scenarios.idrMapping)
    }

    @Test(arguments: [
        (#"{"service_charge": "4103"}"#, "service_charge: expected one of"),
        (#"{"outlets": {"A": {"discounts": "1"}}}"#, "outlets.A.discounts: expected one of"),
        (#"{"tax_payable": {"PB1": ""}}"#, #"tax_payable.PB1: expected an account number or name, found """#),
        (#"{"time_zone": "Mars/Olympus"}"#, #"time_zone: expected an IANA time zone such as Asia/Jakarta, found "Mars/Olympus""#),
        (#"{"rounding_tolerance": "-1"}"#, #"rounding_tolerance: expected a non-negative amount, found "-1""#),
        (#"{"rounding_mode": "bankers"}"#, "rounding_mode: expected one of halfEven"),
        (#"{"payments": ["cash"]}"#, "payments: expected an object, found an array"),
        (#"{"payments": {"cash": 1.5}}"#, "payments.cash: expected an identifier"),
        (#"{"revenue": "4101",}"#, "$: malformed JSON at byte 18"),
    ])
    func rejectsWhatItCannotUseWithThePath(json: String, message: String) {
        do {
            _ = try AccountMapping(json: Array(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }
}
