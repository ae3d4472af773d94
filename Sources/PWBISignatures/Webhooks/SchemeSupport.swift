/// Checks shared by the schemes.
enum SchemeSupport {
    /// At least one secret, none empty.
    static func checkSecrets(_ secrets: [String]) throws(WebhookSignatureError) {
        guard !secrets.isEmpty else { throw .noSecrets }
        for (index, secret) in secrets.enumerated() where secret.isEmpty {
            throw .invalidSecret(index: index, reason: "empty")
        }
    }

    /// A signing secret: not empty.
    static func checkSigningSecret(_ secret: String) throws(WebhookSignatureError) {
        guard !secret.isEmpty else { throw .invalidSecret(index: 0, reason: "empty") }
    }

    /// A Unix timestamp: 1 to 15 ASCII digits (no sign, no fraction, no spaces).
    static func unixTimestamp(_ text: some StringProtocol, header: String) throws(WebhookSignatureError) -> Int64 {
        let digits = text.utf8
        guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .malformedHeader(header, reason: "timestamp is not a non-negative whole number of seconds")
        }
        var value: Int64 = 0
        for digit in digits { value = value * 10 + Int64(digit - 0x30) }
        return value
    }

    /// A MAC given in hex: exactly `byteCount` bytes' worth of hex digits.
    static func hexMAC(_ text: some StringProtocol, byteCount: Int, header: String) throws(WebhookSignatureError) -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try Hex.decode(text) } catch { throw .malformedHeader(header, reason: "signature is not hex (\(error))") }
        guard bytes.count == byteCount else {
            throw .malformedHeader(header, reason: "signature has \(bytes.count) bytes, expected \(byteCount)")
        }
        return bytes
    }

    /// A MAC given in padded base64: exactly `byteCount` bytes.
    static func base64MAC(_ text: some StringProtocol, byteCount: Int, header: String) throws(WebhookSignatureError) -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try Base64.decode(text) } catch { throw .malformedHeader(header, reason: "signature is not base64 (\(error))") }
        guard bytes.count == byteCount else {
            throw .malformedHeader(header, reason: "signature has \(bytes.count) bytes, expected \(byteCount)")
        }
        return bytes
    }

    /// Exactly 64 hex digits (either case) as a digest, decoded in place; nil for anything else.
    static func hexDigest32(_ text: String) -> SHA256Digest? {
        var text = text
        return text.withUTF8 { utf8 -> SHA256Digest? in
            guard utf8.count == 64 else { return nil }
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            let valid = withUnsafeMutableBytes(of: &words) { bytes -> Bool in
                var invalid: UInt8 = 0
                for index in 0..<32 {
                    let high = Hex.nibble(utf8[2 * index]) ?? 0xFF
                    let low = Hex.nibble(utf8[2 * index + 1]) ?? 0xFF
                    invalid |= (high | low) & 0xF0
                    bytes[index] = high &<< 4 | (low & 0x0F)
                }
                return invalid == 0
            }
            guard valid else { return nil }
            return withUnsafeBytes(of: words) { SHA256Digest(bytes: $0) }
        }
    }

    /// Whether `received` is the HMAC of `body` under any of `keys`. Every key's MAC is computed
    /// and compared in constant time, so the time does not depend on which secret matched.
    static func anyMatches(_ received: SHA256Digest, keys: [HMAC<SHA256>], body: UnsafeRawBufferPointer) -> Bool {
        var matched = false
        for key in keys where key.authenticationCode(bufferPointer: body) == received { matched = true }
        return matched
    }

    /// Whether any of `candidates` equals any of the MACs computed per key, in constant time per comparison.
    /// Every pair is compared, so the time does not depend on which secret matched.
    static func anyMatches(_ candidates: [[UInt8]], macs: [SHA256Digest]) -> Bool {
        var matched = false
        for mac in macs {
            for candidate in candidates where mac.isEqual(to: candidate) { matched = true }
        }
        return matched
    }
}
