import PWBISignatures

/// A delivery signed by one scheme with the newer of two rotating secrets, as its sender sends it:
/// the headers and the body. Midtrans signs inside the body, so for it the signature field is
/// added to the body the way a sender would.
struct RotationFixture {
    /// The older secret, still accepted during a rotation.
    let old: String
    /// The newer secret, the one the delivery is signed with.
    let new: String
    /// The headers to send.
    let headers: WebhookHeaders
    /// The body as sent.
    let body: [UInt8]

    /// The body as sent with its first "1" changed to "2".
    var tampered: [UInt8] {
        var bytes = body
        if let index = bytes.firstIndex(of: UInt8(ascii: "1")) { bytes[index] = UInt8(ascii: "2") }
        return bytes
    }

    /// Signs `body` (Midtrans: its own order body) with `scheme` under the newer secret, at `now`.
    init(scheme: any WebhookSignatureScheme, body: [UInt8], now: Int64) throws {
        let midtransOrder = #"{"order_id":"K-1","status_code":"200","gross_amount":"150000.00""#
        let unsigned = scheme.name == "midtrans" ? Array((midtransOrder + "}").utf8) : body
        (old, new) = scheme.name == "standard-webhooks"
            ? ("whsec_" + Base64.encode([UInt8](repeating: 1, count: 32)), "whsec_" + Base64.encode([UInt8](repeating: 2, count: 32)))
            : ("old-secret", "new-secret")
        let signature = try scheme.sign(body: unsigned, secret: new, id: "msg_1", timestamp: now)
        headers = signature.headers
        if let field = signature.bodyFields.first {
            self.body = Array((midtransOrder + #","\#(field.name)":"\#(field.value)"}"#).utf8)
        } else {
            self.body = unsigned
        }
    }
}
