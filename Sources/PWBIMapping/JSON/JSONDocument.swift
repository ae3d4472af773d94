#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import Synchronization

/// One node of the parsed document's flat tape (internal layout).

struct JSONNode: Sendable {
    static let null: UInt8 = 0
    static let `false`: UInt8 = 1
    static let `true`: UInt8 = 2
    static let number: UInt8 = 3
    static let string: UInt8 = 4
    static let array: UInt8 = 5
    static let object: UInt8 = 6

    /// Strings: has backslash escapes. Numbers: has a fraction or exponent.
    static let flagEscapedOrNonInteger: UInt8 = 1

    var kind: UInt8
    var flags: UInt8
    /// Strings: first byte after the opening quote. Others: first byte of the value.
    var start: UInt32
    /// Strings: the closing quote. Numbers/literals: one past the last byte. Containers: one past the closing bracket.
    var end: UInt32
    /// Index of the first node after this one's subtree.
    var next: UInt32
    /// Index of the enclosing container, `UInt32.max` for the top-level value.
    var parent: UInt32
    /// Containers: elements (arrays) or members (objects).
    var count: UInt32

    init(kind: UInt8, flags: UInt8 = 0, start: UInt32, end: UInt32, next: UInt32, parent: UInt32) {
        self.kind = kind
        self.flags = flags
        self.start = start
        self.end = end
        self.next = next
        self.parent = parent
        self.count = 0
    }
}

/// A parsed JSON document: the original bytes plus a flat index of every value (a "tape"),
/// read through ``root`` and ``JSONValue``'s typed, path-carrying accessors.
///
/// The reader is strict RFC 8259:
/// - UTF-8 is validated (overlongs, encoded surrogates, code points above U+10FFFF and truncated
///   sequences are rejected); a byte order mark is rejected;
/// - numbers follow the grammar exactly (no leading zeros, `+`, `.5`, `1.`, `NaN`) and are kept as
///   their source text, converted only when a mapper asks (``JSONValue/decimal()``), so `1e400` or a
///   40-digit amount is never silently rounded;
/// - strings reject unescaped control characters, unknown escapes and lone `\u` surrogates;
/// - trailing commas and content after the top-level value are rejected;
/// - size and depth are limited and duplicate keys are handled per ``JSONReaderOptions``
///   (rejected by default).
///
/// Every rejection is a ``JSONSyntaxError`` with the byte offset. Parsing allocates one block
/// (the tape and the copy of the bytes; a second one only if the tape outgrows its estimate) and
/// nothing per value.
public final class JSONDocument: @unchecked Sendable {
    // `@unchecked`: the buffers are written once, during `init`, and only read afterwards; they
    // are owned by this object and freed in `deinit`. `lookupHint` is an atomic.

    /// The document's bytes, exactly as received (a private copy).
    let buffer: UnsafeBufferPointer<UInt8>
    /// The tape: one node per value (object keys included), in document order.
    let tape: UnsafeBufferPointer<JSONNode>
    /// The allocation holding the bytes (and the tape, unless it grew out of it).
    let block: UnsafeMutableRawPointer
    /// The options it was parsed with.
    public let options: JSONReaderOptions
    /// Where the next member lookup starts: the key after the last one found. Mappers read an
    /// object's members mostly in document order, so most lookups compare one key. Only a
    /// starting point (validated before use, relaxed ordering): any value gives the same results.
    let lookupHint = Atomic<Int>(0)

    /// Parses UTF-8 bytes.
    public convenience init(parsing bytes: [UInt8], options: JSONReaderOptions = .default) throws(JSONSyntaxError) {
        let parts = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) -> Parts in try JSONDocument.build(buffer, options: options) }
        }
        self.init(parts: try parts.get(), options: options)
    }

    /// Parses UTF-8 bytes held in contiguous memory (copied; the document does not keep a reference).
    public convenience init(parsing bytes: UnsafeBufferPointer<UInt8>, options: JSONReaderOptions = .default) throws(JSONSyntaxError) {
        self.init(parts: try JSONDocument.build(bytes, options: options), options: options)
    }

    /// Parses UTF-8 bytes held in `Data`.
    public convenience init(parsing data: Data, options: JSONReaderOptions = .default) throws(JSONSyntaxError) {
        let parts = data.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) -> Parts in
                try JSONDocument.build(raw.bindMemory(to: UInt8.self), options: options)
            }
        }
        self.init(parts: try parts.get(), options: options)
    }

    /// Parses a string's UTF-8.
    public convenience init(parsing text: String, options: JSONReaderOptions = .default) throws(JSONSyntaxError) {
        var text = text
        let parts = text.withUTF8 { buffer in
            Result { () throws(JSONSyntaxError) -> Parts in try JSONDocument.build(buffer, options: options) }
        }
        self.init(parts: try parts.get(), options: options)
    }

    typealias Parts = (bytes: UnsafeBufferPointer<UInt8>, tape: UnsafeBufferPointer<JSONNode>, block: UnsafeMutableRawPointer)

    init(parts: Parts, options: JSONReaderOptions) {
        self.buffer = parts.bytes
        self.tape = parts.tape
        self.block = parts.block
        self.options = options
    }

    /// Copies and parses `source`; on failure nothing is left allocated.
    ///
    /// One allocation holds the tape's estimated capacity (one node per 8 bytes) followed by the
    /// copy of the bytes; a tape that outgrows the estimate moves to its own allocation.
    static func build(_ source: UnsafeBufferPointer<UInt8>, options: JSONReaderOptions) throws(JSONSyntaxError) -> Parts {
        guard source.count <= options.maxBytes else {
            throw JSONSyntaxError(.tooLarge(limit: options.maxBytes), at: options.maxBytes)
        }
        let capacity = max(8, min(source.count / 8 + 8, 1 << 16))
        let tapeBytes = capacity * MemoryLayout<JSONNode>.stride
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: tapeBytes + max(source.count, 1), alignment: MemoryLayout<JSONNode>.alignment)
        if let base = source.baseAddress, source.count > 0 {
            (block + tapeBytes).copyMemory(from: base, byteCount: source.count)
        }
        let copy = (block + tapeBytes).bindMemory(to: UInt8.self, capacity: max(source.count, 1))
        let bytes = UnsafeBufferPointer(start: copy, count: source.count)
        let initialNodes = block.bindMemory(to: JSONNode.self, capacity: capacity)
        var parser = JSONParser(bytes: bytes, options: options, nodes: initialNodes, capacity: capacity)
        do {
            try parser.parse()
        } catch {
            if parser.nodes != initialNodes { parser.nodes.deallocate() }
            block.deallocate()
            throw error
        }
        return (bytes, UnsafeBufferPointer(start: parser.nodes, count: parser.count), block)
    }

    deinit {
        if let nodes = tape.baseAddress, UnsafeRawPointer(nodes) != UnsafeRawPointer(block) {
            UnsafeMutableRawPointer(mutating: nodes).deallocate()
        }
        block.deallocate()
    }

    /// The document's bytes, exactly as received.
    public var bytes: [UInt8] { Array(buffer) }

    /// The top-level value.
    public var root: JSONValue { JSONValue(document: self, node: 0) }

    /// Number of values in the document (object keys not counted separately from their values).
    public var valueCount: Int { tape.count }
}
