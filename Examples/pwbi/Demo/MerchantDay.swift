import Foundation
import PWBIIntegration
import PWBIMapping
import PWBIRetry

/// A simulated merchant's day across several outlets, run through the real pipelines with
/// in-memory stores, a manual clock and seeded faults. `pwbi demo` prints its report.
struct MerchantDay {
    /// 2025-12-27 07:00 UTC (14:00 in Jakarta): the simulated "now" of the day.
    static let start = Date(timeIntervalSince1970: 1_766_818_800)

    let seed: UInt64

    func run() async throws -> DemoReport {
        var random = SeededRandomNumberGenerator(seed: seed)
        var report = DemoReport(seed: seed)
        let transactions = InMemoryTransactionStore()

        let webhooks = try await WebhookScenarios(now: Self.start, transactions: transactions, random: &random)
        let deliveries = try await webhooks.run(random: &random)
        var section = DemoReport.Section(
            key: "webhooks", title: "Webhook deliveries (one receiver, five systems)",
            columns: ["scenario", "source", "status", "expected", "outcome", "detail"])
        section.hidden = ["expected"]  // the first check names any delivery answered otherwise
        for delivery in deliveries {
            section.rows.append([
                delivery.scenario, delivery.source, String(delivery.response.status), String(delivery.expected),
                delivery.response.outcome.rawValue, Self.detail(of: delivery.response),
            ])
        }
        report.sections.append(section)
        let unexpected = deliveries.filter { $0.response.status != $0.expected }
        report.check("every delivery answered as expected", unexpected.isEmpty,
                     unexpected.isEmpty ? "\(deliveries.count) deliveries" : unexpected.map(\.scenario).joined(separator: "; "))
        let stored = await transactions.count
        let accepted = Set(deliveries.flatMap { $0.response.outcome == .processed ? $0.response.internalIDs : [] })
        let payments = await webhooks.payments.all.count
        report.check("each accepted transaction stored once", stored + payments == accepted.count,
                     "\(stored) transactions + \(payments) payments stored, \(accepted.count) distinct ids accepted")
        let noServerErrors = deliveries.allSatisfy { $0.response.status < 500 }
        report.check("no 5xx for anything the sender controls", noServerErrors, "statuses: \(Set(deliveries.map(\.response.status)).sorted())")

        let metrics = InMemoryIntegrationMetrics()
        try await poll(into: &report, transactions: transactions, metrics: metrics, random: &random)
        try await upload(into: &report, transactions: transactions, metrics: metrics, random: &random)
        try await post(into: &report, transactions: transactions)
        let exposition = metrics.prometheusText()
        var summary = DemoReport.Section(
            key: "metrics", title: "Prometheus metrics (GET /metrics; the exposition with --metrics)",
            columns: ["metric", "labels", "value"])
        summary.rows = MetricsSummary.rows(exposition: exposition)
        summary.text = exposition
        report.sections.append(summary)
        return report
    }

    /// Qasir over the scripted transport; cursor and retries on the manual clock; diagnostics after.
    private func poll(
        into report: inout DemoReport, transactions: InMemoryTransactionStore, metrics: InMemoryIntegrationMetrics,
        random: inout SeededRandomNumberGenerator
    ) async throws {
        let polling = PollingScenario(start: Self.start, transactions: transactions, metrics: metrics)
        let runs = try await polling.run(random: &random)
        var section = DemoReport.Section(
            key: "polling", title: "Qasir polling (every 5 min, scripted transport, manual clock)",
            columns: ["run", "requests", "simulated wait", "outcome", "inserted", "unchanged", "cursor"])
        section.headings = ["requests": "req", "simulated wait": "wait", "inserted": "new"]
        let formatter = ISO8601DateFormatter()
        for run in runs {
            section.rows.append([
                run.label, String(run.requests), "\(run.simulatedSeconds) s", PollingScenario.describe(run.report.outcome),
                String(run.report.inserted), String(run.report.unchanged),
                run.cursor.map { formatter.string(from: $0) } ?? "-",
            ])
        }
        report.sections.append(section)
        let stored = Set(await transactions.all.filter { $0.transaction.sourceSystem == .qasir }.map(\.transaction.externalID))
        report.check("every Qasir transaction stored once despite faults and overlap", stored == PollingScenario.servedIDs,
                     "\(stored.count) of \(PollingScenario.servedIDs.count) stored; \(runs.map(\.report.unchanged).reduce(0, +)) overlap duplicates ignored")
        let cursorOnlyOnSuccess = zip(runs, [nil] + runs.dropLast().map(\.cursor)).allSatisfy { run, previous in
            run.report.succeeded || run.cursor == previous
        }
        report.check("cursor advanced only after a page was stored", cursorOnlyOnSuccess, "\(runs.count) runs")

        let now = Self.start.addingTimeInterval(900)
        var health = DemoReport.Section(
            key: "diagnostics", title: "Diagnostics (integration health)", columns: ["integration", "status", "finding", "remediation"])
        if let state = await polling.states.state(for: polling.integration) {
            let result = IntegrationDiagnostics().report(for: state, now: now)
            for finding in result.findings {
                health.rows.append([
                    "\(state.id.sourceSystem)/\(state.id.account)", result.status.rawValue,
                    "\(finding.entry.symptom): \(finding.detail)", finding.entry.solution,
                ])
            }
            report.check("revoked token is reported as needs-reconnect", result.status != .healthy,
                         "status \(result.status.rawValue), findings \(result.codes.joined(separator: ", "))")
        }
        report.sections.append(health)
    }

    /// Two CSV uploads through the importer: one with a bad date and a duplicate, one missing a column.
    private func upload(
        into report: inout DemoReport, transactions: InMemoryTransactionStore, metrics: InMemoryIntegrationMetrics,
        random: inout SeededRandomNumberGenerator
    ) async throws {
        let badRow = 2 + Int(random.next() % 4)  // row 1 is the one entered twice
        var section = DemoReport.Section(
            key: "csv", title: "CSV uploads (generic template)",
            columns: ["file", "rows", "new", "unchanged", "duplicate", "failed", "counts", "result"])
        // The text shows the counts as one phrase that adds up; the JSON keeps each number too.
        section.hidden = ["rows", "new", "unchanged", "duplicate", "failed"]
        section.headings = ["counts": "rows"]
        let good = try await BackOfficeScenarios.importCSV(
            BackOfficeScenarios.templateUpload(badRow: badRow), store: transactions, metrics: metrics, now: Self.start)
        section.rows.append(Self.csvRow("sales-2025-12-27.csv", good))
        for failure in good.failures { section.notes.append("sales-2025-12-27.csv \(failure)") }
        let bad = try await BackOfficeScenarios.importCSV(
            BackOfficeScenarios.missingColumnUpload, store: transactions, metrics: metrics, now: Self.start)
        section.rows.append(Self.csvRow("no-amount.csv", bad))
        report.sections.append(section)
        report.check("CSV: 4 rows imported, the bad date and the duplicate reported",
                     good.imported == 4 && good.duplicateRows == 1 && good.failedRows == 1 && good.failures.first?.row == badRow + 1,
                     good.summary)
        report.check("CSV: every row counted once (new, updated, unchanged, duplicate or rejected)",
                     Self.countsAddUp(good) && Self.countsAddUp(bad), "\(good.rows) + \(bad.rows) rows")
        report.check("CSV: a file missing a column is rejected whole", bad.fileProblem != nil && bad.imported == 0,
                     bad.fileProblem.map { "\($0.message)" } ?? "accepted")
    }

    /// One upload's row: its counts, the same as a phrase that adds up at a glance ("6 rows: 4 new,
    /// 1 duplicate, 1 rejected"), and what became of the file.
    static func csvRow(_ file: String, _ result: CSVImportReport) -> [String] {
        var counts = "\(result.rows) row\(result.rows == 1 ? "" : "s"): \(result.imported) new"
        if result.updated > 0 { counts += ", \(result.updated) updated" }
        if result.unchanged > 0 { counts += ", \(result.unchanged) unchanged" }
        counts += ", \(result.duplicateRows) duplicate, \(result.failedRows) rejected"
        let outcome = if let problem = result.fileProblem {
            "file refused: \(problem.description)"
        } else {
            result.failedRows == 0 ? "stored" : "stored; rejected rows below"
        }
        return [
            file, String(result.rows), String(result.imported), String(result.unchanged), String(result.duplicateRows),
            String(result.failedRows), counts, outcome,
        ]
    }

    /// Whether every row of an upload is counted once: new, updated, unchanged, a duplicate within the
    /// file, or rejected.
    static func countsAddUp(_ result: CSVImportReport) -> Bool {
        result.rows == result.imported + result.updated + result.unchanged + result.duplicateRows + result.failedRows
    }

    /// The day's summary journal for the Qasir outlet.
    private func post(into report: inout DemoReport, transactions: InMemoryTransactionStore) async throws {
        let outlet = await transactions.all.map(\.transaction).filter { $0.outlet == "QSR-OUTLET-3301" }
        let (batch, missing) = try BackOfficeScenarios.journal(for: outlet)
        var section = DemoReport.Section(
            key: "journal", title: "Journal, business day 2025-12-27, outlet QSR-OUTLET-3301 (IDR)",
            columns: ["entry", "account", "debit", "credit", "memo"])
        var balanced = true
        for entry in batch.entries {
            var debit = Money.zero, credit = Money.zero
            for line in entry.lines {
                if line.side == .debit { debit = try debit + line.amount } else { credit = try credit + line.amount }
                section.rows.append([
                    entry.reference, line.account.identifier, line.side == .debit ? line.amount.description : "",
                    line.side == .credit ? line.amount.description : "", line.memo,
                ])
            }
            balanced = balanced && debit == credit
        }
        for account in missing { section.notes.append("missing account: \(account)") }
        report.sections.append(section)
        let sum = try Money.sum(outlet.map(\.total))
        let posted = try Money.sum(batch.entries.map(\.total))
        report.check("journal balanced and reconciled to the outlet's takings", balanced && !batch.entries.isEmpty && sum == posted && missing.isEmpty,
                     "\(batch.entries.count) entr\(batch.entries.count == 1 ? "y" : "ies"), total \(posted) IDR for \(outlet.count) transactions")
    }

    /// What a response says, in one line: the error message, the bulk summary, or the internal ids.
    static func detail(of response: WebhookResponse) -> String {
        guard let document = try? JSONDocument(parsing: response.body) else { return "" }
        let root = document.root
        for key in ["error", "message"] {
            if let text = try? root[key].string() {
                if let path = try? root["path"].string() { return "\(text) [\(path)]" }
                return text
            }
        }
        return response.internalIDs.joined(separator: ", ")
    }
}
