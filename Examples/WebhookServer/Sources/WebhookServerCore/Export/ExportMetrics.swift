#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Metrics
import PWBIMapping

/// The export's metrics, per integration (swift-metrics, exported on the admin `/metrics`):
///
/// - `pwbi_export_entries_total{integration,system,outcome}` — `exported`, `already_exported`,
///   `recovered` (found saved after a lost answer), `conflict`, `failed`;
/// - `pwbi_export_days_total{integration,system,outcome}` — `complete` or `incomplete`;
/// - `pwbi_export_problems_total{integration,system,code}` — by the troubleshooting guide's code;
/// - `pwbi_export_lookups_total{integration,system}` — posts left unanswered that were looked up;
/// - `pwbi_export_last_complete_day_seconds{integration,system}` — the last completed day's midnight (UTC seconds).
struct ExportMetrics: Sendable {
    let integration: String
    let system: String

    var lookups: Counter { Counter(label: "pwbi_export_lookups_total", dimensions: dimensions) }
    var dimensions: [(String, String)] { [("integration", integration), ("system", system)] }

    func record(_ report: ExportDayReport) {
        func entries(_ outcome: String, _ count: Int) {
            guard count > 0 else { return }
            Counter(label: "pwbi_export_entries_total", dimensions: dimensions + [("outcome", outcome)]).increment(by: count)
        }
        entries("exported", report.exported.count)
        entries("already_exported", report.alreadyExported.count)
        entries("recovered", report.recovered.count)
        entries("conflict", report.conflicts.count)
        entries("failed", report.problems.count)
        Counter(label: "pwbi_export_days_total", dimensions: dimensions + [("outcome", report.isComplete ? "complete" : "incomplete")]).increment()
        for problem in report.problems {
            Counter(label: "pwbi_export_problems_total", dimensions: dimensions + [("code", problem.entry.code)]).increment()
        }
        if report.isComplete, let day = ExportDays.parse(report.day) {
            let midnight = CivilDateTime(year: day.year, month: day.month, day: day.day).secondsSinceEpoch
            Gauge(label: "pwbi_export_last_complete_day_seconds", dimensions: dimensions).record(Double(midnight))
        }
    }
}
