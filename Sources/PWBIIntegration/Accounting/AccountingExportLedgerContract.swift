#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The behavioural contract of ``AccountingExportLedger``, runnable against any implementation —
/// a host proves its database-backed ledger from its own test suite:
///
/// ```swift
/// let violations = await AccountingExportLedgerContract.check { try await PostgresExportLedger.fresh() }
/// #expect(violations.isEmpty)
/// ```
public enum AccountingExportLedgerContract {
    /// Runs every check, each against a fresh, empty ledger from `makeLedger`, and returns the
    /// violations (empty when the implementation conforms).
    public static func check(
        concurrency: Int = 50,
        _ makeLedger: () async throws -> any AccountingExportLedger
    ) async -> [ContractViolation] {
        var report = ContractReport("AccountingExportLedger")
        let t0 = Date(timeIntervalSince1970: 1_766_813_400)
        func record(_ reference: String, _ target: AccountingTarget = .accurate, fingerprint: String = "f1",
                    remoteID: String? = "4521", at offset: Double = 0) -> AccountingExportRecord {
            AccountingExportRecord(target: target, reference: reference, fingerprint: fingerprint,
                                   remoteID: remoteID, exportedAt: t0.addingTimeInterval(offset))
        }

        await report.run("an unknown reference has no record") {
            let ledger = try await makeLedger()
            let found = try await ledger.record(target: .accurate, reference: "karage-JKT-01-1001")
            return found == nil ? nil : "found \(String(describing: found)) in an empty ledger"
        }

        await report.run("a saved record comes back intact") {
            let ledger = try await makeLedger()
            let original = record("karage-JKT-01-1001 ☕ \"quoted\"", remoteID: nil)
            try await ledger.save(original)
            let found = try await ledger.record(target: .accurate, reference: original.reference)
            return found == original ? nil : "expected \(original), got \(String(describing: found))"
        }

        await report.run("targets are independent") {
            let ledger = try await makeLedger()
            try await ledger.save(record("JKT-01-20251227", .accurate))
            let other = try await ledger.record(target: .jurnal, reference: "JKT-01-20251227")
            guard other == nil else { return "a record for accurate was found for jurnal" }
            try await ledger.save(record("JKT-01-20251227", .jurnal, fingerprint: "f2"))
            let accurate = try await ledger.record(target: .accurate, reference: "JKT-01-20251227")
            return accurate?.fingerprint == "f1" ? nil : "saving for jurnal changed the accurate record: \(String(describing: accurate))"
        }

        await report.run("references are compared exactly") {
            let ledger = try await makeLedger()
            try await ledger.save(record("karage-JKT-01-1001"))
            for near in ["karage-jkt-01-1001", "karage-JKT-01-1001 ", "karage-JKT-01-100"] {
                if try await ledger.record(target: .accurate, reference: near) != nil {
                    return "reference \"\(near)\" matched the record of \"karage-JKT-01-1001\""
                }
            }
            return nil
        }

        await report.run("saving again replaces the record") {
            let ledger = try await makeLedger()
            try await ledger.save(record("karage-JKT-01-1001", fingerprint: "f1", remoteID: "1"))
            try await ledger.save(record("karage-JKT-01-1001", fingerprint: "f2", remoteID: "2", at: 60))
            let found = try await ledger.record(target: .accurate, reference: "karage-JKT-01-1001")
            return found == record("karage-JKT-01-1001", fingerprint: "f2", remoteID: "2", at: 60)
                ? nil : "expected the second record, got \(String(describing: found))"
        }

        await report.run("concurrent saves of distinct references all stick") {
            let ledger = try await makeLedger()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<concurrency {
                    group.addTask { try await ledger.save(record("ref-\(index)", remoteID: "\(index)")) }
                }
                try await group.waitForAll()
            }
            for index in 0..<concurrency {
                let found = try await ledger.record(target: .accurate, reference: "ref-\(index)")
                if found?.remoteID != "\(index)" { return "ref-\(index) is \(String(describing: found))" }
            }
            return nil
        }

        return report.violations
    }
}
