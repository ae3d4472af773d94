// The typed accessors of a ``JSONValue``: each returns the value in the type asked for, or
// throws a ``MappingError`` naming the path and what was found instead.

extension JSONValue {
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
