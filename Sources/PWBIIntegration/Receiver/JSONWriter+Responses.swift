import PWBIMapping

extension JSONWriter {
    /// Writes a member whose value is a string, or `null` when the value is nil (response bodies
    /// keep every member, so a client can rely on the key being there).
    mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    /// Writes a member whose value is a boolean.
    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// Writes a member whose value is an integer.
    mutating func field(_ name: String, _ value: Int) {
        key(name)
        number(value)
    }
}
