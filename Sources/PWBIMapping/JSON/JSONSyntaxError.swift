/// Why a document is not acceptable JSON, and the byte offset where that was found.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Sendable, Hashable {
        /// The input ended inside a value (or was empty).
        case unexpectedEnd
        /// A byte that cannot start or continue a value here.
        case unexpectedByte(UInt8)
        /// Something other than whitespace after the top-level value.
        case trailingContent
        /// A comma followed by `]` or `}`.
        case trailingComma
        /// Bytes that are not valid UTF-8 (overlong, surrogate, out of range, truncated).
        case invalidUTF8
        /// An unescaped control character (U+0000–U+001F) inside a string.
        case controlCharacterInString
        /// A backslash escape that RFC 8259 does not define, or a bad `\u` escape.
        case invalidEscape
        /// A `\uD800`–`\uDFFF` escape that is not part of a valid surrogate pair.
        case loneSurrogate
        /// A number with a leading zero (`01`).
        case leadingZero
        /// A number that breaks the grammar (`1.`, `-`, `1e`, `.5`).
        case invalidNumber
        /// An object key that was not a string.
        case expectedKey
        /// A missing `:` after an object key.
        case expectedColon
        /// A UTF-8 byte order mark (RFC 8259 §8.1: must not be added; this reader rejects it).
        case byteOrderMark
        /// Nesting deeper than ``JSONReaderOptions/maxDepth``.
        case tooDeep(limit: Int)
        /// A document larger than ``JSONReaderOptions/maxBytes``.
        case tooLarge(limit: Int)
        /// The same key twice in one object, under ``JSONReaderOptions/DuplicateKeyPolicy/reject``.
        case duplicateKey(String)
    }

    /// What is wrong.
    public let reason: Reason
    /// Byte offset in the document.
    public let offset: Int

    /// A `reason` found at byte `offset`.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A phrase naming the problem, without the offset.
    public var reasonDescription: String {
        switch reason {
        case .unexpectedEnd: "unexpected end of input"
        case .unexpectedByte(let byte):
            (byte >= 0x20 && byte < 0x7F)
                ? "unexpected character '\(Character(Unicode.Scalar(byte)))'"
                : "unexpected byte 0x\(String(byte, radix: 16, uppercase: true))"
        case .trailingContent: "unexpected content after the JSON value"
        case .trailingComma: "trailing comma"
        case .invalidUTF8: "invalid UTF-8"
        case .controlCharacterInString: "unescaped control character in a string"
        case .invalidEscape: "invalid escape sequence"
        case .loneSurrogate: "lone UTF-16 surrogate in a \\u escape"
        case .leadingZero: "leading zero in a number"
        case .invalidNumber: "malformed number"
        case .expectedKey: "expected a string key"
        case .expectedColon: "expected ':' after a key"
        case .byteOrderMark: "byte order mark not allowed"
        case .tooDeep(let limit): "nesting deeper than \(limit)"
        case .tooLarge(let limit): "document larger than \(limit) bytes"
        case .duplicateKey(let key): "duplicate key \(MappingError.quoted(key))"
        }
    }

    /// `trailing comma at byte 17`.
    public var description: String { "\(reasonDescription) at byte \(offset)" }
}

extension MappingError {
    /// A malformed-JSON mapping error at the document root, carrying the syntax error's offset.
    public init(_ syntaxError: JSONSyntaxError) {
        self.init(
            .malformedJSON, path: .root, expected: "valid JSON", found: syntaxError.reasonDescription,
            byteOffset: syntaxError.offset)
    }
}
