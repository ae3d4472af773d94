import Foundation
import Testing

@testable import PWBIMapping

@Suite("ExactDecimal: parsing, arithmetic, rounding, Decimal")
struct ExactDecimalTests {
    struct ParseCase: CustomTestStringConvertible, Sendable {
        let text: String
        let notation: DecimalNotation
        let expected: String?  // description of the result; nil when an error is expected
        let error: ExactDecimalError?
        var testDescription: String { "\(text) [\(notation)]" }
        init(_ text: String, _ notation: DecimalNotation, _ expected: String) {
            self.text = text; self.notation = notation; self.expected = expected; self.error = nil
        }
        init(_ text: String, _ notation: DecimalNotation, error: ExactDecimalError) {
            self.text = text; self.notation = notation; self.expected = nil; self.error = error
        }
    }

    static let parseCases: [ParseCase] = [
        // plain
        .init("80.50", .plain, "80.50"),
        .init("650000.00", .plain, "650000.00"),
        .init("-1234", .plain, "-1234"),
        .init("0", .plain, "0"),
        .init("-0.00", .plain, "0.00"),
        .init("0.000000000000000001", .plain, "0.000000000000000001"),
        .init("1.000000000000000000000000", .plain, "1.000000000000000000"),
        .init("9223372036854775807", .plain, "9223372036854775807"),
        .init("-9223372036854775808", .plain, "-9223372036854775808"),
        .init("9223372036854775808", .plain, error: .overflow),
        .init("99999999999999999999", .plain, error: .overflow),
        .init("92233720368.54775808", .plain, error: .overflow),
        .init("1234567890.123456789", .plain, "1234567890.123456789"),
        .init("0.0000000000000000001", .plain, error: .tooManyFractionDigits),
        .init("", .plain, error: .empty),
        .init("-", .plain, error: .empty),
        .init(".5", .plain, error: .missingDigit(offset: 0)),
        .init("5.", .plain, error: .missingDigit(offset: 2)),
        .init("1,000.00", .plain, error: .unexpectedCharacter(offset: 1)),
        .init("1e3", .plain, error: .unexpectedCharacter(offset: 1)),
        .init(" 1", .plain, error: .unexpectedCharacter(offset: 0)),
        .init("+1", .plain, error: .unexpectedCharacter(offset: 0)),
        .init("1.2.3", .plain, error: .unexpectedCharacter(offset: 3)),
        // comma grouping
        .init("1,234,567.00", .commaGrouping, "1234567.00"),
        .init("1,000.0", .commaGrouping, "1000.0"),
        .init("1234567.00", .commaGrouping, "1234567.00"),
        .init("-12,345", .commaGrouping, "-12345"),
        .init("1,23,456.00", .commaGrouping, error: .invalidGrouping(offset: 4)),
        .init("1234,567.00", .commaGrouping, error: .invalidGrouping(offset: 4)),
        .init("1,2345.00", .commaGrouping, error: .invalidGrouping(offset: 1)),
        .init(",123", .commaGrouping, error: .invalidGrouping(offset: 0)),
        .init("1,,234", .commaGrouping, error: .invalidGrouping(offset: 2)),
        .init("1,234.5,6", .commaGrouping, error: .invalidGrouping(offset: 7)),
        .init("1.234.567,00", .commaGrouping, error: .unexpectedCharacter(offset: 5)),
        .init("0,123", .commaGrouping, error: .invalidGrouping(offset: 1)),
        // dot grouping
        .init("1.234.567,00", .dotGrouping, "1234567.00"),
        .init("80,50", .dotGrouping, "80.50"),
        .init("1.000", .dotGrouping, "1000"),
        .init("-2.500,5", .dotGrouping, "-2500.5"),
        .init("1,234,567.00", .dotGrouping, error: .unexpectedCharacter(offset: 5)),
        // json
        .init("80.50", .json, "80.50"),
        .init("1.5e3", .json, "1500"),
        .init("1E-2", .json, "0.01"),
        .init("-2.50e+1", .json, "-25.0"),
        .init("0e999999", .json, "0"),
        .init("1e19", .json, error: .overflow),
        .init("1e-19", .json, error: .tooManyFractionDigits),
        .init("012", .json, error: .leadingZero(offset: 0)),
        .init("-", .json, error: .missingDigit(offset: 1)),
        .init("1.", .json, error: .missingDigit(offset: 2)),
        .init("1e", .json, error: .missingDigit(offset: 2)),
        .init("+1", .json, error: .unexpectedCharacter(offset: 0)),
        // inferred
        .init("1,234,567.00", .inferred, "1234567.00"),
        .init("1.234.567,00", .inferred, "1234567.00"),
        .init("1.234.567", .inferred, "1234567"),
        .init("1,234,567", .inferred, "1234567"),
        .init("80.50", .inferred, "80.50"),
        .init("80,5", .inferred, "80.5"),
        .init("0.123", .inferred, "0.123"),
        .init("1234.567", .inferred, "1234.567"),
        .init("12", .inferred, "12"),
        .init("1.234", .inferred, error: .ambiguousSeparator),
        .init("1,234", .inferred, error: .ambiguousSeparator),
        .init("-999.000", .inferred, error: .ambiguousSeparator),
        .init("1.234,567.00", .inferred, error: .invalidGrouping(offset: 5)),
    ]

    @Test(arguments: parseCases)
    func parse(_ testCase: ParseCase) {
        do {
            let value = try ExactDecimal(parsing: testCase.text, notation: testCase.notation)
            #expect(testCase.expected == value.description, "parsed \(testCase.text)")
        } catch {
            #expect(testCase.error == error, "\(testCase.text): \(error)")
        }
    }

    /// Every byte that is neither a digit nor one of the notation's separators is rejected where it
    /// stands, read from raw bytes — 0xFF included, which once passed for "no grouping" (fuzzer find).
    @Test(arguments: [DecimalNotation.plain, .commaGrouping, .dotGrouping, .inferred, .json])
    func strayBytesAreRejectedInPlace(_ notation: DecimalNotation) {
        let allowed = Set("0123456789.,-eE+".utf8)
        for byte in UInt8.min...UInt8.max where !allowed.contains(byte) {
            for bytes in [[0x38, byte, 0x38, 0x35, 0x39], [0x38, 0x2E, 0x35, byte, 0x39], [0x31, byte, 0x32, 0x33, 0x34]] {
                let result = Result { () throws(ExactDecimalError) in try ExactDecimal(parsingUTF8: bytes, notation: notation) }
                guard case .failure(let error) = result else {
                    Issue.record("byte \(byte) in \(bytes) accepted as \(result)")
                    continue
                }
                // The inferred notation may first find the separators ambiguous; the others name the byte.
                if notation != .inferred {
                    #expect(error == .unexpectedCharacter(offset: bytes.firstIndex(of: byte)!), "byte \(byte) in \(bytes)")
                }
            }
        }
    }

    @Test func scaleIsKeptAndEqualityIsNumeric() throws {
        let a = try Money(parsing: "80.50")
        let b = try Money(parsing: "80.5")
        #expect(a.scale == 2 && b.scale == 1)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(!a.isIdentical(to: b))
        #expect(Set([a, b]).count == 1)
        #expect(try Money(parsing: "-1") < .zero)
        #expect(try Money(parsing: "0.1") < Money(parsing: "0.10000001"))
        #expect(try Money(parsing: "100.00").normalized.description == "100")
    }

    @Test func exactArithmetic() throws {
        // The float bug this library exists to prevent: 0.1 + 0.2.
        let sum = try Money(parsing: "0.1") + Money(parsing: "0.2")
        #expect(sum.description == "0.3")
        #expect(try (Money(parsing: "70.00") + Money(parsing: "10.50")).description == "80.50")
        #expect(try (Money(parsing: "80.50") - Money(parsing: "100")).description == "-19.50")
        let price = try Money(parsing: "12500.50")
        let quantity = try Quantity(parsing: "1.5")
        #expect(try (price * quantity).description == "18750.750")
        #expect(try (price * Quantity(parsing: "-2")).description == "-25001.00")
        #expect(try Money.sum([Money(parsing: "1.10"), Money(parsing: "2.205"), Money(3)]).description == "6.305")
        #expect(try Money(parsing: "15").movingDecimalPoint(by: -2).description == "0.15")
        #expect(try Money(parsing: "1.5").movingDecimalPoint(by: 3).description == "1500")
    }

    @Test func overflowIsAnError() throws {
        let big = try Money(parsing: "9223372036854775807")
        #expect(throws: ExactDecimalError.overflow) { try big + Money(1) }
        #expect(throws: ExactDecimalError.overflow) { try Money(parsing: "-9223372036854775808") - Money(1) }
        #expect(throws: ExactDecimalError.overflow) { try big * Money(2) }
        #expect(throws: ExactDecimalError.overflow) { try Money(parsing: "-9223372036854775808").negated() }
        #expect(throws: ExactDecimalError.overflow) { try Money(parsing: "92233720368547758.07") + Money(parsing: "0.001") }
        #expect(throws: ExactDecimalError.scaleOutOfRange(19)) { try ExactDecimal(significand: 1, scale: 19) }
    }

    struct RoundCase: Sendable, CustomTestStringConvertible {
        let value: String
        let scale: Int
        let mode: RoundingMode
        let expected: String
        var testDescription: String { "\(value) → \(scale) \(mode)" }
    }

    static let roundCases: [RoundCase] = [
        .init(value: "2.5", scale: 0, mode: .halfEven, expected: "2"),
        .init(value: "3.5", scale: 0, mode: .halfEven, expected: "4"),
        .init(value: "-2.5", scale: 0, mode: .halfEven, expected: "-2"),
        .init(value: "2.5", scale: 0, mode: .halfUp, expected: "3"),
        .init(value: "-2.5", scale: 0, mode: .halfUp, expected: "-3"),
        .init(value: "2.5", scale: 0, mode: .halfDown, expected: "2"),
        .init(value: "2.51", scale: 0, mode: .halfDown, expected: "3"),
        .init(value: "2.1", scale: 0, mode: .up, expected: "3"),
        .init(value: "-2.1", scale: 0, mode: .up, expected: "-3"),
        .init(value: "2.9", scale: 0, mode: .down, expected: "2"),
        .init(value: "-2.9", scale: 0, mode: .down, expected: "-2"),
        .init(value: "2.1", scale: 0, mode: .ceiling, expected: "3"),
        .init(value: "-2.9", scale: 0, mode: .ceiling, expected: "-2"),
        .init(value: "2.9", scale: 0, mode: .floor, expected: "2"),
        .init(value: "-2.1", scale: 0, mode: .floor, expected: "-3"),
        .init(value: "12.345", scale: 2, mode: .halfUp, expected: "12.35"),
        .init(value: "12.345", scale: 2, mode: .halfEven, expected: "12.34"),
        .init(value: "12.3450001", scale: 2, mode: .halfEven, expected: "12.35"),
        .init(value: "80.5", scale: 2, mode: .halfEven, expected: "80.50"),
        .init(value: "18750.750", scale: 0, mode: .halfUp, expected: "18751"),
        .init(value: "-0.005", scale: 2, mode: .halfUp, expected: "-0.01"),
        .init(value: "0.004", scale: 2, mode: .halfUp, expected: "0.00"),
    ]

    @Test(arguments: roundCases)
    func rounding(_ testCase: RoundCase) throws {
        let value = try ExactDecimal(parsing: testCase.value)
        #expect(try value.rounded(toScale: testCase.scale, testCase.mode).description == testCase.expected)
    }

    @Test func currencyMinorUnits() throws {
        #expect(try Money(parsing: "650000.50").rounded(to: .IDR, .halfUp).description == "650001")
        #expect(try Money(parsing: "80.5").rounded(to: .SAR, .halfEven).description == "80.50")
        #expect(try Money(parsing: "80.50").minorUnits(of: .SAR) == 8050)
        #expect(throws: ExactDecimalError.inexact) { try Money(parsing: "80.505").minorUnits(of: .SAR) }
        #expect(Money(minorUnits: 8050, of: .SAR).description == "80.50")
        #expect(try Money(parsing: "650000.00").fits(.IDR))
        #expect(try !Money(parsing: "0.5").fits(.IDR))
        #expect(Currency(code: "sar") == .SAR)
        #expect(Currency(code: "KWD")?.minorUnits == 3)
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency(code: "XYZ", minorUnits: 2)?.code == "XYZ")
        #expect(Currency(code: "xy", minorUnits: 2) == nil)
        #expect(Currency.IDR.isoMinorUnits == 2 && Currency.IDR.minorUnits == 0)
    }

    @Test(arguments: ["80.50", "-0.000123", "650000", "9223372036854775807", "-9223372036854775808", "0.000000000000000001", "0"])
    func roundTripThroughFoundationDecimal(_ text: String) throws {
        let value = try ExactDecimal(parsing: text)
        let decimal = value.decimalValue
        #expect(decimal == Decimal(string: text))
        #expect(try ExactDecimal(exactly: decimal) == value)
    }

    @Test func decimalsThatDoNotFitAreErrors() {
        #expect(throws: ExactDecimalError.overflow) { try ExactDecimal(exactly: Decimal(string: "123456789012345678901234567890")!) }
        #expect(throws: ExactDecimalError.tooManyFractionDigits) { try ExactDecimal(exactly: Decimal(string: "1e-20")!) }
        #expect(throws: ExactDecimalError.notANumber) { try ExactDecimal(exactly: Decimal.nan) }
    }

    @Test func customNotation() throws {
        let swiss = try #require(DecimalNotation(decimalSeparator: ".", groupingSeparator: "'"))
        #expect(try Money(parsing: "1'234'567.50", notation: swiss).description == "1234567.50")
        let spaced = try #require(DecimalNotation(decimalSeparator: ",", groupingSeparator: " "))
        #expect(try Money(parsing: "1 234,5", notation: spaced).description == "1234.5")
        #expect(DecimalNotation(decimalSeparator: "1", groupingSeparator: nil) == nil)
        #expect(DecimalNotation(decimalSeparator: ",", groupingSeparator: ",") == nil)
        #expect(try Money(parsingUTF8: Array("1.234.567,00".utf8), notation: .dotGrouping).description == "1234567.00")
    }
}

@Suite("ExactDecimal: the simple-number fast path agrees with the full parsers")
struct ExactDecimalFastPathTests {
    /// SplitMix64, seeded: the same strings on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomTextsParseIdentically() {
        var random = SeededGenerator(state: 20_251_127)
        let alphabet = Array("0123456789012345678900.-e".utf8)
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...22, using: &random)
            let text = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            text.withUnsafeBufferPointer { buffer in
                let fast = ExactDecimal.parseSimple(buffer)
                let plain = Result { () throws(ExactDecimalError) -> ExactDecimal in try ExactDecimal.parseFixed(buffer, decimal: UInt8(ascii: "."), grouping: nil) }
                let json = Result { () throws(ExactDecimalError) -> ExactDecimal in try ExactDecimal.parseJSONNumber(buffer) }
                if let fast {
                    #expect((try? plain.get())?.isIdentical(to: fast) == true, "plain \(String(decoding: text, as: UTF8.self))")
                    #expect((try? json.get())?.isIdentical(to: fast) == true, "json \(String(decoding: text, as: UTF8.self))")
                }
                let viaPlain = Result { () throws(ExactDecimalError) -> ExactDecimal in try ExactDecimal.parse(buffer, notation: .plain) }
                let viaJSON = Result { () throws(ExactDecimalError) -> ExactDecimal in try ExactDecimal.parse(buffer, notation: .json) }
                #expect(String(describing: viaPlain) == String(describing: plain))
                #expect(String(describing: viaJSON) == String(describing: json))
            }
        }
    }
}
