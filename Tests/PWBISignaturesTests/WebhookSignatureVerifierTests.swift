import PWBISignatures
import Testing

/// A scheme bound to its secrets (`verifier(secrets:)`) accepts and rejects exactly what
/// `verify(body:headers:secrets:)` does, with the same errors — the keyed HMAC one included.
@Suite("Webhook signature verifiers")
struct WebhookSignatureVerifierTests {
    static let body = Array(#"{"order_id":"A-1","amount":"150000.00"}"#.utf8)
    static let now: Int64 = 1_700_000_000

    /// The same outcome (nil when accepted, else the error) from the scheme and from its verifier.
    static func outcomes(
        _ scheme: any WebhookSignatureScheme, body: [UInt8], headers: WebhookHeaders, secrets: [String]
    ) -> (scheme: WebhookSignatureError?, verifier: WebhookSignatureError?) {
        var direct: WebhookSignatureError?
        do { try scheme.verify(body: body, headers: headers, secrets: secrets) } catch { direct = error }
        var bound: WebhookSignatureError?
        do { try scheme.verifier(secrets: secrets).verify(body: body, headers: headers) } catch { bound = error }
        return (direct, bound)
    }

    @Test(arguments: WebhookSchemes.names)
    func verifierAgreesWithTheSchemeUnderRotation(name: String) throws {
        let scheme = try #require(WebhookSchemes.named(name, clock: .fixed(Self.now)))
        let body = name == "midtrans"
            ? Array(#"{"order_id":"K-1","status_code":"200","gross_amount":"150000.00"}"#.utf8) : Self.body
        let (old, new) = name == "standard-webhooks"
            ? ("whsec_" + Base64.encode([UInt8](repeating: 1, count: 32)), "whsec_" + Base64.encode([UInt8](repeating: 2, count: 32)))
            : ("old-secret", "new-secret")
        let signature = try scheme.sign(body: body, secret: new, id: "msg_1", timestamp: Self.now)
        var signedBody = body
        if let field = signature.bodyFields.first {
            signedBody = Array(#"{"order_id":"K-1","status_code":"200","gross_amount":"150000.00","\#(field.name)":"\#(field.value)"}"#.utf8)
        }
        var tampered = signedBody
        if let index = tampered.firstIndex(of: UInt8(ascii: "1")) { tampered[index] = UInt8(ascii: "2") }
        for secrets in [[old, new], [new, old], [new], [old], [], [new, ""]] {
            for candidate in [signedBody, tampered] {
                let (direct, bound) = Self.outcomes(scheme, body: candidate, headers: signature.headers, secrets: secrets)
                #expect(direct == bound, "\(name) secrets \(secrets)")
            }
        }
        // Either secret of a rotation verifies through the verifier.
        try scheme.verifier(secrets: [old, new]).verify(body: signedBody, headers: signature.headers)
        try scheme.verifier(secrets: [new, old]).verify(body: signedBody, headers: signature.headers)
    }

    @Test func keyedHexVerifierRejectsLikeTheScheme() throws {
        let scheme = HexHMACSHA256Scheme()
        let mac = HMAC<SHA256>(utf8Key: "s3cret").authenticationCode(for: Self.body).hexString
        let cases: [WebhookHeaders] = [
            [:],
            ["X-Webhook-Signature": mac],
            ["x-webhook-signature": "  \(mac)\t"],
            ["X-Webhook-Signature": mac.uppercased()],
            ["X-Webhook-Signature": String(mac.dropLast(2))],
            ["X-Webhook-Signature": mac + "00"],
            ["X-Webhook-Signature": String(mac.dropLast()) + "g"],
            ["X-Webhook-Signature": "sha256=" + mac],
            ["X-Webhook-Signature": String(repeating: "0", count: 64)],
            ["X-Webhook-Signature": ""],
            WebhookHeaders([("X-Webhook-Signature", mac), ("X-WEBHOOK-SIGNATURE", mac)]),
        ]
        for headers in cases {
            for secrets in [["s3cret"], ["other", "s3cret"], ["other"], [], ["s3cret", ""]] {
                let (direct, bound) = Self.outcomes(scheme, body: Self.body, headers: headers, secrets: secrets)
                #expect(direct == bound, "\(headers.fields) secrets \(secrets)")
            }
        }
        try scheme.verifier(secrets: ["other", "s3cret"]).verify(body: Self.body, headers: ["X-Webhook-Signature": mac.uppercased()])
        // A body that is not contiguous storage is hashed the same.
        try scheme.verifier(secrets: ["s3cret"]).verify(body: Self.body.lazy.map { $0 }, headers: ["X-Webhook-Signature": mac])
    }
}
