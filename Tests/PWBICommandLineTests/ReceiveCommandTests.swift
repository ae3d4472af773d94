import Foundation
import Testing

@testable import pwbi

@Suite("pwbi receive")
struct ReceiveCommandTests {
    static let payloads = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples/Payloads").standardizedFileURL.path

    func run(_ argv: [String], input: String = "") async -> (ToolExit, String, String) {
        let io = CommandIO.capturing(input: Array(input.utf8))
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    func signatureHeader() throws -> String {
        try String(contentsOfFile: Self.payloads + "/karage-order.headers", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func body(_ output: String) throws -> [String: Any] {
        let lines = output.split(separator: "\n", maxSplits: 1)
        #expect(lines.count == 2)
        return try #require(try JSONSerialization.jsonObject(with: Data(lines.last.map(String.init)?.utf8 ?? "".utf8)) as? [String: Any])
    }

    @Test func aSignedKarageOrderIsStored() async throws {
        let (status, output, error) = await run([
            "receive", "--source", "karage", "--secret", "pwbi-demo-secret", "--header", try signatureHeader(),
            Self.payloads + "/karage-order.json",
        ])
        #expect(status == .ok, "\(error)")
        #expect(output.hasPrefix("200 OK\n"))
        let json = try body(output)
        #expect(json["success"] as? Bool == true)
        #expect(json["internal_id"] as? String == "txn_0000000000000001")
        #expect(json["event_type"] as? String == "transaction.created")
    }

    @Test func theBodyMayComeFromStandardInput() async throws {
        let order = try String(contentsOfFile: Self.payloads + "/karage-order.json", encoding: .utf8)
        let (status, output, _) = await run(
            ["receive", "--source", "karage", "--secret", "pwbi-demo-secret", "--header", try signatureHeader()], input: order
        )
        #expect(status == .ok)
        #expect(output.hasPrefix("200 OK\n"))
    }

    @Test func aWrongSecretIs401AndExit1() async throws {
        let (status, output, _) = await run([
            "receive", "--source", "karage", "--secret", "not-it", "--header", try signatureHeader(), Self.payloads + "/karage-order.json",
        ])
        #expect(status == .rejected)
        #expect(output.hasPrefix("401 Unauthorized\n"))
        #expect(try body(output)["error"] as? String == "Invalid signature: no matching signature")
    }

    @Test func aMidtransNotificationVerifiesFromItsBody() async throws {
        let (status, output, error) = await run([
            "receive", "--source", "midtrans", "--secret", "SB-Mid-server-pwbi-demo", Self.payloads + "/midtrans-notification.json",
        ])
        #expect(status == .ok, "\(output) \(error)")
        let json = try body(output)
        #expect(json["event_type"] as? String == "payment.notification")
        #expect(json["internal_id"] as? String == "evt_0000000000000001")
    }

    @Test func malformedJSONIs400WithTheOffset() async throws {
        let (status, output, _) = await run(
            ["receive", "--source", "pawoon", "--secret", "s", "--header", "X-Webhook-Signature: 773f585fb6bac0b73e6ac15e1ce01edacbc258ff9d586c59e60a12e92d2a0df4"],
            input: "{"
        )
        #expect(status == .rejected)
        #expect(output.hasPrefix("400 Bad Request\n"))
        #expect(try body(output)["error"] as? String == "Invalid JSON: unexpected end of input at byte 1")
    }

    @Test func anUnknownSourceIs404() async throws {
        let (status, output, _) = await run(["receive", "--source", "nowhere", "--secret", "s"], input: "{}")
        #expect(status == .rejected)
        #expect(output.hasPrefix("404 Not Found\n"))
        #expect(try body(output)["error"] as? String == #"Unknown source: "nowhere""#)
    }

    @Test func badUsageExits2() async {
        let (missing, _, missingError) = await run(["receive", "--source", "karage"], input: "{}")
        #expect(missing == .usage)
        #expect(missingError.contains("missing required option --secret (or --api-key for karage)"))
        let (header, _, headerError) = await run(["receive", "--source", "karage", "--secret", "s", "--header", "no colon"], input: "{}")
        #expect(header == .usage)
        #expect(headerError.contains("option --header expects 'Name: value'"))
        let (empty, _, _) = await run(["receive", "--source", "karage", "--secret", ""], input: "{}")
        #expect(empty == .usage)
        let (help, output, _) = await run(["receive", "--help"])
        #expect(help == .ok)
        #expect(output.hasPrefix("usage: pwbi receive --source NAME (--secret S | --api-key K) [--header 'Name: value' …] [--bulk] [--allow-status 103,106] [--print-store] [FILE …]"))
    }
}
