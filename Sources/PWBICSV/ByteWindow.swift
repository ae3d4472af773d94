/// A growable window over a stream of input: bytes not yet consumed by the parser stay;
/// consumed bytes are dropped when room is needed. Its size is bounded by the largest
/// record plus one chunk, never by the input.
///
/// Safety: `base[0..<end]` is initialised and `start <= end <= capacity`; ``reserve(_:)`` moves
/// or grows the buffer before anything is written past `end`, and `deinit` frees it. Pointers
/// into the window are lent to the parser for one step and never kept across an append.
final class ByteWindow {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// The first unconsumed byte.
    var start = 0
    /// One past the last byte held.
    private(set) var end = 0
    /// The input offset of `base[0]`.
    private(set) var offset = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Unconsumed bytes held.
    var available: Int { end - start }

    /// Makes room for `extra` more bytes after `end`, dropping consumed bytes first.
    func reserve(_ extra: Int) {
        guard end + extra > capacity else { return }
        if start > 0 {
            let kept = end - start
            if kept > 0 { base.update(from: base + start, count: kept) }
            offset += start
            end = kept
            start = 0
        }
        guard end + extra > capacity else { return }
        var larger = capacity
        while larger < end + extra { larger *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        grown.moveInitialize(from: base, count: end)
        base.deallocate()
        base = grown
        capacity = larger
    }

    /// Appends bytes.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + end).copyMemory(from: source, byteCount: bytes.count)
        end += bytes.count
    }

    /// Appends any collection of bytes.
    func append<Bytes: Collection>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { append(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { append($0) } }
    }

    /// Lets `fill` write up to `count` bytes after `end`; `fill` returns how many it wrote.
    func write(upTo count: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        reserve(count)
        let written = fill(UnsafeMutableRawBufferPointer(start: base + end, count: count))
        if written > 0 { end += min(written, count) }
        return written
    }
}

/// The parser core over a ``ByteWindow``: what the file reader, the push parser and the
/// async sequence share.
final class WindowedParser {
    let core: CSVParserCore
    let window: ByteWindow
    /// Unconsumed bytes needed before the core can make progress.
    private(set) var requested = 0
    /// No more input will be appended.
    private(set) var isFinal = false

    init(options: CSVReaderOptions, capacity: Int) {
        core = CSVParserCore(options: options)
        window = ByteWindow(capacity: capacity)
    }

    /// Whether the core is waiting for more input than the window holds.
    var needsInput: Bool { !isFinal && window.available < requested }

    func finish() { isFinal = true }

    /// One step of the core, unless it is known to need more input (then `.needMore`).
    func step() throws(CSVError) -> CSVEngine.Advance {
        if needsInput { return .needMore(requested) }
        var position = window.start
        defer { window.start = position }
        let result = try core.advance(
            UnsafePointer(window.base), count: window.end, position: &position,
            baseOffset: window.offset, isFinal: isFinal)
        if case .needMore(let count) = result { requested = count } else { requested = 0 }
        return result
    }

    /// Lends every record the window holds to `body`; returns `.end` or `.needMore`.
    func forEachRecord(_ body: (CSVRecordView) throws -> Void) throws -> CSVEngine.Advance {
        if needsInput { return .needMore(requested) }
        var position = window.start
        defer { window.start = position }
        let result = try core.forEachRecord(
            UnsafePointer(window.base), count: window.end, position: &position,
            baseOffset: window.offset, isFinal: isFinal, body)
        if case .needMore(let count) = result { requested = count } else { requested = 0 }
        return result
    }

    var base: UnsafePointer<UInt8> { UnsafePointer(window.base) }
}
