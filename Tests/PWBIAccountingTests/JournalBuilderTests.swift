import Testing
import PWBIMapping

@Suite("Journal builder: sales, refunds, rounding, zones")
struct JournalBuilderTests {
    let builder = JournalBuilder(mapping: Scenarios.idrMapping)

    /// The example, computed from the rates rather than typed in: Rp100.000, 20 % discount,
    /// 5 % service on the pre-discount amount, 10 % PBJT on 85.000 → 93.500.
    @Test func theRp100000ExampleAddsUpTo93500() throws {
        let subtotal = money("100000")
        let discount = try subtotal * money("0.20")
        let service = try subtotal * money("0.05")
        let taxBase = try subtotal - discount + service
        let tax = try taxBase * money("0.10")
        #expect(taxBase == money("85000"))
        let total = try taxBase + tax
        #expect(total == money("93500"))
        #expect(Scenarios.sale1001.discount == discount)
        #expect(Scenarios.sale1001.serviceCharge == service)
        #expect(Scenarios.sale1001.tax == tax)
        #expect(Scenarios.sale1001.total == total)
    }

    @Test func saleWithSplitPaymentsDiscountServiceAndPB1() throws {
        let entry = try #require(try builder.entry(for: Scenarios.sale1001))
        #expect(entry.summary == [
            "Dr 1101 50000", "Dr 1103 43500", "Dr 4104 20000",
            "Cr 4101 100000", "Cr 4103 5000", "Cr 2104 8500",
        ])
        #expect(entry.lines.map(\.memo) == ["Payment cash", "Payment QRIS", "Discount", "Revenue", "Service charge", "Tax PB1"])
        #expect(entry.total == money("113500"))
        #expect(entry.reference == "karage-JKT-01-1001")
        #expect(entry.date.dayMonthYear == "27/12/2025")
        #expect(entry.memo == "Sale karage 1001 at JKT-01")
        #expect(entry.sources == [JournalSourceReference(sourceSystem: "karage", externalID: "1001", outlet: "JKT-01")])
        try expectBalanced(entry)
    }

    @Test func changeComesOffTheCashTender() throws {
        var sale = Scenarios.sale1001
        sale.payments = [Payment(method: .cash, amount: money("100000"))]
        sale.paid = money("100000")
        sale.change = money("6500")
        let entry = try #require(try builder.entry(for: sale))
        #expect(entry.summary.first == "Dr 1101 93500")
        try expectBalanced(entry)
    }

    @Test func changeStatedButAlreadyNettedIsNotTakenTwice() throws {
        var sale = Scenarios.sale1001
        sale.payments = [Payment(method: .cash, amount: money("93500"))]
        sale.paid = money("100000")
        sale.change = money("6500")
        let entry = try #require(try builder.entry(for: sale))
        #expect(entry.summary.first == "Dr 1101 93500")
    }

    @Test func changeWithoutACashTenderIsRejected() throws {
        var sale = Scenarios.sale1001
        sale.payments = [Payment(method: .card, amount: money("100000"))]
        sale.change = money("6500")
        #expect(throws: AccountingError.invalidTransaction(
            reference: "karage-JKT-01-1001", reason: "change of 6500 given with no cash payment to take it from")) {
            try builder.entry(for: sale)
        }
    }

    @Test func refundIsTheMirrorOfASale() throws {
        let entry = try #require(try builder.entry(for: Scenarios.refund1001))
        #expect(entry.summary == ["Dr 4105 35000", "Dr 4103 1750", "Dr 2104 2975", "Cr 1101 32725", "Cr 4104 7000"])
        #expect(entry.memo == "Refund karage 1001-R1 at JKT-01")
        #expect(entry.date.iso8601 == "2025-12-28")
        try expectBalanced(entry)
    }

    @Test func sarSaleRoundingDifferenceGoesToTheRoundingAccount() throws {
        let entry = try #require(try JournalBuilder(mapping: Scenarios.sarMapping).entry(for: Scenarios.sar2001))
        #expect(entry.summary == ["Dr 1102 11.99", "Dr 6901 0.01", "Cr 4101 10.43", "Cr 2103 1.57"])
        #expect(entry.currency == .SAR)
        // 21:30 UTC is already the 28th in Riyadh.
        #expect(entry.date.dayMonthYear == "28/12/2025")
        try expectBalanced(entry)
    }

    @Test func aDifferenceBeyondTheToleranceIsRejectedNotAbsorbed() throws {
        var mapping = Scenarios.sarMapping
        mapping.roundingTolerance = .zero
        #expect(throws: AccountingError.unreconciled(reference: "karage-RUH-01-2001", difference: money("-0.01"), allowed: .zero)) {
            try JournalBuilder(mapping: mapping).entry(for: Scenarios.sar2001)
        }
        var underpaid = Scenarios.sale1001
        underpaid.payments = [Payment(method: .cash, amount: money("90000"))]
        #expect(throws: AccountingError.unreconciled(reference: "karage-JKT-01-1001", difference: money("-3500"), allowed: money("100"))) {
            try builder.entry(for: underpaid)
        }
    }

    @Test func amountsFinerThanTheCurrencyAreRoundedAndTheRestBalanced() throws {
        var mapping = Scenarios.sarMapping
        mapping.roundingTolerance = .zero
        var sale = Scenarios.sar2001
        sale.tax = money("1.5645")          // 15 % of 10.43, as a POS that keeps four decimals reports it
        sale.total = money("11.99")
        sale.payments = [Payment(method: .card, amount: money("11.99"))]
        let entry = try #require(try JournalBuilder(mapping: mapping).entry(for: sale))
        #expect(entry.summary == ["Dr 1102 11.99", "Cr 4101 10.43", "Cr 2103 1.56"])
        try expectBalanced(entry)
    }

    @Test func theZoneIsTheMerchantsOrElseTheTransactionsOwn() throws {
        var mapping = Scenarios.sarMapping
        mapping.timeZone = nil
        let ownClock = try #require(try JournalBuilder(mapping: mapping).entry(for: Scenarios.sar2001))
        #expect(ownClock.date.iso8601 == "2025-12-28")    // the transaction's +03:00 wall clock
        var sale = Scenarios.sar2001
        sale.occurredAt = at(Scenarios.dec27LateUTC, offsetHours: 0)
        let utcClock = try #require(try JournalBuilder(mapping: mapping).entry(for: sale))
        #expect(utcClock.date.iso8601 == "2025-12-27")
        let merchantZone = try #require(try JournalBuilder(mapping: Scenarios.sarMapping).entry(for: sale))
        #expect(merchantZone.date.iso8601 == "2025-12-28")  // Asia/Riyadh wins over the source's UTC
    }

    @Test func revenuePerCategoryAndPerOutlet() throws {
        var mapping = Scenarios.idrMapping
        mapping.defaults.setRevenue(category: "Minuman", "4102")
        mapping.setCategory("Minuman", forProduct: "SKU-ET")
        let entry = try #require(try JournalBuilder(mapping: mapping).entry(for: Scenarios.sale1001))
        #expect(entry.summary == [
            "Dr 1101 50000", "Dr 1103 43500", "Dr 4104 20000",
            "Cr 4101 70000", "Cr 4102 30000", "Cr 4103 5000", "Cr 2104 8500",
        ])
        #expect(entry.lines.map(\.memo).contains("Revenue Minuman"))

        mapping.outlets["JKT-01"] = .init(payments: ["cash": "1101.01"], revenue: "4101.01")
        let outletEntry = try #require(try JournalBuilder(mapping: mapping).entry(for: Scenarios.sale1001))
        #expect(outletEntry.summary == [
            "Dr 1101.01 50000", "Dr 1103 43500", "Dr 4104 20000",
            "Cr 4101.01 70000", "Cr 4102 30000", "Cr 4103 5000", "Cr 2104 8500",
        ])
    }

    @Test func paymentsAreLookedUpByLabelThenCodeThenMethod() throws {
        var mapping = Scenarios.idrMapping
        mapping.defaults.setPayment("GoPay", "1104")
        mapping.defaults.setPayment("e_wallet", "1105")
        var sale = Scenarios.sale1001
        sale.payments = [Payment(method: .eWallet, rawCode: "7", label: "GoPay", amount: money("50000")),
                         Payment(method: .eWallet, label: "OVO", amount: money("43500"))]
        let entry = try #require(try JournalBuilder(mapping: mapping).entry(for: sale))
        #expect(Array(entry.summary.prefix(2)) == ["Dr 1104 50000", "Dr 1105 43500"])
    }

    @Test(arguments: [
        (TransactionKind.void, TransactionStatus.voided, "voided: posts nothing"),
        (TransactionKind.sale, TransactionStatus.voided, "voided: posts nothing"),
        (TransactionKind.sale, TransactionStatus.pending, "not completed: posts nothing until it is"),
    ])
    func voidsAndOpenSalesPostNothing(kind: TransactionKind, status: TransactionStatus, reason: String) throws {
        var sale = Scenarios.sale1001
        sale.kind = kind
        sale.status = status
        let batch = try builder.entries(for: [sale, Scenarios.sale1002])
        #expect(batch.entries.map(\.reference) == ["karage-JKT-01-1002"])
        #expect(batch.skipped == [SkippedTransaction(reference: "karage-JKT-01-1001", reason: reason)])
    }

    @Test func aSaleWithoutTenderIsPostedToTheUnspecifiedAccountOnlyIfMapped() throws {
        var sale = Scenarios.sale1002
        sale.payments = []
        #expect(builder.missingAccounts(for: [sale]) == [
            MissingAccount(.payment(method: "unspecified", outlet: nil), neededBy: ["karage-JKT-01-1002"]),
        ])
        var mapping = Scenarios.idrMapping
        mapping.defaults.setPayment("unspecified", "1199")
        let entry = try #require(try JournalBuilder(mapping: mapping).entry(for: sale))
        #expect(entry.summary.first == "Dr 1199 28875")
    }
}

/// Debits equal credits, every amount positive and within the currency's minor units.
func expectBalanced(_ entry: JournalEntry, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let debit = try Money.sum(entry.lines(on: .debit).map(\.amount))
    let credit = try Money.sum(entry.lines(on: .credit).map(\.amount))
    #expect(debit == credit, sourceLocation: sourceLocation)
    #expect(debit == entry.total, sourceLocation: sourceLocation)
    for line in entry.lines {
        #expect(line.amount.signum > 0, sourceLocation: sourceLocation)
        #expect(line.amount.fits(entry.currency), sourceLocation: sourceLocation)
    }
}
