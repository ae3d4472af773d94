/// `xendit-token`: Xendit's static `x-callback-token` header, equal to the verification token
/// from the dashboard. There is no MAC over the body — the token proves only that the sender
/// knows it — so it is compared in constant time (as SHA-256 digests, hiding its length too) and nothing more.
public struct XenditCallbackTokenScheme: WebhookSignatureScheme {
    public var name: String { "xendit-token" }

    /// `x-callback-token`.
    public static let headerName = "x-callback-token"

    /// The scheme.
    public init() {}

    public func sign(
        body: some Collection<UInt8>, secret: String, id: String?, timestamp: Int64?
    ) throws(WebhookSignatureError) -> WebhookSignature {
        try SchemeSupport.checkSigningSecret(secret)
        return WebhookSignature(headers: WebhookHeaders([(Self.headerName, secret)]))
    }

    public func verify(
        body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]
    ) throws(WebhookSignatureError) {
        try SchemeSupport.checkSecrets(secrets)
        let token = try headers.single(Self.headerName)
        guard !token.isEmpty else { throw .malformedHeader(Self.headerName, reason: "empty") }
        // Compare fixed-length digests so that neither the token's length nor where it differs shows in the timing.
        let received = SHA256.hash(utf8: token)
        var matched = false
        for secret in secrets where SHA256.hash(utf8: secret) == received { matched = true }
        guard matched else { throw .noMatchingSignature }
    }
}
