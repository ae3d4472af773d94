import Foundation
import Testing

@testable import PWBIMapping

/// Issue 17: one amount rule for every path, sign and consistency rules, identifiers.
@Suite("Hostile inputs: amount conventions, signs, identifiers")
struct HostileInputTests {
    let jakarta = MappingContext(tenant: "t", zones: ZoneResolution(configured: ZoneRule(identifier: "Asia/Jakarta")))

    func map(_ source: SourceSystem, _ json: String, context: MappingContext? = nil) throws -> MappedEvent {
        try MapperRegistry.standard.map(
            body: Array(json.utf8), source: source, event: .transactionCreated, context: context ?? jakarta)
    }

    func pawoon(_ fields: String, context: MappingContext? = nil) throws -> UnifiedTransaction {
        let json = #"{"transaction_id":"PWN-1","timestamp":"2025-12-28T07:30:00Z","# + fields + "}"
        return try #require(try map(.pawoon, json, context: context).transactions.first)
    }

    // MARK: - One amount rule

    @Test(arguments: ["137.500", "1.234", "-137.500", "999.999", "1.000"])
    func groupingLookalikesAreAmbiguousInPlainWholeUnits(text: String) {
        #expect(throws: ExactDecimalError.ambiguousSeparator) { try ExactDecimal(parsing: text, notation: .plainWholeUnits) }
        // …and plain reads them as decimals, as before: the notation is the source's to declare.
        #expect((try? ExactDecimal(parsing: text, notation: .plain)) != nil)
    }

    @Test(arguments: [
        ("137500", "137500"), ("137500.000", "137500.000"), ("0.500", "0.500"), ("80.50", "80.50"),
        ("1.2345", "1.2345"), ("1234.567", "1234.567"), ("-0.125", "-0.125"),
    ])
    func valuesThatCannotBeGroupingStayReadable(text: String, expected: String) throws {
        #expect(try ExactDecimal(parsing: text, notation: .plainWholeUnits).description == expected)
    }

    @Test func aJSONNumberIsTheNumberItIs() throws {
        let transaction = try pawoon(#""total":137.500,"currency":"USD""#)
        #expect(try transaction.total == ExactDecimal(parsing: "137.5"))
    }

    @Test func aStringAmountInTheSourcesNotationReads() throws {
        #expect(try pawoon(#""total":"137500.00""#).total.description == "137500")
        #expect(throws: MappingError.self) { try pawoon(#""total":"137.500""#) }
    }

    @Test func karageDeclaresCommaGroupingAndAPointDecimal() throws {
        let order = """
            {"OrderID":2001,"OrderDate":"2025-11-27T14:30:00","OrderStatus":103,"AmountPaid":"1,000.0",
             "AmountTotal":"1,000.00","Tax":"0","TaxPercent":0,"OrderItems":[{"OdooItemID":5,"Price":"1,000.00","Quantity":1}],
             "CheckoutDetails":[{"PaymentMode":1,"AmountPaid":"1,000.0"}]}
            """
        let riyadh = MappingContext(tenant: "t", zones: ZoneResolution(configured: ZoneRule(identifier: "Asia/Riyadh")))
        let transaction = try #require(try map(.karage, order, context: riyadh).transactions.first)
        #expect(try transaction.paid == ExactDecimal(parsing: "1000"))
        #expect(try transaction.payments.first?.amount == ExactDecimal(parsing: "1000"))
        #expect(try transaction.subtotal == ExactDecimal(parsing: "1000"))
    }

    @Test(arguments: [
        (#""total":100.5,"currency":"JPY""#, "total", "100.5"),
        (#""total":"125000.004","tax":"1000""#, "total", "125000.004"),
        (#""total":125000,"tax":"11363.636""#, "tax", "11363.636"),
    ])
    func finerThanMinorUnitsKeepsTheValueAndWarns(fields: String, path: String, value: String) throws {
        let transaction = try pawoon(fields)
        let warning = try #require(transaction.warnings.first { $0.code == .subMinorUnitAmount && $0.path?.description == path })
        #expect(warning.message.hasPrefix(value + " has more fractional digits"))
        #expect(transaction.unifiedJSON().contains(#""\#(value)""#))
    }

    // MARK: - Signs and consistency

    @Test func aRefundSentAsNegativesPassesOnceMadePositive() throws {
        let json = """
            {"id":"QSR-1","created_at":"2025-12-27 13:10:22","status":"refunded","subtotal":-90000,"tax":-9000,
             "total":-99000,"payment_method":"cash"}
            """
        let transaction = try #require(try map(.qasir, json).transactions.first)
        #expect(transaction.kind == .refund)
        #expect(try transaction.total == ExactDecimal(parsing: "99000"))
    }

    @Test func taxEqualToTheTotalIsAllowedAboveItIsNot() throws {
        #expect(try pawoon(#""total":1000,"tax":1000"#).subtotal == .zero)
        #expect {
            try pawoon(#""total":1000,"tax":1001"#)
        } throws: { error in
            let error = error as? MappingError
            return error?.kind == .validationFailed && error?.path == "tax"
                && error?.description == "tax: expected a tax of at most the total (1000), found 1001"
        }
    }

    @Test func eachRuleHasItsOwnMessage() {
        let transaction = UnifiedTransaction(
            tenant: "t", sourceSystem: .generic, externalID: "X",
            occurredAt: ZonedTimestamp(instant: Timestamp(secondsSince1970: 0), utcOffsetSeconds: 0, zoneDecision: .explicit),
            currency: .IDR, subtotal: Money(100), discount: Money(150), tax: Money(-5), total: Money(-55))
        let failures = ValidationRule.amountIntegrity.failures(transaction)
        #expect(failures.map(\.path.description) == ["discount", "tax", "total"])
        #expect(failures.first?.expected == "a discount of at most the subtotal plus service charge (100)")
        #expect(failures.last?.expected == "an amount of zero or more (the kind, sale, carries the direction)")
        #expect(failures.allSatisfy { $0.kind == .validationFailed })
    }

    @Test func aPendingPaymentMayStatePartialPaymentAPaidOneMayNot() {
        var event = PaymentEvent(
            tenant: "t", sourceSystem: .xendit, orderReference: "O", status: .pending, sourceStatus: "PENDING",
            amount: Money(250000), paidAmount: Money(1), currency: .IDR, method: .qr)
        #expect(event.amountFailures.isEmpty)
        event.status = .paid
        #expect(event.amountFailures.map(\.path) == ["paid_amount"])
        event.paidAmount = ExactDecimal(uncheckedSignificand: 25_000_000, scale: 2)  // 250000.00 == 250000
        #expect(event.amountFailures.isEmpty)
    }

    // MARK: - Identifiers

    @Test func theIdentifierLimitIsConfigurable() throws {
        let id = String(repeating: "A", count: 255)
        #expect(try pawoon(#""total":1,"outlet_id":"\#(id)""#).outlet == id)
        var strict = jakarta
        strict.jsonOptions.maxIdentifierBytes = 8
        #expect(try pawoon(#""total":1"#, context: strict).externalID == "PWN-1")
        #expect {
            try pawoon(#""total":1,"outlet_id":"OUT-JKT-01""#, context: strict)
        } throws: { error in
            (error as? MappingError)?.description == "outlet_id: expected an identifier of at most 8 bytes, found 10 bytes"
        }
    }

    @Test(arguments: ["Toko Kopi ☕", "Jl. Sudirman 1", "ÉÈ-42"])
    func printableUnicodeIdentifiersPass(id: String) throws {
        #expect(try pawoon(#""total":1,"outlet_id":"\#(id)""#).outlet == id)
    }
}

extension HostileInputTests {
    @Test func theAmbiguityMessageNamesTheProblem() {
        #expect {
            try pawoon(#""total":"1.234""#)
        } throws: { error in
            (error as? MappingError)?.description
                == #"total: expected an unambiguous amount (decimal '.', no grouping): its separator could group thousands; send a JSON number or no separator, found "1.234""#
        }
    }
}

extension HostileInputTests {
    /// The offset names where the control character starts, whatever its UTF-8 width.
    @Test(arguments: [#"AB\u0000C"#, #"AB\u001b[31m"#, #"AB\u007f"#, #"AB\u0085"#, #"AB\u2028"#, #"AB\u202e"#, #"AB\u2069"#])
    func controlCharactersAreNamedAtTheirOffset(escaped: String) {
        #expect {
            try pawoon(#""total":1,"outlet_id":"\#(escaped)""#)
        } throws: { error in
            (error as? MappingError)?.description
                == "outlet_id: expected an identifier without control characters, found a control character at byte 2"
        }
    }
}
