#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PWBISignatures
import Testing

@testable import pwbi

/// Every command reads at most its limit + 1 bytes before rejecting (exit 1, the limit named);
/// digests and `csv parse -` / `csv import -` stream from a real descriptor.
@Suite("pwbi bounded and streamed input")
struct BoundedInputTests {
    /// A temporary file holding `bytes`, removed by `remove()`.
    struct TemporaryFile {
        let path: String
        init(_ bytes: [UInt8], suffix: String = "") throws {
            path = NSTemporaryDirectory() + "pwbi-cli-\(UInt64.random(in: 0...UInt64.max))\(suffix)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Runs `argv` with standard input read from a descriptor over `input`; also returns how many
    /// bytes of the descriptor were consumed.
    func run(_ argv: [String], stdin input: [UInt8]) async throws -> (ToolExit, String, String, consumed: Int) {
        let file = try TemporaryFile(input)
        defer { file.remove() }
        let descriptor = open(file.path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let io = CommandIO.capturing(inputDescriptor: descriptor)
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text, Int(lseek(descriptor, 0, SEEK_CUR)))
    }

    @Test(arguments: [
        (["map", "--source", "pawoon"], 4 << 20, "4 MiB (4194304-byte) limit for a JSON document"),
        (["sign", "--scheme", "github", "--secret", "s"], 16 << 20, "16 MiB (16777216-byte) limit for a webhook body"),
        (["verify", "--scheme", "github", "--secret", "s", "--header", "X-Hub-Signature-256: sha256=00"], 16 << 20,
         "16 MiB (16777216-byte) limit for a webhook body"),
    ])
    func oversizedInputIsRejectedAfterLimitPlusOneBytes(argv: [String], limit: Int, message: String) async throws {
        let (status, output, error, consumed) = try await run(argv, stdin: [UInt8](repeating: 0x20, count: limit + 4096))
        #expect(status == .rejected)
        #expect(output.isEmpty)
        #expect(error.contains("standard input is larger than the \(message)"))
        #expect(!error.contains("malformed JSON"))
        #expect(consumed == limit + 1)
    }

    @Test func inputAtTheLimitIsRead() async throws {
        // Exactly 4 MiB of JSON is read whole and parsed (then rejected for what it is, not its size).
        let body = Array(#"{"a":""#.utf8) + [UInt8](repeating: 0x61, count: (4 << 20) - 8) + Array(#""}"#.utf8)
        let (status, _, error, consumed) = try await run(["map", "--source", "pawoon"], stdin: body)
        #expect(consumed == body.count)
        #expect(status == .rejected)
        #expect(!error.contains("limit"))
    }

    @Test func digestsStreamAFileAndStandardInput() async throws {
        var bytes = [UInt8](repeating: 0, count: (3 << 20) + 17)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
        let file = try TemporaryFile(bytes)
        defer { file.remove() }
        let (status, output, _, consumed) = try await run(["sha256", "-"], stdin: bytes)
        #expect(status == .ok)
        #expect(consumed == bytes.count)
        #expect(output == "\(SHA256.hash(data: bytes).hexString)  -\n")
        let io = CommandIO.capturing()
        #expect(await CommandLineTool.standard.run(["sha512", file.path], io: io) == .ok)
        #expect(io.output.text == "\(SHA512.hash(data: bytes).hexString)  \(file.path)\n")
        let hmacIO = CommandIO.capturing()
        #expect(await CommandLineTool.standard.run(["hmac", "--key-hex", "0b0b", file.path], io: hmacIO) == .ok)
        #expect(hmacIO.output.text == HMAC<SHA256>(key: [0x0B, 0x0B]).authenticationCode(for: bytes).hexString + "\n")
    }

    @Test func csvParseStreamsStandardInput() async throws {
        var text = "Date,Amount,Transaction ID\n"
        for row in 0..<20_000 { text += "2025-12-27,\"1,\(row % 1000)\",TXN-\(row)\n" }
        let (status, output, error, consumed) = try await run(["csv", "parse", "-"], stdin: Array(text.utf8))
        #expect(status == .ok, "\(error)")
        #expect(consumed == text.utf8.count)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 20_001)
        #expect(lines.last == #"["2025-12-27","1,999","TXN-19999"]"#)
    }

    @Test func csvImportOfATruncatedFileOrStdinExitsOneNamingWhere() async throws {
        let truncated = Array("Date,Amount,Transaction ID\n2025-12-27,80500,TXN-801\n2025-12-27,\"1,250,000.00\",TXN-802\n2025-12-28,\"1,25".utf8)
        let file = try TemporaryFile(truncated, suffix: ".csv")
        defer { file.remove() }
        let io = CommandIO.capturing()
        let status = await CommandLineTool.standard.run(["csv", "import", "--source", "generic", file.path], io: io)
        #expect(status == .rejected)
        #expect(io.output.text.isEmpty, "nothing is stored from a rejected file")
        #expect(io.error.text.hasPrefix("Invalid format: row 4, line 4, column 12: A quoted field starting here is never closed."))

        let (piped, _, error, _) = try await run(["csv", "import", "--source", "generic", "-"], stdin: truncated)
        #expect(piped == .rejected)
        #expect(error.contains("Invalid format: row 4, line 4, column 12"))

        let lenient = CommandIO.capturing()
        #expect(await CommandLineTool.standard.run(["csv", "import", "--source", "generic", "--lenient", file.path], io: lenient) == .rejected)
        #expect(lenient.output.text.split(separator: "\n").count == 2)
    }

    @Test func csvImportOfADuplicatedIdExitsOneNamingBothRows() async throws {
        let text = "Date,Amount,Transaction ID\n2025-12-27,80500,A\n2025-12-27,15000,B\n2025-12-28,99000,C\n2025-12-27,85000,A\n"
        let (status, output, error, _) = try await run(["csv", "import", "--source", "generic", "-"], stdin: Array(text.utf8))
        #expect(status == .rejected)
        #expect(output.split(separator: "\n").count == 3)
        #expect(error.contains(#"row 5: Duplicate transaction ID: Transaction ID "A" on rows 2 and 5 with different amounts"#))
        #expect(!error.contains("updated") || error.contains("0 updated"))
    }

    @Test func utf16WithoutAMarkIsRejectedAsUTF16() async throws {
        let utf16 = Array("Date,Amount\r\n2025-12-27,80500\r\n".utf16).flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] }
        let file = try TemporaryFile(utf16, suffix: ".csv")
        defer { file.remove() }
        for argv in [["csv", "sniff", file.path], ["csv", "parse", file.path]] {
            let io = CommandIO.capturing()
            #expect(await CommandLineTool.standard.run(argv, io: io) == .rejected)
            #expect(io.error.text.contains("UTF-16 (little-endian"), "\(argv)")
        }
        let (status, _, error, _) = try await run(["csv", "sniff", "-"], stdin: utf16)
        #expect(status == .rejected)
        #expect(error.contains("UTF-16"))
    }

    @Test(arguments: ["csv", "help csv", "map", "sha256"])
    func everyGroupHasHelp(_ words: String) async throws {
        let io = CommandIO.capturing()
        let argv = words.split(separator: " ").map(String.init) + (words.hasPrefix("help") ? [] : ["--help"])
        #expect(await CommandLineTool.standard.run(argv, io: io) == .ok)
        #expect(io.error.text.isEmpty)
        #expect(io.output.text.hasPrefix("usage: pwbi"))
        if words.hasSuffix("csv") {
            for sub in ["parse", "sniff", "import", "template"] { #expect(io.output.text.contains("csv \(sub)")) }
        }
    }

    @Test func everyCommandGroupAnswersHelp() async {
        let groups = Set(CommandLineTool.standard.commands.map { String($0.name.split(separator: " ")[0]) })
        for group in groups {
            let io = CommandIO.capturing()
            #expect(await CommandLineTool.standard.run([group, "--help"], io: io) == .ok, "\(group)")
            #expect(!io.output.text.contains("unknown"), "\(group)")
        }
    }

    @Test(arguments: [("1e308", "expects a decimal number such as 2 or 1.5 (digits and one '.', no sign or exponent), got '1e308'"),
                      ("1.2.3", "expects a decimal number such as 2 or 1.5"),
                      ("0.5", "--multiplier must be a finite number ≥ 1")])
    func multiplierMessagesNameTheProblem(value: String, message: String) async {
        let io = CommandIO.capturing()
        #expect(await CommandLineTool.standard.run(["backoff", "--multiplier", value], io: io) == .usage)
        #expect(io.error.text.contains(message))
    }
}
