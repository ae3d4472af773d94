import Foundation
import Testing

@testable import pwbi

@Suite("pwbi pkce, csv import, csv template")
struct IntegrationCommandTests {
    func run(_ argv: [String]) async -> (ToolExit, String, String) {
        let io = CommandIO.capturing()
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    @Test func rfc7636AppendixBVerifier() async {
        let (status, output, error) = await run(["pkce", "--verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"])
        #expect(status == .ok)
        #expect(error.isEmpty)
        #expect(output == """
            code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
            code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM
            code_challenge_method=S256

            """)
    }

    @Test func freshVerifierIs43Characters() async {
        let (status, output, _) = await run(["pkce"])
        #expect(status == .ok)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("code_verifier=") && lines[0].count == "code_verifier=".count + 43)
        #expect(lines[1].hasPrefix("code_challenge=") && lines[1].count == "code_challenge=".count + 43)
        let (_, again, _) = await run(["pkce"])
        #expect(again != output)
    }

    @Test func badVerifierAndExtraArgumentsAreUsageErrors() async {
        let (status, _, error) = await run(["pkce", "--verifier", "short"])
        #expect(status == .usage)
        #expect(error.contains("43 to 128 characters"))
        let (extra, _, _) = await run(["pkce", "surplus"])
        #expect(extra == .usage)
    }

    static func temporaryFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "pwbi-cli-\(UInt64.random(in: 0...UInt64.max)).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func csvImportPrintsNDJSONAndTheReport() async throws {
        let path = try Self.temporaryFile("Date,Amount,Transaction ID\n2025-12-27,80500,TXN-001\n27/12/2025,100,TXN-002\n2025-12-28,\"1,250,000.00\",TXN-003\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output, error) = await run(["csv", "import", "--source", "generic", path])
        #expect(status == .rejected)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
        #expect(lines[0].contains("\"TXN-001\""))
        #expect(lines[1].contains("\"TXN-003\""))
        #expect(error == """
            Imported 2 transactions: 2 new, 0 updated, 0 unchanged (duplicates); 1 row failed
            row 3: Date format error: column Date: expected YYYY-MM-DD (e.g. 2025-12-27), found "27/12/2025"

            """)
    }

    @Test func csvImportOfACleanFileExitsZero() async throws {
        let path = try Self.temporaryFile("transaction_id,grand_total,created_at\nMOKA-1,51975,2025-12-27 16:10:00\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output, error) = await run(["csv", "import", "--source", "moka", path])
        #expect(status == .ok)
        #expect(output.split(separator: "\n").count == 1)
        #expect(error == "Imported 1 transaction: 1 new, 0 updated, 0 unchanged (duplicates)\n")
    }

    @Test func csvImportRejectsFilesAndBadUsage() async throws {
        let path = try Self.temporaryFile("Tanggal,Total\n2025-12-27,1\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output, error) = await run(["csv", "import", "--source", "generic", path])
        #expect(status == .rejected)
        #expect(output.isEmpty)
        #expect(error.hasPrefix("Invalid format: missing required columns Date, Amount, Transaction ID."))
        #expect(await run(["csv", "import", "--source", "qasir", path]).0 == .usage)
        #expect(await run(["csv", "import", path]).0 == .usage)
        #expect(await run(["csv", "import", "--source", "generic"]).0 == .usage)
    }

    @Test func csvTemplate() async {
        let (status, output, _) = await run(["csv", "template", "--source", "pawoon"])
        #expect(status == .ok)
        #expect(output == "Date,Transaction ID,Total,Tax,Items\r\n")
        #expect(await run(["csv", "template", "--source", "generic"]).1 == "Date,Amount,Transaction ID\r\n")
        #expect(await run(["csv", "template"]).0 == .usage)
    }
}
