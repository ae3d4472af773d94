/// A sale as an invoice for an accounting system's sales-invoice API: items at their gross unit
/// price, the discount, and the charges (service charge, tax, rounding) on the mapped accounts —
/// adding up exactly to what the customer paid.
public struct SalesInvoice: Sendable, Hashable {
    /// One invoiced item.
    public struct Item: Sendable, Hashable {
        /// The accounting system's item (Accurate `itemNo`, Jurnal.id product name).
        public let code: String
        /// The name the POS printed.
        public let name: String
        /// How many were sold.
        public let quantity: Quantity
        /// Before discounts.
        public let unitPrice: Money
    }

    /// An amount added to the invoice after the items: service charge, tax, or a rounding difference.
    public struct Charge: Sendable, Hashable {
        /// Service charge, tax or rounding.
        public let role: JournalLineRole
        /// For a tax charge, its kind.
        public let taxKind: TaxKind?
        /// `Service charge`, `Tax PB1`, `Rounding`.
        public let name: String
        /// Where it is posted (service-charge income, tax payable, rounding).
        public let account: LedgerAccount
        /// Signed: a rounding charge may be negative.
        public let amount: Money
    }

    /// Same form as the journal entry's reference: `karage-JKT-01-1001`.
    public let reference: String
    /// The ledger date, in the merchant's zone.
    public let date: LedgerDate
    /// The currency of every amount.
    public let currency: Currency
    /// A description for the accountant.
    public let memo: String
    /// The outlet, if the source named one.
    public let outlet: String?
    /// The customer the invoice is made out to (Accurate `customerNo`, Jurnal.id `person_name`).
    public let customer: String
    /// The invoiced items.
    public let items: [Item]
    /// Order discount plus line discounts.
    public let discount: Money
    /// Service charge, taxes and rounding, after the items.
    public let charges: [Charge]
    /// What the customer paid: items − discount + charges.
    public let total: Money
    /// The transaction the invoice was built from.
    public let source: JournalSourceReference
}

/// What a sales invoice needs beyond the account mapping: the customer and the item codes.
public struct InvoiceCatalogue: Sendable, Hashable {
    /// The walk-in customer POS sales are invoiced to (Accurate `customerNo`, Jurnal.id `person_name`).
    public var customer: String
    /// Product reference value or product name (case-insensitive) → item code.
    public private(set) var items: [String: String]
    /// The item used for a product the catalogue does not list, and for a sale without lines; nil
    /// to require every product to be listed.
    public var defaultItem: String?

    /// A catalogue; `items` maps product references or names (case-insensitive) to item codes.
    public init(customer: String, items: [String: String] = [:], defaultItem: String? = nil) {
        self.customer = customer
        self.items = Dictionary(items.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.defaultItem = defaultItem
    }

    /// The code of a line item: its first product reference listed, else its name, else the default.
    public func code(of item: LineItem) -> String? {
        for reference in item.references {
            if let code = items[reference.value.lowercased()] { return code }
        }
        return items[item.name.lowercased()] ?? defaultItem
    }
}

extension JournalBuilder {
    /// The sales invoice of a completed sale, or nil when it posts nothing (void, pending, zero).
    /// Refunds are not invoices: export them as journal entries. Throws
    /// ``AccountingError/missingAccounts(_:)`` for missing accounts and item codes.
    public func salesInvoice(for transaction: UnifiedTransaction, catalogue: InvoiceCatalogue) throws(AccountingError) -> SalesInvoice? {
        try salesInvoices(for: [transaction], catalogue: catalogue).invoices.first
    }

    /// The invoices of many sales, with what was skipped; missing accounts and item codes are
    /// reported together.
    public func salesInvoices(
        for transactions: some Sequence<UnifiedTransaction>, catalogue: InvoiceCatalogue
    ) throws(AccountingError) -> (invoices: [SalesInvoice], skipped: [SkippedTransaction]) {
        var resolver = AccountResolver(mapping: mapping)
        var invoices: [SalesInvoice] = []
        var skipped: [SkippedTransaction] = []
        for transaction in transactions {
            let reference = JournalBuilder.reference(for: transaction)
            if let reason = skipReason(transaction) {
                skipped.append(SkippedTransaction(reference: reference, reason: reason))
                continue
            }
            guard transaction.kind == .sale else {
                throw .invalidTransaction(reference: reference, reason: "a refund is not a sales invoice: export it as a journal entry")
            }
            if let invoice = try invoice(transaction, reference: reference, catalogue: catalogue, resolver: &resolver) {
                invoices.append(invoice)
            }
        }
        guard resolver.isComplete else { throw .missingAccounts(resolver.missing) }
        return (invoices, skipped)
    }

    private func invoice(
        _ transaction: UnifiedTransaction, reference: String, catalogue: InvoiceCatalogue, resolver: inout AccountResolver
    ) throws(AccountingError) -> SalesInvoice? {
        let facts = try postingFacts(transaction, reference: reference)
        let currency = transaction.currency
        var items: [SalesInvoice.Item] = []
        var gross = Money.zero
        var discount = transaction.discount ?? .zero
        var finer = 0
        do {
            if transaction.lineItems.isEmpty {
                let code = resolver.require(catalogue.defaultItem.map { LedgerAccount(stringLiteral: $0) },
                                            .invoiceItem(product: "(sale without lines)"), for: reference)
                items.append(.init(code: code.identifier, name: facts.memo, quantity: Quantity(1), unitPrice: facts.subtotal))
                gross = facts.subtotal
            }
            for line in transaction.lineItems {
                let product = line.references.first?.value ?? line.name
                let code = resolver.require(catalogue.code(of: line).map { LedgerAccount(stringLiteral: $0) },
                                            .invoiceItem(product: product), for: reference)
                items.append(.init(code: code.identifier, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice))
                gross = try gross + line.quantity * line.unitPrice
                if let lineDiscount = line.discount { discount = try discount + lineDiscount }
            }
        } catch {
            throw .overflow(reference: reference)
        }
        if !gross.fits(currency) { finer += 1 }

        var charges: [SalesInvoice.Charge] = []
        func charge(_ role: JournalLineRole, _ kind: TaxKind?, _ name: String, _ account: LedgerAccount, _ amount: Money)
            throws(AccountingError)
        {
            guard !amount.isZero else { return }
            if !amount.fits(currency) { finer += 1 }
            do {
                charges.append(.init(role: role, taxKind: kind, name: name, account: account,
                                     amount: try amount.rounded(to: currency, mapping.roundingMode)))
            } catch { throw .overflow(reference: reference) }
        }
        if !facts.serviceCharge.isZero {
            try charge(.serviceCharge, nil, "Service charge", resolver.serviceCharge(for: reference), facts.serviceCharge)
        }
        for tax in facts.taxes {
            let (kind, account) = resolver.tax(tax.kind, outlet: facts.outlet, for: reference)
            try charge(.tax, kind, "Tax " + (kind?.code ?? ""), account, tax.amount)
        }

        // Whatever keeps the invoice from equalling the amount paid is a rounding charge, if the
        // mapping's tolerance allows it.
        let difference: Money
        do {
            if !discount.fits(currency) { finer += 1 }
            discount = try discount.rounded(to: currency, mapping.roundingMode)
            var computed = try gross - discount
            for item in charges { computed = try computed + item.amount }
            difference = try transaction.total - computed
        } catch { throw .overflow(reference: reference) }
        try JournalPosting.checkReconciles(difference, finerCount: finer, mapping: mapping, currency: currency, reference: reference)
        if !difference.isZero {
            try charge(.rounding, nil, "Rounding", resolver.rounding(for: reference), difference)
        }
        guard resolver.isComplete else { return nil }
        return SalesInvoice(
            reference: reference, date: LedgerDate(local: facts.localTime), currency: currency, memo: facts.memo,
            outlet: transaction.outlet, customer: catalogue.customer, items: items, discount: discount,
            charges: charges, total: transaction.total, source: facts.source)
    }
}
