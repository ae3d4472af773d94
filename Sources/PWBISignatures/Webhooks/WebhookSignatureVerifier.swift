/// A signature scheme bound to its secrets, for a receiver that verifies many deliveries with
/// the same ones: whatever can be prepared once per secret (an HMAC's padded keys) is prepared
/// once, when the verifier is made. It accepts and rejects exactly what the scheme's
/// ``WebhookSignatureScheme/verify(body:headers:secrets:)`` does, with the same errors.
///
/// ```swift
/// let verifier = HexHMACSHA256Scheme().verifier(secrets: [current, previous])   // once
/// try verifier.verify(body: rawBody, headers: headers)                           // per delivery
/// ```
public protocol WebhookSignatureVerifier: Sendable {
    /// Returns when `headers` (and, for Midtrans, `body`) carry a valid signature of `body` under
    /// one of the bound secrets; throws the ``WebhookSignatureError`` the scheme would.
    func verify(body: some Collection<UInt8>, headers: WebhookHeaders) throws(WebhookSignatureError)
}

extension WebhookSignatureScheme {
    /// A verifier that calls ``verify(body:headers:secrets:)`` with `secrets` (schemes with
    /// nothing to prepare per secret).
    public func verifier(secrets: [String]) -> any WebhookSignatureVerifier {
        SecretsBoundVerifier(scheme: self, secrets: secrets)
    }
}

/// A scheme and its secrets, verified through the scheme on every call.
struct SecretsBoundVerifier<Scheme: WebhookSignatureScheme>: WebhookSignatureVerifier {
    let scheme: Scheme
    let secrets: [String]

    func verify(body: some Collection<UInt8>, headers: WebhookHeaders) throws(WebhookSignatureError) {
        try scheme.verify(body: body, headers: headers, secrets: secrets)
    }
}
