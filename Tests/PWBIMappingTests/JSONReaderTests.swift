import Foundation
import Testing

@testable import PWBIMapping

/// Loads the accept (`y_`) / reject (`n_`) documents kept as resources.
enum JSONVectors {
    static var directory: URL {
        let resources = Bundle.module.url(forResource: "Resources", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources")
        return resources.appendingPathComponent("json")
    }

    static func names(prefix: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

@Suite("JSON reader: RFC 8259 accept/reject, typed access with paths")
struct JSONReaderTests {
    @Test func vectorsArePresent() {
        #expect(JSONVectors.names(prefix: "y_").count >= 20)
        #expect(JSONVectors.names(prefix: "n_").count >= 50)
    }

    @Test(arguments: JSONVectors.names(prefix: "y_"))
    func accepts(_ name: String) throws {
        let document = try JSONDocument(parsing: try JSONVectors.bytes(name))
        #expect(document.valueCount >= 1)
    }

    @Test(arguments: JSONVectors.names(prefix: "n_"))
    func rejects(_ name: String) throws {
        let bytes = try JSONVectors.bytes(name)
        #expect(throws: JSONSyntaxError.self) { try JSONDocument(parsing: bytes) }
    }

    struct SyntaxCase: Sendable, CustomTestStringConvertible {
        let json: String
        let reason: JSONSyntaxError.Reason
        let offset: Int
        var testDescription: String { json.count > 30 ? String(json.prefix(30)) + "…" : json }
    }

    static let syntaxCases: [SyntaxCase] = [
        .init(json: "[1,2,]", reason: .trailingComma, offset: 4),
        .init(json: "{\"a\":1,}", reason: .trailingComma, offset: 6),
        .init(json: "[012]", reason: .leadingZero, offset: 1),
        .init(json: "[\"a\u{01}\"]", reason: .controlCharacterInString, offset: 3),
        .init(json: "[\"\\ud800\"]", reason: .loneSurrogate, offset: 2),
        .init(json: "[\"\\udc00\"]", reason: .loneSurrogate, offset: 2),
        .init(json: "[\"\\q\"]", reason: .invalidEscape, offset: 2),
        .init(json: "", reason: .unexpectedEnd, offset: 0),
        .init(json: "[1", reason: .unexpectedEnd, offset: 2),
        .init(json: "{\"a\" 1}", reason: .expectedColon, offset: 5),
        .init(json: "{1:2}", reason: .expectedKey, offset: 1),
        .init(json: "{} {}", reason: .trailingContent, offset: 3),
        .init(json: "[1.]", reason: .invalidNumber, offset: 1),
        .init(json: "[1}", reason: .unexpectedByte(UInt8(ascii: "}")), offset: 2),
        .init(json: "{\"a\":1,\"a\":2}", reason: .duplicateKey("a"), offset: 7),
        .init(json: String(repeating: "[", count: 65), reason: .tooDeep(limit: 64), offset: 64),
    ]

    @Test(arguments: syntaxCases)
    func reportsReasonAndOffset(_ testCase: SyntaxCase) {
        do {
            _ = try JSONDocument(parsing: testCase.json)
            Issue.record("accepted \(testCase.json)")
        } catch {
            #expect(error.reason == testCase.reason)
            #expect(error.offset == testCase.offset)
        }
    }

    @Test func invalidUTF8IsRejectedWithItsOffset() {
        let bytes: [UInt8] = Array("[\"ok".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
        #expect(throws: JSONSyntaxError(.invalidUTF8, at: 4)) { try JSONDocument(parsing: bytes) }
    }

    @Test func sizeAndDepthLimitsAreOptions() throws {
        let body = "[[[1]]]"
        #expect(throws: JSONSyntaxError(.tooDeep(limit: 2), at: 2)) {
            try JSONDocument(parsing: body, options: JSONReaderOptions(maxDepth: 2))
        }
        #expect(throws: JSONSyntaxError(.tooLarge(limit: 4), at: 4)) {
            try JSONDocument(parsing: body, options: JSONReaderOptions(maxBytes: 4))
        }
        _ = try JSONDocument(parsing: body, options: JSONReaderOptions(maxBytes: 7, maxDepth: 3))
    }

    @Test func deepNestingDoesNotOverflowTheStack() throws {
        let deep = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        let document = try JSONDocument(parsing: deep, options: JSONReaderOptions(maxDepth: 100_000))
        #expect(document.valueCount == 50_000)
    }

    @Test func duplicateKeyPolicies() throws {
        let body = "{\"a\":1,\"b\":2,\"a\":3}"
        let first = try JSONDocument(parsing: body, options: JSONReaderOptions(duplicateKeys: .useFirst))
        #expect(try first.root["a"].int() == 1)
        let last = try JSONDocument(parsing: body, options: JSONReaderOptions(duplicateKeys: .useLast))
        #expect(try last.root["a"].int() == 3)
        #expect(try last.root.object().count == 3)
    }

    @Test func hugeNumbersAreKeptExact() throws {
        let document = try JSONDocument(parsing: "{\"n\": 123456789012345678901234567890.123456789, \"e\": 1e400, \"m\": -0.000}")
        #expect(try document.root["n"].numberText() == "123456789012345678901234567890.123456789")
        #expect(try document.root["e"].numberText() == "1e400")
        #expect(try document.root["m"].decimal().description == "0.000")
        let range = "a number within the exact range (magnitude below 9.2 × 10^18 at its scale)"
        #expect(throws: MappingError.invalid("n", expected: range, value: "123456789012345678901234567890.123456789")) {
            try document.root["n"].decimal()
        }
    }

    /// Issue 17 item 9: `1e400` is too large, `1e-400` too fine; neither is about "18 significant digits".
    @Test(arguments: [
        ("1e400", "a number within the exact range (magnitude below 9.2 × 10^18 at its scale)"),
        ("-1E+19", "a number within the exact range (magnitude below 9.2 × 10^18 at its scale)"),
        ("1e-400", "a number with at most 18 fractional digits"),
        ("0.1234567890123456789", "a number with at most 18 fractional digits"),
    ])
    func numberErrorsNameTheRealProblem(text: String, expected: String) throws {
        let document = try JSONDocument(parsing: "{\"n\": \(text)}")
        #expect(throws: MappingError.invalid("n", expected: expected, value: text)) { try document.root["n"].decimal() }
        #expect(!MappingError.invalid("n", expected: expected, value: text).description.contains("significant"))
    }

    @Test func stringsAreDecoded() throws {
        let document = try JSONDocument(parsing: #"["\"\\\/\b\f\n\r\t", "\u00e9\u4e2d", "\ud83d\ude00", "Kopi \u0041", "plain é"]"#)
        let strings = try document.root.array().map { try $0.string() }
        #expect(strings == ["\"\\/\u{08}\u{0C}\n\r\t", "é中", "😀", "Kopi A", "plain é"])
    }

    /// Specials at every position of strings of several lengths: exercises the 8-bytes-at-a-time scan.
    @Test(arguments: [1, 7, 8, 9, 15, 16, 17, 31])
    func specialBytesAreFoundAtEveryPosition(length: Int) throws {
        for position in 0..<length {
            func body(_ special: String) -> String {
                var characters = Array(repeating: "a", count: length)
                characters[position] = special
                return characters.joined()
            }
            for (special, decoded) in [("\\\"", "\""), ("\\n", "\n"), ("é", "é"), ("😀", "😀"), ("\\u00e9", "é")] {
                let document = try JSONDocument(parsing: "[\"" + body(special) + "\"]")
                #expect(try document.root[0].string() == body(decoded))
            }
            let control = Array(("[\"" + body("\u{1F}") + "\"]").utf8)
            #expect(throws: JSONSyntaxError(.controlCharacterInString, at: 2 + position)) { try JSONDocument(parsing: control) }
            let invalid = Array("[\"".utf8) + Array(body("a").utf8.prefix(position)) + [0xFF] + Array("\"]".utf8)
            #expect(throws: JSONSyntaxError(.invalidUTF8, at: 2 + position)) { try JSONDocument(parsing: invalid) }
            let unterminated = "[\"" + String(repeating: "b", count: position)
            #expect(throws: JSONSyntaxError(.unexpectedEnd, at: unterminated.utf8.count)) { try JSONDocument(parsing: unterminated) }
        }
    }

    @Test func escapedKeysAreFound() throws {
        let document = try JSONDocument(parsing: #"{"Order\u0049D": 7}"#)
        #expect(try document.root["OrderID"].int() == 7)
        #expect(try document.root.object().keys == ["OrderID"])
    }

    static let order = """
        {"OrderID": 2001, "OrderDate": "2025-11-27T14:30:00", "AmountPaid": "80.50", "Note": null,
         "OrderItems": [{"ItemName": "Chair", "Quantity": 1}, {"ItemName": "Desk", "Quantity": 2.5},
                        {"ItemName": "Lamp", "Quantity": "3"}], "Flags": [true, false]}
        """

    @Test func typedAccess() throws {
        let root = try JSONDocument(parsing: Self.order).root
        #expect(try root["OrderID"].identifier() == "2001")
        #expect(try root["OrderID"].int() == 2001)
        #expect(try root["AmountPaid"].decimal(orStringIn: .plain).description == "80.50")
        #expect(try root["OrderItems"][1]["Quantity"].decimal().description == "2.5")
        #expect(try root["OrderItems"].array().count == 3)
        #expect(try root["OrderItems"].array().map { try $0["ItemName"].string() } == ["Chair", "Desk", "Lamp"])
        #expect(try root["Flags"][0].bool() == true)
        #expect(try root["Note"].ifPresent() == nil)
        #expect(try root["Absent"].ifPresent() == nil)
        #expect(root["Note"].isNull && root["Note"].exists && !root["Absent"].exists)
        #expect(root["OrderItems"][2]["Quantity"].path.description == "OrderItems[2].Quantity")
        #expect(root["OrderItems"][7]["Quantity"].path.description == "OrderItems[7]")
    }

    struct AccessErrorCase: Sendable, CustomTestStringConvertible {
        let name: String
        let access: @Sendable (JSONValue) throws(MappingError) -> Void
        let message: String
        let kind: MappingError.Kind
        var testDescription: String { name }
    }

    static let accessErrors: [AccessErrorCase] = [
        .init(name: "string where number", access: { v throws(MappingError) in _ = try v["OrderItems"][2]["Quantity"].decimal() },
              message: "OrderItems[2].Quantity: expected a number, found a string", kind: .typeMismatch),
        .init(name: "missing member", access: { v throws(MappingError) in _ = try v["OrderItems"][0]["Price"].decimal() },
              message: "OrderItems[0].Price: expected a number, found nothing (missing)", kind: .missingField),
        .init(name: "missing element", access: { v throws(MappingError) in _ = try v["OrderItems"][3]["Price"].decimal() },
              message: "OrderItems[3]: expected a number, found nothing (missing)", kind: .missingField),
        .init(name: "subscript into a non-object", access: { v throws(MappingError) in _ = try v["OrderDate"]["x"].string() },
              message: "OrderDate: expected an object, found a string", kind: .typeMismatch),
        .init(name: "optional under a wrong type", access: { v throws(MappingError) in _ = try v["OrderID"]["x"].ifPresent() },
              message: "OrderID: expected an object, found a number", kind: .typeMismatch),
        .init(name: "null where required", access: { v throws(MappingError) in _ = try v["Note"].string() },
              message: "Note: expected a string, found null", kind: .missingField),
        .init(name: "fractional integer", access: { v throws(MappingError) in _ = try v["OrderItems"][1]["Quantity"].int() },
              message: "OrderItems[1].Quantity: expected an integer, found \"2.5\"", kind: .invalidValue),
        .init(name: "bad decimal string", access: { v throws(MappingError) in _ = try v["OrderDate"].decimal(orStringIn: .plain) },
              message: "OrderDate: expected a decimal number (decimal '.'), found \"2025-11-27T14:30:00\"", kind: .invalidValue),
        .init(name: "array expected", access: { v throws(MappingError) in _ = try v["OrderID"].array() },
              message: "OrderID: expected an array, found a number", kind: .typeMismatch),
        .init(name: "root type", access: { v throws(MappingError) in _ = try v.array() },
              message: "$: expected an array, found an object", kind: .typeMismatch),
        .init(name: "bad date", access: { v throws(MappingError) in _ = try v["OrderItems"][0]["ItemName"].dateTime(.date, zones: .init()) },
              message: "OrderItems[0].ItemName: expected a date YYYY-MM-DD, found \"Chair\"", kind: .invalidValue),
    ]

    @Test(arguments: accessErrors)
    func accessErrorsCarryThePath(_ testCase: AccessErrorCase) throws {
        let root = try JSONDocument(parsing: Self.order).root
        do {
            try testCase.access(root)
            Issue.record("no error")
        } catch {
            #expect(error.description == testCase.message)
            #expect(error.kind == testCase.kind)
        }
    }

    @Test func malformedBodyBecomesAMappingErrorWithOffset() {
        let error = MappingError(JSONSyntaxError(.trailingComma, at: 17))
        #expect(error.kind == .malformedJSON)
        #expect(error.byteOffset == 17)
        #expect(error.description == "$: malformed JSON at byte 17: trailing comma")
    }

    @Test func longValuesAreShortenedInErrors() {
        let long = String(repeating: "x", count: 500)
        let error = MappingError.invalid("Field", expected: "a date", value: long)
        #expect(error.found.count < 50)
    }
}
