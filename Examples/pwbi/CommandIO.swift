#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where a command reads its input and writes its output. The tool uses the process's
/// standard streams; tests use ``CommandIO/capturing(input:)`` and read what was written.
struct CommandIO: Sendable {
    /// Standard output (data: digests, records, reports).
    let output: TextSink
    /// Standard error (reasons, warnings, usage).
    let error: TextSink
    private let standardInput: @Sendable () throws -> [UInt8]

    init(output: TextSink, error: TextSink, standardInput: @escaping @Sendable () throws -> [UInt8]) {
        self.output = output
        self.error = error
        self.standardInput = standardInput
    }

    /// Writes a line (a newline is appended) to standard output.
    func print(_ text: String) { output.write(text + "\n") }

    /// Writes a line (a newline is appended) to standard error.
    func printError(_ text: String) { error.write(text + "\n") }

    /// The bytes of FILE, or of standard input when FILE is nil or `-`.
    func readInput(_ path: String?) throws -> [UInt8] {
        guard let path, path != "-" else { return try standardInput() }
        return try readFile(path)
    }

    /// The whole content of a file; an unreadable file is ``InputRejected``.
    func readFile(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw InputRejected("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        return try readAll(from: file, name: path)
    }

    /// The process's own standard streams.
    static var standard: CommandIO {
        CommandIO(
            output: TextSink(descriptor: 1),
            error: TextSink(descriptor: 2),
            standardInput: {
                guard let input = fdopen(dup(0), "rb") else { throw InputRejected("cannot read standard input") }
                defer { fclose(input) }
                return try readAll(from: input, name: "standard input")
            }
        )
    }

    /// An IO whose output and error are kept in memory, for tests.
    static func capturing(input: [UInt8] = []) -> CommandIO {
        CommandIO(output: TextSink(), error: TextSink(), standardInput: { input })
    }
}

private func readAll(from file: UnsafeMutablePointer<FILE>, name: String) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count > 0 { bytes.append(contentsOf: chunk[..<count]) }
        if count < chunk.count {
            if ferror(file) != 0 { throw InputRejected("cannot read \(name): read error") }
            return bytes
        }
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
