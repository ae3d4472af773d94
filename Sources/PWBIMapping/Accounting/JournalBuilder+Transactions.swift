extension JournalBuilder {
    /// The balanced entry of one transaction, or nil when it posts nothing (a void, a pending sale,
    /// a zero amount). Throws ``AccountingError/missingAccounts(_:)`` listing every account it needs
    /// that the mapping lacks.
    public func entry(for transaction: UnifiedTransaction) throws(AccountingError) -> JournalEntry? {
        try entries(for: [transaction]).entries.first
    }

    /// One balanced entry per postable transaction, in the order given; voids and unfinished sales
    /// are listed in ``JournalBatch/skipped``. Missing accounts are collected over all the
    /// transactions and reported together.
    public func entries(for transactions: some Sequence<UnifiedTransaction>) throws(AccountingError) -> JournalBatch {
        let (facts, skipped) = try postingFacts(transactions)
        return try entries(for: facts, skipped: skipped)
    }

    /// One summary entry per outlet, currency and period (business day or batch), with one line per
    /// account; the entry's amounts are the exact sums of its transactions', rounded once per account,
    /// and what rounding leaves goes to the rounding account.
    public func summaries(for transactions: some Sequence<UnifiedTransaction>, period: JournalPeriod) throws(AccountingError) -> JournalBatch {
        let (facts, skipped) = try postingFacts(transactions)
        return try summaries(for: facts, period: period, skipped: skipped)
    }

    /// Every account these transactions would need that the mapping lacks (empty when the mapping
    /// is complete for them), sorted, each with the entries that need it. Transactions that cannot
    /// be posted for another reason (see ``entries(for:)``) still contribute what they would need.
    public func missingAccounts(for transactions: some Sequence<UnifiedTransaction>) -> [MissingAccount] {
        var resolver = AccountResolver(mapping: mapping)
        for transaction in transactions {
            let reference = JournalBuilder.reference(for: transaction)
            guard skipReason(transaction) == nil,
                  let facts = try? postingFacts(transaction, reference: reference),
                  let (parts, _, _) = try? JournalPosting.contributions(of: facts, resolver: &resolver)
            else { continue }
            _ = try? JournalPosting.balancedLines(
                parts, currency: facts.currency, mapping: mapping, netAcrossSides: false,
                rounding: { resolver.rounding(for: reference) }, reference: reference)
        }
        return resolver.missing
    }

    /// The reference an entry for `transaction` gets: `karage-JKT-01-1001`.
    public static func reference(for transaction: UnifiedTransaction) -> String {
        PostingFacts.reference(sourceSystem: transaction.sourceSystem.rawValue, outlet: transaction.outlet,
                               externalID: transaction.externalID)
    }

    // MARK: From the unified model to posting facts

    func postingFacts(_ transactions: some Sequence<UnifiedTransaction>) throws(AccountingError) -> ([PostingFacts], [SkippedTransaction]) {
        var facts: [PostingFacts] = []
        var skipped: [SkippedTransaction] = []
        for transaction in transactions {
            let reference = JournalBuilder.reference(for: transaction)
            if let reason = skipReason(transaction) {
                skipped.append(SkippedTransaction(reference: reference, reason: reason))
                continue
            }
            facts.append(try postingFacts(transaction, reference: reference))
        }
        return (facts, skipped)
    }

    /// Why a transaction posts nothing, or nil when it posts.
    func skipReason(_ transaction: UnifiedTransaction) -> String? {
        if transaction.kind == .void || transaction.status == .voided { return "voided: posts nothing" }
        if transaction.status == .pending { return "not completed: posts nothing until it is" }
        let parts = [transaction.total, transaction.subtotal ?? .zero, transaction.discount ?? .zero,
                     transaction.serviceCharge ?? .zero, transaction.tax ?? .zero]
        if parts.allSatisfy(\.isZero) && transaction.payments.allSatisfy({ $0.amount.isZero }) {
            return "zero amount: posts nothing"
        }
        return nil
    }

    func postingFacts(_ transaction: UnifiedTransaction, reference: String) throws(AccountingError) -> PostingFacts {
        let discount = transaction.discount ?? .zero
        let service = transaction.serviceCharge ?? .zero
        let tax = transaction.tax ?? .zero
        if transaction.kind == .sale, transaction.total.isNegative {
            throw .invalidTransaction(reference: reference, reason: "a sale with a negative total \(transaction.total)")
        }
        var lines: [PostingFacts.RevenueLine] = []
        var linesTotal = Money.zero
        do {
            for item in transaction.lineItems {
                let amount = try item.lineTotal ?? item.computedTotal()
                lines.append(PostingFacts.RevenueLine(category: mapping.category(of: item), amount: amount))
                linesTotal = try linesTotal + amount
            }
        } catch {
            throw .overflow(reference: reference)
        }
        // The revenue base: the stated subtotal; else the lines; else what the total implies.
        let subtotal: Money
        if let stated = transaction.subtotal {
            subtotal = stated
        } else if !transaction.lineItems.isEmpty {
            subtotal = linesTotal
        } else {
            do {
                subtotal = try transaction.total + discount - service - tax
            } catch {
                throw .overflow(reference: reference)
            }
        }
        let payments = transaction.payments.map { payment in
            PostingFacts.Payment(
                method: payment.method.rawValue,
                keys: [payment.label, payment.rawCode, payment.method.rawValue].compactMap { $0 },
                display: payment.label ?? payment.method.rawValue,
                amount: payment.amount)
        }
        let zoneOffset = mapping.timeZone(outlet: transaction.outlet)?.offset(at: transaction.occurredAt.instant.secondsSince1970)
            ?? transaction.occurredAt.utcOffsetSeconds
        return PostingFacts(
            reference: reference,
            source: JournalSourceReference(sourceSystem: transaction.sourceSystem.rawValue,
                                           externalID: transaction.externalID, outlet: transaction.outlet),
            localTime: LedgerDate.localTime(transaction.occurredAt.instant, offset: zoneOffset),
            currency: transaction.currency,
            kind: transaction.kind == .refund ? .refund : .sale,
            subtotal: subtotal, discount: discount, serviceCharge: service,
            taxes: tax.isZero ? [] : [PostingFacts.Tax(kind: nil, amount: tax)],
            revenueLines: lines.contains(where: { $0.category != nil }) ? lines : [],
            payments: payments, change: transaction.change ?? .zero, total: transaction.total)
    }
}
