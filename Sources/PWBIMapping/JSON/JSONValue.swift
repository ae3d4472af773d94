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
}
