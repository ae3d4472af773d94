import Foundation
import PWBISignatures
import Testing

/// Signature headers read as the schemes' reference implementations read them: a candidate that
/// cannot be a signature is skipped, and only a header with no usable candidate is malformed.
@Suite("Signature header candidates")
struct SignatureCandidateTests {
    static let body = Array(#"{"order_id":"A-1","amount":"150000.00"}"#.utf8)
    static let now: Int64 = 1_700_000_000
    static let stripeSecret = "whsec_stripe_test"
    static let standardSecret = "whsec_" + Base64.encode([UInt8](repeating: 7, count: 32))

    /// A Stripe-Signature value: `t=now` then `candidates`, where `VALID` stands for the real MAC.
    static func stripeHeader(_ candidates: [String]) throws -> WebhookHeaders {
        let signed = try StripeScheme(clock: .fixed(now)).sign(body: body, secret: stripeSecret, id: nil, timestamp: now)
        let value = try #require(signed.headers[StripeScheme.headerName])
        let valid = String(try #require(value.split(separator: ",").last))
        return [StripeScheme.headerName: (["t=\(now)"] + candidates.map { $0 == "VALID" ? valid : $0 }).joined(separator: ",")]
    }

    static func standardHeaders(_ candidates: [String]) throws -> WebhookHeaders {
        var headers = try StandardWebhooksScheme(clock: .fixed(now)).sign(body: body, secret: standardSecret, id: "msg_1", timestamp: now).headers
        let valid = try #require(headers[StandardWebhooksScheme.signatureHeader])
        headers.set(StandardWebhooksScheme.signatureHeader, candidates.map { $0 == "VALID" ? valid : $0 }.joined(separator: " "))
        return headers
    }

    static let wrongHex = String(repeating: "ab", count: 32)
    static let wrongBase64 = Base64.encode([UInt8](repeating: 9, count: 32))

    @Test(arguments: [
        ["v1=00", "VALID"],
        ["VALID", "v1=00"],
        ["v1=zz", "v1=", "VALID"],
        ["v1=" + wrongHex, "v0=00", "VALID"],
        ["v0=" + wrongHex, "junk", "VALID", "v1=" + String(repeating: "0", count: 63)],
        ["scheme=v2", "VALID", "v1=" + wrongHex],
    ])
    func stripeSkipsUnusableCandidates(candidates: [String]) throws {
        try StripeScheme(clock: .fixed(Self.now)).verify(body: Self.body, headers: try Self.stripeHeader(candidates), secret: Self.stripeSecret)
    }

    @Test(arguments: [
        (["v1=00"], "signature has 1 bytes, expected 32"),
        (["v1=zz", "v1=" + wrongHex.prefix(10)], "signature is not hex (invalid hex character at offset 0)"),
        (["v0=" + wrongHex, "junk"], "no v1 signature"),
    ])
    func stripeWithoutUsableCandidateIsMalformed(candidates: [String], reason: String) throws {
        let headers = try Self.stripeHeader(candidates)
        #expect(throws: WebhookSignatureError.malformedHeader(StripeScheme.headerName, reason: reason)) {
            try StripeScheme(clock: .fixed(Self.now)).verify(body: Self.body, headers: headers, secret: Self.stripeSecret)
        }
    }

    @Test func stripeWithOnlyWrongUsableCandidatesDoesNotMatch() throws {
        let headers = try Self.stripeHeader(["v1=00", "v1=" + Self.wrongHex])
        #expect(throws: WebhookSignatureError.noMatchingSignature) {
            try StripeScheme(clock: .fixed(Self.now)).verify(body: Self.body, headers: headers, secret: Self.stripeSecret)
        }
    }

    @Test(arguments: [
        ["v1,AAAA", "VALID"],
        ["VALID", "v1,AAAA"],
        ["nocomma", "v1,", "v1,%%%%", "VALID"],
        ["v2," + wrongBase64, "v1a,c29tZXRoaW5n", "v1," + wrongBase64, "VALID"],
        ["v1," + String(wrongBase64.dropLast()), "VALID", "v1," + Base64.encode([UInt8](repeating: 1, count: 16))],
    ])
    func standardWebhooksSkipsUnusableCandidates(candidates: [String]) throws {
        try StandardWebhooksScheme(clock: .fixed(Self.now))
            .verify(body: Self.body, headers: try Self.standardHeaders(candidates), secret: Self.standardSecret)
    }

    @Test(arguments: [
        (["v1,AAAA"], "v1 signature has 3 bytes, expected 32"),
        (["nocomma", "v1,AAAA"], "entry without a version, expected v1,<base64>"),
        (["v1,%%%%", "v2," + wrongBase64], "v1 signature is not base64 (invalid base64 character at offset 0)"),
        (["v2," + wrongBase64], "no v1 signature"),
    ])
    func standardWebhooksWithoutUsableCandidateIsMalformed(candidates: [String], reason: String) throws {
        let headers = try Self.standardHeaders(candidates)
        #expect(throws: WebhookSignatureError.malformedHeader(StandardWebhooksScheme.signatureHeader, reason: reason)) {
            try StandardWebhooksScheme(clock: .fixed(Self.now)).verify(body: Self.body, headers: headers, secret: Self.standardSecret)
        }
    }

    @Test func errorsNeverEchoTheExpectedSignature() throws {
        let stripe = try Self.stripeHeader(["VALID"])
        let stripeValid = try #require(stripe[StripeScheme.headerName]?.split(separator: "=").last.map(String.init))
        let standard = try Self.standardHeaders(["VALID"])
        let standardValid = try #require(standard[StandardWebhooksScheme.signatureHeader]?.dropFirst(3))
        let tampered = Self.body + [0x20]
        let stripeHeaders = try Self.stripeHeader(["v1=00", "v1=" + Self.wrongHex])
        let standardHeaders = try Self.standardHeaders(["v1,AAAA", "v1," + Self.wrongBase64])
        for attempt in [
            { try StripeScheme(clock: .fixed(Self.now)).verify(body: tampered, headers: stripe, secret: Self.stripeSecret) },
            { try StripeScheme(clock: .fixed(Self.now)).verify(body: Self.body, headers: stripeHeaders, secret: Self.stripeSecret) },
            { try StandardWebhooksScheme(clock: .fixed(Self.now)).verify(body: tampered, headers: standard, secret: Self.standardSecret) },
            { try StandardWebhooksScheme(clock: .fixed(Self.now)).verify(body: Self.body, headers: standardHeaders, secret: Self.standardSecret) },
        ] as [() throws -> Void] {
            let error = #expect(throws: WebhookSignatureError.self) { try attempt() }
            let text = "\(error.map { "\($0)" } ?? "")"
            #expect(!text.isEmpty)
            #expect(!text.contains(stripeValid))
            #expect(!text.contains(String(standardValid)))
            #expect(!text.contains(Self.wrongHex))
        }
    }
}
