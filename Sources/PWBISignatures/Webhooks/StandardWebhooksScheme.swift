/// `standard-webhooks` (standardwebhooks.com): headers `webhook-id`, `webhook-timestamp` and
/// `webhook-signature: v1,<base64>` — several space-separated signatures, unknown versions
/// skipped. The signed content is `id.timestamp.body`; the secret is base64 (with or without the
/// `whsec_` prefix, padded or not, as the reference libraries accept it) and the HMAC-SHA256 key
/// is the decoded bytes (24 to 64, the specification's range).
///
/// As in the reference libraries, a candidate that cannot be a `v1` signature (no comma, not
/// base64, not 32 bytes) is skipped: `v1,AAAA v1,<valid>` verifies. Only a header with no usable
/// `v1` candidate is ``WebhookSignatureError/malformedHeader(_:reason:)`` (with the first
/// unusable candidate's reason, never its value).
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
    /// The longest decoded secret accepted (512 bits).
    public static let maximumSecretBytes = 64
    /// The prefix the specification gives secrets; optional when reading one.
    public static let secretPrefix = "whsec_"

    /// How far the timestamp may lie from now; five minutes each way by default.
    public var tolerance: TimestampTolerance
    /// Where "now" comes from.
    public var clock: WebhookClock

    /// The scheme, refusing timestamps outside `tolerance` of `clock`.
    public init(tolerance: TimestampTolerance = .fiveMinutes, clock: WebhookClock = .system) {
        self.tolerance = tolerance
        self.clock = clock
    }

    /// The HMAC key of a secret: `whsec_` + base64 or the base64 alone, padded or unpadded, decoding
    /// to 24…64 bytes; `index` is the secret's position, for the error.
    public static func key(fromSecret secret: String, index: Int = 0) throws(WebhookSignatureError) -> [UInt8] {
        var encoded = secret.utf8[...]
        if encoded.starts(with: secretPrefix.utf8) { encoded = encoded.dropFirst(secretPrefix.utf8.count) }
        guard !encoded.isEmpty else { throw .invalidSecret(index: index, reason: "empty") }
        let key: [UInt8]
        do { key = try Base64Alphabet.standard.decode(ignoringUnusedBits(encoded), padding: .optional) } catch {
            throw .invalidSecret(index: index, reason: "not base64 (\(error))")
        }
        guard key.count >= minimumSecretBytes else {
            throw .invalidSecret(index: index, reason: "decodes to \(key.count) bytes, fewer than \(minimumSecretBytes)")
        }
        guard key.count <= maximumSecretBytes else {
            throw .invalidSecret(index: index, reason: "decodes to \(key.count) bytes, more than \(maximumSecretBytes)")
        }
        return key
    }

    /// `encoded` with the unused low bits of its last base64 character cleared: the reference
    /// libraries decode such secrets (`…LaSwBr`), and a secret is configuration, not a signature,
    /// so its non-canonical form is accepted (signatures are still decoded strictly).
    static func ignoringUnusedBits(_ encoded: Substring.UTF8View) -> [UInt8] {
        var characters = Array(encoded)
        guard let last = characters.lastIndex(where: { $0 != UInt8(ascii: "=") }),
            let value = Base64Alphabet.standard.value(characters[last])
        else { return characters }
        switch (last + 1) % 4 {
        case 2: characters[last] = Base64Alphabet.standard.character(value & 0x30)
        case 3: characters[last] = Base64Alphabet.standard.character(value & 0x3C)
        default: break
        }
        return characters
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

    /// The decoded `v1` signatures of a `webhook-signature` value; other versions and unusable
    /// candidates are skipped, and only a value with no usable `v1` candidate is malformed.
    static func v1Signatures(_ value: String) throws(WebhookSignatureError) -> [[UInt8]] {
        var signatures: [[UInt8]] = []
        var firstUnusable: String?
        for entry in value.utf8.split(separator: UInt8(ascii: " ")) {
            guard let comma = entry.firstIndex(of: UInt8(ascii: ",")) else {
                if firstUnusable == nil { firstUnusable = "entry without a version, expected v1,<base64>" }
                continue
            }
            guard entry[..<comma].elementsEqual("v1".utf8) else { continue }
            let encoded = entry[entry.index(after: comma)...]
            let bytes: [UInt8]
            do { bytes = try Base64.decode(utf8: encoded) } catch {
                if firstUnusable == nil { firstUnusable = "v1 signature is not base64 (\(error))" }
                continue
            }
            guard bytes.count == 32 else {
                if firstUnusable == nil { firstUnusable = "v1 signature has \(bytes.count) bytes, expected 32" }
                continue
            }
            signatures.append(bytes)
        }
        guard !signatures.isEmpty else {
            throw .malformedHeader(signatureHeader, reason: firstUnusable ?? "no v1 signature")
        }
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
