import Testing
import PWBIMapping

@Suite("Missing-mapping reports and balanced-by-construction entries")
struct MissingAccountTests {
    @Test func everyMissingAccountIsListedWithTheEntriesThatNeedIt() throws {
        let mapping = AccountMapping(
            defaults: .init(payments: ["cash": "1101"], revenue: "4101"),
            timeZone: ZoneRule(identifier: "Asia/Jakarta"))
        let transactions = [Scenarios.sale1001, Scenarios.sale1002, Scenarios.refund1001]
        let missing = JournalBuilder(mapping: mapping).missingAccounts(for: transactions)
        #expect(missing.map(\.what) == [
            "payment account for method 'card'",
            "payment account for method 'qr'",
            "tax kind (PPN, PB1…)",
            "service charge income account",
            "discounts account",
            "refunds account",
        ])
        let qr = try #require(missing.first { $0.requirement == .payment(method: "qr", outlet: nil) })
        #expect(qr.neededBy == ["karage-JKT-01-1001"])
        let service = try #require(missing.first { $0.requirement == .serviceChargeIncome })
        #expect(service.neededBy == ["karage-JKT-01-1001", "karage-JKT-01-1002", "karage-JKT-01-1001-R1"])
        #expect(service.description == "service charge income account (needed by 3 entries: karage-JKT-01-1001, karage-JKT-01-1002, karage-JKT-01-1001-R1)")

        // Building throws the same list: nothing is posted to a guessed account.
        #expect(throws: AccountingError.missingAccounts(missing)) {
            try JournalBuilder(mapping: mapping).entries(for: transactions)
        }
    }

    @Test func aTaxKindWithoutPayableAccountAndAMissingRoundingAccountAreReported() {
        var mapping = Scenarios.sarMapping
        mapping.taxPayable = [:]
        mapping.rounding = nil
        let missing = JournalBuilder(mapping: mapping).missingAccounts(for: [Scenarios.sar2001])
        #expect(missing == [
            MissingAccount(.taxPayable(.vat), neededBy: ["karage-RUH-01-2001"]),
            MissingAccount(.rounding, neededBy: ["karage-RUH-01-2001"]),
        ])
    }

    @Test func aCompleteMappingMissesNothing() {
        let all = [Scenarios.sale1001, Scenarios.sale1002, Scenarios.refund1001]
        #expect(JournalBuilder(mapping: Scenarios.idrMapping).missingAccounts(for: all).isEmpty)
    }

    @Test func anUnbalancedEntryCannotBeBuilt() throws {
        let date = try #require(LedgerDate(year: 2025, month: 12, day: 27))
        func line(_ side: JournalSide, _ amount: String) -> JournalLine {
            JournalLine(account: "1101", side: side, amount: money(amount), role: .payment, memo: "")
        }
        #expect(throws: JournalEntryError.unbalanced(debit: money("100"), credit: money("99"))) {
            try JournalEntry(reference: "x", date: date, currency: .IDR, memo: "", lines: [line(.debit, "100"), line(.credit, "99")], sources: [])
        }
        #expect(throws: JournalEntryError.nonPositiveAmount(line: 1, amount: money("0"))) {
            try JournalEntry(reference: "x", date: date, currency: .IDR, memo: "", lines: [line(.debit, "100"), line(.credit, "0")], sources: [])
        }
        #expect(throws: JournalEntryError.finerThanCurrency(line: 0, amount: money("10.5"), currency: .IDR)) {
            try JournalEntry(reference: "x", date: date, currency: .IDR, memo: "", lines: [line(.debit, "10.5"), line(.credit, "10.5")], sources: [])
        }
        #expect(throws: JournalEntryError.tooFewLines(1)) {
            try JournalEntry(reference: "x", date: date, currency: .IDR, memo: "", lines: [line(.debit, "1")], sources: [])
        }
        let balanced = try JournalEntry(reference: "x", date: date, currency: .SAR, memo: "",
                                        lines: [line(.debit, "10.50"), line(.credit, "10.5")], sources: [])
        #expect(balanced.total == money("10.5"))
    }
}
