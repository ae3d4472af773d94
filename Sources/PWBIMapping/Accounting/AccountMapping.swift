/// Which ledger account each part of a sale is posted to — the value a merchant's accountant
/// configures once ("Settings → Accounting") and the host persists (see ``init(json:)`` and ``json(pretty:)``).
///
/// - **Payments**: payment method → cash, bank or clearing account, with per-outlet overrides
///   (each outlet its own cash drawer). A payment is looked up by its label (`GoPay`), then its
///   source code (`7`), then its normalised method (`cash`, `card`, `qr`, `e_wallet`…), so an
///   accountant can give each e-wallet its own clearing account or one account to them all.
/// - **Revenue**: a default account, per-outlet accounts, and per-category overrides
///   (outlet + category, then category, then outlet, then default); a line item's category comes
///   from ``productCategories`` (the merchant's catalogue: product reference or name → category).
/// - **Tax payable** per ``TaxKind`` (`PPN`, `PB1`…), and the kind each outlet collects.
/// - **Service-charge income**, **discounts given**, **rounding differences**, **refunds** (sales returns).
///
/// Lookups never fall back to a guess: an account the mapping lacks is reported by
/// ``JournalBuilder/missingAccounts(for:)`` as a ``MissingAccount``.
public struct AccountMapping: Sendable, Hashable {
    /// The accounts that may differ per outlet; also the defaults for every outlet.
    public struct OutletAccounts: Sendable, Hashable {
        /// Payment method (lower-cased) → account.
        public private(set) var payments: [String: LedgerAccount]
        /// The revenue account when no category override applies.
        public var revenue: LedgerAccount?
        /// Product category (lower-cased) → revenue account.
        public private(set) var revenueByCategory: [String: LedgerAccount]
        /// The kind of tax the outlet collects (`PB1` for a restaurant, `PPN` for retail).
        public var taxKind: TaxKind?
        /// The outlet's IANA zone (`Asia/Makassar`), when it differs from the merchant's.
        public var timeZone: ZoneRule?

        /// An outlet's overrides; nil keeps the default.
        public init(
            payments: [String: LedgerAccount] = [:], revenue: LedgerAccount? = nil,
            revenueByCategory: [String: LedgerAccount] = [:], taxKind: TaxKind? = nil, timeZone: ZoneRule? = nil
        ) {
            self.payments = Dictionary(payments.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            self.revenue = revenue
            self.revenueByCategory = Dictionary(
                revenueByCategory.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            self.taxKind = taxKind
            self.timeZone = timeZone
        }

        /// Sets the account for a payment method (case-insensitive).
        public mutating func setPayment(_ method: String, _ account: LedgerAccount?) {
            payments[method.lowercased()] = account
        }

        /// Sets the revenue account of a product category (case-insensitive).
        public mutating func setRevenue(category: String, _ account: LedgerAccount?) {
            revenueByCategory[category.lowercased()] = account
        }
    }

    /// The merchant-wide accounts (and defaults for outlets).
    public var defaults: OutletAccounts
    /// Outlet identifier → overrides.
    public var outlets: [String: OutletAccounts]
    /// Tax kind → tax-payable account.
    public var taxPayable: [TaxKind: LedgerAccount]
    /// Income from service charges.
    public var serviceChargeIncome: LedgerAccount?
    /// Discounts given (contra revenue).
    public var discounts: LedgerAccount?
    /// Where rounding differences go.
    public var rounding: LedgerAccount?
    /// Sales returns: the revenue side of a refund.
    public var refunds: LedgerAccount?
    /// The merchant's catalogue: product reference value or product name (case-insensitive) → category.
    public private(set) var productCategories: [String: String]
    /// The largest difference (in the currency) between what was paid and what the parts of a
    /// sale add up to that is posted to ``rounding`` — a cash-rounding policy; beyond it the
    /// transaction is rejected as not reconciling. Differences from rounding amounts to the
    /// currency's minor unit are always accepted.
    public var roundingTolerance: Money
    /// How amounts finer than the currency's minor unit are rounded.
    public var roundingMode: RoundingMode
    /// The merchant's zone: ledger dates and period boundaries are taken in it. When nil, each
    /// transaction's own wall clock (the offset its source stated or was configured with) is used.
    public var timeZone: ZoneRule?

    /// A mapping built in code (``init(json:)`` reads the JSON form).
    public init(
        defaults: OutletAccounts = OutletAccounts(), outlets: [String: OutletAccounts] = [:],
        taxPayable: [TaxKind: LedgerAccount] = [:], serviceChargeIncome: LedgerAccount? = nil,
        discounts: LedgerAccount? = nil, rounding: LedgerAccount? = nil, refunds: LedgerAccount? = nil,
        productCategories: [String: String] = [:], roundingTolerance: Money = .zero,
        roundingMode: RoundingMode = .halfUp, timeZone: ZoneRule? = nil
    ) {
        self.defaults = defaults
        self.outlets = outlets
        self.taxPayable = taxPayable
        self.serviceChargeIncome = serviceChargeIncome
        self.discounts = discounts
        self.rounding = rounding
        self.refunds = refunds
        self.productCategories = Dictionary(
            productCategories.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.roundingTolerance = roundingTolerance
        self.roundingMode = roundingMode
        self.timeZone = timeZone
    }

    // MARK: Lookups (no guessing)

    /// The account money received by `method` at `outlet` goes to: the outlet's own, else the default.
    public func paymentAccount(method: String, outlet: String?) -> LedgerAccount? {
        paymentAccount(keys: [method], outlet: outlet)
    }

    /// The account for the first of `keys` (label, source code, method) the outlet maps, else the
    /// first the defaults map.
    public func paymentAccount(keys: [String], outlet: String?) -> LedgerAccount? {
        let lowered = keys.map { $0.lowercased() }
        if let overrides = outlet.flatMap({ outlets[$0] }) {
            for key in lowered { if let account = overrides.payments[key] { return account } }
        }
        for key in lowered { if let account = defaults.payments[key] { return account } }
        return nil
    }

    /// Sets the category of a product reference value or product name (case-insensitive).
    public mutating func setCategory(_ category: String?, forProduct key: String) {
        productCategories[key.lowercased()] = category
    }

    /// The category of a line item: its first product reference the catalogue knows, else its name.
    public func category(of item: LineItem) -> String? {
        guard !productCategories.isEmpty else { return nil }
        for reference in item.references {
            if let category = productCategories[reference.value.lowercased()] { return category }
        }
        return productCategories[item.name.lowercased()]
    }

    /// The revenue account for a sale of `category` at `outlet`: outlet + category, category,
    /// outlet, default — the first one configured.
    public func revenueAccount(outlet: String?, category: String?) -> LedgerAccount? {
        categoryRevenueAccount(outlet: outlet, category: category)
            ?? outlet.flatMap { outlets[$0]?.revenue } ?? defaults.revenue
    }

    /// The category override alone (outlet + category, then category), or nil.
    public func categoryRevenueAccount(outlet: String?, category: String?) -> LedgerAccount? {
        guard let key = category?.lowercased() else { return nil }
        return outlet.flatMap { outlets[$0]?.revenueByCategory[key] } ?? defaults.revenueByCategory[key]
    }

    /// The kind of tax `outlet` collects: its own, else the merchant's.
    public func taxKind(outlet: String?) -> TaxKind? {
        outlet.flatMap { outlets[$0]?.taxKind } ?? defaults.taxKind
    }

    /// The zone `outlet` posts in: its own, else the merchant's (nil: the transaction's own clock).
    public func timeZone(outlet: String?) -> ZoneRule? {
        outlet.flatMap { outlets[$0]?.timeZone } ?? timeZone
    }
}
