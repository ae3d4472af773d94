import Foundation
import Testing

@testable import PWBIMapping

/// A minimal mapper over the Pawoon framework shape, to exercise the protocol's defaults.
private struct TinyMapper: TransactionMapper {
    var sourceSystem: SourceSystem { .pawoon }
    var supportedEvents: [EventType] { [.transactionCreated] }

    func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        guard supports(event) else { throw unsupported(event) }
        var lines: [LineItem] = []
        for item in try payload["items"].array() {
            lines.append(LineItem(name: try item["name"].string(), quantity: try item["qty"].decimal(), unitPrice: try item["price"].decimal()))
        }
        return .transaction(UnifiedTransaction(
            tenant: context.tenant, sourceSystem: sourceSystem, externalID: try payload["transaction_id"].identifier(),
            occurredAt: try payload["timestamp"].dateTime(.iso8601, zones: context.zones),
            currency: context.defaultCurrency ?? .IDR, tax: try payload["tax"].ifPresent()?.decimal(),
            total: try payload["total"].decimal(), lineItems: lines))
    }
}

@Suite("Unified model and the TransactionMapper protocol")
struct ModelTests {
    static let body = Array(#"{"transaction_id":"TRX-1","total":27750,"tax":2750,"timestamp":"2025-12-27T12:45:10","items":[{"name":"Kopi Susu","qty":2,"price":12500}]}"#.utf8)

    @Test func mapperParsesAndMapsABody() throws {
        let context = MappingContext(tenant: "t-1", zone: .jakarta, defaultCurrency: .IDR)
        let event = try TinyMapper().map(body: Self.body, event: .transactionCreated, context: context)
        let transaction = try #require(event.transactions.first)
        #expect(transaction.externalID == "TRX-1")
        #expect(transaction.total == Money(27_750))
        #expect(transaction.occurredAt.description == "2025-12-27T12:45:10+07:00")
        #expect(transaction.occurredAt.instant.description == "2025-12-27T05:45:10Z")
        #expect(try transaction.lineItems[0].computedTotal() == Money(25_000))
    }

    @Test func mapperErrorsAreTyped() {
        let context = MappingContext(tenant: "t-1")
        #expect(throws: MappingError(JSONSyntaxError(.unexpectedEnd, at: 1))) {
            try TinyMapper().map(body: Array("{".utf8), event: .transactionCreated, context: context)
        }
        do {
            _ = try TinyMapper().map(body: Self.body, event: .inventoryUpdated, context: context)
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .unsupportedEvent)
            #expect(error.description == #"$: expected one of transaction.created, found event "inventory.updated" for pawoon"#)
        }
        let tooDeep = MappingContext(tenant: "t", jsonOptions: JSONReaderOptions(maxDepth: 1))
        #expect(throws: MappingError(JSONSyntaxError(.tooDeep(limit: 1), at: 93))) {
            try TinyMapper().map(body: Self.body, event: .transactionCreated, context: tooDeep)
        }
    }

    @Test func totalsAreComputedExactly() throws {
        let occurredAt = ZonedTimestamp(instant: Timestamp(secondsSince1970: 0), utcOffsetSeconds: 0, zoneDecision: .explicit)
        var transaction = UnifiedTransaction(
            tenant: "t", sourceSystem: .karage, externalID: "1", occurredAt: occurredAt, currency: .SAR,
            subtotal: try Money(parsing: "70.00"), discount: try Money(parsing: "5.00"), serviceCharge: try Money(parsing: "3.50"),
            tax: try Money(parsing: "10.50"), total: try Money(parsing: "79.00"),
            payments: [Payment(method: .cash, amount: try Money(parsing: "50")), Payment(method: .card, amount: try Money(parsing: "29.00"))])
        #expect(try transaction.computedTotal() == Money(parsing: "79.00"))
        #expect(try transaction.paymentsTotal() == Money(79))
        transaction.subtotal = nil
        #expect(try transaction.computedTotal() == nil)
    }

    @Test func objectsAndArraysIterateInOrder() throws {
        let document = try JSONDocument(parsing: #"{"b":[1,[2,3],{"x":4}],"a":"s","c":null}"#)
        let members = try document.root.object()
        #expect(members.keys == ["b", "a", "c"])
        #expect(members.map { $0.value.kind } == [.array, .string, .null])
        let elements = try document.root["b"].array()
        #expect(elements.count == 3 && !elements.isEmpty)
        #expect(elements.map(\.kind) == [.number, .array, .object])
        #expect(try document.root["b"][2]["x"].int() == 4)
        #expect(document.root["b"][1][1].path.description == "b[1][1]")
        #expect(try String(decoding: document.root["a"].rawBytes(), as: UTF8.self) == "s")
        #expect(document.bytes == Array(#"{"b":[1,[2,3],{"x":4}],"a":"s","c":null}"#.utf8))
        #expect(try JSONDocument(parsing: Data("[]".utf8)).root.array().isEmpty)
    }

    @Test func timestampsRoundTripThroughDate() throws {
        let instant = try Timestamp(secondsSince1970: 1_764_000_000, nanoseconds: 250_000_000)
        let roundTrip = try Timestamp(instant.date)
        #expect(roundTrip == instant)
        let folded = try Timestamp(secondsSince1970: 10, nanoseconds: -1)
        #expect(try folded == Timestamp(secondsSince1970: 9, nanoseconds: 999_999_999))
        let later = try Timestamp(secondsSince1970: 1, nanoseconds: 1)
        #expect(Timestamp(secondsSince1970: 1) < later)
        #expect(!CivilDateTime(year: 2025, month: 2, day: 29).isValid)
        #expect(CivilDateTime(year: 2000, month: 2, day: 29).isValid)
        #expect(!CivilDateTime(year: 1900, month: 2, day: 29).isValid)
    }

    @Test func currencyTableHasUniqueWellFormedCodes() {
        let codes = Currency.known.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy(Currency.isWellFormedCode))
        #expect(Currency.known.allSatisfy { (0...3).contains($0.minorUnits) })
        for code in ["IDR", "SAR", "USD", "SGD", "MYR"] { #expect(Currency(code: code) != nil) }
    }

    @Test func openSetsCompareByRawValue() {
        #expect(SourceSystem(rawValue: "karage") == .karage)
        #expect(SourceSystem.known.contains(.midtrans))
        #expect(EventType(rawValue: "transaction.created") == .transactionCreated)
        #expect(MappingWarning.Code(rawValue: "zone_assumed") == .zoneAssumed)
        #expect(PaymentMethod(rawValue: "buy_now_pay_later") == .buyNowPayLater)
        #expect(ZoneDecision.assumed(identifier: "UTC").description == "assumed (UTC)")
    }

    @Test func decimalEdges() throws {
        #expect(try ExactDecimal(significand: .min, scale: 0).description == "-9223372036854775808")
        #expect(try ExactDecimal(significand: -5, scale: 3).description == "-0.005")
        #expect(try ExactDecimal(significand: 0, scale: 2).description == "0.00")
        #expect(throws: ExactDecimalError.overflow) { try ExactDecimal(parsing: "1").movingDecimalPoint(by: 19) }
        #expect(throws: ExactDecimalError.tooManyFractionDigits) { try ExactDecimal(parsing: "1").movingDecimalPoint(by: -19) }
        #expect(try ExactDecimal(parsing: "-2.5").magnitude() == ExactDecimal(parsing: "2.5"))
        #expect(try ExactDecimal(parsing: "0.10").signum == 1 && ExactDecimal.zero.isZero)
        #expect(try ExactDecimal(parsing: "1.5").rescaled(toScale: 3).description == "1.500")
    }
}
