import Foundation
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

    @Test(arguments: FixtureCase.all.indices)
    func zeroCopyIterationAgrees(_ index: Int) throws {
        let fixture = FixtureCase.all[index]
        let bytes = try Resources.fixture(fixture.file)
        for options in [fixture.options, .shrinkingSample(fixture.options)] {
            let reference = try read(bytes, options: options).untilFirstError
            var reader = CSVReader(bytes: bytes, options: options)
            #expect(try views(&reader) == reference, "\(fixture.testDescription) as views")
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-csv-\(UUID().uuidString).csv")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            for chunkSize in [1, 3, 64] {
                var fileReader = try CSVReader(contentsOfFile: url.path, options: options, chunkSize: chunkSize)
                #expect(try views(&fileReader) == reference, "\(fixture.testDescription) as views of a file read \(chunkSize) bytes at a time")
            }
        }
    }

    /// Events through `forEachRecord` (which stops at the first error).
    func views(_ reader: inout CSVReader) throws -> [Outcome.Event] {
        var events: [Outcome.Event] = []
        do {
            try reader.forEachRecord { view in events.append(.record(view.makeRecord())) }
        } catch let error as CSVError {
            events.append(.error(error))
        }
        return events
    }

    @Test func longRepeatedFieldsAreNeverConfused() throws {
        // Same length, same first and last 8 bytes: the string cache must compare all bytes.
        let values = (0..<40).map { "Kopi Kenangan \(String(format: "%02d", $0)) Sudirman Jakarta" }
        var text = "id,outlet\n"
        for round in 0..<5 {
            for (index, value) in values.enumerated() { text += "\(round * 100 + index),\(value)\n" }
        }
        var reader = CSVReader(bytes: Array(text.utf8))
        var seen: [String] = []
        while let record = try reader.next() { seen.append(record[1]) }
        #expect(seen == Array(repeating: values, count: 5).flatMap { $0 })
        var viewReader = CSVReader(bytes: Array(text.utf8))
        var viewed: [String] = []
        try viewReader.forEachRecord { view in viewed.append(view.string(named: "outlet") ?? "") }
        #expect(viewed == seen)
    }

    /// A fuzzer's find: text that starts like UTF-16 without a mark (zero bytes on one side) and
    /// then turns to single-byte text. Detection must see the same bytes however the input is fed,
    /// so a stream waits for all the pairs UTF-16 detection examines before deciding.
    @Test func utf16DetectionIsTheSameWhateverTheFeeding() throws {
        let base64 = "AEQAYQB0AGUALABtYSxIYXJnYQpDYWbpLIAyNQpKdW2SYXRBAG0AbwB1AG4AdAAsAFQAcgBhAG4AcwBhAGMAdABpAG8AbgAgAEkARAANAAoAMgAwADIANQAtADEAMgAtADIANwAsADgAMAA1ADAAMAAsAFQAWABOAC0AMAAwADEADQAK"
        let bytes = try #require(Data(base64Encoded: base64).map { [UInt8]($0) })
        for sample in [8, 19, 39] {
            let options = CSVReaderOptions.with(.comma, sample: sample)
            let reference = try read(bytes, options: options, feeding: .wholeBuffer)
            for feeding in Feeding.all.dropFirst() {
                #expect(try read(bytes, options: options, feeding: feeding) == reference, "sample \(sample) fed as \(feeding)")
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
