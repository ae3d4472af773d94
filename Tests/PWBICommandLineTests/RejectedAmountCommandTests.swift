import Foundation
import Testing

@testable import pwbi

/// Issue 17: grouped, negative and mismatched amounts are rejected by `pwbi map` (exit 1) and
/// `pwbi receive` (400, exit 1), each naming the field.
@Suite("pwbi map and receive: rejected amounts")
struct RejectedAmountCommandTests {
    func run(_ argv: [String], input: String = "") async -> (ToolExit, String, String) {
        let io = CommandIO.capturing(input: Array(input.utf8))
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text, io.error.text)
    }

    static let pawoonGrouped = #"{"transaction_id":"PWN-1","timestamp":"2025-12-28T07:30:00Z","total":"137.500"}"#
    static let pawoonNegative = #"{"transaction_id":"PWN-1","timestamp":"2025-12-28T07:30:00Z","total":-137500}"#
    static let xenditNegative = #"{"id":"inv-1","external_id":"ORD-1","status":"PAID","amount":-250000,"currency":"IDR","paid_at":"2025-12-27T06:31:44Z"}"#
    static let xenditMismatch = #"{"id":"inv-1","external_id":"ORD-1","status":"PAID","amount":250000,"paid_amount":1,"currency":"IDR","paid_at":"2025-12-27T06:31:44Z"}"#
    static let midtransNegative = #"{"order_id":"ORD-1","transaction_id":"tx-1","transaction_status":"settlement","status_code":"200","gross_amount":"-80500.00","transaction_time":"2025-12-27 14:02:11","payment_type":"qris"}"#

    @Test(arguments: [
        ("pawoon", pawoonGrouped, "total"), ("pawoon", pawoonNegative, "total"), ("xendit", xenditNegative, "amount"),
        ("xendit", xenditMismatch, "paid_amount"), ("midtrans", midtransNegative, "amount"),
    ])
    func mapExitsOneNamingTheField(source: String, payload: String, path: String) async {
        let (status, output, error) = await run(["map", "--source", source, "--zone", "Asia/Jakarta"], input: payload)
        #expect(status == .rejected)
        #expect(output.isEmpty)
        #expect(error.hasPrefix("pwbi map: \(path): expected "), "\(error)")
    }

    /// The body a source's scheme signs, the headers to send, and the answer's first line and error field.
    func receive(_ source: String, body: String, headers: [String]) async -> (ToolExit, String) {
        var argv = ["receive", "--source", source, "--secret", "k"]
        for header in headers { argv += ["--header", header] }
        let (status, output, _) = await run(argv, input: body)
        return (status, output)
    }

    func expect400(_ status: ToolExit, _ output: String, path: String) {
        #expect(status == .rejected)
        #expect(output.hasPrefix("400 Bad Request\n"), "\(output)")
        #expect(output.contains(#""path":"\#(path)""#), "\(output)")
    }

    /// A field of the envelope's `data` is named with its prefix; a rule on the unified result with the unified name.
    @Test(arguments: [(pawoonGrouped, "data.total"), (pawoonNegative, "total")])
    func receiveAnswers400ForPawoon(payload: String, path: String) async {
        let body = #"{"event_type":"transaction.created","data":"# + payload + "}"
        let (_, signature, _) = await run(["sign", "--scheme", "hex-hmac-sha256", "--secret", "k"], input: body)
        let (status, output) = await receive("pawoon", body: body, headers: [String(signature.dropLast())])
        expect400(status, output, path: path)
    }

    @Test(arguments: [(xenditNegative, "amount"), (xenditMismatch, "paid_amount")])
    func receiveAnswers400ForXendit(payload: String, path: String) async {
        let (status, output) = await receive("xendit", body: payload, headers: ["x-callback-token: k"])
        expect400(status, output, path: path)
    }

    @Test func receiveAnswers400ForANegativeMidtransSettlement() async throws {
        let (_, signature, _) = await run(["sign", "--scheme", "midtrans", "--secret", "k"], input: Self.midtransNegative)
        let key = try #require(signature.split(separator: " ").last).trimmingCharacters(in: .whitespacesAndNewlines)
        let body = Self.midtransNegative.replacingOccurrences(of: #""payment_type""#, with: #""signature_key":"\#(key)","payment_type""#)
        let (status, output) = await receive("midtrans", body: body, headers: [])
        expect400(status, output, path: "amount")
    }
}
