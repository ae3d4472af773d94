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
        let fixture = try RotationFixture(scheme: scheme, body: Self.body, now: Self.now)
        let (old, new, signedBody, tampered) = (fixture.old, fixture.new, fixture.body, fixture.tampered)
        for secrets in [[old, new], [new, old], [new], [old], [], [new, ""]] {
            for candidate in [signedBody, tampered] {
                let (direct, bound) = Self.outcomes(scheme, body: candidate, headers: fixture.headers, secrets: secrets)
                #expect(direct == bound, "\(name) secrets \(secrets)")
            }
        }
        // Either secret of a rotation verifies through the verifier.
        try scheme.verifier(secrets: [old, new]).verify(body: signedBody, headers: fixture.headers)
        try scheme.verifier(secrets: [new, old]).verify(body: signedBody, headers: fixture.headers)
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
