import Foundation
import Testing

@testable import pwbi

@Suite("pwbi csv parse / sniff")
struct CSVCommandTests {
    func run(_ argv: [String], input: String = "") async -> (ToolExit, String, String) {
        let io = CommandIO.capturing(input: Array(input.utf8))
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-csv-cli-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func parsePrintsNDJSON() async {
        let input = "\u{FEFF}Date,Amount,Note\r\n2025-12-27,\"1,234,500\",\"Es \"\"Kopi\"\"\nlagi\"\r\n"
        let (status, output, error) = await run(["csv", "parse"], input: input)
        #expect(status == .ok)
        #expect(error.isEmpty)
        #expect(output == """
            ["Date","Amount","Note"]
            ["2025-12-27","1,234,500","Es \\"Kopi\\"\\nlagi"]

            """)
    }

    @Test func parseDelimiterChoices() async {
        for (flag, input) in [(";", "a;b\n1;2\n"), ("tab", "a\tb\n1\t2\n"), ("pipe", "a|b\n1|2\n"), (",", "a,b\n1,2\n"), ("auto", "a;b\n1;2\n")] {
            let (status, output, _) = await run(["csv", "parse", "--delimiter", flag], input: input)
            #expect(status == .ok, "\(flag)")
            #expect(output == "[\"a\",\"b\"]\n[\"1\",\"2\"]\n", "\(flag)")
        }
    }

    @Test func parseStrictRejectsWithPosition() async {
        let (status, output, error) = await run(["csv", "parse", "--strict", "--delimiter", ","], input: "a,b\n1,x\"y\n")
        #expect(status == .rejected)
        #expect(output == "[\"a\",\"b\"]\n")
        #expect(error.contains("<stdin>: record 2, line 2, column 4"))
    }

    @Test func parseLenientRecoversQuotes() async {
        let (status, output, _) = await run(["csv", "parse"], input: "a,b\n1,x\"y\n")
        #expect(status == .ok)
        #expect(output == "[\"a\",\"b\"]\n[\"1\",\"x\\\"y\"]\n")
    }

    @Test func parseInvalidUTF8AndWindows1252() async throws {
        let path = try temporaryFile(Array("Nama,Harga\nCaf".utf8) + [0xE9] + Array(",\u{0}10\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, _, error) = await run(["csv", "parse", path])
        #expect(status == .rejected)
        #expect(error.contains("record 2, line 2, column 4"))
        #expect(error.contains("not valid UTF-8"))
        let (fixed, output, _) = await run(["csv", "parse", "--encoding", "windows-1252", path])
        #expect(fixed == .ok)
        #expect(output == "[\"Nama\",\"Harga\"]\n[\"Café\",\"\\u000010\"]\n")
    }

    @Test func parseBadFlagsAreUsageErrors() async {
        let (status, _, error) = await run(["csv", "parse", "--delimiter", "x"])
        #expect(status == .usage)
        #expect(error.contains("--delimiter must be one of"))
        let (encodingStatus, _, _) = await run(["csv", "parse", "--encoding", "latin1"])
        #expect(encodingStatus == .usage)
        let (missing, _, missingError) = await run(["csv", "parse", "/nonexistent/file.csv"])
        #expect(missing == .rejected)
        #expect(missingError.contains("cannot read /nonexistent/file.csv"))
    }

    @Test func sniffReportsDialectAndHeader() async throws {
        let path = try temporaryFile([0xEF, 0xBB, 0xBF] + Array("Tanggal;Jumlah;Keterangan\r\n2025-12-27;1.234,56;Kopi\r\n2025-12-28;99,00;Teh\r\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output, _) = await run(["csv", "sniff", path])
        #expect(status == .ok)
        #expect(output == """
            delimiter: ;
            quote: "
            line ending: CRLF
            byte order mark: UTF-8
            encoding: UTF-8
            header: ["Tanggal","Jumlah","Keterangan"]
            fields: 3

            """)
    }

    @Test func sniffRejectsUTF16AndNeedsAFile() async throws {
        let path = try temporaryFile([0xFF, 0xFE] + Array("a\0,\0b\0".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, _, error) = await run(["csv", "sniff", path])
        #expect(status == .rejected)
        #expect(error.contains("UTF-16"))
        let (usage, _, _) = await run(["csv", "sniff"])
        #expect(usage == .usage)
    }
}
