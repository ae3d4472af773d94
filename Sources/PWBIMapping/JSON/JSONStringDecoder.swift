/// Decodes a validated string body (escapes resolved) into UTF-8 bytes.
enum JSONStringDecoder {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, escaped: Bool) -> [UInt8] {
        guard escaped else { return Array(bytes[start..<end]) }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\"), i + 1 < end else { out.append(c); i += 1; continue }
            let e = bytes[i + 1]
            switch e {
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "u"):
                var scalar = hex(bytes, i + 2, end)
                i += 6
                if scalar >= 0xD800, scalar <= 0xDBFF, i + 6 <= end {
                    let low = hex(bytes, i + 2, end)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e); i += 2  // \" \\ \/
            }
        }
        return out
    }

    static func hex(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ end: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 where offset + k < end {
            let c = bytes[offset + k]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            default: digit = UInt32(c &- UInt8(ascii: "A") &+ 10) & 0xF
            }
            value = value << 4 | digit
        }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | ((scalar >> 18) & 0x07)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
