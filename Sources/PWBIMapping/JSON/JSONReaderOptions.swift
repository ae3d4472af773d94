/// Limits and policies of the JSON reader.
public struct JSONReaderOptions: Sendable, Hashable {
    /// What to do when an object has the same key twice (compared after unescaping).
    public enum DuplicateKeyPolicy: String, Sendable, Hashable, CaseIterable {
        /// Reject the document (the default): parsers disagree on which duplicate wins, and that
        /// disagreement is a known way to smuggle a different amount past a signature check or a validator.
        case reject
        /// Keep every member; lookups by key return the first.
        case useFirst
        /// Keep every member; lookups by key return the last (what Python's `json.loads` does).
        case useLast
    }

    /// Largest accepted document, in bytes (default 4 MiB; at most 2 GiB).
    public var maxBytes: Int
    /// Deepest accepted nesting of arrays and objects (default 64; the top-level container is depth 1).
    public var maxDepth: Int
    /// The duplicate-key policy (default ``DuplicateKeyPolicy/reject``).
    public var duplicateKeys: DuplicateKeyPolicy
    /// Longest identifier a mapper accepts (`transaction_id`, `OrderID`…), in UTF-8 bytes (default 255).
    public var maxIdentifierBytes: Int

    /// Options; the defaults are 4 MiB, depth 64, duplicate keys rejected, identifiers of at most 255 bytes.
    public init(
        maxBytes: Int = 4 << 20, maxDepth: Int = 64, duplicateKeys: DuplicateKeyPolicy = .reject, maxIdentifierBytes: Int = 255
    ) {
        self.maxBytes = min(max(0, maxBytes), Int(Int32.max) - 1)
        self.maxDepth = max(1, maxDepth)
        self.duplicateKeys = duplicateKeys
        self.maxIdentifierBytes = max(1, maxIdentifierBytes)
    }

    /// 4 MiB, depth 64, duplicates rejected, identifiers of at most 255 bytes.
    public static let `default` = JSONReaderOptions()
}
