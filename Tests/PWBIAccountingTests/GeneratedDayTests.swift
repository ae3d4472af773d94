import Testing
import PWBIMapping

/// A deterministic pseudo-random source (SplitMix64): the same seed, the same day of trading.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Generated trading days: every entry balances, summaries reconcile")
struct GeneratedDayTests {
    /// Restaurant sales in rupiah: 20 % of them discounted, 5 % service, 10 % PB1, split tenders,
    /// cash over-tendered with change, one in seven a refund, two outlets, two days.
    static func rupiahDay(seed: UInt64, count: Int) throws -> [UnifiedTransaction] {
        var random = SplitMix64(state: seed)
        var result: [UnifiedTransaction] = []
        for index in 0..<count {
            let subtotal = Money(Int.random(in: 1...500, using: &random) * 1000)
            let discount = Bool.random(using: &random) ? try subtotal * money("0.20") : .zero
            let service = try subtotal * money("0.05")
            let tax = try (subtotal - discount + service) * money("0.10")
            let total = try subtotal - discount + service + tax
            var payments: [Payment] = []
            var change: Money? = nil
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                let tendered = try total + Money(Int.random(in: 0...20, using: &random) * 1000)
                payments = [Payment(method: .cash, amount: tendered)]
                change = try tendered - total
            case 1:
                let cash = Money(Int.random(in: 0...Int(total.significand) / 1000, using: &random) * 1000)
                payments = [Payment(method: .cash, amount: cash), Payment(method: .qr, label: "QRIS", amount: try total - cash)]
            default:
                payments = [Payment(method: .card, amount: total)]
            }
            let refund = Int.random(in: 0..<7, using: &random) == 0
            result.append(UnifiedTransaction(
                tenant: "resto-1", sourceSystem: .karage, externalID: "G\(index)",
                outlet: Bool.random(using: &random) ? "JKT-01" : "JKT-02", kind: refund ? .refund : .sale,
                occurredAt: at(Scenarios.dec27Lunch + Int64.random(in: -40_000...120_000, using: &random)),
                currency: .IDR, subtotal: subtotal, discount: discount.isZero ? nil : discount,
                serviceCharge: service, tax: tax, total: total, change: refund ? nil : change,
                payments: refund ? [Payment(method: .cash, amount: total)] : payments))
        }
        return result
    }

    /// Riyadh sales whose 15 % VAT is stated to four decimals, charged rounded to the halala.
    static func riyalDay(seed: UInt64, count: Int) throws -> [UnifiedTransaction] {
        var random = SplitMix64(state: seed)
        var result: [UnifiedTransaction] = []
        for index in 0..<count {
            let subtotal = try Money(significand: Int64.random(in: 100...50_000, using: &random), scale: 2)
            let vat = try subtotal * money("0.15")
            let total = try (subtotal + vat).rounded(to: .SAR, .halfUp)
            result.append(UnifiedTransaction(
                tenant: "cafe-ruh", sourceSystem: .karage, externalID: "S\(index)", outlet: "RUH-01",
                occurredAt: at(Scenarios.dec27LateUTC + Int64.random(in: -80_000...80_000, using: &random), offsetHours: 3),
                currency: .SAR, subtotal: subtotal, tax: vat, total: total,
                payments: [Payment(method: Bool.random(using: &random) ? .card : .cash, amount: total)]))
        }
        return result
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func rupiahEntriesBalanceAndSummariesReconcileExactly(seed: UInt64) throws {
        let day = try Self.rupiahDay(seed: seed, count: 200)
        let builder = JournalBuilder(mapping: Scenarios.idrMapping)
        let singles = try builder.entries(for: day).entries
        #expect(singles.count == day.count)
        for entry in singles { try expectBalanced(entry) }
        for period in [JournalPeriod.day, .fourHours, .businessDay(startHour: 4)] {
            let summaries = try builder.summaries(for: day, period: period).entries
            for entry in summaries { try expectBalanced(entry) }
            // Whole rupiah everywhere: every account reconciles to the unit, rounding included.
            #expect(try net(summaries) == net(singles))
            #expect(summaries.flatMap(\.sources).count == day.count)
        }
    }

    @Test(arguments: [7 as UInt64, 8])
    func riyalSummariesRoundOncePerAccountAndReconcile(seed: UInt64) throws {
        let day = try Self.riyalDay(seed: seed, count: 150)
        let builder = JournalBuilder(mapping: Scenarios.sarMapping)
        let singles = try builder.entries(for: day).entries
        for entry in singles { try expectBalanced(entry) }
        let summaries = try builder.summaries(for: day, period: .day).entries
        for entry in summaries { try expectBalanced(entry) }
        let (summaryNet, singleNet) = (try net(summaries), try net(singles))
        // Money that moved and revenue are exact; VAT differs only by where rounding fell, and
        // VAT + rounding together reconcile to the halala.
        for account: LedgerAccount in ["1101", "1102", "4101"] {
            #expect(summaryNet[account] == singleNet[account])
        }
        let summaryTaxAndRounding = try (summaryNet["2103"] ?? .zero) + (summaryNet["6901"] ?? .zero)
        let singleTaxAndRounding = try (singleNet["2103"] ?? .zero) + (singleNet["6901"] ?? .zero)
        #expect(summaryTaxAndRounding == singleTaxAndRounding)
        // And the summary's VAT is the exact VAT of the day, rounded once.
        for summary in summaries {
            let members = Set(summary.sources.map(\.externalID))
            let exactVAT = try Money.sum(day.filter { members.contains($0.externalID) }.compactMap(\.tax))
            let posted = summary.lines.first { $0.account == "2103" }?.amount
            #expect(posted == (try exactVAT.rounded(to: .SAR, .halfUp)))
        }
    }

    private func net(_ entries: [JournalEntry]) throws -> [LedgerAccount: Money] {
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
