#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PWBICSV
import Synchronization

/// Where a command reads its input and writes its output. The tool uses the process's
/// standard streams; tests use ``CommandIO/capturing(input:)`` (or ``CommandIO/capturing(inputDescriptor:)``
/// for a real descriptor) and read what was written.
///
/// Every read is bounded: ``readInput(_:limit:what:)`` reads at most `limit` + 1 bytes and rejects
/// the input (exit 1, the limit named) when there are more; ``forEachChunk(_:_:)`` and
/// ``csvReader(_:options:)`` stream at constant memory.
struct CommandIO: Sendable {
    /// Standard output (data: digests, records, reports).
    let output: TextSink
    /// Standard error (reasons, warnings, usage).
    let error: TextSink
    private let standardInput: StandardInput

    /// Standard input: the process's descriptor, or bytes given by a test.
    enum StandardInput: Sendable {
        case descriptor(Int32)
        case bytes([UInt8])
    }

    /// The limit ``readInput(_:limit:what:)`` applies when a command names none: 16 MiB.
    static let defaultLimit = 16 << 20
    /// The size of each read when streaming.
    static let chunkSize = 1 << 16

    init(output: TextSink, error: TextSink, standardInput: StandardInput) {
        self.output = output
        self.error = error
        self.standardInput = standardInput
    }

    /// Writes a line (a newline is appended) to standard output.
    func print(_ text: String) { output.write(text + "\n") }

    /// Writes a line (a newline is appended) to standard error.
    func printError(_ text: String) { error.write(text + "\n") }

    /// The bytes of FILE, or of standard input when FILE is nil or `-`: at most `limit` bytes. At
    /// most `limit` + 1 bytes are read; more is ``InputRejected`` naming the limit (`what` says
    /// whose limit it is, e.g. "a JSON document").
    func readInput(_ path: String?, limit: Int = CommandIO.defaultLimit, what: String = "the input") throws -> [UInt8] {
        let name = Self.name(path)
        var bytes: [UInt8] = []
        try forEachChunk(path, maximum: limit < Int.max ? limit + 1 : limit) { chunk in bytes.append(contentsOf: chunk) }
        guard bytes.count <= limit else { throw Self.tooLarge(name, limit: limit, what: what) }
        return bytes
    }

    /// The whole content of a file, at most `limit` bytes; an unreadable or larger file is ``InputRejected``.
    func readFile(_ path: String, limit: Int = CommandIO.defaultLimit, what: String = "the file") throws -> [UInt8] {
        try readInput(path == "-" ? "./-" : path, limit: limit, what: what)
    }

    /// Hands FILE (or standard input) to `body` chunk by chunk, holding one chunk at a time.
    func forEachChunk(_ path: String?, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try forEachChunk(path, maximum: Int.max, body)
    }

    /// A streaming CSV reader over FILE, or over standard input when FILE is nil or `-`.
    func csvReader(_ path: String?, options: CSVReaderOptions) throws -> CSVReader {
        guard let path, path != "-" else {
            switch standardInput {
            case .descriptor(let descriptor): return CSVReader(fileDescriptor: descriptor, options: options)
            case .bytes(let bytes): return CSVReader(bytes: bytes, options: options)
            }
        }
        do {
            return try CSVReader(contentsOfFile: path, options: options)
        } catch {
            throw InputRejected("cannot read \(path): \(error.message)")
        }
    }

    /// `FILE`, or `standard input`.
    static func name(_ path: String?) -> String {
        guard let path, path != "-" else { return "standard input" }
        return path
    }

    /// `standard input is larger than the 4 MiB (4194304-byte) limit for a JSON document`.
    static func tooLarge(_ name: String, limit: Int, what: String) -> InputRejected {
        let size = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB (\(limit)-byte)" : "\(limit)-byte"
        return InputRejected("\(name) is larger than the \(size) limit for \(what); nothing was processed")
    }

    /// The first `count` bytes of FILE or standard input (fewer when it is shorter); the rest is not read.
    func prefix(_ path: String?, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(path, maximum: count) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Reads FILE or standard input in chunks, `maximum` bytes at most, and hands each to `body`.
    private func forEachChunk(_ path: String?, maximum: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let name = Self.name(path)
        let descriptor: Int32
        var opened = false
        if let path, path != "-" {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw InputRejected("cannot read \(path): \(String(cString: strerror(errno)))") }
            opened = true
        } else {
            switch standardInput {
            case .descriptor(let standard):
                descriptor = standard
            case .bytes(let bytes):
                try bytes.prefix(maximum).withUnsafeBytes(body)
                return
            }
        }
        defer { if opened { close(descriptor) } }
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        var remaining = maximum
        while remaining > 0 {
            let want = min(remaining, chunk.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, want) }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputRejected("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return }
            try chunk.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            remaining -= count
        }
    }

    /// The process's own standard streams.
    static var standard: CommandIO {
        CommandIO(output: TextSink(descriptor: 1), error: TextSink(descriptor: 2), standardInput: .descriptor(0))
    }

    /// An IO whose output and error are kept in memory, for tests.
    static func capturing(input: [UInt8] = []) -> CommandIO {
        CommandIO(output: TextSink(), error: TextSink(), standardInput: .bytes(input))
    }

    /// An IO reading standard input from `inputDescriptor` (a file or pipe a test opened; the test
    /// closes it), output and error kept in memory.
    static func capturing(inputDescriptor: Int32) -> CommandIO {
        CommandIO(output: TextSink(), error: TextSink(), standardInput: .descriptor(inputDescriptor))
    }
}

/// A buffered, thread-safe text destination: a file descriptor, or memory for tests.
final class TextSink: Sendable {
    private struct State {
        var buffer: [UInt8] = []
        var captured: [UInt8] = []
    }

    private let descriptor: Int32?
    private let state = Mutex(State())
    private static let flushThreshold = 1 << 16

    /// A sink that writes to `descriptor` (1 stdout, 2 stderr), buffered.
    init(descriptor: Int32) { self.descriptor = descriptor }

    /// A sink that keeps everything in memory (see ``text``).
    init() { self.descriptor = nil }

    func write(_ text: String) {
        state.withLock { state in
            if descriptor == nil {
                state.captured.append(contentsOf: text.utf8)
            } else {
                state.buffer.append(contentsOf: text.utf8)
                if state.buffer.count >= Self.flushThreshold { drain(&state.buffer) }
            }
        }
    }

    /// Writes any buffered bytes to the descriptor.
    func flush() {
        state.withLock { drain(&$0.buffer) }
    }

    /// Everything written so far (in-memory sinks only).
    var text: String {
        state.withLock { String(decoding: $0.captured, as: UTF8.self) }
    }

    private func drain(_ buffer: inout [UInt8]) {
        guard let descriptor, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 {
                    if written < 0 && errno == EINTR { continue }
                    return  // the reader went away (e.g. `| head`); drop the rest quietly
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, pointer, count)
    #elseif canImport(Musl)
    return Musl.write(descriptor, pointer, count)
    #else
    return Darwin.write(descriptor, pointer, count)
    #endif
}
