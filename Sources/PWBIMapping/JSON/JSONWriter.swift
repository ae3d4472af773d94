/// A small streaming JSON writer: compact or pretty (two-space indent), RFC 8259 output,
/// strings escaped minimally (`"`, `\`, control characters), everything else as UTF-8.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("total"); writer.string("80.50")
/// writer.key("items"); writer.beginArray(); writer.number(1); writer.endArray()
/// writer.endObject()
/// writer.text   // {"total":"80.50","items":[1]}
/// ```
///
/// The caller keeps the structure balanced (each `begin` matched by an `end`, a `key` before each
/// object member); the writer handles commas, colons and indentation.
public struct JSONWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether output is indented.
    public let pretty: Bool
    var depth = 0
    var needsComma = false
    var afterKey = false

    /// A writer; `pretty` indents with two spaces.
    public init(pretty: Bool = false) {
        self.pretty = pretty
        bytes.reserveCapacity(512)
    }

    /// The output as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    mutating func prefix() {
        if afterKey { afterKey = false; return }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        if pretty, depth > 0 { newline() }
    }

    /// Opens an object (as a value).
    public mutating func beginObject() {
        prefix()
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        needsComma = false
    }

    /// Closes the innermost object.
    public mutating func endObject() { close(UInt8(ascii: "}")) }

    /// Opens an array (as a value).
    public mutating func beginArray() {
        prefix()
        bytes.append(UInt8(ascii: "["))
        depth += 1
        needsComma = false
    }

    /// Closes the innermost array.
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty, needsComma { newline() }
        bytes.append(bracket)
        needsComma = true
    }

    /// Writes a member key; the next value written is its value.
    public mutating func key(_ key: String) {
        prefix()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
        afterKey = true
        needsComma = true
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        prefix()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func number(_ value: Int) {
        prefix()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// Writes an exact decimal as a JSON number (`80.50`). The unified JSON writes money as
    /// strings instead (``string(_:)-(String)`` with its description), so consumers that parse numbers
    /// as binary floating point cannot alter it.
    public mutating func number(_ value: ExactDecimal) {
        prefix()
        value.appendText(to: &bytes)
        needsComma = true
    }

    /// Writes an exact decimal as a JSON string (`"80.50"`): how the unified JSON writes money.
    public mutating func string(_ value: ExactDecimal) {
        prefix()
        bytes.append(UInt8(ascii: "\""))
        value.appendText(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes a boolean value.
    public mutating func bool(_ value: Bool) {
        prefix()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        prefix()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Writes a member whose value is a string, or nothing when the value is nil.
    public mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// Writes a member whose value is a decimal rendered as a string, or nothing when nil.
    public mutating func member(_ name: String, _ value: ExactDecimal?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
