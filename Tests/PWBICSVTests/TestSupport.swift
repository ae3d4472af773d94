import Foundation
import PWBICSV

/// A fixture or vector file from the test bundle.
enum Resources {
    static let root: URL = {
        guard let url = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            preconditionFailure("test resources missing from the bundle")
        }
        return url
    }()

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        try bytes("Fixtures/" + name)
    }
}

/// A deterministic random source (SplitMix64) so property tests and random chunkings repeat.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What a reader produced: its header and, in order, every record and error.
struct Outcome: Equatable, CustomStringConvertible {
    enum Event: Equatable {
        case record(CSVRecord)
        case error(CSVError)
    }

    var header: [String]?
    var events: [Event] = []

    var records: [[String]] {
        events.compactMap { if case .record(let record) = $0 { record.fields } else { nil } }
    }

    var errors: [CSVError] {
        events.compactMap { if case .error(let error) = $0 { error } else { nil } }
    }

    /// Events up to and including the first error (what an async iteration sees).
    var untilFirstError: [Event] {
        guard let index = events.firstIndex(where: { if case .error = $0 { true } else { false } }) else { return events }
        return Array(events[...index])
    }

    var description: String {
        var lines = ["header: \(header.map { "\($0)" } ?? "none")"]
        for event in events {
            switch event {
            case .record(let record): lines.append("record \(record.number) line \(record.line) @\(record.byteOffset): \(record.fields)")
            case .error(let error): lines.append("error \(error.kind) at \(error.record)/\(error.line)/\(error.column)/@\(error.byteOffset)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Ways to hand the same bytes to the readers.
enum Feeding: CustomStringConvertible {
    case wholeBuffer
    case streamWhole
    case byteAtATime
    case randomChunks(seed: UInt64)
    case file(chunkSize: Int)

    var description: String {
        switch self {
        case .wholeBuffer: "whole buffer"
        case .streamWhole: "stream, one chunk"
        case .byteAtATime: "stream, one byte at a time"
        case .randomChunks(let seed): "stream, random chunks (seed \(seed))"
        case .file(let size): "file, \(size)-byte reads"
        }
    }

    static let all: [Feeding] = [
        .wholeBuffer, .streamWhole, .byteAtATime,
        .randomChunks(seed: 1), .randomChunks(seed: 2), .randomChunks(seed: 3), .randomChunks(seed: 0xC5F),
        .file(chunkSize: 1), .file(chunkSize: 7), .file(chunkSize: 4096),
    ]
}

/// Chunk sizes 1…17 drawn from `seed`.
func randomChunks(_ bytes: [UInt8], seed: UInt64) -> [[UInt8]] {
    var generator = SplitMix64(seed: seed)
    var chunks: [[UInt8]] = []
    var index = 0
    while index < bytes.count {
        let size = Int(generator.next() % 17) + 1
        let end = min(bytes.count, index + size)
        chunks.append(Array(bytes[index..<end]))
        index = end
    }
    return chunks
}

/// Reads every record and error of `bytes` the way `feeding` says; recoverable errors are
/// recorded and reading goes on.
func read(_ bytes: [UInt8], options: CSVReaderOptions = CSVReaderOptions(), feeding: Feeding = .wholeBuffer) throws -> Outcome {
    var outcome = Outcome()
    switch feeding {
    case .wholeBuffer:
        var reader = CSVReader(bytes: bytes, options: options)
        drain(&outcome) { () throws(CSVError) in try reader.next() }
        outcome.header = reader.header?.names
    case .file(let chunkSize):
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-csv-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = try CSVReader(contentsOfFile: url.path, options: options, chunkSize: chunkSize)
        drain(&outcome) { () throws(CSVError) in try reader.next() }
        outcome.header = reader.header?.names
    case .streamWhole, .byteAtATime, .randomChunks:
        let chunks: [[UInt8]]
        switch feeding {
        case .byteAtATime: chunks = bytes.map { [$0] }
        case .randomChunks(let seed): chunks = randomChunks(bytes, seed: seed)
        default: chunks = [bytes]
        }
        var parser = CSVStreamParser(options: options)
        for chunk in chunks {
            parser.append(chunk)
            drain(&outcome) { () throws(CSVError) in try parser.next() }
        }
        parser.finish()
        drain(&outcome) { () throws(CSVError) in try parser.next() }
        outcome.header = parser.header?.names
    }
    return outcome
}

private func drain(_ outcome: inout Outcome, _ next: () throws(CSVError) -> CSVRecord?) {
    while true {
        do {
            guard let record = try next() else { return }
            outcome.events.append(.record(record))
        } catch {
            outcome.events.append(.error(error))
        }
    }
}

/// An async sequence over fixed chunks.
struct Chunks: AsyncSequence, Sendable {
    let chunks: [[UInt8]]
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let chunks: [[UInt8]]
        mutating func next() async -> [UInt8]? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            return chunks[index]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks) }
}

/// Reads through ``CSVAsyncRecords``: events up to the first error.
func readAsync(_ chunks: [[UInt8]], options: CSVReaderOptions = CSVReaderOptions()) async -> [Outcome.Event] {
    var events: [Outcome.Event] = []
    do {
        for try await record in Chunks(chunks: chunks).csvRecords(options: options) {
            events.append(.record(record))
        }
    } catch let error as CSVError {
        events.append(.error(error))
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return events
}

extension CSVReaderOptions {
    static func with(
        _ delimiter: CSVDelimiter = .auto,
        quoteHandling: CSVQuoteHandling = .lenient,
        raggedRows: CSVRaggedRowPolicy = .error,
        encoding: CSVEncoding = .utf8,
        header: CSVHeaderOptions = .firstRecord,
        trims: Bool = false,
        sample: Int = 64 << 10
    ) -> CSVReaderOptions {
        CSVReaderOptions(
            dialect: CSVDialect(delimiter: delimiter, trimsWhitespace: trims, quoteHandling: quoteHandling, raggedRows: raggedRows),
            encoding: encoding, header: header, detectionSampleBytes: sample)
    }
}
