/// Owns a ``CSVEngine`` (and frees its buffers): the reference every reader front end
/// (buffer, file, push, async) holds. The engine is a struct so that its hot loop works on
/// plain stored properties, with one exclusivity check per record instead of one per access.
final class CSVParserCore {
    var engine: CSVEngine
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
    var header: CSVHeader? { engine.header }
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
        try engine.advance(base, count: count, position: &position, baseOffset: baseOffset, isFinal: isFinal)
    }

    /// A view of the current record over `base`.
    @inline(__always)
    func view(base: UnsafePointer<UInt8>) -> CSVRecordView {
        CSVRecordView(core: self, current: engine.current, base: base)
    }
}
