#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 reader over a whole buffer or a file read in chunks.
///
/// ```swift
/// var reader = try CSVReader(contentsOfFile: "export.csv")
/// while let record = try reader.next() {
///     print(record.number, record["Amount"] ?? "")
/// }
/// ```
///
/// `next()` returns owned ``CSVRecord``s; ``nextRecord(_:)`` and ``forEachRecord(_:)`` lend
/// a ``CSVRecordView`` whose fields are byte ranges of the reader's buffer (no allocation per
/// record). After a recoverable ``CSVError`` (``CSVError/isRecoverable``) the offending
/// record has been consumed and reading can go on; after any other error the reader
/// reports the end of the input.
///
/// A file is read in chunks: memory is bounded by the largest record (and
/// ``CSVReaderOptions/maxRecordBytes``), not by the file.
public struct CSVReader: ~Copyable {
    private let core: CSVParserCore
    private let bytes: [UInt8]
    private var position = 0
    private let file: FileInput?

    /// A reader over bytes already in memory; fields are read in place.
    public init(bytes: [UInt8], options: CSVReaderOptions = CSVReaderOptions()) {
        core = CSVParserCore(options: options)
        self.bytes = bytes
        file = nil
    }

    /// A reader over a file, read `chunkSize` bytes at a time.
    public init(contentsOfFile path: String, options: CSVReaderOptions = CSVReaderOptions(), chunkSize: Int = 256 << 10) throws(CSVError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CSVError(kind: .unreadable("\(path): \(String(cString: strerror(errno)))"), record: 1, line: 1, column: 1, byteOffset: 0)
        }
        let input = FileInput(descriptor: descriptor, options: options, chunkSize: max(1, chunkSize))
        core = input.parser.core
        bytes = []
        file = input
    }

    /// A reader over an open file descriptor — standard input, a pipe, a socket — read `chunkSize`
    /// bytes at a time, so memory stays bounded whatever the input's length. The descriptor is
    /// closed when the reader is done only if `closesDescriptor` is true.
    public init(
        fileDescriptor: Int32, options: CSVReaderOptions = CSVReaderOptions(), chunkSize: Int = 256 << 10, closesDescriptor: Bool = false
    ) {
        let input = FileInput(descriptor: fileDescriptor, options: options, chunkSize: max(1, chunkSize), closes: closesDescriptor)
        core = input.parser.core
        bytes = []
        file = input
    }

    /// The header, once read (the first call to ``next()``, ``nextRecord(_:)`` or
    /// ``readHeader()`` reads it).
    public var header: CSVHeader? { core.header?.header }

    /// The delimiter in use (the detected one when the dialect says ``CSVDelimiter/auto``;
    /// meaningful once reading has started).
    public var delimiter: CSVDelimiter { CSVDelimiter(byte: core.delimiter) ?? .comma }

    /// Reads up to the end of the header row and returns the header (nil without one).
    public mutating func readHeader() throws(CSVError) -> CSVHeader? {
        guard core.options.header.source == .firstRecord else { return nil }
        while core.header == nil {
            let result = try advance()
            if result.advance == .end { return nil }
        }
        return core.header?.header
    }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        try nextView { $0.makeRecord() }
    }

    /// Lends the next record to `body` and returns what it returns, or nil at the end.
    public mutating func nextRecord<Result>(_ body: (CSVRecordView) throws -> Result) throws -> Result? {
        var failure: (any Error)?
        let result = try nextView { view -> Result? in
            do { return try body(view) } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return result ?? nil
    }

    /// Lends every remaining record to `body`; stops at the first error.
    public mutating func forEachRecord(_ body: (CSVRecordView) throws -> Void) throws {
        let core = self.core
        if let file {
            while try file.forEachRecord(body) != .end {}
            return
        }
        var position = self.position
        defer { self.position = position }
        try bytes.withUnsafeBytes { raw in
            _ = try core.forEachRecord(core.base(of: raw), count: raw.count, position: &position, baseOffset: 0, isFinal: true, body)
        }
    }

    /// All remaining records; throws the first error.
    public mutating func readAll() throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try next() { records.append(record) }
        return records
    }

    private mutating func nextView<Result>(_ body: (CSVRecordView) -> Result) throws(CSVError) -> Result? {
        if let file {
            while true {
                switch try file.step() {
                case .record: return body(core.view(base: file.parser.base))
                case .header: continue
                case .end, .needMore: return nil
                }
            }
        }
        var position = self.position
        defer { self.position = position }
        let core = self.core
        var failure: CSVError?
        let result = bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result? in
            let base = core.base(of: raw)
            do throws(CSVError) {
                while true {
                    switch try core.advance(base, count: raw.count, position: &position, baseOffset: 0, isFinal: true) {
                    case .record: return body(core.view(base: base))
                    case .header: continue
                    case .end, .needMore: return nil
                    }
                }
            } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return result
    }

    private mutating func advance() throws(CSVError) -> (advance: CSVEngine.Advance, Void) {
        if let file { return (try file.step(), ()) }
        var position = self.position
        defer { self.position = position }
        let core = self.core
        let result = try withBytes { (raw: UnsafeRawBufferPointer) throws(CSVError) -> CSVEngine.Advance in
            try core.advance(core.base(of: raw), count: raw.count, position: &position, baseOffset: 0, isFinal: true)
        }
        return (result, ())
    }

    private func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws(CSVError) -> Result) throws(CSVError) -> Result {
        let outcome: Swift.Result<Result, CSVError> = bytes.withUnsafeBytes { raw in
            Swift.Result { () throws(CSVError) -> Result in try body(raw) }
        }
        return try outcome.get()
    }
}

/// A reader owns its parser state and file descriptor alone (it is `~Copyable`), so
/// handing it to another task is safe.
extension CSVReader: @unchecked Sendable {}

/// A file read into a ``WindowedParser`` chunk by chunk.
final class FileInput {
    let descriptor: Int32
    let parser: WindowedParser
    let chunkSize: Int
    let closes: Bool

    init(descriptor: Int32, options: CSVReaderOptions, chunkSize: Int, closes: Bool = true) {
        self.descriptor = descriptor
        self.chunkSize = chunkSize
        self.closes = closes
        parser = WindowedParser(options: options, capacity: chunkSize * 2)
    }

    deinit { if closes { close(descriptor) } }

    /// Lends records to `body` until the window is exhausted (then reads more) or the input ends.
    func forEachRecord(_ body: (CSVRecordView) throws -> Void) throws -> CSVEngine.Advance {
        while true {
            let result = try parser.forEachRecord(body)
            guard case .needMore = result, !parser.isFinal else { return result }
            try fill()
        }
    }

    /// One step; reads as many chunks as the parser needs first.
    func step() throws(CSVError) -> CSVEngine.Advance {
        while true {
            let result = try parser.step()
            guard case .needMore = result, !parser.isFinal else { return result }
            try fill()
        }
    }

    private func fill() throws(CSVError) {
        let window = parser.window
        while parser.needsInput {
            let want = max(chunkSize, parser.requested - window.available)
            var failure: Int32 = 0
            let count = window.write(upTo: want) { buffer in
                while true {
                    let count = read(descriptor, buffer.baseAddress, buffer.count)
                    if count < 0 && errno == EINTR { continue }
                    if count < 0 { failure = errno }
                    return count
                }
            }
            if count < 0 {
                throw CSVError(
                    kind: .unreadable(String(cString: strerror(failure))), record: parser.core.recordsRead + 1,
                    line: 1, column: 1, byteOffset: window.offset + window.end, recoverable: false)
            }
            if count == 0 {
                parser.finish()
                return
            }
        }
    }
}
