import PWBICSV
import Testing

/// In the spirit of swift-nio's `ByteToMessageDecoderVerifier`: every fixture, fed whole,
/// one byte at a time, in random chunk sizes, through the file reader with tiny reads and
/// through the async sequence, must give identical records, positions and errors.
@Suite("Chunk-boundary verifier")
struct ChunkBoundaryTests {

    @Test(arguments: FixtureCase.all.indices)
    func everyFeedingAgrees(_ index: Int) async throws {
        let fixture = FixtureCase.all[index]
        let bytes = try Resources.fixture(fixture.file)
        for options in [fixture.options, .shrinkingSample(fixture.options)] {
            let reference = try read(bytes, options: options, feeding: .wholeBuffer)
            for feeding in Feeding.all.dropFirst() {
                let outcome = try read(bytes, options: options, feeding: feeding)
                #expect(outcome == reference, "\(fixture.testDescription) fed as \(feeding):\n\(outcome)\nexpected:\n\(reference)")
            }
            for chunks in [[bytes], bytes.map { [$0] }, randomChunks(bytes, seed: 7)] {
                let events = await readAsync(chunks, options: options)
                #expect(events == reference.untilFirstError, "\(fixture.testDescription) through the async sequence")
            }
        }
    }

    @Test func splitByteOrderMarkAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n".utf8)
        for split in 1..<bytes.count {
            var parser = CSVStreamParser(options: .with(.comma, sample: 1))
            var records: [[String]] = []
            parser.append(bytes[..<split])
            while let record = try parser.next() { records.append(record.fields) }
            parser.append(bytes[split...])
            parser.finish()
            while let record = try parser.next() { records.append(record.fields) }
            #expect(records == [["1", "2"]], "split at \(split)")
            let names = parser.header?.names
            #expect(names == ["a", "b"])
            let finished = parser.isFinished
            #expect(finished)
        }
    }

    @Test func singleBytesAsyncSequence() async throws {
        let bytes = try Resources.fixture("pos-export.csv")
        var fields: [[String]] = []
        for try await record in SingleBytes(bytes: bytes).csvRecords() { fields.append(record.fields) }
        #expect(fields == (try read(bytes)).records)
    }

    @Test func asyncZeroCopyViews() async throws {
        let bytes = try Resources.fixture("quoted-newlines.csv")
        var lines: [Int] = []
        try await Chunks(chunks: randomChunks(bytes, seed: 3)).csvRecords().forEachRecord { view in
            lines.append(view.line)
        }
        #expect(lines == [2, 4, 6])
    }
}

struct SingleBytes: AsyncSequence, Sendable {
    let bytes: [UInt8]
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let bytes: [UInt8]
        mutating func next() async -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes) }
}

extension CSVReaderOptions {
    /// The same options with a tiny detection sample, so that records are parsed while
    /// chunks are still arriving (rather than after the first 64 KiB).
    static func shrinkingSample(_ options: CSVReaderOptions) -> CSVReaderOptions {
        var copy = options
        copy.detectionSampleBytes = 5
        return copy
    }
}
