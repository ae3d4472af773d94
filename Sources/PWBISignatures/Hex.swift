/// Hexadecimal (base16) encoding: lowercase out, either case in, nothing else accepted.
public enum Hex {
    /// The lowercase (or uppercase) hex text of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        let digits: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        let count = bytes.underestimatedCount
        var output: [UInt8] = []
        output.reserveCapacity(count * 2)
        digits.withUTF8Buffer { table in
            for byte in bytes {
                output.append(table[Int(byte &>> 4)])
                output.append(table[Int(byte & 0x0f)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of a hex text. Throws ``CodecError`` for an odd length or any character
    /// outside `0-9a-fA-F` (whitespace and `0x` prefixes included).
    public static func decode(_ text: some StringProtocol) throws(CodecError) -> [UInt8] {
        try decode(utf8: text.utf8)
    }

    /// The bytes of hex text given as UTF-8 bytes (for example a header value's bytes).
    public static func decode(utf8 text: some Collection<UInt8>) throws(CodecError) -> [UInt8] {
        let length = text.count
        guard length.isMultiple(of: 2) else { throw .invalidLength(encoding: .hex, length: length) }
        var output: [UInt8] = []
        output.reserveCapacity(length / 2)
        var offset = 0
        var high: UInt8 = 0
        for character in text {
            guard let value = nibble(character) else { throw .invalidCharacter(encoding: .hex, offset: offset) }
            if offset.isMultiple(of: 2) {
                high = value
            } else {
                output.append(high &<< 4 | value)
            }
            offset += 1
        }
        return output
    }

    @inline(__always)
    static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}
