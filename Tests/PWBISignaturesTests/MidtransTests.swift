@testable import PWBISignatures
import Testing

@Suite("Midtrans signature_key and the top-level JSON member reader")
struct MidtransTests {
    static let serverKey = "SB-Mid-server-TEST"
    /// hashlib.sha512(b"ORDER-101" + b"200" + b"100000.00" + b"SB-Mid-server-TEST")
    static let key = "8d20f350bf7332202b458f2a80e6dcad9aa8e743d3b7698c0e388734fad69f20928dc38a1e127b68faf35fde14b7c83cf7b44de72184082cc781849dbfbed224"

    static func body(grossAmount: String = #""100000.00""#, signature: String = key, extra: String = "") -> [UInt8] {
        Array(#"{"order_id":"ORDER-101","status_code":"200","gross_amount":\#(grossAmount),"signature_key":"\#(signature)"\#(extra)}"#.utf8)
    }

    @Test func signatureKeyUsesTheExactStringsReceived() throws {
        #expect(MidtransScheme.signatureKey(
            orderID: "ORDER-101", statusCode: "200", grossAmount: "100000.00", serverKey: Self.serverKey).hexString == Self.key)
        try MidtransScheme().verify(body: Self.body(), headers: [:], secret: Self.serverKey)
        // "100000.0" or 100000 is a different text, hence a different signature.
        #expect(throws: WebhookSignatureError.noMatchingSignature) {
            try MidtransScheme().verify(body: Self.body(grossAmount: #""100000.0""#), headers: [:], secret: Self.serverKey)
        }
        #expect(throws: WebhookSignatureError.noMatchingSignature) {
            try MidtransScheme().verify(body: Self.body(grossAmount: "100000"), headers: [:], secret: Self.serverKey)
        }
        // A JSON number keeps its own digits.
        let numeric = MidtransScheme.signatureKey(orderID: "ORDER-101", statusCode: "200", grossAmount: "100000.00", serverKey: Self.serverKey)
        try MidtransScheme().verify(body: Self.body(grossAmount: "100000.00", signature: numeric.hexString), headers: [:], secret: Self.serverKey)
    }

    @Test func signReturnsTheBodyField() throws {
        let signed = try MidtransScheme().sign(
            body: Array(#"{"order_id":"ORDER-101","status_code":"200","gross_amount":"100000.00"}"#.utf8), secret: Self.serverKey)
        #expect(signed.bodyFields == [WebhookHeaders.Field(name: "signature_key", value: Self.key)])
        #expect(signed.headers.fields.isEmpty)
        #expect(signed.lines == ["signature_key: \(Self.key)"])
    }

    @Test func rejections() {
        let scheme = MidtransScheme()
        #expect(throws: WebhookSignatureError.missingBodyField("signature_key")) {
            try scheme.verify(body: Array(#"{"order_id":"1","status_code":"200","gross_amount":"1.00"}"#.utf8), headers: [:], secret: "k")
        }
        #expect(throws: WebhookSignatureError.missingBodyField("gross_amount")) {
            try scheme.verify(body: Array(#"{"order_id":"1","status_code":"200","signature_key":"00"}"#.utf8), headers: [:], secret: "k")
        }
        #expect(throws: WebhookSignatureError.malformedBody(reason: "signature_key has 32 bytes, expected 64", offset: 0)) {
            try scheme.verify(body: Self.body(signature: String(Self.key.prefix(64))), headers: [:], secret: Self.serverKey)
        }
        #expect(throws: WebhookSignatureError.malformedBody(reason: "signature_key is not hex (invalid hex character at offset 0)", offset: 0)) {
            try scheme.verify(body: Self.body(signature: "Z" + String(Self.key.dropFirst())), headers: [:], secret: Self.serverKey)
        }
        #expect(throws: WebhookSignatureError.malformedBody(reason: "member order_id appears twice", offset: 218)) {
            try scheme.verify(body: Self.body(extra: #","order_id":"ORDER-999""#), headers: [:], secret: Self.serverKey)
        }
        #expect(throws: WebhookSignatureError.malformedBody(reason: "expected a JSON object", offset: 0)) {
            try scheme.verify(body: Array("order_id=1".utf8), headers: [:], secret: Self.serverKey)
        }
    }

    static func members(_ json: String, _ names: Set<String> = ["a", "b"]) throws(WebhookSignatureError) -> [String: String] {
        try TopLevelJSONMembers.values(of: names, in: Array(json.utf8))
    }

    @Test func readerReturnsTextAsReceived() throws {
        #expect(try Self.members(#" { "a" : "x" , "skip": {"a": [1, 2.5e-3, true, false, null, {"b": "q"}]}, "b": -0.50 } "#)
            == ["a": "x", "b": "-0.50"])
        #expect(try Self.members(#"{"a":"\u00e9\n\"\\\/\ud83d\ude00"}"#) == ["a": "é\n\"\\/😀"])
        #expect(try Self.members(#"{}"#) == [:])
        #expect(try Self.members(#"{"c":[]}"#) == [:])
        #expect(try Self.members(#"{"\u0061":"escaped name"}"#) == ["a": "escaped name"])
    }

    @Test(arguments: [
        (#"[1]"#, "expected a JSON object", 0),
        (#""#, "unexpected end of body", 0),
        (#"{"a":"1","a":"2"}"#, "member a appears twice", 9),
        (#"{"a":{}}"#, "member a must be a string or a number", 5),
        (#"{"a":true}"#, "member a must be a string or a number", 5),
        (#"{"a":"1"} x"#, "content after the JSON object", 10),
        (#"{"a":"1",}"#, "expected a string", 9),
        (#"{"a":"1"#, "unterminated string", 5),
        (#"{"a":01}"#, "expected ',' or '}' in the object", 6),
        (#"{"a":1.}"#, "invalid number", 5),
        (#"{"a":-}"#, "invalid number", 5),
        (#"{"c":tru}"#, "invalid literal", 5),
        (#"{"c":"\x"}"#, "invalid escape", 6),
        (#"{"c":"\ud800"}"#, "unpaired surrogate", 6),
        (#"{"c":"\udc00"}"#, "unpaired surrogate", 6),
        (#"{"c":"\u12"}"#, "invalid \\u escape", 6),
        (#"{"c" "d"}"#, "expected ':' after a member name", 5),
        (#"{"c":[1 2]}"#, "expected ',' or ']' in an array", 8),
        (#"{"c":{"d":1,}}"#, "expected a string", 12),
        ("{\"c\":\"a\u{01}\"}", "control character in a string", 7),
        (#"{"c":}"#, "expected a JSON value", 5),
    ])
    func readerRejectsMalformedJSON(json: String, reason: String, offset: Int) {
        #expect(throws: WebhookSignatureError.malformedBody(reason: reason, offset: offset)) { try Self.members(json) }
    }

    @Test func readerRejectsInvalidUTF8AndDeepNesting() throws {
        #expect(throws: WebhookSignatureError.malformedBody(reason: "string is not valid UTF-8", offset: 5)) {
            try TopLevelJSONMembers.values(of: ["a"], in: Array(#"{"a":""#.utf8) + [0xff] + Array(#""}"#.utf8))
        }
        let deep = #"{"c":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(throws: WebhookSignatureError.malformedBody(reason: "nested deeper than 64", offset: 69)) { try Self.members(deep) }
        let fine = #"{"c":"# + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + #","a":"ok"}"#
        #expect(try Self.members(fine) == ["a": "ok"])
    }
}
