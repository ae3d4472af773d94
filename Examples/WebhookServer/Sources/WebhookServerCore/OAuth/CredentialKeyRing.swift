import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The keys OAuth tokens are encrypted with at rest (AES-256-GCM): one current key, which every
/// write uses, and older keys still accepted for reading, so a key can be rotated without
/// reconnecting anyone. Each ciphertext is stored beside the id of the key that sealed it.
///
/// A key is 32 random bytes, base64 (`openssl rand -base64 32`). Its id is derived from the key
/// (the first 8 bytes of a domain-separated SHA-256, in hex), so it identifies the key without
/// revealing it and needs no naming scheme.
public struct CredentialKeyRing: Sendable {
    /// The id of the key new ciphertexts are sealed with.
    public let currentKeyID: String
    private let keys: [String: SymmetricKey]

    /// A ring sealing with `current` and opening with it and `old` (each 32 bytes, base64).
    /// Throws ``ConfigurationError`` naming `variable` when a key is not 32 bytes of base64.
    public init(current: String, old: [String] = [], variable: String = "PWBI_CREDENTIALS_KEY") throws(ConfigurationError) {
        let key = try Self.key(current, variable: variable)
        var keys = [Self.id(of: key): key]
        for text in old {
            let older = try Self.key(text, variable: "PWBI_CREDENTIALS_OLD_KEYS")
            keys[Self.id(of: older)] = older
        }
        self.keys = keys
        currentKeyID = Self.id(of: key)
    }

    /// The ids of every key the ring can open with, current first.
    public var keyIDs: [String] { [currentKeyID] + keys.keys.filter { $0 != currentKeyID }.sorted() }

    /// Seals `plaintext` with the current key, bound to `associatedData`: nonce, ciphertext and tag.
    public func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        guard let key = keys[currentKeyID] else { throw SQLStoreError.corrupt("no current credentials key") }
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: associatedData)
        guard let combined = box.combined else { throw SQLStoreError.corrupt("AES-GCM produced no combined form") }
        return Array(combined)
    }

    /// Opens what ``seal(_:associatedData:)`` produced with the key `keyID`. A ciphertext altered,
    /// moved to another row (other associated data) or sealed with an unknown key is an error that
    /// says which of these, never what the plaintext or key is.
    public func open(_ sealed: [UInt8], keyID: String, associatedData: [UInt8]) throws(SQLStoreError) -> [UInt8] {
        guard let key = keys[keyID] else {
            throw .corrupt("sealed with key \(keyID), which is neither PWBI_CREDENTIALS_KEY nor in PWBI_CREDENTIALS_OLD_KEYS")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: key, authenticating: associatedData))
        } catch {
            throw .corrupt("a stored token does not authenticate (altered, or moved from another integration's row)")
        }
    }

    static func key(_ text: String, variable: String) throws(ConfigurationError) -> SymmetricKey {
        let trimmed = String(text.filter { !$0.isWhitespace })
        guard let data = Data(base64Encoded: trimmed), data.count == 32 else {
            throw ConfigurationError("\(variable) must be 32 bytes in base64 (generate one with: openssl rand -base64 32)")
        }
        return SymmetricKey(data: data)
    }

    static func id(of key: SymmetricKey) -> String {
        let digest = key.withUnsafeBytes { bytes in
            SHA256.hash(data: Array("pwbi-credentials-key-id\u{0}".utf8) + Array(bytes))
        }
        return digest.prefix(8).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
