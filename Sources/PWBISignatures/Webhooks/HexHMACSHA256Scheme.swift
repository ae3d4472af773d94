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

extension HexHMACSHA256Scheme {
    /// A verifier holding one keyed HMAC per secret: each delivery then costs only its body's
    /// hash and one outer block per secret, the received hex decoded without allocating.
    public func verifier(secrets: [String]) -> any WebhookSignatureVerifier {
        KeyedHexHMACSHA256Verifier(headerName: headerName, secrets: secrets)
    }
}

/// ``HexHMACSHA256Scheme`` bound to its secrets, keyed once.
struct KeyedHexHMACSHA256Verifier: WebhookSignatureVerifier {
    let headerName: String
    /// Why the secrets cannot verify anything (none, or an empty one), thrown before anything is read.
    let secretsError: WebhookSignatureError?
    let keys: [HMAC<SHA256>]

    init(headerName: String, secrets: [String]) {
        self.headerName = headerName
        do {
            try SchemeSupport.checkSecrets(secrets)
            secretsError = nil
            keys = secrets.map { HMAC<SHA256>(utf8Key: $0) }
        } catch {
            secretsError = error
            keys = []
        }
    }

    func verify(body: some Collection<UInt8>, headers: WebhookHeaders) throws(WebhookSignatureError) {
        if let secretsError { throw secretsError }
        let value = try headers.single(headerName)
        guard let received = SchemeSupport.hexDigest32(value) else {
            // Not 64 hex digits: the scheme's own decoding names what is wrong.
            _ = try SchemeSupport.hexMAC(value, byteCount: 32, header: headerName)
            throw .malformedHeader(headerName, reason: "signature is not hex")
        }
        let matched = body.withContiguousStorageIfAvailable { body in
            SchemeSupport.anyMatches(received, keys: keys, body: UnsafeRawBufferPointer(body))
        } ?? Array(body).withUnsafeBytes { SchemeSupport.anyMatches(received, keys: keys, body: $0) }
        guard matched else { throw .noMatchingSignature }
    }
}
