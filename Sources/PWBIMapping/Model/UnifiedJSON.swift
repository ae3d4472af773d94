/// The kit's canonical JSON form of the unified model — what `pwbi map` prints, what the generic
/// mapper accepts and what `pwbi journal` reads back.
///
/// - Keys are snake_case, in a fixed order; absent optional values are omitted (never `null`).
/// - Money, quantities and rates are **strings** in plain decimal notation with their scale
///   (`"80.50"`, `"-1.5"`), so no consumer can push them through binary floating point.
///   The decoder also accepts JSON numbers for them, read exactly.
/// - `occurred_at` is RFC 3339 with the source's offset; `zone_decision` (`explicit`,
///   `configured`, `assumed`) and `zone` (the IANA id) record how that offset was decided.
///   RFC 3339 offsets are whole minutes, so a historical offset with seconds (Asia/Jakarta before
///   1924 is +07:07:12) is written as the instant in UTC (`1900-01-01T16:52:48Z`) plus
///   `"utc_offset_seconds": 25632` (`paid_at_utc_offset_seconds` for `paid_at`): every consumer
///   reads the right instant, and the generic mapper restores the source's offset exactly.
/// - Each object carries `"type"`: `transaction`, `inventory_update` or `payment_event`;
///   several transactions are a JSON array of transaction objects.
///
/// ```json
/// {"type":"transaction","tenant":"t-1","source_system":"karage","external_id":"2001",
///  "kind":"sale","status":"completed","source_status":"103",
///  "occurred_at":"2025-11-27T14:30:00+03:00","zone_decision":"configured","zone":"Asia/Riyadh",
///  "currency":"SAR","subtotal":"70.00","tax":"10.50","tax_rate_percent":"15.0","total":"80.50","paid":"80.50",
///  "line_items":[{"name":"Office Chair","references":[{"scheme":"OdooItemID","value":"5"}],
///                 "quantity":"1","unit_price":"70.00","discount":"0.00"}],
///  "payments":[{"method":"cash","raw_code":"1","label":"Cash","amount":"80.50"}],"warnings":[]}
/// ```
public enum UnifiedJSON {
    // MARK: - Encoding

    /// The canonical JSON of a transaction.
    public static func encode(_ transaction: UnifiedTransaction, pretty: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty)
        write(transaction, into: &writer)
        return writer.text
    }

    /// The canonical JSON of an inventory update.
    public static func encode(_ update: InventoryUpdate, pretty: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty)
        write(update, into: &writer)
        return writer.text
    }

    /// The canonical JSON of a payment event.
    public static func encode(_ event: PaymentEvent, pretty: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty)
        write(event, into: &writer)
        return writer.text
    }

    /// The canonical JSON of a mapped event (an array for ``MappedEvent/transactions(_:)``).
    public static func encode(_ event: MappedEvent, pretty: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty)
        write(event, into: &writer)
        return writer.text
    }

    /// Writes a mapped event.
    public static func write(_ event: MappedEvent, into writer: inout JSONWriter) {
        switch event {
        case .transaction(let transaction): write(transaction, into: &writer)
        case .transactions(let transactions):
            writer.beginArray()
            for transaction in transactions { write(transaction, into: &writer) }
            writer.endArray()
        case .inventory(let update): write(update, into: &writer)
        case .payment(let payment): write(payment, into: &writer)
        }
    }

    /// Writes a transaction object.
    public static func write(_ t: UnifiedTransaction, into w: inout JSONWriter) {
        w.beginObject()
        w.member("type", "transaction")
        w.member("tenant", t.tenant)
        w.member("source_system", t.sourceSystem.rawValue)
        w.member("external_id", t.externalID)
        w.member("outlet", t.outlet)
        w.member("kind", t.kind.rawValue)
        w.member("status", t.status.rawValue)
        w.member("source_status", t.sourceStatus)
        w.member("original_external_id", t.originalExternalID)
        writeTime("occurred_at", t.occurredAt, into: &w)
        writeCurrency(t.currency, into: &w)
        w.member("subtotal", t.subtotal)
        w.member("discount", t.discount)
        w.member("service_charge", t.serviceCharge)
        w.member("tax", t.tax)
        w.member("tax_rate_percent", t.taxRatePercent)
        w.member("total", t.total)
        w.member("paid", t.paid)
        w.member("change", t.change)
        w.key("line_items")
        w.beginArray()
        for item in t.lineItems {
            w.beginObject()
            w.member("name", item.name)
            writeReferences(item.references, into: &w)
            w.member("quantity", item.quantity)
            w.member("unit_price", item.unitPrice)
            w.member("discount", item.discount)
            w.member("line_total", item.lineTotal)
            w.member("tax", item.tax)
            w.member("note", item.note)
            w.endObject()
        }
        w.endArray()
        w.key("payments")
        w.beginArray()
        for payment in t.payments {
            w.beginObject()
            w.member("method", payment.method.rawValue)
            w.member("raw_code", payment.rawCode)
            w.member("label", payment.label)
            w.member("amount", payment.amount)
            w.member("reference", payment.reference)
            w.endObject()
        }
        w.endArray()
        writeWarnings(t.warnings, into: &w)
        w.endObject()
    }

    /// Writes an inventory-update object.
    public static func write(_ u: InventoryUpdate, into w: inout JSONWriter) {
        w.beginObject()
        w.member("type", "inventory_update")
        w.member("tenant", u.tenant)
        w.member("source_system", u.sourceSystem.rawValue)
        w.member("external_id", u.externalID)
        w.member("outlet", u.outlet)
        if let occurredAt = u.occurredAt { writeTime("occurred_at", occurredAt, into: &w) }
        w.key("items")
        w.beginArray()
        for item in u.items {
            w.beginObject()
            w.member("name", item.name)
            writeReferences(item.references, into: &w)
            w.member("quantity_on_hand", item.quantityOnHand)
            w.member("quantity_change", item.quantityChange)
            w.member("unit", item.unit)
            w.endObject()
        }
        w.endArray()
        writeWarnings(u.warnings, into: &w)
        w.endObject()
    }

    /// Writes a payment-event object.
    public static func write(_ e: PaymentEvent, into w: inout JSONWriter) {
        w.beginObject()
        w.member("type", "payment_event")
        w.member("tenant", e.tenant)
        w.member("source_system", e.sourceSystem.rawValue)
        w.member("payment_id", e.paymentID)
        w.member("order_reference", e.orderReference)
        w.member("status", e.status.rawValue)
        w.member("source_status", e.sourceStatus)
        writeCurrency(e.currency, into: &w)
        w.member("amount", e.amount)
        w.member("paid_amount", e.paidAmount)
        w.member("method", e.method.rawValue)
        w.member("raw_method", e.rawMethod)
        w.member("channel", e.channel)
        if let occurredAt = e.occurredAt { writeTime("occurred_at", occurredAt, into: &w) }
        if let paidAt = e.paidAt { writeTime("paid_at", paidAt, into: &w) }
        writeWarnings(e.warnings, into: &w)
        w.endObject()
    }

    static func writeTime(_ name: String, _ time: ZonedTimestamp, into w: inout JSONWriter) {
        let prefix = name == "occurred_at" ? "" : name + "_"
        if time.utcOffsetSeconds % 60 == 0 {
            w.member(name, time.description)
        } else {
            // RFC 3339 offsets are whole minutes: a historical offset with seconds (+07:07:12) is
            // written as the same instant in UTC, and the source's offset travels beside it.
            w.member(name, time.instant.description)
            w.key(prefix + "utc_offset_seconds")
            w.number(time.utcOffsetSeconds)
        }
        w.member(prefix + "zone_decision", time.zoneDecision.name)
        w.member(prefix + "zone", time.zoneDecision.zoneIdentifier)
    }

    static func writeCurrency(_ currency: Currency, into w: inout JSONWriter) {
        w.member("currency", currency.code)
        if Currency(code: currency.code) != currency {
            w.key("currency_minor_units")
            w.number(currency.minorUnits)
        }
    }

    static func writeReferences(_ references: [ProductReference], into w: inout JSONWriter) {
        guard !references.isEmpty else { return }
        w.key("references")
        w.beginArray()
        for reference in references {
            w.beginObject()
            w.member("scheme", reference.scheme)
            w.member("value", reference.value)
            w.endObject()
        }
        w.endArray()
    }

    static func writeWarnings(_ warnings: [MappingWarning], into w: inout JSONWriter) {
        w.key("warnings")
        w.beginArray()
        for warning in warnings {
            w.beginObject()
            w.member("code", warning.code.rawValue)
            w.member("path", warning.path?.description)
            w.member("message", warning.message)
            w.endObject()
        }
        w.endArray()
    }
}

extension UnifiedTransaction {
    /// The canonical unified JSON (see ``UnifiedJSON``).
    public func unifiedJSON(pretty: Bool = false) -> String { UnifiedJSON.encode(self, pretty: pretty) }
}

extension MappedEvent {
    /// The canonical unified JSON (see ``UnifiedJSON``).
    public func unifiedJSON(pretty: Bool = false) -> String { UnifiedJSON.encode(self, pretty: pretty) }
}
