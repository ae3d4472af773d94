import Foundation
import PWBISignatures
import Testing

/// Published vectors, independent Python `hmac`/`hashlib` vectors, and every rejection of the issue.
@Suite("Webhook signature schemes")
struct WebhookSchemeTests {
    static let body = Array(#"{"order_id":"A-1","amount":"150000.00"}"#.utf8)
    static let now: Int64 = 1_700_000_000

    // MARK: Published and reference vectors

    @Test func standardWebhooksPublishedExample() throws {
        let scheme = StandardWebhooksScheme(clock: .fixed(1_614_265_330))
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let headers: WebhookHeaders = [
            "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "webhook-timestamp": "1614265330",
            "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ]
        try scheme.verify(body: body, headers: headers, secret: secret)
        let signed = try scheme.sign(body: body, secret: secret, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330)
        #expect(signed.headers == headers)
    }

    @Test func gitHubPublishedExample() throws {
        let body = Array("Hello, World!".utf8)
        let headers: WebhookHeaders = [
            "X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        ]
        try GitHubScheme().verify(body: body, headers: headers, secret: "It's a Secret to Everybody")
        #expect(try GitHubScheme().sign(body: body, secret: "It's a Secret to Everybody").headers == headers)
    }

    @Test func pythonReferenceVectors() throws {
        let body = Self.body
        let hex = "79eaa828e4a7978da30b634d85c226987013fe35fbe18c96172395e946eac404"
        try HexHMACSHA256Scheme().verify(body: body, headers: ["X-Webhook-Signature": hex], secret: "s3cret")
        try HexHMACSHA256Scheme(headerName: "X-Karage-Signature")
            .verify(body: body, headers: ["x-karage-signature": hex.uppercased()], secret: "s3cret")
        try ShopifyScheme().verify(
            body: body, headers: ["X-Shopify-Hmac-Sha256": "eeqoKOSnl42jC2NNhcImmHAT/jX74YyWFyOV6UbqxAQ="], secret: "s3cret")
        let stripe = StripeScheme(clock: .fixed(Self.now + 10))
        try stripe.verify(
            body: body,
            headers: ["Stripe-Signature": "t=1700000000,v1=6a97052b21b547e9e6b0069ee47b2636ef354f3eee8f1e8d0b718fb3f9b1d72d"],
            secret: "whsec_test")
        let midtrans = Array(#"""
            {"transaction_status":"settlement","order_id":"ORDER-101","status_code":"200",
             "gross_amount":"100000.00","signature_key":"8d20f350bf7332202b458f2a80e6dcad9aa8e743d3b7698c0e388734fad69f20928dc38a1e127b68faf35fde14b7c83cf7b44de72184082cc781849dbfbed224"}
            """#.utf8)
        try MidtransScheme().verify(body: midtrans, headers: [:], secret: "SB-Mid-server-TEST")
    }

    // MARK: Round trips and rotation, every scheme

    @Test(arguments: WebhookSchemes.names)
    func signThenVerifyWithRotation(name: String) throws {
        let scheme = try #require(WebhookSchemes.named(name, clock: .fixed(Self.now)))
        #expect(scheme.name == name)
        let fixture = try RotationFixture(scheme: scheme, body: Self.body, now: Self.now)
        let (old, new, signedBody) = (fixture.old, fixture.new, fixture.body)
        var headers = fixture.headers
        try scheme.verify(body: signedBody, headers: headers, secrets: [old, new])
        try scheme.verify(body: signedBody, headers: headers, secrets: [new])
        #expect(throws: WebhookSignatureError.noMatchingSignature) {
            try scheme.verify(body: signedBody, headers: headers, secrets: [old])
        }
        if name != "xendit-token" {
            // A changed body never verifies (the Xendit token does not cover the body).
            #expect(throws: WebhookSignatureError.noMatchingSignature) {
                try scheme.verify(body: fixture.tampered, headers: headers, secrets: [old, new])
            }
        }
        // Header names are case-insensitive.
        headers = WebhookHeaders(headers.fields.map { ($0.name.uppercased(), $0.value) })
        try scheme.verify(body: signedBody, headers: headers, secrets: [new])
    }

    // MARK: Rejections (every one listed in the issue)

    @Test(arguments: WebhookSchemes.names)
    func emptySecretsAreRejected(name: String) throws {
        let scheme = try #require(WebhookSchemes.named(name, clock: .fixed(Self.now)))
        #expect(throws: WebhookSignatureError.invalidSecret(index: 0, reason: "empty")) {
            try scheme.sign(body: Self.body, secret: "", id: "msg_1", timestamp: Self.now)
        }
        #expect(throws: WebhookSignatureError.invalidSecret(index: 1, reason: "empty")) {
            try scheme.verify(body: Self.body, headers: [:], secrets: [name == "standard-webhooks" ? Self.whsec(24) : "x", ""])
        }
        #expect(throws: WebhookSignatureError.noSecrets) {
            try scheme.verify(body: Self.body, headers: [:], secrets: [])
        }
    }

    static func whsec(_ count: Int) -> String { "whsec_" + Base64.encode([UInt8](repeating: 7, count: count)) }

    @Test func standardWebhooksSecretsMustBeBase64Of24To64Bytes() throws {
        let scheme = StandardWebhooksScheme(clock: .fixed(Self.now))
        #expect(throws: WebhookSignatureError.invalidSecret(index: 0, reason: "decodes to 23 bytes, fewer than 24")) {
            try scheme.sign(body: Self.body, secret: Self.whsec(23), id: "msg_1", timestamp: Self.now)
        }
        #expect(throws: WebhookSignatureError.invalidSecret(index: 1, reason: "decodes to 16 bytes, fewer than 24")) {
            try scheme.verify(body: Self.body, headers: [:], secrets: [Self.whsec(24), Self.whsec(16)])
        }
        #expect(throws: WebhookSignatureError.invalidSecret(index: 0, reason: "decodes to 65 bytes, more than 64")) {
            try scheme.sign(body: Self.body, secret: Self.whsec(65), id: "msg_1", timestamp: Self.now)
        }
        #expect(throws: WebhookSignatureError.invalidSecret(
            index: 0, reason: "not base64 (invalid base64 character at offset 4)")) {
            try scheme.verify(body: Self.body, headers: [:], secrets: ["whsec_abcd!efg"])
        }
        #expect(throws: WebhookSignatureError.invalidSecret(index: 0, reason: "empty")) {
            try scheme.verify(body: Self.body, headers: [:], secrets: ["whsec_"])
        }
        _ = try scheme.sign(body: Self.body, secret: Self.whsec(64), id: "msg_1", timestamp: Self.now)
        _ = try scheme.sign(body: Self.body, secret: Self.whsec(24), id: "msg_1", timestamp: Self.now)
    }

    @Test func truncatedTagsNeverVerify() throws {
        let secret = "s3cret"
        let full = HMAC<SHA256>(utf8Key: secret).authenticationCode(for: Self.body)
        let half = Array(full.bytes.prefix(16))
        #expect(throws: WebhookSignatureError.malformedHeader("X-Webhook-Signature", reason: "signature has 16 bytes, expected 32")) {
            try HexHMACSHA256Scheme().verify(body: Self.body, headers: ["X-Webhook-Signature": Hex.encode(half)], secret: secret)
        }
        #expect(throws: WebhookSignatureError.malformedHeader("X-Hub-Signature-256", reason: "signature has 16 bytes, expected 32")) {
            try GitHubScheme().verify(body: Self.body, headers: ["X-Hub-Signature-256": "sha256=" + Hex.encode(half)], secret: secret)
        }
        #expect(throws: WebhookSignatureError.malformedHeader("X-Shopify-Hmac-Sha256", reason: "signature has 16 bytes, expected 32")) {
            try ShopifyScheme().verify(body: Self.body, headers: ["X-Shopify-Hmac-Sha256": Base64.encode(half)], secret: secret)
        }
        #expect(throws: WebhookSignatureError.malformedHeader("Stripe-Signature", reason: "signature has 16 bytes, expected 32")) {
            try StripeScheme(clock: .fixed(Self.now))
                .verify(body: Self.body, headers: ["Stripe-Signature": "t=\(Self.now),v1=\(Hex.encode(half))"], secret: secret)
        }
        #expect(throws: WebhookSignatureError.malformedHeader("webhook-signature", reason: "v1 signature has 16 bytes, expected 32")) {
            try StandardWebhooksScheme(clock: .fixed(Self.now)).verify(
                body: Self.body,
                headers: ["webhook-id": "m", "webhook-timestamp": "\(Self.now)", "webhook-signature": "v1," + Base64.encode(half)],
                secret: Self.whsec(32))
        }
    }

    @Test(arguments: [
        ("X-Webhook-Signature", "zz" + String(repeating: "0", count: 62), "signature is not hex (invalid hex character at offset 0)"),
        ("X-Webhook-Signature", String(repeating: "0", count: 63), "signature is not hex (invalid hex length 63)"),
        ("X-Webhook-Signature", "0x" + String(repeating: "0", count: 62), "signature is not hex (invalid hex character at offset 1)"),
    ])
    func nonHexCharactersAreRejected(header: String, value: String, reason: String) {
        #expect(throws: WebhookSignatureError.malformedHeader(header, reason: reason)) {
            try HexHMACSHA256Scheme().verify(body: Self.body, headers: [header: value], secret: "s")
        }
    }

    @Test func nonHexAndNonBase64InEveryFormat() {
        #expect(throws: WebhookSignatureError.malformedHeader("X-Hub-Signature-256", reason: "signature is not hex (invalid hex character at offset 0)")) {
            try GitHubScheme().verify(body: Self.body, headers: ["X-Hub-Signature-256": "sha256=" + String(repeating: "g", count: 64)], secret: "s")
        }
        #expect(throws: WebhookSignatureError.malformedHeader("X-Hub-Signature-256", reason: "does not start with sha256=")) {
            try GitHubScheme().verify(body: Self.body, headers: ["X-Hub-Signature-256": "sha1=" + String(repeating: "0", count: 40)], secret: "s")
        }
        #expect(throws: WebhookSignatureError.malformedHeader("X-Shopify-Hmac-Sha256", reason: "signature is not base64 (invalid base64 character at offset 2)")) {
            try ShopifyScheme().verify(body: Self.body, headers: ["X-Shopify-Hmac-Sha256": "ee*oKOSnl42jC2NNhcImmHAT/jX74YyWFyOV6UbqxAQ="], secret: "s")
        }
        #expect(throws: WebhookSignatureError.malformedHeader("X-Shopify-Hmac-Sha256", reason: "signature is not base64 (invalid base64 character at offset 2)")) {
            // base64url characters are not base64
            try ShopifyScheme().verify(body: Self.body, headers: ["X-Shopify-Hmac-Sha256": "ee-oKOSnl42jC2NNhcImmHAT_jX74YyWFyOV6UbqxAQ="], secret: "s")
        }
        #expect(throws: WebhookSignatureError.malformedHeader("webhook-signature", reason: "v1 signature is not base64 (invalid base64 character at offset 3)")) {
            try StandardWebhooksScheme(clock: .fixed(Self.now)).verify(
                body: Self.body,
                headers: ["webhook-id": "m", "webhook-timestamp": "\(Self.now)", "webhook-signature": "v1,g0h%9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="],
                secret: Self.whsec(32))
        }
        #expect(throws: WebhookSignatureError.malformedHeader("Stripe-Signature", reason: "signature is not hex (invalid hex character at offset 0)")) {
            try StripeScheme(clock: .fixed(Self.now))
                .verify(body: Self.body, headers: ["Stripe-Signature": "t=\(Self.now),v1=" + String(repeating: "x", count: 64)], secret: "s")
        }
    }

    @Test(arguments: ["-5", "1.5", "abc", "", "+170", "1e9", "1 7", "9999999999999999"])
    func nonIntegerOrNegativeTimestampsAreRejected(timestamp: String) {
        let standard = StandardWebhooksScheme(clock: .fixed(Self.now))
        let reason = "timestamp is not a non-negative whole number of seconds"
        #expect(throws: WebhookSignatureError.malformedHeader("webhook-timestamp", reason: reason)) {
            try standard.verify(
                body: Self.body,
                headers: ["webhook-id": "m", "webhook-timestamp": timestamp, "webhook-signature": "v1," + Base64.encode([UInt8](repeating: 0, count: 32))],
                secret: Self.whsec(32))
        }
        #expect(throws: WebhookSignatureError.malformedHeader("Stripe-Signature", reason: reason)) {
            try StripeScheme(clock: .fixed(Self.now)).verify(
                body: Self.body, headers: ["Stripe-Signature": "t=\(timestamp),v1=" + String(repeating: "0", count: 64)], secret: "s")
        }
    }

    @Test func headersWithNoV1AreRejected() {
        #expect(throws: WebhookSignatureError.malformedHeader("webhook-signature", reason: "no v1 signature")) {
            try StandardWebhooksScheme(clock: .fixed(Self.now)).verify(
                body: Self.body,
                headers: ["webhook-id": "m", "webhook-timestamp": "\(Self.now)", "webhook-signature": "v2,abc= v1a,xyz="],
                secret: Self.whsec(32))
        }
        #expect(throws: WebhookSignatureError.malformedHeader("Stripe-Signature", reason: "no v1 signature")) {
            try StripeScheme(clock: .fixed(Self.now)).verify(
                body: Self.body, headers: ["Stripe-Signature": "t=\(Self.now),v0=" + String(repeating: "0", count: 64)], secret: "s")
        }
        #expect(throws: WebhookSignatureError.malformedHeader("Stripe-Signature", reason: "no t timestamp")) {
            try StripeScheme(clock: .fixed(Self.now)).verify(
                body: Self.body, headers: ["Stripe-Signature": "v1=" + String(repeating: "0", count: 64)], secret: "s")
        }
        #expect(throws: WebhookSignatureError.malformedHeader("Stripe-Signature", reason: "more than one t")) {
            try StripeScheme(clock: .fixed(Self.now)).verify(
                body: Self.body, headers: ["Stripe-Signature": "t=1,t=2,v1=" + String(repeating: "0", count: 64)], secret: "s")
        }
    }

    @Test func unknownStandardWebhooksVersionsAreSkippedAndSeveralV1Accepted() throws {
        let scheme = StandardWebhooksScheme(clock: .fixed(Self.now))
        let secret = Self.whsec(32)
        let signed = try scheme.sign(body: Self.body, secret: secret, id: "msg_9", timestamp: Self.now)
        let good = try #require(signed.headers["webhook-signature"])
        var headers = signed.headers
        headers.set("webhook-signature", "v1a,c29tZXRoaW5n v1," + Base64.encode([UInt8](repeating: 9, count: 32)) + " " + good)
        try scheme.verify(body: Self.body, headers: headers, secret: secret)

        let stripe = StripeScheme(clock: .fixed(Self.now))
        let stripeSigned = try stripe.sign(body: Self.body, secret: "sk", id: nil, timestamp: Self.now)
        let value = try #require(stripeSigned.headers["Stripe-Signature"])
        try stripe.verify(
            body: Self.body,
            headers: ["Stripe-Signature": value.replacingFirst(",", with: ",v1=\(String(repeating: "ab", count: 32)),v0=00,")],
            secret: "sk")
    }

    @Test func missingHeadersNameTheHeader() {
        #expect(throws: WebhookSignatureError.missingHeader("X-Webhook-Signature")) {
            try HexHMACSHA256Scheme().verify(body: Self.body, headers: [:], secret: "s")
        }
        #expect(throws: WebhookSignatureError.missingHeader("webhook-timestamp")) {
            try StandardWebhooksScheme(clock: .fixed(Self.now)).verify(
                body: Self.body, headers: ["webhook-id": "m", "webhook-signature": "v1,x"], secret: Self.whsec(32))
        }
        #expect(throws: WebhookSignatureError.missingHeader("x-callback-token")) {
            try XenditCallbackTokenScheme().verify(body: Self.body, headers: ["x-callback-tokens": "t"], secret: "t")
        }
        #expect(throws: WebhookSignatureError.malformedHeader("X-Hub-Signature-256", reason: "appears 2 times")) {
            try GitHubScheme().verify(body: Self.body, headers: WebhookHeaders([("X-Hub-Signature-256", "a"), ("x-hub-signature-256", "b")]), secret: "s")
        }
    }

    @Test func timestampToleranceIsTwoSided() throws {
        let secret = Self.whsec(32)
        let signed = try StandardWebhooksScheme().sign(body: Self.body, secret: secret, id: "msg_1", timestamp: Self.now)
        for (offset, expected) in [
            (Int64(300), nil), (-300, nil), (0, nil),
            (301, WebhookSignatureError.timestampTooOld(age: 301, tolerance: 300)),
            (-301, WebhookSignatureError.timestampTooNew(ahead: 301, tolerance: 300)),
            (86_400, WebhookSignatureError.timestampTooOld(age: 86_400, tolerance: 300)),
        ] as [(Int64, WebhookSignatureError?)] {
            let scheme = StandardWebhooksScheme(clock: .fixed(Self.now + offset))
            if let expected {
                #expect(throws: expected) { try scheme.verify(body: Self.body, headers: signed.headers, secret: secret) }
            } else {
                try scheme.verify(body: Self.body, headers: signed.headers, secret: secret)
            }
        }
        let stripeSigned = try StripeScheme().sign(body: Self.body, secret: "sk", id: nil, timestamp: Self.now)
        #expect(throws: WebhookSignatureError.timestampTooOld(age: 61, tolerance: 60)) {
            try StripeScheme(tolerance: .seconds(60), clock: .fixed(Self.now + 61)).verify(body: Self.body, headers: stripeSigned.headers, secret: "sk")
        }
        #expect(throws: WebhookSignatureError.timestampTooNew(ahead: 11, tolerance: 10)) {
            try StripeScheme(tolerance: TimestampTolerance(maximumAge: 600, maximumAhead: 10), clock: .fixed(Self.now - 11))
                .verify(body: Self.body, headers: stripeSigned.headers, secret: "sk")
        }
        // Disabled explicitly: a year-old delivery verifies (replaying stored requests).
        try StripeScheme(tolerance: .disabled, clock: .fixed(Self.now + 31_536_000)).verify(body: Self.body, headers: stripeSigned.headers, secret: "sk")
        try StandardWebhooksScheme(tolerance: .disabled, clock: .fixed(0)).verify(body: Self.body, headers: signed.headers, secret: secret)
    }

    @Test func toleranceArithmeticDoesNotOverflow() {
        #expect(throws: WebhookSignatureError.timestampTooOld(age: .max, tolerance: 300)) {
            try TimestampTolerance.fiveMinutes.check(timestamp: -2, now: .max)
        }
        #expect(throws: WebhookSignatureError.timestampTooNew(ahead: .max, tolerance: 300)) {
            try TimestampTolerance.fiveMinutes.check(timestamp: .max, now: -2)
        }
        #expect(TimestampTolerance.fiveMinutes.description == "±300 s")
        #expect(TimestampTolerance.disabled.description == "disabled")
        #expect(TimestampTolerance(maximumAge: -5, maximumAhead: 3).maximumAge == 0)
    }

    @Test func signingNeedsAnIdForStandardWebhooksAndUsesTheClock() throws {
        let scheme = StandardWebhooksScheme(clock: .fixed(1234))
        #expect(throws: WebhookSignatureError.missingSigningInput("a message id")) {
            try scheme.sign(body: Self.body, secret: Self.whsec(32))
        }
        let signed = try scheme.sign(body: Self.body, secret: Self.whsec(32), id: "msg_x", timestamp: nil)
        #expect(signed.headers["webhook-timestamp"] == "1234")
        #expect(try StripeScheme(clock: .fixed(77)).sign(body: Self.body, secret: "s").headers["stripe-signature"]?.hasPrefix("t=77,v1=") == true)
    }

    @Test func errorsNeverContainTheExpectedMACOrTheSecret() throws {
        let secret = "super-secret-value"
        let expected = HMAC<SHA256>(utf8Key: secret).authenticationCode(for: Self.body)
        let wrong = String(repeating: "0", count: 64)
        let attempts: [() throws -> Void] = [
            { try HexHMACSHA256Scheme().verify(body: Self.body, headers: ["X-Webhook-Signature": wrong], secret: secret) },
            { try GitHubScheme().verify(body: Self.body, headers: ["X-Hub-Signature-256": "sha256=" + wrong], secret: secret) },
            { try ShopifyScheme().verify(body: Self.body, headers: ["X-Shopify-Hmac-Sha256": Base64.encode([UInt8](repeating: 0, count: 32))], secret: secret) },
            { try XenditCallbackTokenScheme().verify(body: Self.body, headers: ["x-callback-token": "guess"], secret: secret) },
            { try StandardWebhooksScheme().verify(body: Self.body, headers: [:], secrets: ["whsec_" + secret]) },
        ]
        for attempt in attempts {
            do {
                try attempt()
                Issue.record("verified with a wrong signature")
            } catch {
                let text = "\(error) \(String(reflecting: error))"
                #expect(!text.contains(secret))
                #expect(!text.contains(expected.hexString))
                #expect(!text.contains(expected.base64String))
            }
        }
    }

    @Test func xenditTokenIsComparedWholly() throws {
        let scheme = XenditCallbackTokenScheme()
        try scheme.verify(body: [], headers: ["X-CALLBACK-TOKEN": "tok_123"], secrets: ["tok_999", "tok_123"])
        #expect(throws: WebhookSignatureError.noMatchingSignature) {
            try scheme.verify(body: [], headers: ["x-callback-token": "tok_12"], secret: "tok_123")
        }
        #expect(throws: WebhookSignatureError.malformedHeader("x-callback-token", reason: "empty")) {
            try scheme.verify(body: [], headers: ["x-callback-token": "  "], secret: "tok_123")
        }
    }

    @Test func headersLookupIsCaseInsensitiveAndTrimmed() {
        var headers: WebhookHeaders = ["Content-Type": " application/json\t", "X-A": "1"]
        headers.add("x-a", "2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers.values(for: "X-a") == ["1", "2"])
        #expect(headers["X-B"] == nil)
        headers.set("X-A", "3")
        #expect(headers.values(for: "x-a") == ["3"])
        #expect(headers.map(\.name) == ["Content-Type", "X-A"])
        #expect(!headers.contains { $0.name == "x-a" })
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
