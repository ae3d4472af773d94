import Metrics
import PWBIIntegration

/// The polling counters, exported on the admin `/metrics` through swift-metrics:
///
/// - `pwbi_polling_runs_total{integration, system, outcome}` — runs by outcome (`succeeded`,
///   `failed`, `skipped`, `superseded`, `cancelled`);
/// - `pwbi_polling_pages_total{integration, system}` — pages fetched and stored;
/// - `pwbi_polling_stored_total{integration, system, outcome}` — transactions by what the store did
///   (`inserted`, `updated`, `unchanged`, `dead_lettered`);
/// - `pwbi_polling_failures_total{integration, system, kind}` — failed runs by kind (`authentication`,
///   `rate_limited`, `timeout`, `connection`, `server_error`, `invalid_response`, `storage`,
///   `credentials`).
public struct PollingMetrics: Sendable {
    /// Adds `amount` to the counter `name` with `dimensions`.
    public typealias Increment = @Sendable (_ name: String, _ dimensions: [(String, String)], _ amount: Int) -> Void

    let increment: Increment

    /// Counters through `increment` (swift-metrics' `Counter` by default).
    public init(increment: @escaping Increment = { name, dimensions, amount in
        Counter(label: name, dimensions: dimensions).increment(by: amount)
    }) {
        self.increment = increment
    }

    /// Counts one run of `unit` and what it did.
    public func record(_ report: SyncRunReport, of unit: PolledIntegration) {
        let base = [("integration", unit.record.id), ("system", unit.record.system)]
        let outcome: String
        switch report.outcome {
        case .succeeded: outcome = "succeeded"
        case .failed(let failure):
            outcome = "failed"
            increment("pwbi_polling_failures_total", base + [("kind", failure.kind.rawValue)], 1)
        case .skipped: outcome = "skipped"
        case .superseded: outcome = "superseded"
        case .cancelled: outcome = "cancelled"
        }
        increment("pwbi_polling_runs_total", base + [("outcome", outcome)], 1)
        if report.pages > 0 { increment("pwbi_polling_pages_total", base, report.pages) }
        for (name, count) in [("inserted", report.inserted), ("updated", report.updated), ("unchanged", report.unchanged), ("dead_lettered", report.deadLettered)]
        where count > 0 {
            increment("pwbi_polling_stored_total", base + [("outcome", name)], count)
        }
    }

    /// Counts a run of `unit` that could not start because its credentials are unavailable.
    public func recordCredentialFailure(of unit: PolledIntegration) {
        let base = [("integration", unit.record.id), ("system", unit.record.system)]
        increment("pwbi_polling_failures_total", base + [("kind", "credentials")], 1)
        increment("pwbi_polling_runs_total", base + [("outcome", "skipped")], 1)
    }
}
