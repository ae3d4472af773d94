/// The JSON types, with the phrase errors use (`a number`, `an object`).
public enum JSONKind: String, Sendable, Hashable, CaseIterable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool
    /// A number, kept as its text.
    case number
    /// A string.
    case string
    /// An array.
    case array
    /// An object.
    case object

    /// `null`, `a boolean`, `a number`, `a string`, `an array`, `an object`.
    public var phrase: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A position in a ``JSONDocument``: a value that is present, or the record of why it is absent
/// (a missing member or element, or a subscript on something that was not a container).
///
/// Subscripts never fail; the typed accessors do, with a ``MappingError`` naming the path:
///
/// ```swift
/// let order = try JSONDocument(parsing: body).root
/// let quantity = try order["OrderItems"][2]["Quantity"].decimal()
/// // OrderItems[2].Quantity: expected a number, found a string
/// let note = try order["Note"].ifPresent()?.string()      // optional field
/// ```
///
/// The path is computed only when an error is raised, so successful access costs a few
/// comparisons and no allocation.
public struct JSONValue: Sendable {
    /// The document this value belongs to.
    public let document: JSONDocument
    let node: Int32
    /// Why the value is absent; nil when it is present (`node >= 0`). A reference rather than an
    /// enum with a `String` payload, so that copying a present value costs one retain, not an
    /// outlined enum copy.
    let absenceRecord: AbsenceRecord?

    var absence: Absence? { absenceRecord?.absence }

    enum Absence: Sendable {
        case member(parent: Int32, key: String)
        case element(parent: Int32, index: Int)
        case notContainer(node: Int32, expected: JSONKind)
    }

    final class AbsenceRecord: Sendable {
        let absence: Absence
        init(_ absence: Absence) { self.absence = absence }
    }

    init(document: JSONDocument, node: Int32) {
        self.document = document
        self.node = node
        self.absenceRecord = nil
    }

    init(document: JSONDocument, absence: Absence) {
        self.document = document
        self.node = -1
        self.absenceRecord = AbsenceRecord(absence)
    }

    /// True when the value is present (possibly `null`).
    var isPresent: Bool { node >= 0 }

    // MARK: - Navigation

    /// The member named `key` of this object (the first or last one for duplicates, per
    /// ``JSONReaderOptions/DuplicateKeyPolicy``); absent if there is none or this is not an object.
    public subscript(key: String) -> JSONValue {
        guard isPresent else { return self }
        guard document.tape[Int(node)].kind == JSONNode.object else {
            return JSONValue(document: document, absence: .notContainer(node: node, expected: .object))
        }
        if let found = document.member(of: Int(node), key: key) {
            return JSONValue(document: document, node: Int32(truncatingIfNeeded: found))
        }
        return JSONValue(document: document, absence: .member(parent: node, key: key))
    }

    /// The member named `key` (as ``subscript(_:)-(String)``), for the kit's mappers: a literal
    /// key is compared in place, without going through `String`.
    @inline(__always)
    subscript(field key: StaticString) -> JSONValue {
        guard isPresent else { return self }
        guard document.tape[Int(node)].kind == JSONNode.object else {
            return JSONValue(document: document, absence: .notContainer(node: node, expected: .object))
        }
        if let found = memberNode(key) {
            return JSONValue(document: document, node: Int32(truncatingIfNeeded: found))
        }
        return JSONValue(document: document, absence: .member(parent: node, key: key.description))
    }

    /// The member named `key` if it is present and not `null`, else nil: `self[field: key].ifPresent()`
    /// without recording the absence, so a field that is simply not there costs one scan and
    /// nothing else. Throws, as `ifPresent()` does, if this value is present but not an object
    /// or an enclosing value had the wrong type.
    func optionalField(_ key: StaticString) throws(MappingError) -> JSONValue? {
        guard let found = try memberIndex(key), document.tape[found].kind != JSONNode.null else { return nil }
        return JSONValue(document: document, node: Int32(truncatingIfNeeded: found))
    }

    /// The tape index of member `key`'s value (possibly `null`); nil if there is no such member
    /// or this value is absent. Throws, as ``ifPresent()`` does, if this value is present but not
    /// an object or an enclosing value had the wrong type.
    @inline(__always)
    func memberIndex(_ key: StaticString) throws(MappingError) -> Int? {
        guard isPresent else {
            if case .notContainer(let container, let expected) = absence {
                throw document.typeMismatch(node: Int(container), expected: expected.phrase)
            }
            return nil
        }
        guard document.tape[Int(node)].kind == JSONNode.object else {
            throw document.typeMismatch(node: Int(node), expected: JSONKind.object.phrase)
        }
        return memberNode(key)
    }

    /// The tape index of member `key`'s value in this value, which the caller has checked is a
    /// present object; nil if there is no such member.
    @inline(__always)
    func memberNode(_ key: StaticString) -> Int? {
        guard key.hasPointerRepresentation else {
            return key.withUTF8Buffer { document.member(of: Int(node), utf8: $0) }
        }
        // A string literal's UTF-8 is in static storage, valid for the whole run: no closure
        // (and no retain of the document for one) is needed to read it.
        return document.member(of: Int(node), utf8: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    /// The element at `index` of this array; absent if out of range or this is not an array.
    public subscript(index: Int) -> JSONValue {
        guard isPresent else { return self }
        let tape = document.tape
        let container = tape[Int(node)]
        guard container.kind == JSONNode.array else {
            return JSONValue(document: document, absence: .notContainer(node: node, expected: .array))
        }
        guard index >= 0, index < Int(container.count) else {
            return JSONValue(document: document, absence: .element(parent: node, index: index))
        }
        var k = Int(node) + 1
        for _ in 0..<index { k = Int(tape[k].next) }
        return JSONValue(document: document, node: Int32(truncatingIfNeeded: k))
    }

    // MARK: - Presence and type

    /// The JSON type, or nil if the value is absent.
    public var kind: JSONKind? {
        guard isPresent else { return nil }
        switch document.tape[Int(node)].kind {
        case JSONNode.null: return .null
        case JSONNode.false, JSONNode.true: return .bool
        case JSONNode.number: return .number
        case JSONNode.string: return .string
        case JSONNode.array: return .array
        default: return .object
        }
    }

    /// True if the value is present (possibly `null`).
    public var exists: Bool { isPresent }

    /// True if the value is present and `null`.
    public var isNull: Bool { isPresent && document.tape[Int(node)].kind == JSONNode.null }

    /// The value if it is present and not `null`; nil if the member/element is missing or `null`.
    /// Throws if an enclosing value had the wrong type (`Items.Name` where `Items` is a string):
    /// an optional field inside a malformed structure is still an error.
    public func ifPresent() throws(MappingError) -> JSONValue? {
        if isPresent { return document.tape[Int(node)].kind == JSONNode.null ? nil : self }
        switch absence {
        case nil, .member, .element: return nil
        case .notContainer(let container, let expected):
            throw document.typeMismatch(node: Int(container), expected: expected.phrase)
        }
    }

    /// This value's path from the root (`OrderItems[2].Quantity`); computed on demand.
    public var path: FieldPath {
        switch absence {
        case nil: return document.path(of: Int(node))
        case .member(let parent, let key): return document.path(of: Int(parent)).appending(key)
        case .element(let parent, let index): return document.path(of: Int(parent)).appending(index: index)
        case .notContainer(let container, _): return document.path(of: Int(container))
        }
    }

    /// Throws the right error for a value that is absent, null or of another type than `expected`.
    func mismatch(_ expected: String) -> MappingError {
        switch absence {
        case .member, .element: return .missing(path, expected: expected)
        case .notContainer(let container, let wanted):
            return document.typeMismatch(node: Int(container), expected: wanted.phrase)
        case nil:
            if document.tape[Int(node)].kind == JSONNode.null {
                return MappingError(.missingField, path: path, expected: expected, found: "null")
            }
            return MappingError(.typeMismatch, path: path, expected: expected, found: kind?.phrase ?? "nothing")
        }
    }

    @inline(__always)
    func present(_ nodeKind: UInt8, _ expected: @autoclosure () -> String) throws(MappingError) -> JSONNode {
        guard isPresent else { throw mismatch(expected()) }
        let value = document.tape[Int(node)]
        guard value.kind == nodeKind else { throw mismatch(expected()) }
        return value
    }

    // MARK: - Typed access

    /// The string's content (escapes resolved).
    public func string() throws(MappingError) -> String {
        guard isPresent else { throw mismatch("a string") }
        return try document.string(at: Int(node))
    }

    /// The boolean.
    public func bool() throws(MappingError) -> Bool {
        guard isPresent else { throw mismatch("a boolean") }
        switch document.tape[Int(node)].kind {
        case JSONNode.true: return true
        case JSONNode.false: return false
        default: throw mismatch("a boolean")
        }
    }

    /// The number's exact source text (`1.50`, `-2e3`).
    public func numberText() throws(MappingError) -> String {
        let value = try present(JSONNode.number, "a number")
        return document.text(value)
    }

    /// The number as an exact decimal (`80.50` → 80.50 with scale 2; `1.5e3` → 1500).
    /// Throws ``MappingError/Kind/invalidValue`` naming the problem: out of the exact range
    /// (`1e400`, twenty digits) or more than 18 fractional digits (`1e-400`).
    public func decimal() throws(MappingError) -> ExactDecimal {
        let value = try present(JSONNode.number, "a number")
        return try document.parseDecimal(value, node: node, notation: .json)
    }

    /// The value as an exact decimal, from a JSON number or from a string written in `notation`
    /// (for fields such as Midtrans `gross_amount: "650000.00"` or Karage `AmountPaid` sent either way).
    public func decimal(orStringIn notation: DecimalNotation) throws(MappingError) -> ExactDecimal {
        guard isPresent else { throw mismatch(JSONDocument.numberOrNumericString) }
        return try document.decimal(at: Int(node), orStringIn: notation)
    }

    /// The number as an integer (no fraction, no exponent, within `Int64`).
    public func int() throws(MappingError) -> Int {
        guard isPresent else { throw mismatch("an integer") }
        return try document.int(at: Int(node))
    }

    /// An identifier sent as a string or as an integer number (`"OrderID": 2001` or `"2001"`), as text.
    /// Numbers with a fraction or exponent are rejected.
    public func identifier() throws(MappingError) -> String {
        guard isPresent else { throw mismatch("an identifier (string or integer)") }
        let value = document.tape[Int(node)]
        switch value.kind {
        case JSONNode.string:
            return document.decodeString(value)
        case JSONNode.number where value.flags == 0:
            return document.text(value)
        case JSONNode.number:
            throw MappingError.invalid(path, expected: "an identifier (string or integer)", value: document.text(value))
        default:
            throw mismatch("an identifier (string or integer)")
        }
    }

    /// The elements of this array.
    public func array() throws(MappingError) -> JSONArray {
        let value = try present(JSONNode.array, "an array")
        return JSONArray(document: document, node: Int(node), count: Int(value.count))
    }

    /// The members of this object, in document order.
    public func object() throws(MappingError) -> JSONObject {
        let value = try present(JSONNode.object, "an object")
        return JSONObject(document: document, node: Int(node), count: Int(value.count))
    }

    /// The exact bytes of this value in the document (for a string: without the quotes, escapes unresolved).
    public func rawBytes() throws(MappingError) -> ArraySlice<UInt8> {
        guard isPresent else { throw mismatch("a value") }
        let value = document.tape[Int(node)]
        return ArraySlice(document.buffer[Int(value.start)..<Int(value.end)])
    }
}

/// The elements of a JSON array, in order.
public struct JSONArray: Sequence, Sendable {
    let document: JSONDocument
    let node: Int
    /// Number of elements.
    public let count: Int

    init(document: JSONDocument, node: Int, count: Int) {
        self.document = document
        self.node = node
        self.count = count
    }

    /// True when the array is empty.
    public var isEmpty: Bool { count == 0 }

    public func makeIterator() -> Iterator { Iterator(document: document, nextNode: node + 1, remaining: count) }

    /// Iterates the elements.
    public struct Iterator: IteratorProtocol {
        let document: JSONDocument
        var nextNode: Int
        var remaining: Int

        public mutating func next() -> JSONValue? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let current = nextNode
            nextNode = Int(document.tape[current].next)
            return JSONValue(document: document, node: Int32(truncatingIfNeeded: current))
        }
    }
}

/// The members of a JSON object, in document order (duplicates included when the policy keeps them).
public struct JSONObject: Sequence, Sendable {
    let document: JSONDocument
    let node: Int
    /// Number of members.
    public let count: Int

    init(document: JSONDocument, node: Int, count: Int) {
        self.document = document
        self.node = node
        self.count = count
    }

    /// The member keys, in order.
    public var keys: [String] { map(\.key) }

    public func makeIterator() -> Iterator { Iterator(document: document, nextNode: node + 1, remaining: count) }

    /// Iterates `(key, value)` members.
    public struct Iterator: IteratorProtocol {
        let document: JSONDocument
        var nextNode: Int
        var remaining: Int

        public mutating func next() -> (key: String, value: JSONValue)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let keyNode = nextNode
            let valueNode = keyNode + 1
            nextNode = Int(document.tape[valueNode].next)
            let key = document.decodeString(document.tape[keyNode])
            return (key, JSONValue(document: document, node: Int32(truncatingIfNeeded: valueNode)))
        }
    }
}

// MARK: - Document internals used by JSONValue

extension JSONDocument {
    /// Index of the value of member `key` in object `node`, honouring the duplicate-key policy.
    func member(of node: Int, key: String) -> Int? {
        if let found = key.utf8.withContiguousStorageIfAvailable({ member(of: node, utf8: $0) }) { return found }
        return Array(key.utf8).withUnsafeBufferPointer { member(of: node, utf8: $0) }
    }

    @inline(__always)
    func member(of node: Int, utf8 query: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = Int(tape[node].count)
        guard count > 0 else { return nil }
        let fingerprint = keyFingerprint(query, start: 0, end: query.count)
        let first = node + 1
        if options.duplicateKeys == .reject {
            // Keys are unique: start at the hint when it is a key of this object, wrap around once.
            let end = Int(tape[node].next)
            var k = lookupHint.load(ordering: .relaxed)
            if k <= node || k >= end || tape[k].parent != UInt32(truncatingIfNeeded: node) { k = first }
            for _ in 0..<count {
                if keyEquals(k, query, fingerprint) {
                    lookupHint.store(Int(tape[k + 1].next), ordering: .relaxed)
                    return k + 1
                }
                k = Int(tape[k + 1].next)
                if k == end { k = first }
            }
            return nil
        }
        var k = first
        var found: Int? = nil
        for _ in 0..<count {
            if keyEquals(k, query, fingerprint) {
                if options.duplicateKeys != .useLast { return k + 1 }
                found = k + 1
            }
            k = Int(tape[k + 1].next)
        }
        return found
    }

    /// True if key node `k` spells `query` (after unescaping).
    @inline(__always)
    func keyEquals(_ k: Int, _ query: UnsafeBufferPointer<UInt8>, _ fingerprint: UInt32) -> Bool {
        let keyNode = tape[k]
        if keyNode.flags == 0 {
            return keyNode.count == fingerprint && Int(keyNode.end &- keyNode.start) == query.count
                && bytesEqual(buffer, Int(keyNode.start), query, query.count)
        }
        let decoded = JSONStringDecoder.decode(buffer, start: Int(keyNode.start), end: Int(keyNode.end), escaped: true)
        return decoded.elementsEqual(query)
    }

    /// What ``JSONValue/decimal(orStringIn:)`` expects, in its errors.
    static let numberOrNumericString = "a number or a numeric string"

    /// Node `index` as an exact decimal: a JSON number, or a string in `notation`.
    func decimal(at index: Int, orStringIn notation: DecimalNotation) throws(MappingError) -> ExactDecimal {
        let value = tape[index]
        switch value.kind {
        case JSONNode.number:
            return try parseDecimal(value, node: Int32(truncatingIfNeeded: index), notation: .json)
        case JSONNode.string:
            return try parseDecimal(value, node: Int32(truncatingIfNeeded: index), notation: notation)
        default:
            throw typeMismatch(node: index, expected: Self.numberOrNumericString)
        }
    }

    /// Node `index` as an integer (no fraction, no exponent, within `Int64`).
    func int(at index: Int) throws(MappingError) -> Int {
        let value = tape[index]
        guard value.kind == JSONNode.number else { throw typeMismatch(node: index, expected: "an integer") }
        guard value.flags == 0, let result = parseInteger(value) else {
            throw MappingError.invalid(path(of: index), expected: "an integer", value: text(value))
        }
        return result
    }

    /// Node `index` as a string (escapes resolved).
    func string(at index: Int) throws(MappingError) -> String {
        let value = tape[index]
        guard value.kind == JSONNode.string else { throw typeMismatch(node: index, expected: "a string") }
        return decodeString(value)
    }

    func decodeString(_ value: JSONNode) -> String {
        let start = Int(value.start), end = Int(value.end)
        if value.flags == 0 {
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
        let decoded = JSONStringDecoder.decode(buffer, start: start, end: end, escaped: true)
        return String(decoding: decoded, as: UTF8.self)
    }

    func text(_ value: JSONNode) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(value.start)..<Int(value.end)]), as: UTF8.self)
    }

    func parseDecimal(_ value: JSONNode, node: Int32, notation: DecimalNotation) throws(MappingError) -> ExactDecimal {
        do {
            return try ExactDecimal.parse(UnsafeBufferPointer(rebasing: buffer[Int(value.start)..<Int(value.end)]), notation: notation)
        } catch {
            let expected: String
            switch error {
            case .overflow:
                expected = "a number within the exact range (magnitude below 9.2 × 10^18 at its scale)"
            case .tooManyFractionDigits:
                expected = "a number with at most \(ExactDecimal.maxScale) fractional digits"
            case .ambiguousSeparator:
                expected = "an unambiguous amount (\(notation)): its separator could group thousands; send a JSON number or no separator"
            default:
                expected = value.kind == JSONNode.number ? "a JSON number" : "a decimal number (\(notation))"
            }
            throw MappingError.invalid(path(of: Int(node)), expected: expected, value: decodeString(value))
        }
    }

    func parseInteger(_ value: JSONNode) -> Int? {
        var i = Int(value.start)
        let end = Int(value.end)
        guard i < end else { return nil }
        let negative = buffer[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var magnitude: UInt64 = 0
        while i < end {
            let (t, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = t.addingReportingOverflow(UInt64(buffer[i] &- UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            magnitude = s
            i += 1
        }
        if negative { return magnitude <= 1 << 63 ? Int(Int64(bitPattern: 0 &- magnitude)) : nil }
        return magnitude <= UInt64(Int64.max) ? Int(magnitude) : nil
    }

    /// The path from the root to node `index`.
    func path(of index: Int) -> FieldPath {
        var components: [FieldPath.Component] = []
        var current = index
        while current >= 0, current < tape.count {
            let parent = tape[current].parent
            guard parent != UInt32.max else { break }
            let p = Int(parent)
            if tape[p].kind == JSONNode.object {
                components.append(.key(decodeString(tape[current - 1])))
            } else {
                var k = p + 1
                var position = 0
                while k < current { k = Int(tape[k].next); position += 1 }
                components.append(.index(position))
            }
            current = p
        }
        return FieldPath(components: components.reversed())
    }

    func typeMismatch(node: Int, expected: String) -> MappingError {
        let value = JSONValue(document: self, node: Int32(truncatingIfNeeded: node))
        return value.mismatch(expected)
    }
}


/// True if `a[start..<start+count]` equals `b[0..<count]` (the caller guarantees both ranges are
/// in bounds). Compares 8 or 4 bytes at a time with overlapping unaligned loads, never reading
/// outside the two ranges.
@inline(__always)
func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ start: Int, _ b: UnsafeBufferPointer<UInt8>, _ count: Int) -> Bool {
    guard count > 0, let baseA = a.baseAddress, let baseB = b.baseAddress else { return true }
    let pa = UnsafeRawPointer(baseA + start), pb = UnsafeRawPointer(baseB)
    if count >= 8 {
        var i = 0
        while i + 8 < count {
            guard pa.loadUnaligned(fromByteOffset: i, as: UInt64.self) == pb.loadUnaligned(fromByteOffset: i, as: UInt64.self) else {
                return false
            }
            i += 8
        }
        return pa.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == pb.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    if count >= 4 {
        return pa.loadUnaligned(as: UInt32.self) == pb.loadUnaligned(as: UInt32.self)
            && pa.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == pb.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    }
    var k = 0
    while k < count {
        if pa.load(fromByteOffset: k, as: UInt8.self) != pb.load(fromByteOffset: k, as: UInt8.self) { return false }
        k += 1
    }
    return true
}
