/// A way of signing webhooks, as a value: it signs (for senders and tests) and verifies (for
/// receivers) over the **raw body bytes**, verifying against a *set* of secrets so that a
/// secret can be rotated without dropping deliveries.
///
/// ```swift
/// let scheme: any WebhookSignatureScheme = GitHubScheme()
/// try scheme.verify(body: rawBody, headers: headers, secrets: [current, previous])
/// ```
public protocol WebhookSignatureScheme: Sendable {
    /// The scheme's name, as `pwbi sign --scheme` spells it (`github`, `stripe`…).
    var name: String { get }

    /// The headers (or, for Midtrans, the body field) that sign `body` under `secret`.
    /// `id` and `timestamp` are used by the schemes that sign them; a timestamped scheme
    /// reads its clock when `timestamp` is nil.
    func sign(
        body: some Collection<UInt8>, secret: String, id: String?, timestamp: Int64?
    ) throws(WebhookSignatureError) -> WebhookSignature

    /// Returns when `headers` (and, for Midtrans, `body`) carry a valid signature of `body` under
    /// one of `secrets`; throws a ``WebhookSignatureError`` naming the failed check otherwise.
    func verify(
        body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]
    ) throws(WebhookSignatureError)

    /// The scheme bound to `secrets`, for verifying many deliveries: it accepts and rejects
    /// exactly what ``verify(body:headers:secrets:)`` does, having prepared once what it can
    /// (the default prepares nothing).
    func verifier(secrets: [String]) -> any WebhookSignatureVerifier
}

extension WebhookSignatureScheme {
    /// Signs `body` with no id and the scheme's clock for the timestamp.
    public func sign(body: some Collection<UInt8>, secret: String) throws(WebhookSignatureError) -> WebhookSignature {
        try sign(body: body, secret: secret, id: nil, timestamp: nil)
    }

    /// Verifies against a single secret.
    public func verify(body: some Collection<UInt8>, headers: WebhookHeaders, secret: String) throws(WebhookSignatureError) {
        try verify(body: body, headers: headers, secrets: [secret])
    }

    /// Whether the request verifies; for callers that only need yes or no.
    public func isValid(body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]) -> Bool {
        do {
            try verify(body: body, headers: headers, secrets: secrets)
            return true
        } catch {
            return false
        }
    }
}

/// What signing produced: headers to send and, for schemes that sign inside the body
/// (Midtrans' `signature_key`), the body fields to set.
public struct WebhookSignature: Sendable, Equatable {
    /// Headers to add to the request.
    public var headers: WebhookHeaders
    /// Top-level body members to set, name and string value.
    public var bodyFields: [WebhookHeaders.Field]

    /// A signature as headers and body fields.
    public init(headers: WebhookHeaders = WebhookHeaders(), bodyFields: [WebhookHeaders.Field] = []) {
        self.headers = headers
        self.bodyFields = bodyFields
    }

    /// One `Name: value` line per header, then per body field.
    public var lines: [String] {
        headers.fields.map { "\($0.name): \($0.value)" } + bodyFields.map { "\($0.name): \($0.value)" }
    }
}
