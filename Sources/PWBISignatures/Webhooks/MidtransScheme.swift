/// `midtrans`: the notification body's `signature_key` is the hex SHA-512 of
/// `order_id + status_code + gross_amount + server key`, each taken **exactly as received**
/// (`"gross_amount": "100000.00"` contributes `100000.00`, never a re-formatted number).
/// The secret is the server key. Nothing is carried in headers.
public struct MidtransScheme: WebhookSignatureScheme {
    public var name: String { "midtrans" }

    /// The signed body fields, in signing order, then the signature field.
    public static let signedFields = ["order_id", "status_code", "gross_amount"]
    /// The body field that carries the signature.
    public static let signatureField = "signature_key"

    /// The scheme.
    public init() {}

    /// The `signature_key` for the given field texts and server key.
    public static func signatureKey(
        orderID: String, statusCode: String, grossAmount: String, serverKey: String
    ) -> SHA512Digest {
        var hash = SHA512()
        hash.update(utf8: orderID)
        hash.update(utf8: statusCode)
        hash.update(utf8: grossAmount)
        hash.update(utf8: serverKey)
        return hash.finalize()
    }

    /// Reads `order_id`, `status_code` and `gross_amount` from the body and returns the
    /// `signature_key` body field to set.
    public func sign(
        body: some Collection<UInt8>, secret: String, id: String?, timestamp: Int64?
    ) throws(WebhookSignatureError) -> WebhookSignature {
        try SchemeSupport.checkSigningSecret(secret)
        let fields = try TopLevelJSONMembers.values(of: Set(Self.signedFields), in: body)
        let (orderID, statusCode, grossAmount) = try Self.signed(fields)
        let key = Self.signatureKey(orderID: orderID, statusCode: statusCode, grossAmount: grossAmount, serverKey: secret)
        return WebhookSignature(bodyFields: [WebhookHeaders.Field(name: Self.signatureField, value: key.hexString)])
    }

    /// Verifies the body's own `signature_key` against each server key; `headers` are not used.
    public func verify(
        body: some Collection<UInt8>, headers: WebhookHeaders, secrets: [String]
    ) throws(WebhookSignatureError) {
        try SchemeSupport.checkSecrets(secrets)
        let fields = try TopLevelJSONMembers.values(of: Set(Self.signedFields + [Self.signatureField]), in: body)
        let (orderID, statusCode, grossAmount) = try Self.signed(fields)
        guard let signature = fields[Self.signatureField] else { throw .missingBodyField(Self.signatureField) }
        let received: [UInt8]
        do { received = try Hex.decode(signature) } catch {
            throw .malformedBody(reason: "signature_key is not hex (\(error))", offset: 0)
        }
        guard received.count == SHA512Digest.byteCount else {
            throw .malformedBody(reason: "signature_key has \(received.count) bytes, expected 64", offset: 0)
        }
        var matched = false
        for serverKey in secrets {
            let expected = Self.signatureKey(
                orderID: orderID, statusCode: statusCode, grossAmount: grossAmount, serverKey: serverKey)
            if expected.isEqual(to: received) { matched = true }
        }
        guard matched else { throw .noMatchingSignature }
    }

    private static func signed(_ fields: [String: String]) throws(WebhookSignatureError) -> (String, String, String) {
        guard let orderID = fields["order_id"] else { throw .missingBodyField("order_id") }
        guard let statusCode = fields["status_code"] else { throw .missingBodyField("status_code") }
        guard let grossAmount = fields["gross_amount"] else { throw .missingBodyField("gross_amount") }
        return (orderID, statusCode, grossAmount)
    }
}
