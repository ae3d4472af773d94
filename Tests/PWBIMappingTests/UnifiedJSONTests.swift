import Testing

@testable import PWBIMapping

@Suite("JSON writer and the canonical unified JSON")
struct UnifiedJSONTests {
    static func sampleTransaction() throws -> UnifiedTransaction {
        let riyadh = try #require(ZoneRule(identifier: "Asia/Riyadh"))
        let occurredAt = try DateTimeParser.parse("2025-11-27T14:30:00", format: .iso8601, zones: ZoneResolution(configured: riyadh))
        return UnifiedTransaction(
            tenant: "tenant-1", sourceSystem: .karage, externalID: "2001", outlet: "Bakery Shop",
            kind: .sale, status: .completed, sourceStatus: "103", occurredAt: occurredAt, currency: .SAR,
            subtotal: try Money(parsing: "70.00"), discount: try Money(parsing: "0.00"), tax: try Money(parsing: "10.50"),
            taxRatePercent: try ExactDecimal(parsing: "15.0"), total: try Money(parsing: "80.50"),
            paid: try Money(parsing: "80.50"), change: .zero,
            lineItems: [
                LineItem(
                    name: "Office Chair \"Ergo\"", references: [ProductReference(scheme: "OdooItemID", value: "5")],
                    quantity: try Quantity(parsing: "1"), unitPrice: try Money(parsing: "70.00"), discount: try Money(parsing: "0.00"),
                    lineTotal: try Money(parsing: "70.00")),
                LineItem(name: "Returned cup", quantity: try Quantity(parsing: "-1.5"), unitPrice: try Money(parsing: "2.25"), note: "line\nbreak"),
            ],
            payments: [Payment(method: .cash, rawCode: "1", label: "Cash", amount: try Money(parsing: "80.50"))],
            warnings: [MappingWarning(.totalsMismatch, path: FieldPath(components: [.key("OrderItems"), .index(1), .key("Price")]), message: "lines add up to 66.63")])
    }

    @Test func writerProducesCompactAndPrettyJSON() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a"); writer.string("x\"\\\u{01}é")
        writer.key("b"); writer.beginArray(); writer.number(1); writer.bool(true); writer.null(); writer.beginObject(); writer.endObject(); writer.endArray()
        writer.key("c"); writer.number(try ExactDecimal(parsing: "-0.50"))
        writer.endObject()
        #expect(writer.text == #"{"a":"x\"\\\u0001é","b":[1,true,null,{}],"c":-0.50}"#)

        var pretty = JSONWriter(pretty: true)
        pretty.beginObject(); pretty.key("a"); pretty.beginArray(); pretty.number(1); pretty.number(2); pretty.endArray()
        pretty.key("e"); pretty.beginArray(); pretty.endArray(); pretty.endObject()
        #expect(pretty.text == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"e\": []\n}")
        // What the writer writes, the reader reads.
        _ = try JSONDocument(parsing: writer.bytes)
        _ = try JSONDocument(parsing: pretty.bytes)
    }

    @Test func transactionJSONHasMoneyAsStrings() throws {
        let json = UnifiedJSON.encode(try Self.sampleTransaction())
        #expect(json.hasPrefix(#"{"type":"transaction","tenant":"tenant-1","source_system":"karage","external_id":"2001","outlet":"Bakery Shop","kind":"sale","status":"completed","source_status":"103","occurred_at":"2025-11-27T14:30:00+03:00","zone_decision":"configured","zone":"Asia/Riyadh","currency":"SAR","subtotal":"70.00","discount":"0.00","tax":"10.50","tax_rate_percent":"15.0","total":"80.50","paid":"80.50","change":"0","line_items":[{"name":"Office Chair \"Ergo\"","references":[{"scheme":"OdooItemID","value":"5"}],"quantity":"1","unit_price":"70.00","discount":"0.00","line_total":"70.00"}"#))
        #expect(json.contains(#""payments":[{"method":"cash","raw_code":"1","label":"Cash","amount":"80.50"}]"#))
        #expect(json.contains(#""warnings":[{"code":"totals_mismatch","path":"OrderItems[1].Price","message":"lines add up to 66.63"}]"#))
    }

    @Test(arguments: [false, true])
    func transactionRoundTrips(pretty: Bool) throws {
        let original = try Self.sampleTransaction()
        let json = UnifiedJSON.encode(original, pretty: pretty)
        let decoded = try UnifiedJSON.decode(try JSONDocument(parsing: json).root)
        #expect(decoded == .transaction(original))
        #expect(UnifiedJSON.encode(decoded, pretty: pretty) == json)
    }

    @Test func paymentAndInventoryRoundTrip() throws {
        let jakarta = ZoneRule.jakarta
        let paidAt = try DateTimeParser.parse("2025-11-27 14:31:05", format: .sqlDateTime, zones: ZoneResolution(configured: jakarta))
        let payment = PaymentEvent(
            tenant: "t", sourceSystem: .midtrans, paymentID: "9aed5972", orderReference: "ORDER-101", status: .settled,
            sourceStatus: "settlement", amount: try Money(parsing: "650000.00"), currency: .IDR, method: .eWallet,
            rawMethod: "gopay", occurredAt: paidAt, paidAt: paidAt)
        let event = MappedEvent.payment(payment)
        let decoded = try UnifiedJSON.decode(try JSONDocument(parsing: event.unifiedJSON()).root)
        #expect(decoded == event)

        let update = InventoryUpdate(
            tenant: "t", sourceSystem: .pawoon, outlet: "O-1",
            items: [InventoryItem(name: "Beans", references: [ProductReference(scheme: "sku", value: "B-1")], quantityOnHand: try Quantity(parsing: "12.5"), unit: "kg")])
        let inventory = MappedEvent.inventory(update)
        #expect(try UnifiedJSON.decode(try JSONDocument(parsing: inventory.unifiedJSON()).root) == inventory)

        let batch = MappedEvent.transactions([try Self.sampleTransaction(), try Self.sampleTransaction()])
        #expect(try UnifiedJSON.decode(try JSONDocument(parsing: batch.unifiedJSON()).root) == batch)
    }

    /// RFC 3339 has whole-minute offsets: an offset with seconds is written as the UTC instant plus
    /// `utc_offset_seconds`, and reads back to the same zoned time.
    @Test func offsetWithSecondsIsWrittenInUTCAndRoundTrips() throws {
        var transaction = try Self.sampleTransaction()
        transaction.occurredAt = try DateTimeParser.parse(
            "1900-01-01 00:00:00", format: .sqlDateTime, zones: ZoneResolution(configured: .jakarta))
        #expect(transaction.occurredAt.utcOffsetSeconds == 25_632)
        let json = transaction.unifiedJSON()
        #expect(json.contains(#""occurred_at":"1899-12-31T16:52:48Z","utc_offset_seconds":25632,"zone_decision":"configured","zone":"Asia/Jakarta""#))
        let decoded = try UnifiedJSON.decode(try JSONDocument(parsing: json).root)
        #expect(decoded == .transaction(transaction))
        #expect(UnifiedJSON.encode(decoded) == json)

        let paidAt = ZonedTimestamp(instant: Timestamp(secondsSince1970: -315_619_200), utcOffsetSeconds: -2_670, zoneDecision: .explicit)
        let payment = MappedEvent.payment(PaymentEvent(
            tenant: "t", sourceSystem: .xendit, paymentID: "inv-1", orderReference: "ORDER-1", status: .settled,
            sourceStatus: "PAID", amount: try Money(parsing: "1"),
            currency: .IDR, method: .card, rawMethod: "CARD", paidAt: paidAt))
        let paymentJSON = payment.unifiedJSON()
        #expect(paymentJSON.contains(#""paid_at":"1960-01-01T00:00:00Z","paid_at_utc_offset_seconds":-2670,"paid_at_zone_decision":"explicit""#))
        #expect(try UnifiedJSON.decode(try JSONDocument(parsing: paymentJSON).root) == payment)
    }

    @Test func customCurrencyRoundTrips() throws {
        var transaction = try Self.sampleTransaction()
        transaction.currency = try #require(Currency(code: "IDR", minorUnits: 2))
        let json = transaction.unifiedJSON()
        #expect(json.contains(#""currency":"IDR","currency_minor_units":2"#))
        #expect(try UnifiedJSON.decodeTransaction(try JSONDocument(parsing: json).root).currency.minorUnits == 2)
    }

    @Test func contextTenantWinsAndZonelessTimesUseTheContext() throws {
        let body = #"{"tenant":"attacker","source_system":"generic","external_id":7,"occurred_at":"2025-11-27T14:30:00","currency":"IDR","total":650000,"line_items":[{"name":"Kopi","quantity":2,"unit_price":"12500"}]}"#
        let transaction = try UnifiedJSON.decodeTransaction(
            try JSONDocument(parsing: body).root, tenant: "tenant-9", zones: ZoneResolution(configured: .jakarta))
        #expect(transaction.tenant == "tenant-9")
        #expect(transaction.externalID == "7")
        #expect(transaction.kind == .sale && transaction.status == .completed)
        #expect(transaction.occurredAt.instant.description == "2025-11-27T07:30:00Z")
        #expect(transaction.occurredAt.zoneDecision == .configured(identifier: "Asia/Jakarta"))
        #expect(transaction.total.description == "650000")
        #expect(transaction.lineItems.first?.quantity == Quantity(2))
    }

    static let decodeErrors: [(String, String)] = [
        (#"{"source_system":"generic","external_id":"1","occurred_at":"2025-11-27T14:30:00Z","currency":"IDR","total":"1"}"#,
         "tenant: expected a string, found nothing (missing)"),
        (#"{"tenant":"t","source_system":"generic","external_id":"1","occurred_at":"27/11/2025","currency":"IDR","total":"1"}"#,
         #"occurred_at: expected a date-time YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM], found "27/11/2025""#),
        (#"{"tenant":"t","source_system":"generic","external_id":"1","occurred_at":"2025-11-27T14:30:00Z","currency":"XXX","total":"1"}"#,
         #"currency: expected a known ISO 4217 currency code, found "XXX""#),
        (#"{"tenant":"t","source_system":"generic","external_id":"1","occurred_at":"2025-11-27T14:30:00Z","currency":"IDR","total":"1,000"}"#,
         #"total: expected a decimal number (decimal '.'), found "1,000""#),
        (#"{"tenant":"t","source_system":"generic","external_id":"1","occurred_at":"2025-11-27T14:30:00Z","currency":"IDR","total":"1","payments":[{"method":"cheque","amount":"1"}]}"#,
         #"payments[0].method: expected one of cash, card, credit, bank_transfer, virtual_account, qr, e_wallet, buy_now_pay_later, retail_outlet, direct_debit, voucher, other, found "cheque""#),
        (#"{"type":"refund"}"#, #"type: expected one of transaction, inventory_update, payment_event, found "refund""#),
        (#"{"tenant":"t","source_system":"generic","external_id":1.5,"occurred_at":"2025-11-27T14:30:00Z","currency":"IDR","total":"1"}"#,
         #"external_id: expected an identifier (string or integer), found "1.5""#),
        (#"{"tenant":"t","source_system":"generic","external_id":"1","occurred_at":"1900-01-01T00:00:00+07:07","utc_offset_seconds":25632,"currency":"IDR","total":"1"}"#,
         #"occurred_at: expected a UTC time (Z) when utc_offset_seconds is given, found "1900-01-01T00:00:00+07:07""#),
        (#"{"tenant":"t","source_system":"generic","external_id":"1","occurred_at":"1900-01-01T00:00:00Z","utc_offset_seconds":86400,"currency":"IDR","total":"1"}"#,
         #"utc_offset_seconds: expected an offset within ±24 hours, in seconds, found "86400""#),
        (#"{"tenant":"t","source_system":"generic","external_id":"1","occurred_at":"1900-01-01T00:00:00Z","utc_offset_seconds":"25632","currency":"IDR","total":"1"}"#,
         "utc_offset_seconds: expected an integer, found a string"),
    ]

    @Test(arguments: decodeErrors)
    func decodeErrorsNameTheField(_ body: String, _ message: String) throws {
        let root = try JSONDocument(parsing: body).root
        #expect(throws: MappingError.self) { try UnifiedJSON.decode(root) }
        do { _ = try UnifiedJSON.decode(root) } catch { #expect(error.description == message) }
    }

    @Test(arguments: ["OrderItems[2].Quantity", "$", "a.b.c", "items[0][1].x", "Date"])
    func fieldPathsRoundTrip(_ text: String) {
        #expect(FieldPath(parsing: text).description == text)
    }
}

@Suite("Docs/PWBIMapping.md example")
struct DocumentationExampleTests {
    @Test func exampleRunsAsDocumented() throws {
        let body: [UInt8] = Array(#"{"OrderID": 2001, "OrderDate": "2025-11-27T14:30:00", "AmountPaid": "80.50"}"#.utf8)
        let order = try JSONDocument(parsing: body).root
        let paid = try order["AmountPaid"].decimal(orStringIn: .plain)
        #expect(paid.description == "80.50")
        #expect(try order["OrderID"].identifier() == "2001")
        let riyadh = try #require(ZoneRule(identifier: "Asia/Riyadh"))
        let at = try order["OrderDate"].dateTime(.iso8601, zones: ZoneResolution(configured: riyadh))
        #expect(at.instant.description == "2025-11-27T11:30:00Z")
        #expect(at.zoneDecision == .configured(identifier: "Asia/Riyadh"))
        #expect(throws: MappingError.missing("OrderItems", expected: "a number")) { try order["OrderItems"][2]["Quantity"].decimal() }
        let total = try paid + Money(parsing: "1.234.567,00", notation: .dotGrouping)
        #expect(try total.rounded(to: .SAR, .halfEven).description == "1234647.50")
    }
}
