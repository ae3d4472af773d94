/// Owns a ``CSVEngine`` (and frees its buffers): the reference every reader front end
/// (buffer, file, push, async) holds. The engine is a struct so that its hot loop works on
/// plain stored properties.
///
/// Accesses never overlap: every front end that advances the engine is `~Copyable` or not
/// `Sendable` and advances it from one mutating method at a time, and the only code that runs
/// while the engine is being advanced (the body given a ``CSVRecordView``) can reach the core
/// only through the view, which reads `header`, `strings` and `recycledFields`, never `engine`.
final class CSVParserCore {
    var engine: CSVEngine
    /// Strings made for recent fields, reused when the same bytes come up again.
    let strings = StringCache()
    /// Stands in for the base address of an empty region.
    private let emptyRegion: UnsafeMutablePointer<UInt8>

    init(options: CSVReaderOptions) {
        engine = CSVEngine(options: options)
        emptyRegion = .allocate(capacity: 1)
        emptyRegion.initialize(to: 0)
    }

    deinit {
        engine.deallocate()
        emptyRegion.deallocate()
    }

    var options: CSVReaderOptions { engine.options }
    /// A copy of the engine's header, kept apart so that a record view can read it while
    /// the engine is being advanced.
    private(set) var header: CSVHeaderBox?
    var delimiter: UInt8 { engine.delimiter }
    var finished: Bool { engine.finished }
    var recordsRead: Int { engine.recordsRead }

    @inline(__always)
    func base(of buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
        guard let address = buffer.baseAddress else { return UnsafePointer(emptyRegion) }
        return address.assumingMemoryBound(to: UInt8.self)
    }

    @inline(__always)
    func advance(
        _ base: UnsafePointer<UInt8>, count: Int, position: inout Int, baseOffset: Int, isFinal: Bool
    ) throws(CSVError) -> CSVEngine.Advance {
        let result = try engine.advance(base, count: count, position: &position, baseOffset: baseOffset, isFinal: isFinal)
        if result == .header { header = engine.header.map(CSVHeaderBox.init) }
        return result
    }

    /// Lends every record to `body` until the region is exhausted; returns `.end` or
    /// `.needMore` (never `.record` or `.header`).
    func forEachRecord(
        _ base: UnsafePointer<UInt8>, count: Int, position: inout Int, baseOffset: Int, isFinal: Bool,
        _ body: (CSVRecordView) throws -> Void
    ) throws -> CSVEngine.Advance {
        while true {
            let result = try engine.forEachRecord(
                base, count: count, position: &position, baseOffset: baseOffset, isFinal: isFinal, core: self, body)
            guard result == .header else { return result }
            header = engine.header.map(CSVHeaderBox.init)
        }
    }

    /// The fields array of the last record made, kept so that the next record can reuse its
    /// storage once every copy of that record is gone.
    private var recycledFields: [String] = []

    /// The fields of `view` as strings, in the storage of the previous record's array when
    /// nothing else holds that array any more (the usual loop: a record is dropped before
    /// the next is read), in a new array otherwise. Records are values either way: a
    /// record still held elsewhere is never touched.
    func recordFields(_ view: CSVRecordView) -> [String] {
        let count = view.count
        let cache = strings
        var fields: [String] = []
        swap(&fields, &recycledFields)
        // Same shape: each field is replaced where it is (one uniqueness check for the record; a
        // record still held elsewhere makes this a copy first). Otherwise the elements are
        // destroyed in place and the storage kept (or a new buffer made when it is shared).
        if fields.count == count {
            fields.withUnsafeMutableBufferPointer { buffer in
                for index in 0..<count { buffer[index] = cache.string(view.bytes(index)) }
            }
        } else {
            fields.removeAll(keepingCapacity: true)
            fields.reserveCapacity(count)
            for index in 0..<count { fields.append(cache.string(view.bytes(index))) }
        }
        recycledFields = fields
        return fields
    }

    /// A view of the current record over `base`.
    @inline(__always)
    func view(base: UnsafePointer<UInt8>) -> CSVRecordView {
        CSVRecordView(core: self, current: engine.current, base: base)
    }
}
