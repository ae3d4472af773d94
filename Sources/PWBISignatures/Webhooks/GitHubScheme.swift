/// `github`: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the
/// secret's UTF-8.
public struct GitHubScheme: WebhookSignatureScheme {
    public var name: String { "github" }

    /// `X-Hub-Signature-256`.
    public static let headerName = "X-Hub-Signature-256"

    /// The scheme.
    public init() {}

    public func sign(
        body: some Collection<UInt8>, secret: String, id: String?, timestamp: Int64?
    ) throws(WebhookSignatureError) -> WebhookSignature {
        try SchemeSupport.checkSigningSecret(secret)
        let mac = HMAC<SHA256>(utf8Key: secret).authenticationCode(for: body)
        return WebhookSignature(headers: WebhookHeaders([(Self.headerName, "sha256=" + mac.hexString)]))
    }

    public func verify(
        body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]
    ) throws(WebhookSignatureError) {
        try SchemeSupport.checkSecrets(secrets)
        let value = try headers.single(Self.headerName)
        guard value.utf8.starts(with: "sha256=".utf8) else {
            throw .malformedHeader(Self.headerName, reason: "does not start with sha256=")
        }
        let received = try SchemeSupport.hexMAC(value.dropFirst(7), byteCount: 32, header: Self.headerName)
        let macs = secrets.map { HMAC<SHA256>(utf8Key: $0).authenticationCode(for: body) }
        guard SchemeSupport.anyMatches([received], macs: macs) else { throw .noMatchingSignature }
    }
}
