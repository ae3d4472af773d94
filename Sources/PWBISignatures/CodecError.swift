/// Why a hex, base64 or base64url text was rejected. The error names the position, never the
/// text itself: decoded values are often secrets or signatures.
public enum CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A character that is not part of the alphabet, at this UTF-8 offset.
    case invalidCharacter(encoding: Encoding, offset: Int)
    /// A length that no valid encoding has (an odd hex length, base64 not a multiple of 4…).
    case invalidLength(encoding: Encoding, length: Int)
    /// `=` padding where it may not be, missing, or too much, at this offset.
    case invalidPadding(encoding: Encoding, offset: Int)
    /// The last character carries bits that are not zero (a non-canonical encoding).
    case nonCanonical(encoding: Encoding, offset: Int)

    /// The text encodings the kit decodes.
    public enum Encoding: String, Sendable, Equatable {
        /// Hexadecimal.
        case hex
        /// Base64 (RFC 4648 §4).
        case base64
        /// Base64url (RFC 4648 §5).
        case base64url
    }

    public var description: String {
        switch self {
        case let .invalidCharacter(encoding, offset):
            "invalid \(encoding.rawValue) character at offset \(offset)"
        case let .invalidLength(encoding, length):
            "invalid \(encoding.rawValue) length \(length)"
        case let .invalidPadding(encoding, offset):
            "invalid \(encoding.rawValue) padding at offset \(offset)"
        case let .nonCanonical(encoding, offset):
            "non-canonical \(encoding.rawValue): unused bits set in the character at offset \(offset)"
        }
    }
}
