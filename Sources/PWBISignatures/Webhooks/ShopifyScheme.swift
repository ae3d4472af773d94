/// `shopify`: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the raw body>`, keyed with the
/// secret's UTF-8.
public struct ShopifyScheme: WebhookSignatureScheme {
    public var name: String { "shopify" }

    /// `X-Shopify-Hmac-Sha256`.
    public static let headerName = "X-Shopify-Hmac-Sha256"

    /// The scheme.
    public init() {}

    public func sign(
        body: some Collection<UInt8>, secret: String, id: String?, timestamp: Int64?
    ) throws(WebhookSignatureError) -> WebhookSignature {
        try SchemeSupport.checkSigningSecret(secret)
        let mac = HMAC<SHA256>(utf8Key: secret).authenticationCode(for: body)
        return WebhookSignature(headers: WebhookHeaders([(Self.headerName, mac.base64String)]))
    }

    public func verify(
        body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]
    ) throws(WebhookSignatureError) {
        try SchemeSupport.checkSecrets(secrets)
        let value = try headers.single(Self.headerName)
        let received = try SchemeSupport.base64MAC(value, byteCount: 32, header: Self.headerName)
        let macs = secrets.map { HMAC<SHA256>(utf8Key: $0).authenticationCode(for: body) }
        guard SchemeSupport.anyMatches([received], macs: macs) else { throw .noMatchingSignature }
    }
}
