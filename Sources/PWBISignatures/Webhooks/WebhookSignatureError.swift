/// Why a webhook was not signed or not verified. Each case says which check failed; none ever
/// carries an expected MAC, a received signature's value, or a secret.
public enum WebhookSignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A header the scheme needs is absent (its name).
    case missingHeader(String)
    /// A header is present but not in the scheme's format (its name, and what is wrong).
    case malformedHeader(String, reason: String)
    /// The signed timestamp is older than the tolerance allows (age and tolerance in seconds).
    case timestampTooOld(age: Int64, tolerance: Int64)
    /// The signed timestamp is further in the future than the tolerance allows (seconds).
    case timestampTooNew(ahead: Int64, tolerance: Int64)
    /// The signature is well formed but no secret produced it.
    case noMatchingSignature
    /// No secret was configured to verify with.
    case noSecrets
    /// A configured secret is unusable (its position in the list, and why).
    case invalidSecret(index: Int, reason: String)
    /// A body field the scheme signs is absent (Midtrans: `order_id`, `signature_key`…).
    case missingBodyField(String)
    /// The body could not be read for the fields the scheme signs (what, and the byte offset).
    case malformedBody(reason: String, offset: Int)
    /// Signing needs a value the caller did not give (for example the message id).
    case missingSigningInput(String)

    public var description: String {
        switch self {
        case let .missingHeader(name): "missing header \(name)"
        case let .malformedHeader(name, reason): "malformed header \(name): \(reason)"
        case let .timestampTooOld(age, tolerance): "timestamp too old: \(age) s ago, tolerance \(tolerance) s"
        case let .timestampTooNew(ahead, tolerance): "timestamp too new: \(ahead) s ahead, tolerance \(tolerance) s"
        case .noMatchingSignature: "no matching signature"
        case .noSecrets: "no secret configured"
        case let .invalidSecret(index, reason): "invalid secret #\(index + 1): \(reason)"
        case let .missingBodyField(name): "missing body field \(name)"
        case let .malformedBody(reason, offset): "malformed body at offset \(offset): \(reason)"
        case let .missingSigningInput(name): "signing needs \(name)"
        }
    }
}
