/// Standard base64 (RFC 4648 §4): `+` and `/`, always padded with `=`.
///
/// Decoding is strict: no whitespace, no missing or extra padding, no characters from the
/// URL-safe alphabet, and no non-zero unused bits in the last character (so every byte string
/// has exactly one accepted encoding).
public enum Base64 {
    /// The padded base64 text of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Base64Alphabet.standard.encode(bytes, padded: true)
    }

    /// The bytes of a padded base64 text, or a ``CodecError`` saying what is wrong and where.
    public static func decode(_ text: some StringProtocol) throws(CodecError) -> [UInt8] {
        try Base64Alphabet.standard.decode(text.utf8, padding: .required)
    }

    /// The bytes of padded base64 text given as UTF-8 bytes.
    public static func decode(utf8 text: some Collection<UInt8>) throws(CodecError) -> [UInt8] {
        try Base64Alphabet.standard.decode(text, padding: .required)
    }
}

/// URL- and filename-safe base64 (RFC 4648 §5): `-` and `_`, unpadded by default (as JWTs and
/// PKCE use it). Decoding accepts unpadded text and correctly padded text, nothing else.
public enum Base64URL {
    /// The base64url text of `bytes`, without `=` padding unless `padded` is true.
    public static func encode(_ bytes: some Sequence<UInt8>, padded: Bool = false) -> String {
        Base64Alphabet.url.encode(bytes, padded: padded)
    }

    /// The bytes of a base64url text (padded or not), or a ``CodecError``.
    public static func decode(_ text: some StringProtocol) throws(CodecError) -> [UInt8] {
        try Base64Alphabet.url.decode(text.utf8, padding: .optional)
    }

    /// The bytes of base64url text given as UTF-8 bytes.
    public static func decode(utf8 text: some Collection<UInt8>) throws(CodecError) -> [UInt8] {
        try Base64Alphabet.url.decode(text, padding: .optional)
    }
}

/// The two base64 alphabets and the shared, strict codec.
struct Base64Alphabet: Sendable {
    let encoding: CodecError.Encoding
    let character62: UInt8
    let character63: UInt8

    static let standard = Base64Alphabet(encoding: .base64, character62: UInt8(ascii: "+"), character63: UInt8(ascii: "/"))
    static let url = Base64Alphabet(encoding: .base64url, character62: UInt8(ascii: "-"), character63: UInt8(ascii: "_"))

    enum Padding { case required, optional }

    @inline(__always)
    func character(_ value: UInt8) -> UInt8 {
        switch value {
        case 0..<26: UInt8(ascii: "A") &+ value
        case 26..<52: UInt8(ascii: "a") &+ (value &- 26)
        case 52..<62: UInt8(ascii: "0") &+ (value &- 52)
        case 62: character62
        default: character63
        }
    }

    @inline(__always)
    func value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character &- UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character &- UInt8(ascii: "a") &+ 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0") &+ 52
        case character62: 62
        case character63: 63
        default: nil
        }
    }

    func encode(_ bytes: some Sequence<UInt8>, padded: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.underestimatedCount + 2) / 3 * 4)
        var group: UInt32 = 0
        var count = 0
        for byte in bytes {
            group = group &<< 8 | UInt32(byte)
            count += 1
            if count == 3 {
                output.append(character(UInt8(truncatingIfNeeded: group &>> 18) & 63))
                output.append(character(UInt8(truncatingIfNeeded: group &>> 12) & 63))
                output.append(character(UInt8(truncatingIfNeeded: group &>> 6) & 63))
                output.append(character(UInt8(truncatingIfNeeded: group) & 63))
                group = 0
                count = 0
            }
        }
        if count == 1 {
            output.append(character(UInt8(truncatingIfNeeded: group &>> 2) & 63))
            output.append(character(UInt8(truncatingIfNeeded: group &<< 4) & 63))
            if padded { output.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")]) }
        } else if count == 2 {
            output.append(character(UInt8(truncatingIfNeeded: group &>> 10) & 63))
            output.append(character(UInt8(truncatingIfNeeded: group &>> 4) & 63))
            output.append(character(UInt8(truncatingIfNeeded: group &<< 2) & 63))
            if padded { output.append(UInt8(ascii: "=")) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    func decode(_ text: some Collection<UInt8>, padding: Padding) throws(CodecError) -> [UInt8] {
        let length = text.count
        // Characters first (the most useful error), then '=' only at the end, then lengths.
        var padCount = 0
        var dataCount = 0
        var offset = 0
        for character in text {
            if character == UInt8(ascii: "=") {
                padCount += 1
            } else if padCount > 0 {
                throw .invalidPadding(encoding: encoding, offset: offset - padCount)
            } else if value(character) == nil {
                throw .invalidCharacter(encoding: encoding, offset: offset)
            } else {
                dataCount += 1
            }
            offset += 1
        }
        let remainder = dataCount % 4
        if remainder == 1 { throw .invalidLength(encoding: encoding, length: length) }
        let expectedPad = remainder == 0 ? 0 : 4 - remainder
        switch padding {
        case .required:
            guard length.isMultiple(of: 4) else { throw .invalidLength(encoding: encoding, length: length) }
            guard padCount == expectedPad else { throw .invalidPadding(encoding: encoding, offset: dataCount) }
        case .optional:
            guard padCount == 0 || padCount == expectedPad else {
                throw .invalidPadding(encoding: encoding, offset: dataCount)
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(dataCount / 4 * 3 + 2)
        var group: UInt32 = 0
        var count = 0
        offset = 0
        for character in text.prefix(dataCount) {
            guard let value = value(character) else { throw .invalidCharacter(encoding: encoding, offset: offset) }
            group = group &<< 6 | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: group &>> 16))
                output.append(UInt8(truncatingIfNeeded: group &>> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
                count = 0
            }
            offset += 1
        }
        if count == 2 {
            guard group & 0x0f == 0 else { throw .nonCanonical(encoding: encoding, offset: dataCount - 1) }
            output.append(UInt8(truncatingIfNeeded: group &>> 4))
        } else if count == 3 {
            guard group & 0x03 == 0 else { throw .nonCanonical(encoding: encoding, offset: dataCount - 1) }
            output.append(UInt8(truncatingIfNeeded: group &>> 10))
            output.append(UInt8(truncatingIfNeeded: group &>> 2))
        }
        return output
    }
}
