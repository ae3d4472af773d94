// Typed reads of one member, for the mappers' hot paths: `order.amount(field: "Tax", notation)`
// reads the member in place, where `order[field: "Tax"].amount(notation)` first builds a
// `JSONValue` for it (a retain and a release of the document). Same results, same errors with
// the same paths: a missing member's error is built from `self[field:]`, only when it is thrown.

extension JSONValue {
    /// `self[field: key].amount(notation)`: member `key` as an amount.
    func amount(field key: StaticString, _ notation: DecimalNotation) throws(MappingError) -> Money {
        guard let index = try memberIndex(key) else { throw self[field: key].mismatch(JSONDocument.numberOrNumericString) }
        return try document.decimal(at: index, orStringIn: notation)
    }

    /// `self[field: key].optionalAmount(notation)`: member `key` as an amount, nil if it is
    /// missing or `null`.
    func optionalAmount(field key: StaticString, _ notation: DecimalNotation) throws(MappingError) -> Money? {
        guard let index = try memberIndex(key), document.tape[index].kind != JSONNode.null else { return nil }
        return try document.decimal(at: index, orStringIn: notation)
    }

    /// `self[field: key].int()`: member `key` as an integer.
    func int(field key: StaticString) throws(MappingError) -> Int {
        guard let index = try memberIndex(key) else { throw self[field: key].mismatch("an integer") }
        return try document.int(at: index)
    }

    /// `self[field: key].optionalString()`: member `key` as a string, nil if it is missing or `null`.
    func optionalString(field key: StaticString) throws(MappingError) -> String? {
        guard let index = try memberIndex(key), document.tape[index].kind != JSONNode.null else { return nil }
        return try document.string(at: index)
    }

    /// True if member `key` is present (possibly `null`): `self[field: key].exists` without
    /// recording the absence.
    func has(field key: StaticString) -> Bool {
        guard isPresent, document.tape[Int(node)].kind == JSONNode.object else { return false }
        return memberNode(key) != nil
    }
}
