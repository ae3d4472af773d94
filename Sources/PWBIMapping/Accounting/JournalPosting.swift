/// One exact (not yet rounded) amount on one account: what a transaction contributes to an entry.
struct Contribution: Sendable {
    var account: LedgerAccount
    var side: JournalSide
    var role: JournalLineRole
    /// Positive, exact; may be finer than the currency until the entry is rounded.
    var amount: Money
    var memo: String
}

/// The arithmetic of posting: from facts to contributions, and from contributions to balanced lines.
enum JournalPosting {
    /// What one transaction contributes, sides as posted (a refund is the mirror of a sale), and
    /// the exact difference between its debit and credit contributions (payments vs. parts).
    static func contributions(
        of facts: PostingFacts, resolver: inout AccountResolver
    ) throws(AccountingError) -> (parts: [Contribution], difference: Money, finerCount: Int) {
        let reference = facts.reference
        let outlet = facts.outlet
        var parts: [Contribution] = []

        func add(_ account: LedgerAccount, _ saleSide: JournalSide, _ role: JournalLineRole, _ amount: Money, _ memo: String)
            throws(AccountingError)
        {
            guard !amount.isZero else { return }
            var side = facts.kind == .refund ? saleSide.opposite : saleSide
            var magnitude = amount
            if amount.isNegative {
                side = side.opposite
                do { magnitude = try amount.negated() } catch { throw .overflow(reference: reference) }
            }
            parts.append(Contribution(account: account, side: side, role: role, amount: magnitude, memo: memo))
        }

        // Payments, net of the change handed back from the cash drawer.
        var payments = facts.payments
        if payments.isEmpty, !facts.total.isZero {
            payments = [PostingFacts.Payment(method: unspecifiedPaymentMethod, keys: [unspecifiedPaymentMethod], display: unspecifiedPaymentMethod, amount: facts.total)]
        }
        // Change is taken off the cash tenders only when the tenders exceed what was due.
        var change = facts.change
        do {
            let excess = try Money.sum(payments.map(\.amount)) - facts.total
            change = excess.signum > 0 ? min(change, excess) : .zero
        } catch { throw .overflow(reference: reference) }
        if change.signum > 0 {
            for index in payments.indices.reversed() where payments[index].method.lowercased() == "cash" && change.signum > 0 {
                let taken = min(change, payments[index].amount)
                do {
                    payments[index].amount = try payments[index].amount - taken
                    change = try change - taken
                } catch { throw .overflow(reference: reference) }
            }
            guard change.isZero else {
                throw .invalidTransaction(reference: reference, reason: "change of \(facts.change) given with no cash payment to take it from")
            }
        }
        for payment in payments where !payment.amount.isZero {
            let account = resolver.payment(payment.method, keys: payment.keys, outlet: outlet, for: reference)
            try add(account, .debit, .payment, payment.amount, "Payment \(payment.display)")
        }

        // Discounts given (contra revenue).
        if !facts.discount.isZero {
            try add(resolver.discounts(for: reference), .debit, .discount, facts.discount, "Discount")
        }

        // Revenue: per line (category overrides), the rest of the subtotal on the outlet/default account.
        if facts.kind == .refund {
            if !facts.subtotal.isZero {
                try add(resolver.refunds(for: reference), .credit, .refund, facts.subtotal, "Refund")
            }
        } else {
            var allocated = Money.zero
            for line in facts.revenueLines where !line.amount.isZero {
                let account = resolver.revenue(outlet: outlet, category: line.category, for: reference)
                let categorised = resolver.mapping.categoryRevenueAccount(outlet: outlet, category: line.category) != nil
                try add(account, .credit, .revenue, line.amount, categorised ? "Revenue \(line.category ?? "")" : "Revenue")
                do { allocated = try allocated + line.amount } catch { throw .overflow(reference: reference) }
            }
            let rest: Money
            do { rest = try facts.subtotal - allocated } catch { throw .overflow(reference: reference) }
            if !rest.isZero {
                try add(resolver.revenue(outlet: outlet, category: nil, for: reference), .credit, .revenue, rest, "Revenue")
            }
        }

        if !facts.serviceCharge.isZero {
            try add(resolver.serviceCharge(for: reference), .credit, .serviceCharge, facts.serviceCharge, "Service charge")
        }
        for tax in facts.taxes where !tax.amount.isZero {
            let (kind, account) = resolver.tax(tax.kind, outlet: outlet, for: reference)
            try add(account, .credit, .tax, tax.amount, "Tax " + (kind?.code ?? ""))
        }

        // The exact difference between the two sides, and how many amounts are finer than the currency.
        var difference = Money.zero
        var finer = 0
        do {
            for part in parts {
                difference = part.side == .debit ? try difference + part.amount : try difference - part.amount
                if !part.amount.fits(facts.currency) { finer += 1 }
            }
        } catch { throw .overflow(reference: reference) }
        return (parts, difference, finer)
    }

    /// The largest difference the mapping lets the rounding account absorb for a transaction
    /// with `finerCount` amounts finer than the currency: the tolerance plus half a unit each.
    static func allowedDifference(mapping: AccountMapping, currency: Currency, finerCount: Int) -> Money {
        // Half a minor unit = 5 at one more decimal place.
        let halfUnit = (try? Money(significand: 5, scale: currency.minorUnits + 1)) ?? .zero
        var allowed = mapping.roundingTolerance.isNegative ? Money.zero : mapping.roundingTolerance
        for _ in 0..<finerCount { allowed = (try? allowed + halfUnit) ?? allowed }
        return allowed
    }

    /// Checks the difference against what the mapping allows.
    static func checkReconciles(
        _ difference: Money, finerCount: Int, mapping: AccountMapping, currency: Currency, reference: String
    ) throws(AccountingError) {
        let allowed = allowedDifference(mapping: mapping, currency: currency, finerCount: finerCount)
        let magnitude = (try? difference.magnitude()) ?? difference
        guard magnitude <= allowed else {
            throw .unreconciled(reference: reference, difference: difference, allowed: allowed)
        }
    }

    /// Merges contributions into signed nets per key, rounds each to the currency, and puts what
    /// rounding (and any exact difference) leaves on the rounding account, so the lines balance.
    ///
    /// - `netAcrossSides`: false for a transaction entry (an account keeps a debit and a credit
    ///   line apart, by role); true for a period summary (one line per account).
    static func balancedLines(
        _ parts: [Contribution], currency: Currency, mapping: AccountMapping, netAcrossSides: Bool,
        rounding: () -> LedgerAccount, reference: String
    ) throws(AccountingError) -> [JournalLine] {
        struct Bucket {
            var account: LedgerAccount
            var role: JournalLineRole
            var memo: String
            var side: JournalSide?
            var signed: Money
        }
        struct Key: Hashable {
            var account: LedgerAccount
            var side: JournalSide?
            var role: JournalLineRole?
        }
        var buckets: [Bucket] = []
        var index: [Key: Int] = [:]
        do {
            for part in parts where part.role != .rounding {
                let key = netAcrossSides
                    ? Key(account: part.account, side: nil, role: nil)
                    : Key(account: part.account, side: part.side, role: part.role)
                let signed = part.side == .debit ? part.amount : try part.amount.negated()
                if let at = index[key] {
                    buckets[at].signed = try buckets[at].signed + signed
                } else {
                    index[key] = buckets.count
                    buckets.append(Bucket(account: part.account, role: part.role, memo: part.memo,
                                          side: netAcrossSides ? nil : part.side, signed: signed))
                }
            }
        } catch { throw .overflow(reference: reference) }

        var lines: [(line: JournalLine, order: Int)] = []
        var balance = Money.zero
        do {
            for (order, bucket) in buckets.enumerated() {
                let rounded = try bucket.signed.rounded(to: currency, mapping.roundingMode)
                guard !rounded.isZero else { continue }
                balance = try balance + rounded
                let side: JournalSide = rounded.isNegative ? .credit : .debit
                lines.append((JournalLine(account: bucket.account, side: side, amount: try rounded.magnitude(),
                                          role: bucket.role, memo: bucket.memo), order))
            }
            if !balance.isZero {
                // Debits exceed credits by `balance`: the rounding account takes the other side.
                let side: JournalSide = balance.isNegative ? .debit : .credit
                lines.append((JournalLine(account: rounding(), side: side, amount: try balance.magnitude(),
                                          role: .rounding, memo: "Rounding"), buckets.count))
            }
        } catch { throw .overflow(reference: reference) }

        return lines.sorted { a, b in
            if a.line.side != b.line.side { return a.line.side == .debit }
            if a.line.role != b.line.role { return a.line.role < b.line.role }
            return a.order < b.order
        }.map(\.line)
    }
}
