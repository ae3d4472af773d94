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

    /// A 100-column terminal shows every line whole, and no cell is cut: every word of every
    /// cell and check (as the JSON has them) is in the text.
    @Test(arguments: [UInt64(1), 2025, 42])
    func fitsATerminalWithoutCuttingCells(seed: UInt64) async throws {
        let (status, text) = await run(["demo", "--seed", String(seed)])
        #expect(status == .ok)
        let widest = text.split(separator: "\n").map(\.count).max() ?? 0
        #expect(widest <= 100, "widest line: \(widest) columns")
        #expect(!text.contains("..."))
        let (_, json) = await run(["demo", "--json", "--seed", String(seed)])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let sections = try #require(report["sections"] as? [String: [String: Any]])
        var cells: [String] = []
        for section in sections.values {
            for row in section["rows"] as? [[String: String]] ?? [] { cells += row.values }
            cells += section["notes"] as? [String] ?? []
        }
        for check in report["checks"] as? [[String: Any]] ?? [] { cells.append(check["detail"] as? String ?? "") }
        let words = Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "|" }))
        for cell in cells {
            for word in cell.split(separator: " ") { #expect(words.contains(word), "'\(word)' of '\(cell)'") }
        }
    }

    @Test func sameSeedSameText() async {
        let (_, first) = await run(["demo", "--seed", "7"])
        let (_, second) = await run(["demo", "--seed", "7"])
        #expect(first == second)
    }

    /// Histograms in three numbers; the exposition itself only with --metrics (and always in --json).
    @Test func metricsSummarisedUnlessAsked() async throws {
        let (_, text) = await run(["demo"])
        #expect(!text.contains("_bucket"))
        #expect(text.contains("integration_sync_duration_seconds"))
        #expect(text.contains("count 3, p50 ≤"))
        #expect(text.contains(", p99 ≤"))
        let (status, raw) = await run(["demo", "--metrics"])
        #expect(status == .ok)
        #expect(raw.contains("# TYPE integration_sync_duration_seconds histogram"))
        #expect(raw.contains("integration_sync_duration_seconds_bucket{"))
        #expect(raw.contains("integration_sync_total{source_system=\"qasir\",status=\"success\"} 2"))
    }

    /// The CSV rows add up at a glance.
    @Test func csvCountsAddUp() async {
        let (_, text) = await run(["demo"])
        #expect(text.contains("6 rows: 4 new, 1 duplicate, 1 rejected"))
    }

    @Test func tableWrapsAtWordsWithinTheWidth() {
        let message = "timestamp too old: 3600 s ago, tolerance 300 s (webhook-timestamp) — the delivery is refused"
        let table = TextTable(columns: ["scenario", "detail"], rows: [["Replayed capture, signed 1 h ago", message], ["short", "ok"]])
        let text = table.render(width: 60)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines.count > 4)
        let detail = lines.dropFirst(2).compactMap { $0.split(separator: "|").last?.trimmingCharacters(in: .whitespaces) }
        #expect(detail.joined(separator: " ").contains(message))
        #expect(TextTable.lines("a-very-long-identifier-without-spaces", width: 10) == ["a-very-lon", "g-identifi", "er-without", "-spaces"])
    }

    @Test func quantilesAreBucketBounds() {
        let buckets: [(bound: String, cumulative: UInt64)] = [("0.1", 1), ("0.5", 3), ("+Inf", 4)]
        #expect(MetricsSummary.quantile(0.5, count: 4, buckets) == "≤ 0.5s")
        #expect(MetricsSummary.quantile(0.25, count: 4, buckets) == "≤ 0.1s")
        #expect(MetricsSummary.quantile(0.99, count: 4, buckets) == "> 0.5s")
        #expect(MetricsSummary.quantile(0.5, count: 0, []) == "-")
    }

    @Test func badSeedIsUsage() async {
        let io = CommandIO.capturing()
        #expect(await CommandLineTool.standard.run(["demo", "--seed", "minus"], io: io) == .usage)
    }
}
