import Foundation
import Testing

@testable import PWBIMapping

@Suite("Validation rules")
struct ValidationRuleTests {
    func mapped(_ fixture: MapperFixtures.Positive) throws -> [UnifiedTransaction] {
        try MapperRegistry.standard.map(
            body: MapperFixtures.bytes(fixture.input), source: SourceSystem(rawValue: fixture.source),
            event: EventType(rawValue: fixture.event), context: MapperFixtures.context(zone: fixture.zone)
        ).transactions
    }

    func karage(_ name: String) throws -> UnifiedTransaction {
        let body = MapperFixtures.bytes("karage/\(name).json")
        let context = MappingContext(tenant: "t", zone: ZoneRule(identifier: "Asia/Riyadh") ?? .utc, defaultCurrency: .SAR)
        return try #require(try KarageMapper().map(body: body, event: .transactionCreated, context: context).transactions.first)
    }

    func sale(total: String, subtotal: String? = nil, tax: String? = nil, payments: [String] = [], quantities: [String] = ["1"]) throws -> UnifiedTransaction {
        let stamp = ZonedTimestamp(instant: Timestamp(secondsSince1970: 1_764_000_000), utcOffsetSeconds: 0, zoneDecision: .explicit)
        return UnifiedTransaction(
            tenant: "t", sourceSystem: .karage, externalID: "1", sourceStatus: "103", occurredAt: stamp, currency: .SAR,
            subtotal: try subtotal.map { try ExactDecimal(parsing: $0) }, tax: try tax.map { try ExactDecimal(parsing: $0) },
            total: try ExactDecimal(parsing: total),
            lineItems: try quantities.map { LineItem(name: "X", quantity: try ExactDecimal(parsing: $0), unitPrice: .zero) },
            payments: try payments.map { Payment(method: .cash, amount: try ExactDecimal(parsing: $0)) })
    }

    @Test("every fixture transaction has consistent totals", arguments: MapperFixtures.positives)
    func fixturesAreConsistent(_ fixture: MapperFixtures.Positive) throws {
        for transaction in try mapped(fixture) {
            #expect(ValidationRule.totalsConsistent().failures(transaction).isEmpty)
            #expect(ValidationRule.nonNegativeSaleQuantities.failures(transaction).isEmpty)
        }
    }

    @Test func totalsWithinTheMinorUnit() throws {
        let rule = ValidationRule.totalsConsistent()
        #expect(rule.failures(try sale(total: "80.50", subtotal: "70.00", tax: "10.50")).isEmpty)
        #expect(rule.failures(try sale(total: "80.50", subtotal: "70.00", tax: "10.504")).isEmpty)  // 0.004 SAR off
        let off = rule.failures(try sale(total: "80.50", subtotal: "70.00", tax: "10.49"))
        #expect(off.count == 1)
        #expect(off.first?.path.description == "total")
        #expect(off.first?.kind == .validationFailed)
        #expect(off.first?.expected.hasPrefix("80.49") == true)
        #expect(off.first?.found == "80.50")
        #expect(ValidationRule.totalsConsistent(tolerance: ExactDecimal(minorUnits: 5, of: .SAR))
            .failures(try sale(total: "80.50", subtotal: "70.00", tax: "10.49")).isEmpty)
        #expect(rule.failures(try sale(total: "80.50")).isEmpty)  // no subtotal: nothing to compare
    }

    @Test func orderIsNotFullyPaid() throws {
        let transaction = try karage("order-not-fully-paid")
        let failures = ValidationRule.paymentsCoverTotal.failures(transaction)
        #expect(failures.count == 1)
        #expect(failures.first?.expected == "Order is not fully paid: payments of 80.50")
        #expect(failures.first?.found == "70.00")
        #expect(failures.first?.path.description == "payments")
        #expect(ValidationRule.paymentsCoverTotal.failures(try karage("order-split-payment")).isEmpty)
        #expect(ValidationRule.paymentsCoverTotal.failures(try karage("order-cash-change")).isEmpty)  // 100 tendered for 65.55
        #expect(ValidationRule.paymentsCoverTotal.failures(try sale(total: "1.00")).first?.found == "no payment")
        #expect(ValidationRule.paymentsCoverTotal.failures(try sale(total: "1.00", payments: ["0.995"])).isEmpty)
    }

    @Test func karageDefaultAllowsOnlyCompletedOrders() throws {
        let refund = try karage("order-refund")
        let failure = try #require(ValidationRule.allowedOrderStatuses().failures(refund).first)
        #expect(failure.expected.hasPrefix("Invalid OrderStatus: 106 not in allowed statuses"))
        #expect(failure.path.description == "source_status")
        #expect(ValidationRule.allowedOrderStatuses(ValidationRule.statusList(" 103, 106 ,")).failures(refund).isEmpty)
        #expect(ValidationRule.allowedOrderStatuses().failures(try karage("order-single")).isEmpty)
        // Other systems are not Karage's business.
        var moka = refund
        moka.sourceSystem = .moka
        #expect(ValidationRule.allowedOrderStatuses().failures(moka).isEmpty)
    }

    @Test func negativeQuantitiesOnlyInRefunds() throws {
        var transaction = try sale(total: "1", quantities: ["1", "-2", "0.5"])
        let failures = ValidationRule.nonNegativeSaleQuantities.failures(transaction)
        #expect(failures.map(\.path.description) == ["line_items[1].quantity"])
        transaction.kind = .refund
        #expect(ValidationRule.nonNegativeSaleQuantities.failures(transaction).isEmpty)
    }

    @Test func rulesCompose() throws {
        let transaction = try karage("order-not-fully-paid")
        let rules = ValidationRule.karageDefaults()
        #expect(rules.failures(transaction).count == 1)
        #expect(throws: MappingError.self) { try rules.check(transaction) }
        #expect(rules.failures(try karage("order-single")).isEmpty)
        let refundRules = ValidationRule.karageDefaults(statuses: ["103", "106"])
        #expect(refundRules.failures(try karage("order-refund")).isEmpty)
        let onlyMoka = ValidationRule.paymentsCoverTotal.when { $0.sourceSystem == .moka }
        #expect(onlyMoka.failures(transaction).isEmpty)
        let both = ValidationRule.paymentsCoverTotal.and(.allowedOrderStatuses(["999"]))
        #expect(both.failures(transaction).count == 2)
    }
}
