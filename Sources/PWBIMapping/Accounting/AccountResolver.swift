/// Looks accounts up in a mapping and records every one that is missing (with the entries that
/// need it), so that one pass reports them all. A missing account resolves to a placeholder
/// unique to the requirement, which keeps the arithmetic of the pass meaningful.
struct AccountResolver {
    let mapping: AccountMapping
    private(set) var order: [MissingAccount.Requirement] = []
    private(set) var neededBy: [MissingAccount.Requirement: [String]] = [:]

    init(mapping: AccountMapping) { self.mapping = mapping }

    var isComplete: Bool { order.isEmpty }

    /// The missing accounts, in a stable order.
    var missing: [MissingAccount] {
        order.map { MissingAccount($0, neededBy: neededBy[$0] ?? []) }.sorted()
    }

    mutating func require(_ account: LedgerAccount?, _ requirement: MissingAccount.Requirement, for reference: String) -> LedgerAccount {
        if let account { return account }
        if neededBy[requirement] == nil {
            order.append(requirement)
            neededBy[requirement] = [reference]
        } else if neededBy[requirement]?.last != reference {
            neededBy[requirement]?.append(reference)
        }
        return LedgerAccount(stringLiteral: "\u{0}missing \(requirement)")
    }

    mutating func payment(_ method: String, keys: [String], outlet: String?, for reference: String) -> LedgerAccount {
        let account = mapping.paymentAccount(keys: keys, outlet: outlet)
        let where_ = outlet.flatMap { mapping.outlets[$0] } != nil ? outlet : nil
        return require(account, .payment(method: method.lowercased(), outlet: where_), for: reference)
    }

    mutating func revenue(outlet: String?, category: String?, for reference: String) -> LedgerAccount {
        require(mapping.revenueAccount(outlet: outlet, category: category),
                .revenue(outlet: outlet.flatMap { mapping.outlets[$0] } != nil ? outlet : nil, category: category),
                for: reference)
    }

    mutating func tax(_ stated: TaxKind?, outlet: String?, for reference: String) -> (TaxKind?, LedgerAccount) {
        guard let kind = stated ?? mapping.taxKind(outlet: outlet) else {
            let where_ = outlet.flatMap { mapping.outlets[$0] } != nil ? outlet : nil
            return (nil, require(nil, .taxKind(outlet: where_), for: reference))
        }
        return (kind, require(mapping.taxPayable[kind], .taxPayable(kind), for: reference))
    }

    mutating func serviceCharge(for reference: String) -> LedgerAccount {
        require(mapping.serviceChargeIncome, .serviceChargeIncome, for: reference)
    }

    mutating func discounts(for reference: String) -> LedgerAccount {
        require(mapping.discounts, .discounts, for: reference)
    }

    mutating func refunds(for reference: String) -> LedgerAccount {
        require(mapping.refunds, .refunds, for: reference)
    }

    mutating func rounding(for reference: String) -> LedgerAccount {
        require(mapping.rounding, .rounding, for: reference)
    }
}
