import Foundation
import Testing

@testable import PWBIMapping

/// Moka's GoBiz and v1 report shapes and Xendit's non-invoice callbacks, beyond the exact
/// fixture comparisons of `cases.json`.
@Suite("Real Moka and Xendit shapes")
struct RealShapeMapperTests {
    let context = MappingContext(tenant: "t", zones: ZoneResolution(configured: ZoneRule(identifier: "Asia/Jakarta")))

    func map(_ source: SourceSystem, _ json: String, event: EventType = .transactionCreated) throws(MappingError) -> MappedEvent {
        try MapperRegistry.standard.map(body: Array(json.utf8), source: source, event: event, context: context)
    }

    func decimal(_ text: String) throws -> Money { try ExactDecimal(parsing: text) }

    /// GoBiz's documented sample (`moka-gobiz-transactions-page-truncated.json`): its parts do not add
    /// up, so it is kept out of the consistent-fixture list and checked here.
    @Test func goBizDocumentedSampleMapsExactlyWithItsInconsistencies() throws {
        let body = MapperFixtures.bytes("moka/gobiz-page-documented.json")
        let mapped = try MapperRegistry.standard.map(
            body: body, source: .moka, event: .transactionCreated, context: MapperFixtures.context(zone: nil))
        #expect(mapped.unifiedJSON(pretty: true) + "\n" == MapperFixtures.text("moka/gobiz-page-documented.expected.json"))
        let transactions = mapped.transactions
        try #require(transactions.count == 2)
        let sale = transactions[0]
        #expect(sale.kind == .sale)
        #expect(sale.subtotal == (try decimal("45900.9")))
        #expect(sale.discount == (try decimal("5100.1")))
        #expect(sale.total == (try decimal("46000")))
        let mismatch = sale.warnings.filter { $0.code == .totalsMismatch }
        #expect(mismatch.map(\.path?.description) == [
            "data.transactions[0].payment_discounts", "data.transactions[0].payment_gratuities",
            "data.transactions[0].payment_taxes", "data.transactions[0].total_collected",
        ])
        #expect(mismatch.last?.message.contains("difference 5199.2") == true)
        #expect(mismatch[2].message.contains("755.0125"), "fractional rupiah kept exact, sign dropped")
        let refund = transactions[1]
        #expect(refund.kind == .refund)
        #expect(refund.externalID == "86947")
        #expect(refund.originalExternalID == sale.externalID)
        #expect(refund.total == (try decimal("153")))
        #expect(refund.payments.first?.method == .voucher)
    }

    @Test func goBizComponentListsStandInForAbsentTotalsAsMagnitudes() throws {
        let mapped = try map(.moka, """
            {"id":"a-1","transaction_date":"2025-12-27T10:00:00+07:00","subtotal":75501.25,"total_collected":74157.0125,
             "payment_taxes":[{"id":1,"name":"PB1","amount":1,"total":-755.0125,"taxable_amount":-75501.25}],
             "payment_gratuities":[{"id":2,"name":"Service","amount":2.5,"total":-1806.25}],
             "payment_discounts":[{"id":3,"discount_amount":-3905.5,"discount_cash":3905.5}]}
            """)
        let sale = try #require(mapped.transactions.first)
        #expect(sale.tax == (try decimal("755.0125")))
        #expect(sale.serviceCharge == (try decimal("1806.25")))
        #expect(sale.discount == (try decimal("3905.5")))
        #expect(sale.total == (try decimal("74157.0125")))
        #expect(!sale.warnings.contains { $0.code == .totalsMismatch })
    }

    @Test func statedPartsThatDoNotAddUpWarnWithTheDifference() throws {
        let consistent = try map(.moka, """
            {"id":"a-2","transaction_date":"2025-12-27T10:00:00+07:00","subtotal":100000,"discounts":10000,
             "taxes":9000,"gratuities":4500,"total_collected":103500,"tendered":103500}
            """)
        #expect(consistent.transactions.first?.warnings.contains { $0.code == .totalsMismatch } == false)
        let off = try map(.moka, """
            {"id":89760,"total_checkouts_amount":50000,"total_tax_amount":5000,"total_collected_amount":54000,
             "created_at":"2025-12-28T10:00:00+07:00","currency":"IDR"}
            """)
        let warning = try #require(off.transactions.first?.warnings.first { $0.code == .totalsMismatch })
        #expect(warning.path?.description == "total_collected_amount")
        #expect(warning.message.hasSuffix("(difference -1000)"))
    }

    @Test func v1RefundIsItsOwnTransactionLinkedToItsSale() throws {
        let mapped = try MapperRegistry.standard.map(
            body: MapperFixtures.bytes("moka/v1-latest-transactions.json"), source: .moka, event: .transactionCreated,
            context: context)
        let transactions = mapped.transactions
        try #require(transactions.count == 3)
        #expect(transactions.map(\.kind) == [.sale, .sale, .refund])
        #expect(transactions[2].originalExternalID == "89722")
        #expect(transactions[2].total == transactions[0].total)
        #expect(transactions[2].tax == (try decimal("6300")))
        #expect(transactions[1].tax == (try decimal("2350.5")))
    }

    @Test func v1PartialRefundKeepsOnlyItsAmount() throws {
        let mapped = try MapperRegistry.standard.map(
            body: MapperFixtures.bytes("moka/v1-partial-refund-unlinked.json"), source: .moka, event: .transactionCreated,
            context: context)
        let refund = try #require(mapped.transactions.first)
        #expect(refund.kind == .refund)
        #expect(refund.total == (try decimal("15000")))
        #expect(refund.subtotal == nil)
        #expect(refund.lineItems.isEmpty)
        #expect(refund.originalExternalID == nil)
        #expect(refund.warnings.contains { $0.code == "refund_unlinked" })
        #expect(refund.occurredAt.instant.description == "2025-12-28T02:15:00Z")
    }

    @Test(arguments: [
        (#"{"id":1,"total_collected_amount":"12,000","created_at":"2025-12-28T10:00:00+07:00"}"#, "total_collected_amount"),
        (#"{"id":1,"total_collected_amount":1000,"is_refunded":"yes","created_at":"2025-12-28T10:00:00+07:00"}"#, "is_refunded"),
        (#"{"id":"x","transaction_date":"2025-12-27T10:00:00+07:00","total_collected":1,"payment_refunds":[{"id":9}]}"#, "payment_refunds[0].refund_amount"),
        (#"{"id":"x","transaction_date":"2025-12-27T10:00:00+07:00","total_collected":1,"payment_taxes":[{"id":9}]}"#, "payment_taxes[0].total"),
        (#"{"id":"x","transaction_date":"2025-12-27T10:00:00+07:00","total_collected":1,"items":[{"quantity":1,"price":5}]}"#, "items[0].item_name"),
        (#"{"data":{"transactions":{"id":"x"}}}"#, "data.transactions"),
    ])
    func mokaDefectsNameTheirField(json: String, path: String) {
        #expect {
            try map(.moka, json)
        } throws: { error in
            (error as? MappingError)?.path.description == path
        }
    }

    @Test func xenditFixedVirtualAccountNeedsItsBank() {
        #expect {
            try map(.xendit, #"{"callback_virtual_account_id":"v","payment_id":"p","external_id":"e","amount":1,"transaction_timestamp":"2025-12-27T08:21:02Z"}"#)
        } throws: { error in
            (error as? MappingError)?.path.description == "bank_code"
        }
    }

    @Test func xenditUnknownEventNamesTheRecognisedOnes() {
        #expect {
            try map(.xendit, #"{"event":"payment.capture","data":{"payment_id":"py-1"}}"#)
        } throws: { error in
            guard let error = error as? MappingError else { return false }
            return error.path.description == "event" && error.found == "\"payment.capture\""
                && error.expected.contains("ewallet.capture") && error.expected.contains("qr.payment")
        }
        #expect {
            try map(.xendit, #"{"id":"x","external_id":"y","amount":5}"#)
        } throws: { error in
            guard let error = error as? MappingError else { return false }
            return error.path.description == "status" && error.kind == .missingField
                && error.expected.contains("fixed virtual account") && error.expected.contains("invoice")
        }
    }

    @Test(arguments: [("PENDING", PaymentStatus.pending), ("FAILED", .failed), ("VOIDED", .cancelled), ("REFUNDED", .refunded)])
    func xenditEWalletStatuses(status: String, expected: PaymentStatus) throws {
        let mapped = try map(.xendit, """
            {"event":"ewallet.capture","data":{"id":"ewc_1","reference_id":"o-1","status":"\(status)","charge_amount":25000,
             "capture_amount":25000,"currency":"IDR","channel_code":"ID_DANA","created":"2025-12-27T09:23:52Z"}}
            """, event: .paymentNotification)
        guard case .payment(let event) = mapped else { Issue.record("not a payment: \(mapped)"); return }
        #expect(event.status == expected)
        #expect(event.paidAmount == nil)
        #expect(event.paidAt == nil)
        #expect(event.channel == "ID_DANA")
        #expect(event.method == .eWallet)
    }

    @Test(arguments: [("Z", TransactionKind.sale, TransactionStatus.completed), ("X", .sale, .voided), ("P", .sale, .pending), ("paid", .sale, .completed)])
    func olseraOrderStatuses(code: String, kind: TransactionKind, status: TransactionStatus) throws {
        let mapped = try map(.olsera, """
            {"order_no":"DF1","status":"\(code)","total_amount":"21250.00","created_time":"2026-02-05 13:42:10",
             "orderitems":[{"product_name":"ICED LEMON TEA","product_sku":"ILT-01","qty":1,"price":"21250.00"}]}
            """)
        let transaction = try #require(mapped.transactions.first)
        #expect(transaction.kind == kind)
        #expect(transaction.status == status)
        #expect(transaction.lineItems.first?.references == [ProductReference(scheme: "sku", value: "ILT-01")])
        #expect(transaction.occurredAt.instant.description == "2026-02-05T06:42:10Z")
    }

    @Test func olseraUnknownStatusNamesItsCodes() {
        #expect {
            try map(.olsera, #"{"order_no":"DF1","status":"Q","total_amount":1,"order_date":"2026-02-05 13:42:10"}"#)
        } throws: { error in
            guard let error = error as? MappingError else { return false }
            return error.path.description == "status" && error.expected.hasSuffix("Olsera order status P, A, S, Z or X")
        }
    }
}
