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
