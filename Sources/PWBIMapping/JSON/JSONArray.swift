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
