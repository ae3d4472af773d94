extension AccountMapping {
    /// Reads a mapping from its JSON (the file `pwbi journal --mapping` takes, the form ``json(pretty:)`` writes):
    ///
    /// ```json
    /// {
    ///   "time_zone": "Asia/Jakarta",
    ///   "payments": {"cash": "1101", "card": "1102", "QRIS": "1103", "GoPay": "1104"},
    ///   "revenue": "4101",
    ///   "revenue_by_category": {"Minuman": "4102"},
    ///   "product_categories": {"SKU-ET": "Minuman"},
    ///   "tax_kind": "PB1",
    ///   "tax_payable": {"PB1": "2104", "PPN": "2103"},
    ///   "service_charge_income": "4103",
    ///   "discounts": "4104",
    ///   "rounding": "6901",
    ///   "refunds": "4105",
    ///   "rounding_tolerance": "100",
    ///   "rounding_mode": "halfUp",
    ///   "outlets": {"JKT-02": {"payments": {"cash": "1101.02"}, "revenue": "4101.02", "tax_kind": "PPN", "time_zone": "Asia/Makassar"}}
    /// }
    /// ```
    ///
    /// Every member is optional (what is absent is reported when a transaction needs it). Unknown
    /// members are errors — a misspelt `service_charge` must not silently leave an account unmapped.
    /// Errors name the member's path.
    public init(json bytes: [UInt8]) throws(MappingError) {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            throw MappingError(error)
        }
        let root = document.root
        try AccountMapping.onlyKnownKeys(root, AccountMapping.topLevelKeys)
        var mapping = AccountMapping(defaults: try AccountMapping.outletAccounts(root))
        mapping.timeZone = try AccountMapping.zone(root["time_zone"])
        if let outlets = try root["outlets"].ifPresent() {
            for (name, value) in try outlets.object() {
                try AccountMapping.onlyKnownKeys(value, AccountMapping.outletKeys)
                var accounts = try AccountMapping.outletAccounts(value)
                accounts.timeZone = try AccountMapping.zone(value["time_zone"])
                mapping.outlets[name] = accounts
            }
        }
        if let taxes = try root["tax_payable"].ifPresent() {
            for (code, value) in try taxes.object() {
                guard let kind = TaxKind(code) else {
                    throw MappingError.invalid(value.path, expected: "a tax kind code such as PPN or PB1", value: code)
                }
                mapping.taxPayable[kind] = try AccountMapping.account(value)
            }
        }
        mapping.serviceChargeIncome = try AccountMapping.optionalAccount(root["service_charge_income"])
        mapping.discounts = try AccountMapping.optionalAccount(root["discounts"])
        mapping.rounding = try AccountMapping.optionalAccount(root["rounding"])
        mapping.refunds = try AccountMapping.optionalAccount(root["refunds"])
        if let categories = try root["product_categories"].ifPresent() {
            for (product, value) in try categories.object() {
                mapping.setCategory(try value.string(), forProduct: product)
            }
        }
        if let tolerance = try root["rounding_tolerance"].ifPresent() {
            let value = try tolerance.decimal(orStringIn: .plain)
            guard !value.isNegative else {
                throw MappingError.invalid(tolerance.path, expected: "a non-negative amount", value: value.description)
            }
            mapping.roundingTolerance = value
        }
        if let mode = try root["rounding_mode"].ifPresent() {
            let text = try mode.string()
            guard let parsed = RoundingMode(rawValue: text) else {
                throw MappingError.invalid(mode.path, expected: "one of " + RoundingMode.allCases.map(\.rawValue).joined(separator: ", "), value: text)
            }
            mapping.roundingMode = parsed
        }
        self = mapping
    }

    /// The mapping as JSON (pretty, members in a fixed order, dictionaries sorted), which
    /// ``init(json:)`` reads back to an equal mapping — the form a host persists.
    public func json(pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        if let zone = timeZone { w.member("time_zone", zone.identifier) }
        AccountMapping.write(defaults, into: &w)
        if !taxPayable.isEmpty {
            w.key("tax_payable")
            w.beginObject()
            for (kind, account) in taxPayable.sorted(by: { $0.key < $1.key }) { w.member(kind.code, account.identifier) }
            w.endObject()
        }
        w.member("service_charge_income", serviceChargeIncome?.identifier)
        w.member("discounts", discounts?.identifier)
        w.member("rounding", rounding?.identifier)
        w.member("refunds", refunds?.identifier)
        AccountMapping.writeDictionary("product_categories", productCategories, into: &w)
        w.member("rounding_tolerance", roundingTolerance)
        w.member("rounding_mode", roundingMode.rawValue)
        if !outlets.isEmpty {
            w.key("outlets")
            w.beginObject()
            for (name, accounts) in outlets.sorted(by: { $0.key < $1.key }) {
                w.key(name)
                w.beginObject()
                if let zone = accounts.timeZone { w.member("time_zone", zone.identifier) }
                AccountMapping.write(accounts, into: &w)
                w.endObject()
            }
            w.endObject()
        }
        w.endObject()
        return w.text
    }

    // MARK: Reading

    static let outletKeys: Set<String> = ["payments", "revenue", "revenue_by_category", "tax_kind", "time_zone"]
    static let topLevelKeys: Set<String> = outletKeys.union([
        "outlets", "tax_payable", "service_charge_income", "discounts", "rounding", "refunds",
        "product_categories", "rounding_tolerance", "rounding_mode",
    ])

    static func onlyKnownKeys(_ value: JSONValue, _ known: Set<String>) throws(MappingError) {
        for (key, member) in try value.object() where !known.contains(key) {
            throw MappingError(.invalidValue, path: member.path, expected: "one of " + known.sorted().joined(separator: ", "),
                               found: "unknown member " + MappingError.quoted(key))
        }
    }

    static func outletAccounts(_ value: JSONValue) throws(MappingError) -> OutletAccounts {
        var accounts = OutletAccounts()
        if let payments = try value["payments"].ifPresent() {
            for (method, account) in try payments.object() { accounts.setPayment(method, try self.account(account)) }
        }
        accounts.revenue = try optionalAccount(value["revenue"])
        if let categories = try value["revenue_by_category"].ifPresent() {
            for (category, account) in try categories.object() { accounts.setRevenue(category: category, try self.account(account)) }
        }
        if let kind = try value["tax_kind"].ifPresent() {
            let code = try kind.string()
            guard let parsed = TaxKind(code) else {
                throw MappingError.invalid(kind.path, expected: "a tax kind code such as PPN or PB1", value: code)
            }
            accounts.taxKind = parsed
        }
        return accounts
    }

    static func account(_ value: JSONValue) throws(MappingError) -> LedgerAccount {
        let text = try value.identifier()
        guard let account = LedgerAccount(text) else {
            throw MappingError.invalid(value.path, expected: "an account number or name", value: text)
        }
        return account
    }

    static func optionalAccount(_ value: JSONValue) throws(MappingError) -> LedgerAccount? {
        guard let present = try value.ifPresent() else { return nil }
        return try account(present)
    }

    static func zone(_ value: JSONValue) throws(MappingError) -> ZoneRule? {
        guard let present = try value.ifPresent() else { return nil }
        let identifier = try present.string()
        guard let zone = ZoneRule(identifier: identifier) else {
            throw MappingError.invalid(present.path, expected: "an IANA time zone such as Asia/Jakarta", value: identifier)
        }
        return zone
    }

    // MARK: Writing

    static func write(_ accounts: OutletAccounts, into w: inout JSONWriter) {
        writeDictionary("payments", accounts.payments.mapValues(\.identifier), into: &w)
        w.member("revenue", accounts.revenue?.identifier)
        writeDictionary("revenue_by_category", accounts.revenueByCategory.mapValues(\.identifier), into: &w)
        w.member("tax_kind", accounts.taxKind?.code)
    }

    static func writeDictionary(_ name: String, _ values: [String: String], into w: inout JSONWriter) {
        guard !values.isEmpty else { return }
        w.key(name)
        w.beginObject()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) { w.member(key, value) }
        w.endObject()
    }
}
