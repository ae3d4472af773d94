public import PWBISignatures

/// Where outgoing webhooks go, and how they are signed.
public struct WebhookDestination: Sendable {
    /// A short name for metrics, logs and the dead-letter queue (`erp`, `partner-a`).
    public var name: String
    /// The receiver's URL.
    public var url: String
    /// The signature scheme the receiver verifies (any PWBISignatures scheme that signs in headers).
    public var scheme: any WebhookSignatureScheme
    /// The signing secret.
    public var secret: SensitiveString
    /// Headers sent with every delivery besides the signature (`Content-Type: application/json` by default).
    public var headers: [HTTPHeaderField]

    /// A destination signed with `scheme` under `secret`.
    public init(
        name: String, url: String, scheme: any WebhookSignatureScheme, secret: SensitiveString,
        headers: [HTTPHeaderField] = [HTTPHeaderField("Content-Type", "application/json")]
    ) {
        self.name = name
        self.url = url
        self.scheme = scheme
        self.secret = secret
        self.headers = headers
    }
}

/// One event to push: its id (receivers deduplicate on it; kept across retries and replays),
/// the exact body bytes, and the tenant it belongs to.
public struct OutgoingWebhook: Sendable, Hashable {
    /// The webhook's id (`X-Webhook-ID`), the same on every attempt and replay.
    public var id: String
    /// The body, sent and signed as these bytes.
    public var body: [UInt8]
    /// Whose webhook it is, kept with a dead letter.
    public var tenant: String?

    /// A webhook to send.
    public init(id: String, body: [UInt8], tenant: String? = nil) {
        self.id = id
        self.body = body
        self.tenant = tenant
    }

    /// The header carrying ``id`` on every attempt (and kept in the dead-letter entry for replay).
    public static let idHeader = "X-Webhook-ID"
}
