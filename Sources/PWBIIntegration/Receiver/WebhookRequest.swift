public import PWBISignatures

/// One delivery as the host's HTTP server received it: which source it is addressed to (the
/// `{source_system}` of `POST /api/v1/integrations/webhooks/{source_system}`), the headers, the
/// raw body bytes exactly as received, and the tenant when the host's routing knows it.
public struct WebhookRequest: Sendable {
    /// The source name the delivery is addressed to.
    public var source: String
    /// The request headers.
    public var headers: WebhookHeaders
    /// The raw body, never re-serialised: signatures and fingerprints are computed over these bytes.
    public var body: [UInt8]
    /// The tenant, when the host's route names it (`/webhooks/{tenant}/{source}`); an API key also names one.
    public var tenant: String?

    /// A delivery to `source` with its raw `body`.
    public init(source: String, headers: WebhookHeaders = WebhookHeaders(), body: [UInt8], tenant: String? = nil) {
        self.source = source
        self.headers = headers
        self.body = body
        self.tenant = tenant
    }
}

/// What the host writes back: status, headers and a JSON body.
public struct WebhookResponse: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// Headers to send (`Content-Type`, and `Retry-After` or `Idempotent-Replayed` where they apply).
    public var headers: [HTTPHeaderField]
    /// The JSON body.
    public var body: [UInt8]
    /// How the delivery ended.
    public var outcome: WebhookOutcome
    /// The internal ids of what was stored (or replayed), if anything.
    public var internalIDs: [String]

    /// A response to write back.
    public init(status: Int, headers: [HTTPHeaderField], body: [UInt8], outcome: WebhookOutcome, internalIDs: [String] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.outcome = outcome
        self.internalIDs = internalIDs
    }

    /// The body as text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
