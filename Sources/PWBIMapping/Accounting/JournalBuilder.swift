/// Turns unified transactions into balanced journal entries through an ``AccountMapping``.
///
/// - A **sale** debits the payment accounts (net of change) and the discounts account, and
///   credits revenue (per category where the mapping says so), service-charge income and the
///   tax payable of the outlet's tax kind.
/// - A **refund** is the mirror image, with the sales-returns (``AccountMapping/refunds``)
///   account in place of revenue.
/// - Voids and unfinished sales post nothing; they are listed in ``JournalBatch/skipped``.
/// - Amounts finer than the currency are rounded (``AccountMapping/roundingMode``) and what
///   rounding leaves, plus any cash-rounding difference within ``AccountMapping/roundingTolerance``,
///   goes to ``AccountMapping/rounding`` — so every entry balances to the unit.
/// - **Period summaries** post all the transactions of an outlet for a business day or a batch
///   (``JournalPeriod``) as one entry with one line per account, rounded once per account.
///
/// Every account the transactions need and the mapping lacks is reported together
/// (``AccountingError/missingAccounts(_:)``); nothing is ever posted to a guessed account.
public struct JournalBuilder: Sendable {
    /// The account mapping entries are built through.
    public var mapping: AccountMapping

    /// A builder over `mapping`.
    public init(mapping: AccountMapping) {
        self.mapping = mapping
    }

    // MARK: Over posting facts

    /// The entry of one transaction's facts; missing accounts are recorded in `resolver`.
    func entry(for facts: PostingFacts, resolver: inout AccountResolver) throws(AccountingError) -> JournalEntry? {
        let (parts, difference, finer) = try JournalPosting.contributions(of: facts, resolver: &resolver)
        try JournalPosting.checkReconciles(difference, finerCount: finer, mapping: mapping,
                                           currency: facts.currency, reference: facts.reference)
        let lines = try JournalPosting.balancedLines(
            parts, currency: facts.currency, mapping: mapping, netAcrossSides: false,
            rounding: { resolver.rounding(for: facts.reference) }, reference: facts.reference)
        guard resolver.isComplete else { return nil }
        return try makeEntry(
            reference: facts.reference, date: LedgerDate(local: facts.localTime), currency: facts.currency,
            memo: facts.memo, outlet: facts.outlet, lines: lines, sources: [facts.source])
    }

    /// The entries of many transactions' facts, or every missing account at once.
    func entries(for facts: [PostingFacts], skipped: [SkippedTransaction]) throws(AccountingError) -> JournalBatch {
        var resolver = AccountResolver(mapping: mapping)
        var entries: [JournalEntry] = []
        entries.reserveCapacity(facts.count)
        for item in facts {
            if let entry = try entry(for: item, resolver: &resolver) { entries.append(entry) }
        }
        guard resolver.isComplete else { throw .missingAccounts(resolver.missing) }
        return JournalBatch(entries: entries, skipped: skipped)
    }

    /// One summary entry per outlet, currency and period.
    func summaries(for facts: [PostingFacts], period: JournalPeriod, skipped: [SkippedTransaction])
        throws(AccountingError) -> JournalBatch
    {
        guard period.isValid else {
            throw .invalidTransaction(reference: "period", reason: "invalid period \(period)")
        }
        struct GroupKey: Hashable {
            var outlet: String?
            var currency: Currency
            var window: PeriodWindow
        }
        var order: [GroupKey] = []
        var groups: [GroupKey: [PostingFacts]] = [:]
        for item in facts {
            let key = GroupKey(outlet: item.outlet, currency: item.currency, window: period.window(of: item.localTime))
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(item)
        }
        order.sort { a, b in
            if a.window != b.window { return a.window < b.window }
            if (a.outlet ?? "") != (b.outlet ?? "") { return (a.outlet ?? "") < (b.outlet ?? "") }
            return a.currency.code < b.currency.code
        }
        var currenciesPerPeriod: [String: Int] = [:]
        for key in order { currenciesPerPeriod["\(key.outlet ?? "")|\(key.window.referenceSuffix)", default: 0] += 1 }

        var resolver = AccountResolver(mapping: mapping)
        var entries: [JournalEntry] = []
        var skippedAll = skipped
        for key in order {
            let members = groups[key] ?? []
            var reference = "\(key.outlet ?? "ALL")-\(key.window.referenceSuffix)"
            if (currenciesPerPeriod["\(key.outlet ?? "")|\(key.window.referenceSuffix)"] ?? 0) > 1 {
                reference += "-\(key.currency.code)"
            }
            var parts: [Contribution] = []
            for item in members {
                let (itemParts, difference, finer) = try JournalPosting.contributions(of: item, resolver: &resolver)
                try JournalPosting.checkReconciles(difference, finerCount: finer, mapping: mapping,
                                                   currency: item.currency, reference: item.reference)
                parts += itemParts
            }
            let lines = try JournalPosting.balancedLines(
                parts, currency: key.currency, mapping: mapping, netAcrossSides: true,
                rounding: { resolver.rounding(for: reference) }, reference: reference)
            guard resolver.isComplete else { continue }
            guard lines.count >= 2 else {
                skippedAll.append(SkippedTransaction(reference: reference, reason: "the period's transactions net to zero"))
                continue
            }
            let memo = "Summary \(key.outlet ?? "all outlets") \(key.window.label) (\(members.count) transaction\(members.count == 1 ? "" : "s"))"
            entries.append(try makeEntry(
                reference: reference, date: key.window.date, currency: key.currency, memo: memo,
                outlet: key.outlet, lines: lines, sources: members.map(\.source)))
        }
        guard resolver.isComplete else { throw .missingAccounts(resolver.missing) }
        return JournalBatch(entries: entries, skipped: skippedAll)
    }

    private func makeEntry(
        reference: String, date: LedgerDate, currency: Currency, memo: String, outlet: String?,
        lines: [JournalLine], sources: [JournalSourceReference]
    ) throws(AccountingError) -> JournalEntry {
        do {
            return try JournalEntry(reference: reference, date: date, currency: currency, memo: memo,
                                    outlet: outlet, lines: lines, sources: sources)
        } catch {
            throw .invalidTransaction(reference: reference, reason: error.description)
        }
    }
}
