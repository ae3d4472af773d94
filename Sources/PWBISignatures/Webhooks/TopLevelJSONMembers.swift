/// A small, strict reader of a JSON object's top-level members, for schemes that sign fields of
/// the body (Midtrans). It validates the whole document (RFC 8259) and returns the values of the
/// requested members exactly as received: a string member's decoded text, or a number's own
/// digits (`100000.00` stays `100000.00`). A requested member that appears twice is an error,
/// since a second parser could pick the other one.
struct TopLevelJSONMembers {
    /// Nesting deeper than this is rejected rather than followed.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position = 0

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// The requested members' values by name; members not present are absent from the result.
    static func values(
        of names: Set<String>, in body: some Collection<UInt8>
    ) throws(WebhookSignatureError) -> [String: String] {
        var reader = TopLevelJSONMembers(bytes: Array(body))
        return try reader.readDocument(names)
    }

    private mutating func readDocument(_ names: Set<String>) throws(WebhookSignatureError) -> [String: String] {
        var found: [String: String] = [:]
        skipWhitespace()
        try expect(UInt8(ascii: "{"), "expected a JSON object")
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                let keyOffset = position
                let key = try readString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after a member name")
                skipWhitespace()
                if names.contains(key) {
                    guard found[key] == nil else { throw fail("member \(key) appears twice", at: keyOffset) }
                    found[key] = try readScalar(named: key)
                } else {
                    try skipValue(depth: 1)
                }
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"), "expected ',' or '}' in the object")
                break
            }
        }
        skipWhitespace()
        guard position == bytes.count else { throw fail("content after the JSON object", at: position) }
        return found
    }

    /// A requested member's value: a string (decoded) or a number (its text).
    private mutating func readScalar(named name: String) throws(WebhookSignatureError) -> String {
        switch peek() ?? 0 {
        case UInt8(ascii: "\""):
            return try readString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            try skipNumber()
            return String(decoding: bytes[start..<position], as: UTF8.self)
        default:
            throw fail("member \(name) must be a string or a number", at: position)
        }
    }

    private mutating func skipValue(depth: Int) throws(WebhookSignatureError) {
        guard depth <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth)", at: position) }
        switch peek() ?? 0 {
        case UInt8(ascii: "{"):
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { position += 1; return }
            while true {
                skipWhitespace()
                _ = try readString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after a member name")
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"), "expected ',' or '}' in an object")
                return
            }
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { position += 1; return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "]"), "expected ',' or ']' in an array")
                return
            }
        case UInt8(ascii: "\""):
            _ = try readString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        default:
            throw fail(position < bytes.count ? "expected a JSON value" : "unexpected end of body", at: position)
        }
    }

    /// A JSON string, unescaped and checked as UTF-8.
    private mutating func readString() throws(WebhookSignatureError) -> String {
        let start = position
        try expect(UInt8(ascii: "\""), "expected a string")
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw fail("unterminated string", at: start) }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: text, as: UTF8.self) else {
                    throw fail("string is not valid UTF-8", at: start)
                }
                return string
            case UInt8(ascii: "\\"):
                try readEscape(into: &text)
            case 0x00..<0x20:
                throw fail("control character in a string", at: position - 1)
            default:
                text.append(byte)
            }
        }
    }

    private mutating func readEscape(into text: inout [UInt8]) throws(WebhookSignatureError) {
        let offset = position - 1
        guard let escaped = peek() else { throw fail("unterminated escape", at: offset) }
        position += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0c)
        case UInt8(ascii: "n"): text.append(0x0a)
        case UInt8(ascii: "r"): text.append(0x0d)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4(at: offset)
            if (0xd800..<0xdc00).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw fail("unpaired surrogate", at: offset)
                }
                position += 2
                let low = try readHex4(at: offset)
                guard (0xdc00..<0xe000).contains(low) else { throw fail("unpaired surrogate", at: offset) }
                scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
            } else if (0xdc00..<0xe000).contains(scalar) {
                throw fail("unpaired surrogate", at: offset)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape", at: offset) }
            text.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw fail("invalid escape", at: offset)
        }
    }

    private mutating func readHex4(at offset: Int) throws(WebhookSignatureError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let nibble = Hex.nibble(byte) else { throw fail("invalid \\u escape", at: offset) }
            value = value << 4 | UInt32(nibble)
            position += 1
        }
        return value
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func skipNumber() throws(WebhookSignatureError) {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw fail("invalid number", at: start) }
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw fail("invalid number", at: start) }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw fail("invalid number", at: start) }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }

    private mutating func literal(_ word: StaticString) throws(WebhookSignatureError) {
        let start = position
        let matches = word.withUTF8Buffer { expected in
            guard bytes.count - position >= expected.count else { return false }
            return bytes[position..<(position + expected.count)].elementsEqual(expected)
        }
        guard matches else { throw fail("invalid literal", at: start) }
        position += word.utf8CodeUnitCount
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09 { position += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(WebhookSignatureError) {
        guard peek() == byte else {
            throw fail(position < bytes.count ? message : "unexpected end of body", at: position)
        }
        position += 1
    }

    private func fail(_ reason: String, at offset: Int) -> WebhookSignatureError {
        .malformedBody(reason: reason, offset: offset)
    }
}
