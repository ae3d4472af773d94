import Testing

@testable import pwbi

@Suite("pwbi sha256, sha512, hmac, sign, verify")
struct SignatureCommandTests {
    func run(_ argv: [String], input: String = "") async -> (ToolExit, String, String) {
        let io = CommandIO.capturing(input: Array(input.utf8))
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    @Test func sha256AndSha512PrintLikeSha256sum() async {
        let (status, output, _) = await run(["sha256"], input: "abc")
        #expect(status == .ok)
        #expect(output == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n")
        let (status512, output512, _) = await run(["sha512", "-"], input: "abc")
        #expect(status512 == .ok)
        #expect(output512.hasPrefix("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"))
        #expect(output512.hasSuffix("  -\n"))
    }

    @Test func sha256OfAMissingFileIsRejected() async {
        let (status, _, error) = await run(["sha256", "/nonexistent/pwbi-file"])
        #expect(status == .rejected)
        #expect(error.contains("cannot read /nonexistent/pwbi-file"))
    }

    @Test func hmacWithAHexKey() async {
        // RFC 4231 test case 1.
        let (status, output, _) = await run(["hmac", "--key-hex", String(repeating: "0b", count: 20)], input: "Hi There")
        #expect(status == .ok)
        #expect(output == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7\n")
        let (bad, _, error) = await run(["hmac", "--key-hex", "0g"], input: "x")
        #expect(bad == .usage)
        #expect(error.contains("--key-hex expects hex digits"))
        let (missing, _, missingError) = await run(["hmac"], input: "x")
        #expect(missing == .usage)
        #expect(missingError.contains("missing required option --key-hex"))
    }

    @Test func signPrintsHeaders() async {
        let (status, output, _) = await run(
            ["sign", "--scheme", "github", "--secret", "It's a Secret to Everybody"], input: "Hello, World!")
        #expect(status == .ok)
        #expect(output == "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n")
        let (standard, standardOutput, _) = await run(
            ["sign", "--scheme", "standard-webhooks", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
             "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "--timestamp", "1614265330"],
            input: #"{"test": 2432232314}"#)
        #expect(standard == .ok)
        #expect(standardOutput == """
            webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek
            webhook-timestamp: 1614265330
            webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=

            """)
    }

    @Test func signUsageErrors() async {
        for argv in [
            ["sign", "--scheme", "nope", "--secret", "s"],
            ["sign", "--secret", "s"],
            ["sign", "--scheme", "github"],
            ["sign", "--scheme", "github", "--secret", ""],
            ["sign", "--scheme", "standard-webhooks", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
            ["sign", "--scheme", "standard-webhooks", "--secret", "whsec_AAAA", "--id", "m"],
            ["sign", "--scheme", "stripe", "--secret", "s", "--timestamp", "-1"],
            ["sign", "--scheme", "stripe", "--secret", "s", "--bogus"],
        ] {
            let (status, _, error) = await run(argv, input: "{}")
            #expect(status == .usage, "\(argv)")
            #expect(error.contains("usage: pwbi sign"), "\(argv)")
        }
        let (midtrans, _, error) = await run(["sign", "--scheme", "midtrans", "--secret", "k"], input: #"{"order_id":"1"}"#)
        #expect(midtrans == .rejected)
        #expect(error == "missing body field status_code\n")
    }

    @Test func verifyValidInvalidAndUsage() async {
        let body = "Hello, World!"
        let header = "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        let (ok, output, _) = await run(
            ["verify", "--scheme", "github", "--secret", "old", "--secret", "It's a Secret to Everybody", "--header", header],
            input: body)
        #expect(ok == .ok)
        #expect(output == "valid\n")

        let (rejected, rejectedOutput, reason) = await run(
            ["verify", "--scheme", "github", "--secret", "old", "--header", header], input: body)
        #expect(rejected == .rejected)
        #expect(rejectedOutput.isEmpty)
        #expect(reason == "no matching signature\n")

        let (missing, _, missingReason) = await run(["verify", "--scheme", "github", "--secret", "s"], input: body)
        #expect(missing == .rejected)
        #expect(missingReason == "missing header X-Hub-Signature-256\n")

        for argv in [
            ["verify", "--scheme", "github", "--header", header],
            ["verify", "--scheme", "nope", "--secret", "s", "--header", header],
            ["verify", "--scheme", "github", "--secret", "s", "--header", "no colon here"],
            ["verify", "--scheme", "github", "--secret", "s", "--header", ": value"],
            ["verify", "--scheme", "stripe", "--secret", "s", "--header", header, "--now", "yesterday"],
            ["verify", "--scheme", "stripe", "--secret", "s", "--header", header, "--tolerance", "-5"],
            ["verify", "--scheme", "standard-webhooks", "--secret", "whsec_AAAA", "--header", header],
            ["verify", "--scheme", "github", "--secret", "s", "a", "b"],
        ] {
            let (status, _, error) = await run(argv, input: body)
            #expect(status == .usage, "\(argv)")
            #expect(error.contains("usage: pwbi verify"), "\(argv)")
        }
    }

    @Test func verifyTimestampedWithNowAndTolerance() async {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let body = #"{"test": 2432232314}"#
        let headers = [
            "--header", "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
            "--header", "webhook-timestamp: 1614265330",
            "--header", "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ]
        let base = ["verify", "--scheme", "standard-webhooks", "--secret", secret] + headers
        let (ok, output, _) = await run(base + ["--now", "1614265400"], input: body)
        #expect(ok == .ok && output == "valid\n")
        let (old, _, reason) = await run(base + ["--now", "1614266000"], input: body)
        #expect(old == .rejected)
        #expect(reason == "timestamp too old: 670 s ago, tolerance 300 s\n")
        let (wide, _, _) = await run(base + ["--now", "1614266000", "--tolerance", "700"], input: body)
        #expect(wide == .ok)
        let (new, _, newReason) = await run(base + ["--now", "1614265000", "--tolerance", "60"], input: body)
        #expect(new == .rejected)
        #expect(newReason == "timestamp too new: 330 s ahead, tolerance 60 s\n")
        let (disabled, _, _) = await run(base + ["--now", "1900000000", "--tolerance", "disabled"], input: body)
        #expect(disabled == .ok)
    }

    @Test func verifyMidtransFromTheBody() async {
        let body = #"{"order_id":"ORDER-101","status_code":"200","gross_amount":"100000.00","signature_key":"8d20f350bf7332202b458f2a80e6dcad9aa8e743d3b7698c0e388734fad69f20928dc38a1e127b68faf35fde14b7c83cf7b44de72184082cc781849dbfbed224"}"#
        let (ok, output, _) = await run(["verify", "--scheme", "midtrans", "--secret", "SB-Mid-server-TEST"], input: body)
        #expect(ok == .ok && output == "valid\n")
        let (bad, _, reason) = await run(["verify", "--scheme", "midtrans", "--secret", "SB-Mid-server-TEST"], input: "{")
        #expect(bad == .rejected)
        #expect(reason == "malformed body at offset 1: unexpected end of body\n")
    }

    @Test func commandsAreListed() async {
        let (_, output, _) = await run(["--help"])
        for name in ["sha256", "sha512", "hmac", "sign", "verify"] {
            #expect(output.contains("  \(name) "))
        }
    }
}
