import PWBISignatures

/// Proof Key for Code Exchange (RFC 7636) with the `S256` method: a random code verifier kept by
/// the client, and its challenge `BASE64URL(SHA256(ASCII(verifier)))` sent with the authorization request.
///
/// ```swift
/// let pkce = PKCE.generate()
/// // authorization URL: …&code_challenge=\(pkce.challenge)&code_challenge_method=S256
/// // token request:     …&code_verifier=\(pkce.verifier.revealed)
/// ```
public struct PKCE: Sendable, Hashable {
    /// The code verifier: 43–128 characters of `A–Z a–z 0–9 - . _ ~`.
    public let verifier: SensitiveString
    /// The `S256` code challenge of ``verifier``.
    public let challenge: String
    /// The challenge method: always `S256` (`plain` is not offered).
    public var method: String { "S256" }

    /// The PKCE pair of an existing verifier; throws when it is not a valid RFC 7636 verifier.
    public init(verifier: String) throws(PKCEError) {
        guard (43...128).contains(verifier.utf8.count) else { throw .invalidLength(verifier.utf8.count) }
        guard verifier.utf8.allSatisfy(FormEncoding.isUnreserved) else { throw .invalidCharacter }
        self.verifier = SensitiveString(verifier)
        self.challenge = Self.challenge(forVerifier: verifier)
    }

    /// A fresh pair: 32 bytes from `generator` (the system's CSPRNG by default), base64url-encoded
    /// into a 43-character verifier — 256 bits of entropy, as RFC 7636 §4.1 recommends.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> PKCE {
        let bytes = secureRandomBytes(32, using: &generator)
        let verifier = Base64URL.encode(bytes)
        // A base64url string of 32 bytes is 43 unreserved characters, always valid.
        return PKCE(unchecked: verifier)
    }

    /// A fresh pair from the system's cryptographically secure generator.
    public static func generate() -> PKCE {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// `BASE64URL(SHA256(ASCII(verifier)))`, without padding.
    public static func challenge(forVerifier verifier: String) -> String {
        SHA256.hash(utf8: verifier).base64URLString
    }

    private init(unchecked verifier: String) {
        self.verifier = SensitiveString(verifier)
        self.challenge = Self.challenge(forVerifier: verifier)
    }
}

/// A code verifier that RFC 7636 §4.1 does not allow.
public enum PKCEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer than 43 or more than 128 characters.
    case invalidLength(Int)
    /// A character outside `A–Z a–z 0–9 - . _ ~`.
    case invalidCharacter

    public var description: String {
        switch self {
        case .invalidLength(let count): "a PKCE code verifier has 43 to 128 characters, got \(count)"
        case .invalidCharacter: "a PKCE code verifier may contain only A-Z a-z 0-9 - . _ ~"
        }
    }
}

/// `count` bytes from `generator`.
func secureRandomBytes<G: RandomNumberGenerator>(_ count: Int, using generator: inout G) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count + 7)
    while bytes.count < count {
        var word = generator.next() as UInt64
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: word))
            word >>= 8
        }
    }
    return Array(bytes.prefix(count))
}
