import Testing

@testable import pwbi

@Suite("pwbi pkce")
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
}
