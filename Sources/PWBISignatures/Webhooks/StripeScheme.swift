/// `stripe`: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`. The signed content is
/// `t.body`, keyed with the secret's UTF-8 (the whole `whsec_…` string, as Stripe does);
/// several `v1` values may be present (during a secret roll) and other keys are ignored.
///
/// As in Stripe's own libraries, a `v1` candidate that cannot be a signature (not 64 hex
/// digits) is skipped rather than failing the header: `t=…,v1=00,v1=<valid>` verifies. Only a
/// header with no usable `v1` candidate is ``WebhookSignatureError/malformedHeader(_:reason:)``
/// (with the first unusable candidate's reason, never its value).
public struct StripeScheme: WebhookSignatureScheme {
    public var name: String { "stripe" }

    /// `Stripe-Signature`.
    public static let headerName = "Stripe-Signature"

    /// How far `t` may lie from now; five minutes each way by default.
    public var tolerance: TimestampTolerance
    /// Where "now" comes from.
    public var clock: WebhookClock

    /// The scheme, refusing timestamps outside `tolerance` of `clock`.
    public init(tolerance: TimestampTolerance = .fiveMinutes, clock: WebhookClock = .system) {
        self.tolerance = tolerance
        self.clock = clock
    }

    public func sign(
        body: some Collection<UInt8>, secret: String, id: String?, timestamp: Int64?
    ) throws(WebhookSignatureError) -> WebhookSignature {
        try SchemeSupport.checkSigningSecret(secret)
        let timestamp = timestamp ?? clock.now()
        guard timestamp >= 0 else { throw .missingSigningInput("a non-negative timestamp") }
        let mac = Self.mac(secret: secret, timestamp: String(timestamp), body: body)
        return WebhookSignature(headers: WebhookHeaders([(Self.headerName, "t=\(timestamp),v1=\(mac.hexString)")]))
    }

    public func verify(
        body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]
    ) throws(WebhookSignatureError) {
        try SchemeSupport.checkSecrets(secrets)
        let value = try headers.single(Self.headerName)
        var timestampText: Substring?
        var signatures: [[UInt8]] = []
        var firstUnusable: WebhookSignatureError?
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            // An item without '=' is not a candidate (Stripe's parser ignores it too).
            guard let equals = item.firstIndex(of: "=") else { continue }
            let key = item[..<equals]
            let itemValue = item[item.index(after: equals)...]
            switch key {
            case "t":
                guard timestampText == nil else { throw .malformedHeader(Self.headerName, reason: "more than one t") }
                timestampText = itemValue
            case "v1":
                do {
                    signatures.append(try SchemeSupport.hexMAC(itemValue, byteCount: 32, header: Self.headerName))
                } catch {
                    if firstUnusable == nil { firstUnusable = error }
                }
            default:
                continue
            }
        }
        guard let timestampText else { throw .malformedHeader(Self.headerName, reason: "no t timestamp") }
        let timestamp = try SchemeSupport.unixTimestamp(timestampText, header: Self.headerName)
        guard !signatures.isEmpty else {
            throw firstUnusable ?? .malformedHeader(Self.headerName, reason: "no v1 signature")
        }
        try tolerance.check(timestamp: timestamp, now: clock.now())
        let macs = secrets.map { Self.mac(secret: $0, timestamp: String(timestampText), body: body) }
        guard SchemeSupport.anyMatches(signatures, macs: macs) else { throw .noMatchingSignature }
    }

    static func mac(secret: String, timestamp: String, body: some Collection<UInt8>) -> SHA256Digest {
        var hmac = HMAC<SHA256>(utf8Key: secret)
        hmac.update(data: timestamp.utf8)
        hmac.update(data: CollectionOfOne(UInt8(ascii: ".")))
        hmac.update(data: body)
        return hmac.finalize()
    }
}
