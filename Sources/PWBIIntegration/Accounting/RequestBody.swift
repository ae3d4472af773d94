import PWBIMapping

/// A JSON request body as a tree with ordered members, rendered compactly and byte-for-byte
/// reproducibly (the same entry always gives the same bytes — fixtures compare them exactly).
/// Numbers are written from their exact decimal text; nothing passes through `Double`.
enum RequestBody: Sendable, Hashable {
    case object([(String, RequestBody)])
    case array([RequestBody])
    case string(String)
    /// A JSON number's exact text (`93500`, `11.99`).
    case number(String)
    case bool(Bool)

    static func == (lhs: RequestBody, rhs: RequestBody) -> Bool { lhs.bytes == rhs.bytes }
    func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// An amount at exactly the currency's minor units (`50000` IDR, `0.01` SAR).
    static func amount(_ value: Money, _ currency: Currency) -> RequestBody {
        .number(((try? value.rounded(toScale: currency.minorUnits, .halfUp)) ?? value).description)
    }

    /// A quantity as its shortest exact text (`2`, `1.5`).
    static func quantity(_ value: Quantity) -> RequestBody {
        .number(value.normalized.description)
    }

    /// The UTF-8 bytes of the compact rendering.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                RequestBody.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, value) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let text):
            RequestBody.writeString(text, into: &out)
        case .number(let text):
            out.append(contentsOf: text.utf8)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`; other
    /// characters (non-ASCII included) as their UTF-8 bytes.
    static func writeString(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
