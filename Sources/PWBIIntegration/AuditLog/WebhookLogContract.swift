#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The behavioural contract of ``WebhookLog``, runnable against any implementation.
public enum WebhookLogContract {
    /// Runs every check, each against a fresh, empty log from `makeLog`, and returns the violations.
    public static func check(
        concurrency: Int = 100,
        _ makeLog: () async throws -> any WebhookLog
    ) async -> [ContractViolation] {
        var report = ContractReport("WebhookLog")
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        func entry(_ offset: Double, outcome: WebhookOutcome = .processed, key: String? = "k") -> WebhookLogEntry {
            WebhookLogEntry(
                receivedAt: t0.addingTimeInterval(offset), source: "karage", tenant: "tenant-1", outcome: outcome,
                status: 200, duration: .microseconds(1234), idempotencyKey: key, eventType: "transaction.created",
                internalID: "txn-1", errorMessage: nil, bodySize: 615, body: nil
            )
        }

        await report.run("an appended record comes back intact") {
            let log = try await makeLog()
            var full = entry(0, outcome: .rejected)
            full.status = 400
            full.errorMessage = "Missing required field: OrderItems[2].Quantity"
            full.internalID = nil
            full.body = Array(#"{"OrderID":1}"#.utf8) + [0x00, 0xFF]
            try await log.append(full)
            var sparse = entry(1, outcome: .unavailable, key: nil)
            sparse.tenant = nil
            sparse.eventType = nil
            sparse.internalID = nil
            try await log.append(sparse)
            let found = try await log.recent(limit: 10)
            return found == [sparse, full] ? nil : "expected [\(sparse), \(full)], got \(found)"
        }

        await report.run("recent is newest first and honours the limit") {
            let log = try await makeLog()
            for offset in [5.0, 1.0, 3.0] { try await log.append(entry(offset)) }
            let times = try await log.recent(limit: 2).map { $0.receivedAt.timeIntervalSince(t0) }
            return times == [5, 3] ? nil : "expected offsets [5, 3], got \(times)"
        }

        await report.run("every outcome round-trips") {
            let log = try await makeLog()
            for (index, outcome) in WebhookOutcome.allCases.enumerated() { try await log.append(entry(Double(index), outcome: outcome)) }
            let outcomes = try await log.recent(limit: 100).map(\.outcome)
            return outcomes == WebhookOutcome.allCases.reversed() ? nil : "expected \(WebhookOutcome.allCases.reversed()), got \(outcomes)"
        }

        await report.run("concurrent appends are all kept") {
            let log = try await makeLog()
            let count = max(2, concurrency)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    let record = entry(Double(index))
                    group.addTask { try await log.append(record) }
                }
                try await group.waitForAll()
            }
            let found = try await log.recent(limit: count + 10).count
            return found == count ? nil : "\(found) of \(count) concurrent appends kept"
        }

        return report.violations
    }
}
