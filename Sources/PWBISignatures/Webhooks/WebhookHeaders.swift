/// The HTTP headers of a webhook request or response, in the order received. Lookup by name is
/// ASCII case-insensitive (`X-Hub-Signature-256` finds `x-hub-signature-256`), and values have
/// leading and trailing spaces and tabs removed, as HTTP parsers do.
///
/// Receivers build one from whatever their HTTP server hands them and may reuse it elsewhere.
public struct WebhookHeaders: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence {
    /// One header line.
    public struct Field: Sendable, Equatable {
        /// The header's name, as given.
        public var name: String
        /// The header's value.
        public var value: String

        /// A header field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Every header, in order; a name may appear more than once.
    public private(set) var fields: [Field]

    /// Headers from `(name, value)` pairs, in order.
    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of header `name` (case-insensitive), trimmed; nil when absent.
    public subscript(name: String) -> String? {
        fields.first { Self.sameName($0.name, name) }.map { Self.trimmed($0.value) }
    }

    /// Every value of header `name` (case-insensitive), trimmed, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map { Self.trimmed($0.value) }
    }

    /// Appends a header (an existing one of the same name is kept).
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every header called `name` by one with `value`.
    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { Self.sameName($0.name, name) }
        fields.append(Field(name: name, value: value))
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The single value of a signature header: missing or repeated is an error, since two
    /// different values would make "which one was verified" ambiguous.
    func single(_ name: String) throws(WebhookSignatureError) -> String {
        var found: Field?
        var count = 0
        for field in fields where Self.sameName(field.name, name) {
            if found == nil { found = field }
            count += 1
        }
        guard let found else { throw .missingHeader(name) }
        guard count == 1 else { throw .malformedHeader(name, reason: "appears \(count) times") }
        return Self.trimmed(found.value)
    }

    /// ASCII case-insensitive comparison without allocating.
    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case let (l?, r?) where lowercased(l) == lowercased(r): continue
            default: return false
            }
        }
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    static func trimmed(_ value: String) -> String {
        let bytes = value.utf8
        // Almost every value has nothing to trim: hand it back without copying.
        if let first = bytes.first, let last = bytes.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 {
            return value
        }
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })
        else { return "" }
        return String(value[first...last])
    }
}
