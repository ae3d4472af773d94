/// `standard-webhooks` (standardwebhooks.com): headers `webhook-id`, `webhook-timestamp` and
/// `webhook-signature: v1,<base64>` — several space-separated signatures, unknown versions
/// skipped. The signed content is `id.timestamp.body`; the secret is `whsec_` + base64 and the
/// HMAC-SHA256 key is the decoded bytes (at least 24).
public struct StandardWebhooksScheme: WebhookSignatureScheme {
    public var name: String { "standard-webhooks" }

    /// The message id header.
    public static let idHeader = "webhook-id"
    /// The signed timestamp header (Unix seconds).
    public static let timestampHeader = "webhook-timestamp"
    /// The signatures header (`v1,<base64>` entries separated by spaces).
    public static let signatureHeader = "webhook-signature"
    /// The shortest decoded secret accepted (192 bits).
    public static let minimumSecretBytes = 24

    /// How far the timestamp may lie from now; five minutes each way by default.
    public var tolerance: TimestampTolerance
    /// Where "now" comes from.
    public var clock: WebhookClock

    /// The scheme, refusing timestamps outside `tolerance` of `clock`.
    public init(tolerance: TimestampTolerance = .fiveMinutes, clock: WebhookClock = .system) {
        self.tolerance = tolerance
        self.clock = clock
    }

    /// The HMAC key of a `whsec_…` secret; `index` is the secret's position, for the error.
    public static func key(fromSecret secret: String, index: Int = 0) throws(WebhookSignatureError) -> [UInt8] {
        guard !secret.isEmpty else { throw .invalidSecret(index: index, reason: "empty") }
        guard secret.utf8.starts(with: "whsec_".utf8) else {
            throw .invalidSecret(index: index, reason: "does not start with whsec_")
        }
        let key: [UInt8]
        do { key = try Base64.decode(utf8: secret.utf8.dropFirst(6)) } catch {
            throw .invalidSecret(index: index, reason: "not base64 after whsec_ (\(error))")
        }
        guard key.count >= minimumSecretBytes else {
            throw .invalidSecret(index: index, reason: "decodes to \(key.count) bytes, fewer than \(minimumSecretBytes)")
        }
        return key
    }

    public func sign(
        body: some Collection<UInt8>, secret: String, id: String?, timestamp: Int64?
    ) throws(WebhookSignatureError) -> WebhookSignature {
        let key = try Self.key(fromSecret: secret)
        guard let id, !id.isEmpty else { throw .missingSigningInput("a message id") }
        let timestamp = timestamp ?? clock.now()
        guard timestamp >= 0 else { throw .missingSigningInput("a non-negative timestamp") }
        let mac = Self.mac(key: key, id: id, timestamp: String(timestamp), body: body)
        return WebhookSignature(headers: WebhookHeaders([
            (Self.idHeader, id),
            (Self.timestampHeader, String(timestamp)),
            (Self.signatureHeader, "v1," + mac.base64String),
        ]))
    }

    public func verify(
        body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]
    ) throws(WebhookSignatureError) {
        guard !secrets.isEmpty else { throw .noSecrets }
        var keys: [[UInt8]] = []
        for (index, secret) in secrets.enumerated() { keys.append(try Self.key(fromSecret: secret, index: index)) }

        let id = try headers.single(Self.idHeader)
        guard !id.isEmpty else { throw .malformedHeader(Self.idHeader, reason: "empty") }
        let timestampText = try headers.single(Self.timestampHeader)
        let timestamp = try SchemeSupport.unixTimestamp(timestampText, header: Self.timestampHeader)
        let signatures = try Self.v1Signatures(try headers.single(Self.signatureHeader))
        try tolerance.check(timestamp: timestamp, now: clock.now())

        let macs = keys.map { Self.mac(key: $0, id: id, timestamp: timestampText, body: body) }
        guard SchemeSupport.anyMatches(signatures, macs: macs) else { throw .noMatchingSignature }
    }

    /// The decoded `v1` signatures of a `webhook-signature` value; other versions are skipped.
    static func v1Signatures(_ value: String) throws(WebhookSignatureError) -> [[UInt8]] {
        var signatures: [[UInt8]] = []
        for entry in value.utf8.split(separator: UInt8(ascii: " ")) {
            guard let comma = entry.firstIndex(of: UInt8(ascii: ",")) else {
                throw .malformedHeader(signatureHeader, reason: "entry without a version, expected v1,<base64>")
            }
            guard entry[..<comma].elementsEqual("v1".utf8) else { continue }
            let encoded = entry[entry.index(after: comma)...]
            let bytes: [UInt8]
            do { bytes = try Base64.decode(utf8: encoded) } catch {
                throw .malformedHeader(signatureHeader, reason: "v1 signature is not base64 (\(error))")
            }
            guard bytes.count == 32 else {
                throw .malformedHeader(signatureHeader, reason: "v1 signature has \(bytes.count) bytes, expected 32")
            }
            signatures.append(bytes)
        }
        guard !signatures.isEmpty else { throw .malformedHeader(signatureHeader, reason: "no v1 signature") }
        return signatures
    }

    static func mac(key: [UInt8], id: String, timestamp: String, body: some Collection<UInt8>) -> SHA256Digest {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: id.utf8)
        hmac.update(data: CollectionOfOne(UInt8(ascii: ".")))
        hmac.update(data: timestamp.utf8)
        hmac.update(data: CollectionOfOne(UInt8(ascii: ".")))
        hmac.update(data: body)
        return hmac.finalize()
    }
}
