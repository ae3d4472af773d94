import Testing
import PWBIMapping

@Suite("Period summaries: business day and 4-hour batches")
struct PeriodSummaryTests {
    let builder = JournalBuilder(mapping: Scenarios.idrMapping)

    /// A day at two outlets: sales 1001 and 1002 at JKT-01, a refund the next day, and a sale at JKT-02.
    var day: [UnifiedTransaction] {
        var other = Scenarios.sale1002
        other.outlet = "JKT-02"
        other.externalID = "5001"
        return [Scenarios.sale1001, Scenarios.sale1002, other, Scenarios.refund1001]
    }

    @Test func oneEntryPerOutletAndDayWithOneLinePerAccount() throws {
        let batch = try builder.summaries(for: day, period: .day)
        #expect(batch.entries.map(\.reference) == ["JKT-01-20251227", "JKT-02-20251227", "JKT-01-20251228"])
        let jkt01 = batch.entries[0]
        #expect(jkt01.summary == [
            "Dr 1101 50000", "Dr 1103 43500", "Dr 1102 28875", "Dr 4104 20000",
            "Cr 4101 125000", "Cr 4103 6250", "Cr 2104 11125",
        ])
        #expect(jkt01.memo == "Summary JKT-01 2025-12-27 (2 transactions)")
        #expect(jkt01.sources.map(\.externalID) == ["1001", "1002"])
        for entry in batch.entries { try expectBalanced(entry) }
    }

    /// The summary's line on each account is exactly the net of what the individual entries post there.
    @Test func summariesReconcileExactlyWithTheirTransactions() throws {
        let singles = try builder.entries(for: day).entries
        let summaries = try builder.summaries(for: day, period: .day).entries
        #expect(try netPerAccount(singles) == netPerAccount(summaries))
        let singlesTotal = try Money.sum(singles.map(\.total))
        #expect(singlesTotal == (try Money.sum([money("113500"), money("28875"), money("28875"), money("39725")])))
        // Cash received across both days: 50.000 in, 32.725 paid back.
        #expect(try netPerAccount(summaries)["1101"] == money("17275"))
    }

    @Test func fourHourBatchesFollowTheLocalClock() throws {
        // 12:30, 12:40 and 16:05 WIB; 16:05 falls in the 16:00–20:00 batch.
        var late = Scenarios.sale1002
        late.externalID = "1003"
        late.occurredAt = at(Scenarios.dec27Lunch + 3 * 3600 + 35 * 60)
        let batch = try builder.summaries(for: [Scenarios.sale1001, Scenarios.sale1002, late], period: .fourHours)
        #expect(batch.entries.map(\.reference) == ["JKT-01-20251227-12", "JKT-01-20251227-16"])
        #expect(batch.entries.map(\.memo) == [
            "Summary JKT-01 2025-12-27 12:00-16:00 (2 transactions)",
            "Summary JKT-01 2025-12-27 16:00-20:00 (1 transaction)",
        ])
    }

    @Test func aBusinessDayCanStartAfterMidnight() throws {
        // 02:30 WIB on the 28th belongs to the business day of the 27th when the day starts at 04:00.
        var lateNight = Scenarios.sale1002
        lateNight.occurredAt = at(Scenarios.dec27LateUTC - 2 * 3600)
        let midnight = try builder.summaries(for: [Scenarios.sale1001, lateNight], period: .day)
        #expect(midnight.entries.map(\.reference) == ["JKT-01-20251227", "JKT-01-20251228"])
        let fourAM = try builder.summaries(for: [Scenarios.sale1001, lateNight], period: .businessDay(startHour: 4))
        #expect(fourAM.entries.map(\.reference) == ["JKT-01-20251227"])
    }

    /// Three SAR sales whose VAT is stated to the tenth of a halala: rounded once per account in
    /// the summary, with the remainder on the rounding account, totals reconcile to the unit.
    @Test func summaryRoundsOncePerAccountAndPostsTheRemainderToRounding() throws {
        var mapping = Scenarios.sarMapping
        mapping.roundingTolerance = .zero
        func sale(_ id: String, _ offset: Int64) -> UnifiedTransaction {
            var sale = Scenarios.sar2001
            sale.externalID = id
            sale.occurredAt = at(Scenarios.dec27LateUTC + offset, offsetHours: 3)
            sale.subtotal = money("10.03")
            sale.tax = money("1.5045")
            sale.total = money("11.53")
            sale.payments = [Payment(method: .card, amount: money("11.53"))]
            return sale
        }
        let sales = [sale("1", 0), sale("2", 60), sale("3", 120)]
        let builder = JournalBuilder(mapping: mapping)
        let summary = try #require(try builder.summaries(for: sales, period: .day).entries.first)
        // Exact VAT 4.5135 rounds to 4.51; payments 34.59 = revenue 30.09 + VAT 4.51 - 0.01.
        #expect(summary.summary == ["Dr 1102 34.59", "Dr 6901 0.01", "Cr 4101 30.09", "Cr 2103 4.51"])
        try expectBalanced(summary)
        // Each sale alone rounds its VAT 1.5045 to 1.50 and balances without a rounding line.
        for entry in try builder.entries(for: sales).entries {
            #expect(entry.summary == ["Dr 1102 11.53", "Cr 4101 10.03", "Cr 2103 1.50"])
        }
        // The money that moved reconciles exactly: the card clearing line is the sum of the payments.
        #expect(summary.lines.first { $0.account == "1102" }?.amount == money("34.59"))
    }

    @Test func aPeriodThatNetsToZeroPostsNothing() throws {
        var refund = Scenarios.sale1002
        refund.kind = .refund
        refund.externalID = "1002-R"
        var mapping = Scenarios.idrMapping
        mapping.refunds = "4101"
        let batch = try JournalBuilder(mapping: mapping).summaries(for: [Scenarios.sale1002, refund], period: .day)
        #expect(batch.entries.isEmpty)
        #expect(batch.skipped == [SkippedTransaction(reference: "JKT-01-20251227", reason: "the period's transactions net to zero")])
    }

    @Test func invalidPeriodsAreRejected() {
        #expect(!JournalPeriod.batch(hours: 5).isValid)
        #expect(!JournalPeriod.businessDay(startHour: 24).isValid)
        #expect(JournalPeriod.fourHours.isValid)
        #expect(throws: AccountingError.self) { try builder.summaries(for: day, period: .batch(hours: 5)) }
    }

    private func netPerAccount(_ entries: [JournalEntry]) throws -> [LedgerAccount: Money] {
        var net: [LedgerAccount: Money] = [:]
        for entry in entries {
            for line in entry.lines {
                let signed = line.side == .debit ? line.amount : try line.amount.negated()
                net[line.account] = try (net[line.account] ?? .zero) + signed
            }
        }
        return net.filter { !$0.value.isZero }
    }
}
