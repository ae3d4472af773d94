import Foundation
import Testing

@testable import pwbi

@Suite("pwbi demo")
struct DemoCommandTests {
    func run(_ argv: [String]) async -> (ToolExit, String) {
        let io = CommandIO.capturing()
        let status = await CommandLineTool.standard.run(argv, io: io)
        return (status, io.output.text)
    }

    @Test(arguments: [UInt64(1), 2025, 8, 42])
    func everyScenarioAndCheckPasses(seed: UInt64) async throws {
        let (status, output) = await run(["demo", "--json", "--seed", String(seed)])
        #expect(status == .ok)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(report["all_checks_passed"] as? Bool == true)
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.count >= 9)
        for check in checks { #expect(check["passed"] as? Bool == true, "\(check["name"] ?? "") \(check["detail"] ?? "")") }
        let sections = try #require(report["sections"] as? [String: Any])
        for key in ["webhooks", "polling", "diagnostics", "csv", "journal", "metrics"] {
            #expect(sections[key] != nil, "section \(key)")
        }
        let webhooks = try #require((sections["webhooks"] as? [String: Any])?["rows"] as? [[String: String]])
        let expected: [String: String] = [
            "Pawoon sale, signed": "200", "Pawoon retries the same delivery": "200", "Forged signature": "401",
            "Malformed JSON body": "400", "Missing field (total)": "400", "Negative sale total": "400", "Replayed capture, signed 1 h ago": "401",
            "Karage order, API key": "200", "Karage bulk of 5 (one not fully paid)": "207",
            "Xendit invoice paid": "200", "Midtrans settlement": "200", "Unknown source": "404",
        ]
        for (scenario, status) in expected {
            let row = webhooks.first { $0["scenario"] == scenario }
            #expect(row?["status"] == status, "\(scenario)")
        }
        #expect(webhooks.first { $0["scenario"] == "Pawoon retries the same delivery" }?["outcome"] == "duplicate")
        let metrics = try #require((sections["metrics"] as? [String: Any])?["text"] as? String)
        #expect(metrics.contains("integration_sync_total{source_system=\"qasir\",status=\"success\"} 2"))
    }

    @Test func sameSeedSameBytes() async {
        let (_, first) = await run(["demo", "--json", "--seed", "7"])
        let (_, second) = await run(["demo", "--json", "--seed", "7"])
        #expect(first == second)
        #expect(!first.isEmpty)
    }

    @Test func humanReportHasEveryTable() async {
        let (status, text) = await run(["demo"])
        #expect(status == .ok)
        for title in ["Webhook deliveries", "Qasir polling", "Diagnostics", "CSV uploads", "Journal", "Prometheus metrics", "Every check passed."] {
            #expect(text.contains(title), "\(title)")
        }
    }

    @Test func badSeedIsUsage() async {
        let io = CommandIO.capturing()
        #expect(await CommandLineTool.standard.run(["demo", "--seed", "minus"], io: io) == .usage)
    }
}
