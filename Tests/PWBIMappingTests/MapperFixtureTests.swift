import Foundation
import Testing

@testable import PWBIMapping

/// The mapper fixtures kept under `Resources/Mappers`: realistic payloads per system with their
/// exact unified result, and generated negative payloads (one per required field and defect).
enum MapperFixtures {
    static let directory: URL = {
        let resources = Bundle.module.url(forResource: "Resources", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources")
        return resources.appendingPathComponent("Mappers")
    }()

    static func bytes(_ path: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: directory.appendingPathComponent(path)))) ?? []
    }

    static func text(_ path: String) -> String {
        String(decoding: bytes(path), as: UTF8.self)
    }

    static func json(_ path: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes(path)))
    }

    /// The context every fixture is mapped with (the same as `pwbi map`).
    static func context(zone: String?) -> MappingContext {
        MappingContext(tenant: "default", zones: ZoneResolution(configured: zone.flatMap(ZoneRule.init(identifier:))))
    }

    struct Positive: Sendable, CustomTestStringConvertible {
        let input: String
        let source: String
        let event: String
        let zone: String?
        let expected: String
        var testDescription: String { input }
    }

    struct Negative: Sendable, CustomTestStringConvertible {
        /// The payload's file name, or the hostile catalog entry's name.
        let file: String
        let source: String
        let event: String
        let path: String
        let kind: String
        /// The payload as sent.
        let body: [UInt8]
        var testDescription: String { file }
    }

    static let positives: [Positive] = {
        guard let list = json("cases.json") as? [[String: String]] else { return [] }
        return list.compactMap { entry in
            guard let input = entry["input"], let source = entry["source"], let event = entry["event"],
                let expected = entry["expected"]
            else { return nil }
            return Positive(input: input, source: source, event: event, zone: entry["zone"], expected: expected)
        }
    }()

    static let negatives: [Negative] = {
        guard let list = json("negative/cases.json") as? [[String: String]] else { return [] }
        return list.compactMap { entry in
            guard let file = entry["file"], let source = entry["source"], let event = entry["event"],
                let path = entry["path"], let kind = entry["kind"]
            else { return nil }
            return Negative(file: file, source: source, event: event, path: path, kind: kind, body: bytes("negative/" + file))
        }
    }()

    /// The hostile-input catalog (`negative/hostile.json`, issue 17): each entry is a payload —
    /// inline (read with the kit's own reader, so `1e400` and exact digits survive) or a positive
    /// fixture (`base`) with top-level fields replaced (`set`) — and the error kind and path it must
    /// fail with. Add every newly reported hostile input here.
    static let hostile: [Negative] = {
        guard let document = try? JSONDocument(parsing: bytes("negative/hostile.json")),
            let entries = try? document.root.array()
        else { return [] }
        return entries.compactMap { entry in
            guard let name = try? entry["name"].string(), let source = try? entry["source"].string(),
                let event = try? entry["event"].string(), let path = try? entry["path"].string(),
                let kind = try? entry["kind"].string()
            else { return nil }
            let body: [UInt8]
            if let payload = try? entry["payload"].rawBytes() {
                body = Array(payload)
            } else if let base = try? entry["base"].string(), let set = try? entry["set"].rawBytes(),
                let object = json(base) as? [String: Any],
                let replacements = (try? JSONSerialization.jsonObject(with: Data(set))) as? [String: Any],
                let merged = try? JSONSerialization.data(withJSONObject: object.merging(replacements) { $1 })
            {
                body = [UInt8](merged)
            } else {
                return nil
            }
            return Negative(file: name, source: source, event: event, path: path, kind: kind, body: body)
        }
    }()
}

@Suite("Mapper fixtures: exact unified results")
struct MapperFixtureTests {
    @Test func fixturesArePresent() {
        #expect(MapperFixtures.positives.count == 38)
        #expect(MapperFixtures.negatives.count >= 150)
        #expect(MapperFixtures.hostile.count >= 29, "every hostile.json entry loads")
        let systems = Set(MapperFixtures.positives.map(\.source))
        #expect(systems == ["pawoon", "moka", "qasir", "olsera", "karage", "xendit", "midtrans"])
    }

    @Test("maps to exactly the expected unified JSON", arguments: MapperFixtures.positives)
    func exactUnifiedResult(_ fixture: MapperFixtures.Positive) throws {
        let mapped = try MapperRegistry.standard.map(
            body: MapperFixtures.bytes(fixture.input), source: SourceSystem(rawValue: fixture.source),
            event: EventType(rawValue: fixture.event), context: MapperFixtures.context(zone: fixture.zone))
        let expectedText = MapperFixtures.text(fixture.expected)
        // Text equality also pins every amount's scale ("80.50", not "80.5").
        #expect(mapped.unifiedJSON(pretty: true) + "\n" == expectedText)
        // And the expected file reads back to the same model.
        let document = try JSONDocument(parsing: expectedText)
        let decoded = try UnifiedJSON.decode(document.root)
        #expect(decoded == mapped)
    }

    @Test("the generic mapper reads every expected result back", arguments: MapperFixtures.positives)
    func genericRoundTrip(_ fixture: MapperFixtures.Positive) throws {
        let payments: Set<String> = ["xendit", "midtrans"]
        let event: EventType = payments.contains(fixture.source) ? .paymentNotification : EventType(rawValue: fixture.event)
        let original = try MapperRegistry.standard.map(
            body: MapperFixtures.bytes(fixture.input), source: SourceSystem(rawValue: fixture.source),
            event: EventType(rawValue: fixture.event), context: MapperFixtures.context(zone: fixture.zone))
        let generic = try MapperRegistry.standard.map(
            body: MapperFixtures.bytes(fixture.expected), source: .generic, event: event,
            context: MapperFixtures.context(zone: nil))
        #expect(generic == original)
        #expect(generic.unifiedJSON() == original.unifiedJSON())
    }

    @Test(
        "every negative fixture and hostile input fails with its field path and defect",
        arguments: MapperFixtures.negatives + MapperFixtures.hostile)
    func negativeFixture(_ fixture: MapperFixtures.Negative) {
        let body = fixture.body
        #expect(!body.isEmpty)
        do {
            let mapped = try MapperRegistry.standard.map(
                body: body, source: SourceSystem(rawValue: fixture.source), event: EventType(rawValue: fixture.event),
                context: MapperFixtures.context(zone: "Asia/Jakarta"))
            Issue.record("mapped although \(fixture.path) is broken: \(mapped)")
        } catch {
            #expect(error.path.description == fixture.path)
            let kind: MappingError.Kind = switch fixture.kind {
            case "missing": .missingField
            case "wrongType": .typeMismatch
            case "validationFailed": .validationFailed
            default: .invalidValue
            }
            #expect(error.kind == kind)
            let message = error.description
            #expect(message.hasPrefix(fixture.path + ": expected "))
            #expect(message.contains(", found "))
            #expect(message.count < 400, "an error never echoes the payload")
        }
    }
}

@Suite("Mapper behaviour per system")
struct MapperBehaviourTests {
    let riyadh = MappingContext(tenant: "t-1", zone: ZoneRule(identifier: "Asia/Riyadh") ?? .utc, defaultCurrency: .SAR)

    func karage(_ json: String) throws(MappingError) -> UnifiedTransaction {
        let document: JSONDocument
        do { document = try JSONDocument(parsing: json) } catch { throw MappingError(error) }
        return try KarageMapper().transaction(document.root, context: riyadh)
    }

    static let minimalOrder = """
        {"OrderID":%@,"OrderDate":"2025-11-27T14:30:00","OrderStatus":103,"AmountPaid":%@,"AmountTotal":70.00,
         "Tax":10.50,"TaxPercent":15.0,"OrderItems":[%@],
         "CheckoutDetails":[{"PaymentMode":%@,"AmountPaid":80.50}]}
        """

    func order(id: String = "2001", paid: String = "80.50", item: String = #"{"OdooItemID":5,"Price":70.00,"Quantity":1}"#, mode: String = "1") -> String {
        var text = Self.minimalOrder
        for value in [id, paid, item, mode] {
            if let range = text.range(of: "%@") { text.replaceSubrange(range, with: value) }
        }
        return text
    }

    @Test func karageOrderIDAndAmountPaidAsNumberOrString() throws {
        let numeric = try karage(order(id: "2001", paid: "80.50"))
        let textual = try karage(order(id: "\"2001\"", paid: "\"80.50\""))
        #expect(numeric.externalID == "2001")
        #expect(textual.externalID == "2001")
        #expect(numeric.paid == textual.paid)
        #expect(numeric.paid?.description == "80.50")
        #expect(numeric.total.description == "80.50")  // GrandTotal absent: AmountTotal − discount + Tax
        #expect(numeric.occurredAt.instant.description == "2025-11-27T11:30:00Z")
        #expect(numeric.occurredAt.zoneDecision == .configured(identifier: "Asia/Riyadh"))
        #expect(numeric.warnings.isEmpty)
    }

    @Test(arguments: [(1, PaymentMethod.cash), (2, .card), (3, .credit), (5, .buyNowPayLater), (6, .buyNowPayLater), (7, .eWallet), (8, .bankTransfer)])
    func karagePaymentModes(code: Int, method: PaymentMethod) throws {
        let transaction = try karage(order(mode: String(code)))
        #expect(transaction.payments.first?.method == method)
        #expect(transaction.payments.first?.rawCode == String(code))
        #expect(transaction.payments.first?.label == KarageMapper.PaymentMode.code(code)?.name)
    }

    @Test(arguments: [0, 4, 9, 103, -1])
    func karageUnknownPaymentModeNamesTheCode(code: Int) {
        #expect {
            try karage(order(mode: String(code)))
        } throws: { error in
            guard let error = error as? MappingError else { return false }
            return error.kind == .invalidValue && error.path.description == "CheckoutDetails[0].PaymentMode"
                && error.found == "\"\(code)\"" && error.expected.contains("8 (Bank Transfer)")
        }
    }

    @Test func karageProductReferencePreference() throws {
        let byName = try karage(order(item: #"{"ItemName":"Office Chair","Price":70.00,"Quantity":1}"#))
        #expect(byName.lineItems.first?.references == [ProductReference(scheme: "ItemName", value: "Office Chair")])
        let byLegacy = try karage(order(item: #"{"ItemID":1,"ItemName":"Office Chair","Price":70.00,"Quantity":1}"#))
        #expect(byLegacy.lineItems.first?.references.first == ProductReference(scheme: "ItemID", value: "1"))
        let byOdoo = try karage(order(item: #"{"OdooItemID":5,"ItemID":1,"Price":70.00,"Quantity":1}"#))
        #expect(byOdoo.lineItems.first?.references.map(\.scheme) == ["OdooItemID", "ItemID"])
        #expect(byOdoo.lineItems.first?.name == "5")
    }

    @Test func karageItemWithoutAnyReference() {
        #expect {
            try karage(order(item: #"{"Price":70.00,"Quantity":1}"#))
        } throws: { error in
            guard let error = error as? MappingError else { return false }
            return error.kind == .missingField && error.path.description == "OrderItems[0].OdooItemID"
                && error.expected.contains("ItemID or ItemName")
        }
    }

    @Test func karageFractionalQuantityIsExact() throws {
        let transaction = try karage(order(item: #"{"OdooItemID":5,"Price":"46.67","Quantity":1.5}"#))
        #expect(transaction.lineItems.first?.quantity.description == "1.5")
        #expect(transaction.lineItems.first?.lineTotal?.description == "70.005")
    }

    @Test func karageZonelessDateWithoutConfiguredZoneIsAssumedRiyadh() throws {
        let document = try JSONDocument(parsing: order())
        let transaction = try KarageMapper().transaction(document.root, context: MappingContext(tenant: "t", defaultCurrency: .SAR))
        #expect(transaction.occurredAt.zoneDecision == .assumed(identifier: "Asia/Riyadh"))
        #expect(transaction.occurredAt.description == "2025-11-27T14:30:00+03:00")
        #expect(transaction.warnings.map(\.code) == [.zoneAssumed])
    }

    @Test func karageHasNoInventoryEvent() {
        #expect(throws: MappingError.self) {
            try MapperRegistry.standard.map(
                body: Array(order().utf8), source: .karage, event: .inventoryUpdated, context: riyadh)
        }
    }

    @Test func pawoonTotalsMismatchIsAWarningNotAnError() throws {
        let body = #"{"transaction_id":"T1","timestamp":"2025-12-27T12:45:10+07:00","total":137500,"tax":12500,"items":[{"name":"A","qty":1,"price":100000}]}"#
        let mapped = try PawoonMapper().map(
            body: Array(body.utf8), event: .transactionCreated, context: MappingContext(tenant: "t", defaultCurrency: .IDR))
        guard case .transaction(let transaction) = mapped else {
            Issue.record("expected a transaction")
            return
        }
        #expect(transaction.warnings.map(\.code) == [.lineTotalsMismatch])
        #expect(transaction.subtotal?.description == "125000")
    }

    @Test func unknownPaymentLabelIsOtherWithAWarning() throws {
        let body = #"{"transaction_id":"T1","timestamp":"2025-12-27T12:45:10Z","total":1000,"payment_method":"kartu sakti"}"#
        let mapped = try PawoonMapper().map(
            body: Array(body.utf8), event: .transactionCreated, context: MappingContext(tenant: "t", defaultCurrency: .IDR))
        let transaction = try #require(mapped.transactions.first)
        #expect(transaction.payments.first?.method == .other)
        #expect(transaction.warnings.map(\.code) == [.unknownPaymentMethod])
        #expect(ValidationRule.knownPaymentMethods.failures(transaction).first?.path.description == "payments[0].method")
    }

    @Test(arguments: [
        ("Tunai", PaymentMethod.cash), ("QRIS", .qr), ("GoPay", .eWallet), ("ShopeePay", .eWallet), ("debit", .card),
        ("Credit Card", .card), ("bank-transfer", .bankTransfer), ("Tabby", .buyNowPayLater), ("indomaret", .retailOutlet),
    ])
    func paymentLabels(label: String, method: PaymentMethod) {
        #expect(PaymentMethodLabels.method(for: label) == method)
    }

    /// The ASCII fast path gives exactly what the Unicode lowercase mapping gives: every table
    /// word in upper, title and mixed case with spaces, dashes and dots, non-words, and seeded
    /// random ASCII labels (with non-ASCII ones taking the Unicode path).
    @Test func asciiLabelsMatchTheUnicodeMapping() {
        func reference(_ label: String) -> PaymentMethod? {
            var key = ""
            for scalar in label.unicodeScalars {
                switch scalar {
                case " ", "-", ".": key.append("_")
                default: key.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
            return PaymentMethodLabels.table[key]
        }
        var labels: [String] = []
        for word in PaymentMethodLabels.table.keys {
            labels += [word, word.uppercased(), word.capitalized, word.replacingOccurrences(of: "_", with: " "),
                       word.replacingOccurrences(of: "_", with: "-").uppercased(), word.replacingOccurrences(of: "_", with: ".")]
        }
        labels += ["", " ", "QRIS ", "qr\u{0130}s", "KARTU_DEBİT", "Ödeme", "cash\u{0}", "ca sh", "\u{212A}as"]
        var generator = ExactDecimalFastPathTests.SeededGenerator(state: 7)
        let alphabet = Array("abcdeqrsACDEQRS _-.9@\u{7F}")
        for _ in 0..<5000 {
            let length = Int(generator.next() % 12)
            labels.append(String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
        }
        for label in labels {
            #expect(PaymentMethodLabels.method(for: label) == reference(label), "\(label)")
        }
    }

    @Test func mokaReportPagePathsNameTheEntry() {
        let body = #"{"data":{"payments":[{"id":1,"created_at":"2025-12-27T16:10:00+07:00","subtotal":1,"total_collected":1},{"id":2,"created_at":"2025-12-27T16:10:00+07:00","subtotal":1,"total_collected":1,"checkouts":[{"item_name":"X","quantity":"1/2","item_price":1}]}]}}"#
        #expect {
            try MokaMapper().map(body: Array(body.utf8), event: .transactionCreated, context: MappingContext(tenant: "t"))
        } throws: { error in
            (error as? MappingError)?.path.description == "data.payments[1].checkouts[0].quantity"
        }
    }

    @Test func qasirTransactionsListMapsEach() throws {
        let body = #"{"transactions":[{"id":"A","created_at":"2025-12-27 10:00:00","total":1000},{"id":"B","created_at":"2025-12-27 11:00:00","total":"2000"}]}"#
        let mapped = try QasirMapper().map(
            body: Array(body.utf8), event: .transactionCreated, context: MappingContext(tenant: "t", zone: .jakarta, defaultCurrency: .IDR))
        #expect(mapped.transactions.map(\.externalID) == ["A", "B"])
        #expect(mapped.transactions.map(\.total.description) == ["1000", "2000"])
    }

    @Test func unknownStatusWordsAreErrors() {
        let qasir = #"{"id":"A","created_at":"2025-12-27 10:00:00","total":1000,"status":"exploded"}"#
        #expect {
            try QasirMapper().map(body: Array(qasir.utf8), event: .transactionCreated, context: MappingContext(tenant: "t"))
        } throws: { ($0 as? MappingError)?.path.description == "status" }
        let midtrans = #"{"order_id":"A","transaction_status":"teleported","status_code":"200","gross_amount":"1.00","transaction_time":"2025-12-27 10:00:00"}"#
        #expect {
            try MidtransMapper().map(body: Array(midtrans.utf8), event: .transactionCreated, context: MappingContext(tenant: "t"))
        } throws: { ($0 as? MappingError)?.path.description == "transaction_status" }
    }

    @Test func midtransCaptureUnderChallengeIsPending() throws {
        let body = #"{"order_id":"A","transaction_status":"capture","fraud_status":"challenge","status_code":"201","gross_amount":"10000.00","transaction_time":"2025-12-27 10:00:00","payment_type":"credit_card","bank":"bni"}"#
        let mapped = try MidtransMapper().map(body: Array(body.utf8), event: .paymentNotification, context: MappingContext(tenant: "t"))
        guard case .payment(let event) = mapped else {
            Issue.record("expected a payment event")
            return
        }
        #expect(event.status == .pending)
        #expect(event.amount.description == "10000")
        #expect(event.channel == "bni")
    }

    @Test func registryErrorsAreTyped() {
        #expect {
            try MapperRegistry.standard.mapper(for: "square", event: .transactionCreated)
        } throws: { ($0 as? MappingError)?.kind == .unknownSource }
        #expect {
            try MapperRegistry.standard.mapper(for: .xendit, event: .inventoryUpdated)
        } throws: { ($0 as? MappingError)?.kind == .unsupportedEvent }
        #expect {
            try MapperRegistry.standard.mapper(for: .pawoon, event: "order.deleted")
        } throws: { ($0 as? MappingError)?.kind == .unsupportedEvent }
        #expect(MapperRegistry.standard.sources.map(\.rawValue) == ["generic", "karage", "midtrans", "moka", "olsera", "pawoon", "qasir", "xendit"])
    }

    @Test func registryPicksTheRegisteredMapper() throws {
        var registry = MapperRegistry([PawoonMapper()])
        #expect(throws: MappingError.self) { try registry.mapper(for: .karage) }
        registry.register(KarageMapper())
        #expect(try registry.mapper(for: .karage, event: .transactionCreated).sourceSystem == .karage)
    }

    @Test func malformedJSONIsATypedErrorWithOffset() {
        #expect {
            try MapperRegistry.standard.map(body: Array(#"{"OrderID": 1,}"#.utf8), source: .karage, event: .transactionCreated, context: riyadh)
        } throws: { error in
            guard let error = error as? MappingError else { return false }
            return error.kind == .malformedJSON && error.byteOffset != nil
        }
    }

    @Test func genericRejectsATypeThatDoesNotMatchTheEvent() throws {
        let expected = MapperFixtures.bytes("pawoon/inventory.expected.json")
        #expect {
            try GenericMapper().map(body: expected, event: .transactionCreated, context: MappingContext(tenant: "t"))
        } throws: { ($0 as? MappingError)?.path.description == "type" }
        let mapped = try GenericMapper().map(body: expected, event: .inventoryUpdated, context: MappingContext(tenant: "t-9"))
        guard case .inventory(let update) = mapped else {
            Issue.record("expected an inventory update")
            return
        }
        #expect(update.tenant == "t-9")  // the context's tenant, never the payload's
    }

    /// Every prefix of every fixture either maps or throws a typed error — never crashes.
    @Test("truncated payloads fail with typed errors", arguments: MapperFixtures.positives)
    func truncatedPayloads(_ fixture: MapperFixtures.Positive) {
        var body = MapperFixtures.bytes(fixture.input)
        while let last = body.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") { body.removeLast() }
        let context = MapperFixtures.context(zone: nil)
        for length in stride(from: 0, to: body.count, by: 3) {
            do {
                _ = try MapperRegistry.standard.map(
                    body: Array(body[..<length]), source: SourceSystem(rawValue: fixture.source),
                    event: EventType(rawValue: fixture.event), context: context)
                Issue.record("a truncated payload of \(length) bytes mapped")
            } catch {
                #expect(error.kind == .malformedJSON)
            }
        }
    }
}
