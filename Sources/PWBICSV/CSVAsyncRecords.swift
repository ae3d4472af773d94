/// The records of an `AsyncSequence` of byte chunks (`[UInt8]`, `ArraySlice<UInt8>`, `Data`…),
/// parsed as the chunks arrive.
///
/// ```swift
/// for try await record in upload.chunks.csvRecords() {
///     try mapper.map(record.dictionary, row: record.number, line: record.line)
/// }
/// ```
///
/// Each record carries its number, physical line and header-keyed access. Errors end the
/// iteration (use ``CSVStreamParser`` to skip recoverable errors and go on).
public struct CSVAsyncRecords<Chunks: AsyncSequence>: AsyncSequence
where Chunks.Element: Collection, Chunks.Element.Element == UInt8 {
    public typealias Element = CSVRecord

    let chunks: Chunks
    let options: CSVReaderOptions

    /// Records of `chunks`, read with `options`.
    public init(chunks: Chunks, options: CSVReaderOptions = CSVReaderOptions()) {
        self.chunks = chunks
        self.options = options
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: chunks.makeAsyncIterator(), parser: WindowedParser(options: options, capacity: 64 << 10))
    }

    /// Lends every record to `body` without copying it (see ``CSVRecordView``).
    public func forEachRecord(_ body: (CSVRecordView) throws -> Void) async throws {
        var iterator = makeAsyncIterator()
        while try await iterator.advance() {
            try body(iterator.parser.core.view(base: iterator.parser.base))
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Chunks.AsyncIterator
        let parser: WindowedParser

        public mutating func next() async throws -> CSVRecord? {
            guard try await advance() else { return nil }
            return parser.core.view(base: parser.base).makeRecord()
        }

        /// Moves to the next record; false at the end.
        mutating func advance() async throws -> Bool {
            while true {
                switch try parser.step() {
                case .record: return true
                case .header: continue
                case .end: return false
                case .needMore:
                    if let chunk = try await base.next() {
                        parser.window.append(contentsOf: chunk)
                    } else {
                        parser.finish()
                    }
                }
            }
        }
    }
}

extension CSVAsyncRecords: Sendable where Chunks: Sendable {}

/// Groups an `AsyncSequence` of single bytes (such as `URLSession.AsyncBytes`) into chunks.
public struct CSVAsyncByteChunks<Bytes: AsyncSequence>: AsyncSequence where Bytes.Element == UInt8 {
    public typealias Element = [UInt8]

    let bytes: Bytes
    let chunkSize: Int

    /// Groups `bytes` into chunks of at most `chunkSize` bytes (64 KiB by default).
    public init(bytes: Bytes, chunkSize: Int = 64 << 10) {
        self.bytes = bytes
        self.chunkSize = Swift.max(1, chunkSize)
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: bytes.makeAsyncIterator(), chunkSize: chunkSize)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Bytes.AsyncIterator
        let chunkSize: Int

        public mutating func next() async throws -> [UInt8]? {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(chunkSize)
            while chunk.count < chunkSize, let byte = try await base.next() {
                chunk.append(byte)
            }
            return chunk.isEmpty ? nil : chunk
        }
    }
}

extension CSVAsyncByteChunks: Sendable where Bytes: Sendable {}

extension AsyncSequence where Element: Collection, Element.Element == UInt8 {
    /// The CSV records of this sequence of byte chunks.
    public func csvRecords(options: CSVReaderOptions = CSVReaderOptions()) -> CSVAsyncRecords<Self> {
        CSVAsyncRecords(chunks: self, options: options)
    }
}

extension AsyncSequence where Element == UInt8 {
    /// The CSV records of this sequence of bytes (grouped into 64 KiB chunks first).
    public func csvRecords(options: CSVReaderOptions = CSVReaderOptions()) -> CSVAsyncRecords<CSVAsyncByteChunks<Self>> {
        CSVAsyncRecords(chunks: CSVAsyncByteChunks(bytes: self), options: options)
    }
}
