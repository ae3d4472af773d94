/// `hex-hmac-sha256`: the reference framework's scheme — one header (by default
/// `X-Webhook-Signature`) holding the hex HMAC-SHA256 of the raw body, keyed with the secret's UTF-8.
public struct HexHMACSHA256Scheme: WebhookSignatureScheme {
    public var name: String { "hex-hmac-sha256" }

    /// The header carrying the signature (looked up case-insensitively).
    public var headerName: String

    /// The scheme, reading the signature from `headerName`.
    public init(headerName: String = "X-Webhook-Signature") {
        self.headerName = headerName
    }

    public func sign(
        body: some Collection<UInt8>, secret: String, id: String?, timestamp: Int64?
    ) throws(WebhookSignatureError) -> WebhookSignature {
        try SchemeSupport.checkSigningSecret(secret)
        let mac = HMAC<SHA256>(utf8Key: secret).authenticationCode(for: body)
        return WebhookSignature(headers: WebhookHeaders([(headerName, mac.hexString)]))
    }

    public func verify(
        body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]
    ) throws(WebhookSignatureError) {
        try SchemeSupport.checkSecrets(secrets)
        let value = try headers.single(headerName)
        let received = try SchemeSupport.hexMAC(value, byteCount: 32, header: headerName)
        let macs = secrets.map { HMAC<SHA256>(utf8Key: $0).authenticationCode(for: body) }
        guard SchemeSupport.anyMatches([received], macs: macs) else { throw .noMatchingSignature }
    }
}
