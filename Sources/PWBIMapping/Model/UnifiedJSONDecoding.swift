extension UnifiedJSON {
    // MARK: - Decoding

    /// Reads a mapped event back from its canonical JSON: an array of transactions, or an object
    /// whose `"type"` is `transaction` (the default when `type` is absent), `inventory_update` or `payment_event`.
    ///
    /// - Parameters:
    ///   - value: the parsed unified JSON (an object, or an array of transactions).
    ///   - tenant: when given, the tenant to record — it replaces any `tenant` in the payload (a webhook
    ///     sender must not choose its tenant; the authenticated context does). When nil, `tenant` is required.
    ///   - zones: how to read an `occurred_at` without an offset (hand-written generic payloads).
    public static func decode(_ value: JSONValue, tenant: String? = nil, zones: ZoneResolution = ZoneResolution()) throws(MappingError) -> MappedEvent {
        if value.kind == .array {
            var transactions: [UnifiedTransaction] = []
            for element in try value.array() {
                transactions.append(try decodeTransaction(element, tenant: tenant, zones: zones))
            }
            return .transactions(transactions)
        }
        let type = try value["type"].ifPresent()?.string() ?? "transaction"
        switch type {
        case "transaction": return .transaction(try decodeTransaction(value, tenant: tenant, zones: zones))
        case "inventory_update": return .inventory(try decodeInventoryUpdate(value, tenant: tenant, zones: zones))
        case "payment_event": return .payment(try decodePaymentEvent(value, tenant: tenant, zones: zones))
        default:
            throw MappingError.invalid(value["type"].path, expected: "one of transaction, inventory_update, payment_event", value: type)
        }
    }

    /// Reads a transaction from its canonical JSON (see ``decode(_:tenant:zones:)`` for the parameters).
    public static func decodeTransaction(_ v: JSONValue, tenant: String? = nil, zones: ZoneResolution = ZoneResolution()) throws(MappingError) -> UnifiedTransaction {
        try expectType(v, "transaction")
        var lineItems: [LineItem] = []
        if let items = try v["line_items"].ifPresent() {
            for item in try items.array() {
                lineItems.append(LineItem(
                    name: try item["name"].string(),
                    references: try references(item),
                    quantity: try amount(item["quantity"]),
                    unitPrice: try amount(item["unit_price"]),
                    discount: try optionalAmount(item["discount"]),
                    lineTotal: try optionalAmount(item["line_total"]),
                    tax: try optionalAmount(item["tax"]),
                    note: try optionalString(item["note"])))
            }
        }
        var payments: [Payment] = []
        if let list = try v["payments"].ifPresent() {
            for payment in try list.array() {
                payments.append(Payment(
                    method: try enumeration(payment["method"], PaymentMethod.self),
                    rawCode: try optionalString(payment["raw_code"]),
                    label: try optionalString(payment["label"]),
                    amount: try amount(payment["amount"]),
                    reference: try optionalString(payment["reference"])))
            }
        }
        return UnifiedTransaction(
            tenant: try tenantValue(v, tenant),
            sourceSystem: SourceSystem(rawValue: try v["source_system"].string()),
            externalID: try v["external_id"].identifier(),
            outlet: try optionalString(v["outlet"]),
            kind: try v["kind"].ifPresent() == nil ? .sale : try enumeration(v["kind"], TransactionKind.self),
            status: try v["status"].ifPresent() == nil ? .completed : try enumeration(v["status"], TransactionStatus.self),
            sourceStatus: try optionalIdentifier(v["source_status"]),
            originalExternalID: try optionalIdentifier(v["original_external_id"]),
            occurredAt: try time(v, "occurred_at", zones: zones),
            currency: try currency(v),
            subtotal: try optionalAmount(v["subtotal"]),
            discount: try optionalAmount(v["discount"]),
            serviceCharge: try optionalAmount(v["service_charge"]),
            tax: try optionalAmount(v["tax"]),
            taxRatePercent: try optionalAmount(v["tax_rate_percent"]),
            total: try amount(v["total"]),
            paid: try optionalAmount(v["paid"]),
            change: try optionalAmount(v["change"]),
            lineItems: lineItems,
            payments: payments,
            warnings: try warnings(v))
    }

    /// Reads an inventory update from its canonical JSON.
    public static func decodeInventoryUpdate(_ v: JSONValue, tenant: String? = nil, zones: ZoneResolution = ZoneResolution()) throws(MappingError) -> InventoryUpdate {
        try expectType(v, "inventory_update")
        var items: [InventoryItem] = []
        for item in try v["items"].array() {
            items.append(InventoryItem(
                name: try optionalString(item["name"]),
                references: try references(item),
                quantityOnHand: try optionalAmount(item["quantity_on_hand"]),
                quantityChange: try optionalAmount(item["quantity_change"]),
                unit: try optionalString(item["unit"])))
        }
        return InventoryUpdate(
            tenant: try tenantValue(v, tenant),
            sourceSystem: SourceSystem(rawValue: try v["source_system"].string()),
            externalID: try optionalIdentifier(v["external_id"]),
            outlet: try optionalString(v["outlet"]),
            occurredAt: try v["occurred_at"].ifPresent() == nil ? nil : try time(v, "occurred_at", zones: zones),
            items: items,
            warnings: try warnings(v))
    }

    /// Reads a payment event from its canonical JSON.
    public static func decodePaymentEvent(_ v: JSONValue, tenant: String? = nil, zones: ZoneResolution = ZoneResolution()) throws(MappingError) -> PaymentEvent {
        try expectType(v, "payment_event")
        return PaymentEvent(
            tenant: try tenantValue(v, tenant),
            sourceSystem: SourceSystem(rawValue: try v["source_system"].string()),
            paymentID: try optionalIdentifier(v["payment_id"]),
            orderReference: try v["order_reference"].identifier(),
            status: try enumeration(v["status"], PaymentStatus.self),
            sourceStatus: try v["source_status"].identifier(),
            amount: try amount(v["amount"]),
            paidAmount: try optionalAmount(v["paid_amount"]),
            currency: try currency(v),
            method: try enumeration(v["method"], PaymentMethod.self),
            rawMethod: try optionalString(v["raw_method"]),
            channel: try optionalString(v["channel"]),
            occurredAt: try v["occurred_at"].ifPresent() == nil ? nil : try time(v, "occurred_at", zones: zones),
            paidAt: try v["paid_at"].ifPresent() == nil ? nil : try time(v, "paid_at", zones: zones),
            warnings: try warnings(v))
    }

    // MARK: - Field helpers

    static func expectType(_ v: JSONValue, _ type: String) throws(MappingError) {
        guard let present = try v["type"].ifPresent() else {
            _ = try v.object()
            return
        }
        let found = try present.string()
        guard found == type else { throw MappingError.invalid(present.path, expected: "\"\(type)\"", value: found) }
    }

    static func tenantValue(_ v: JSONValue, _ tenant: String?) throws(MappingError) -> String {
        if let tenant { return tenant }
        return try v["tenant"].string()
    }

    static func amount(_ v: JSONValue) throws(MappingError) -> ExactDecimal {
        try v.decimal(orStringIn: .plain)
    }

    static func optionalAmount(_ v: JSONValue) throws(MappingError) -> ExactDecimal? {
        guard let present = try v.ifPresent() else { return nil }
        return try present.decimal(orStringIn: .plain)
    }

    static func optionalString(_ v: JSONValue) throws(MappingError) -> String? {
        guard let present = try v.ifPresent() else { return nil }
        return try present.string()
    }

    static func optionalIdentifier(_ v: JSONValue) throws(MappingError) -> String? {
        guard let present = try v.ifPresent() else { return nil }
        return try present.identifier()
    }

    static func enumeration<E: RawRepresentable & CaseIterable>(_ v: JSONValue, _ type: E.Type) throws(MappingError) -> E where E.RawValue == String {
        let allowed = "one of " + E.allCases.map(\.rawValue).joined(separator: ", ")
        guard v.kind == .string else { throw v.mismatch(allowed) }
        let text = try v.string()
        guard let value = E(rawValue: text) else { throw MappingError.invalid(v.path, expected: allowed, value: text) }
        return value
    }

    static func references(_ item: JSONValue) throws(MappingError) -> [ProductReference] {
        guard let list = try item["references"].ifPresent() else { return [] }
        var result: [ProductReference] = []
        for reference in try list.array() {
            result.append(ProductReference(scheme: try reference["scheme"].string(), value: try reference["value"].identifier()))
        }
        return result
    }

    static func currency(_ v: JSONValue) throws(MappingError) -> Currency {
        let field = v["currency"]
        guard field.kind == .string else { throw field.mismatch("an ISO 4217 currency code") }
        let code = try field.string()
        if let minor = try v["currency_minor_units"].ifPresent() {
            guard let currency = Currency(code: code, minorUnits: try minor.int()) else {
                throw MappingError.invalid(field.path, expected: "an ISO 4217 currency code with 0–4 minor units", value: code)
            }
            return currency
        }
        guard let currency = Currency(code: code) else {
            throw MappingError.invalid(field.path, expected: "a known ISO 4217 currency code", value: code)
        }
        return currency
    }

    static func time(_ v: JSONValue, _ name: String, zones: ZoneResolution) throws(MappingError) -> ZonedTimestamp {
        var parsed = try v[name].dateTime(.iso8601, zones: zones)
        let prefix = name == "occurred_at" ? "" : name + "_"
        if let offsetField = try v[prefix + "utc_offset_seconds"].ifPresent() {
            // The form the encoder uses for an offset with seconds: the instant in UTC, the offset beside it.
            let offset = try offsetField.int()
            guard parsed.zoneDecision == .explicit, parsed.utcOffsetSeconds == 0 else {
                throw MappingError.invalid(
                    v[name].path, expected: "a UTC time (Z) when \(prefix)utc_offset_seconds is given",
                    value: try v[name].string())
            }
            guard offset > -86_400, offset < 86_400 else {
                throw MappingError.invalid(offsetField.path, expected: "an offset within ±24 hours, in seconds", value: String(offset))
            }
            parsed.utcOffsetSeconds = offset
        }
        guard parsed.zoneDecision == .explicit, let decision = try optionalString(v[prefix + "zone_decision"]) else { return parsed }
        let zone = try optionalString(v[prefix + "zone"])
        switch (decision, zone) {
        case ("explicit", _): break
        case ("configured", let identifier?): parsed.zoneDecision = .configured(identifier: identifier)
        case ("assumed", let identifier?): parsed.zoneDecision = .assumed(identifier: identifier)
        case ("configured", nil), ("assumed", nil):
            throw MappingError.missing(v[prefix + "zone"].path, expected: "the zone identifier for a \(decision) zone decision")
        default:
            throw MappingError.invalid(v[prefix + "zone_decision"].path, expected: "one of explicit, configured, assumed", value: decision)
        }
        return parsed
    }

    static func warnings(_ v: JSONValue) throws(MappingError) -> [MappingWarning] {
        guard let list = try v["warnings"].ifPresent() else { return [] }
        var result: [MappingWarning] = []
        for warning in try list.array() {
            let path = try optionalString(warning["path"]).map(FieldPath.init(parsing:))
            result.append(MappingWarning(
                MappingWarning.Code(rawValue: try warning["code"].string()), path: path,
                message: try warning["message"].string()))
        }
        return result
    }
}

extension FieldPath {
    /// Reads the form ``description`` writes (`OrderItems[2].Quantity`, `$` for the root).
    /// Keys containing `.` or `[` cannot be told apart from nesting; such keys do not occur in the kit's sources.
    public init(parsing text: String) {
        guard text != "$" else { self = .root; return }
        var components: [Component] = []
        var key = ""
        var index: String? = nil
        func flushKey() {
            if !key.isEmpty { components.append(.key(key)); key = "" }
        }
        for character in text {
            if var digits = index {
                if character == "]" {
                    if let value = Int(digits) { components.append(.index(value)) } else { components.append(.key("[\(digits)]")) }
                    index = nil
                } else {
                    digits.append(character)
                    index = digits
                }
                continue
            }
            switch character {
            case ".": flushKey()
            case "[": flushKey(); index = ""
            default: key.append(character)
            }
        }
        if let digits = index { key += "[" + digits }
        flushKey()
        self.init(components: components)
    }
}
