#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping

/// What an export run did with each entry.
public struct AccountingExportReport: Sendable {
    /// Saved now, and recorded in the ledger.
    public internal(set) var exported: [AccountingExportRecord] = []
    /// Skipped: the ledger says they were saved before with the same content (a retried batch).
    public internal(set) var alreadyExported: [AccountingExportRecord] = []
    /// Skipped: saved before with different content — for an accountant to correct, never re-sent.
    public internal(set) var conflicts: [String] = []
    /// Skipped: the same reference earlier in the batch.
    public internal(set) var duplicatesInBatch: [String] = []
    /// Not saved, with the reason; safe to retry (the ledger has no record of them).
    public internal(set) var failed: [AccountingExportFailure] = []
}

/// An entry the accounting system did not save, and why.
public struct AccountingExportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the entry was not saved.
    public enum Reason: Sendable, Hashable {
        /// Accurate Online refused or failed the request.
        case accurate(AccurateResponseError)
        /// Jurnal.id refused or failed the request.
        case jurnal(JurnalResponseError)
        /// No response at all (timeout, connection) — the transport's error, described.
        case transport(String)
    }

    /// The entry's reference.
    public let reference: String
    /// Why it was not saved.
    public let reason: Reason

    /// A failure of the entry `reference`.
    public init(reference: String, reason: Reason) {
        self.reference = reference
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .accurate(let error): "\(reference): \(error)"
        case .jurnal(let error): "\(reference): \(error)"
        case .transport(let error): "\(reference): \(error)"
        }
    }
}

extension AccurateExport {
    /// Exports journal entries idempotently: entries the ledger already holds are skipped, the rest
    /// go out as `bulk-save.do` requests of up to 100, and each record Accurate confirms is written
    /// to the ledger at once — so running the same batch again after a failure sends only what
    /// was not saved. An authorisation failure stops the run (every later entry fails with it).
    /// Errors of the ledger itself (the host's database) are thrown.
    public func export(
        _ entries: [JournalEntry], via transport: some HTTPTransport, ledger: some AccountingExportLedger,
        now: @Sendable () -> Date
    ) async throws -> AccountingExportReport {
        let plan = try await AccountingExport.plan(entries, target: .accurate, ledger: ledger)
        var report = AccountingExportReport(plan)
        var stopped: AccurateResponseError?
        for chunk in chunks(plan.toExport) {
            if let stopped {
                report.failed += chunk.map { AccountingExportFailure(reference: $0.reference, reason: .accurate(stopped)) }
                continue
            }
            let outcomes: [AccurateBulkOutcome]
            do {
                let response = try await transport.send(bulkVoucherRequest(chunk, at: now()))
                outcomes = try AccurateResponse.bulkOutcomes(from: response)
                guard outcomes.count == chunk.count else {
                    throw AccurateResponseError.malformed(status: response.status, reason: "\(outcomes.count) results for \(chunk.count) records")
                }
            } catch let error as AccurateResponseError {
                if case .unauthorized = error { stopped = error }
                report.failed += chunk.map { AccountingExportFailure(reference: $0.reference, reason: .accurate(error)) }
                continue
            } catch {
                report.failed += chunk.map { AccountingExportFailure(reference: $0.reference, reason: .transport("\(error)")) }
                continue
            }
            for (entry, outcome) in zip(chunk, outcomes) {
                switch outcome {
                case .saved(let saved):
                    let record = AccountingExportRecord(
                        target: .accurate, reference: entry.reference, fingerprint: AccountingExport.fingerprint(of: entry),
                        remoteID: saved.id, exportedAt: now())
                    try await ledger.save(record)
                    report.exported.append(record)
                case .rejected(let messages):
                    report.failed.append(AccountingExportFailure(
                        reference: entry.reference, reason: .accurate(.rejected(status: 200, messages: messages))))
                }
            }
        }
        return report
    }
}

extension JurnalExport {
    /// Exports journal entries idempotently, one `POST journal_entries` each: entries the ledger
    /// already holds are skipped and each entry Jurnal.id confirms is recorded at once. An
    /// authorisation failure stops the run. Errors of the ledger itself are thrown.
    public func export(
        _ entries: [JournalEntry], via transport: some HTTPTransport, ledger: some AccountingExportLedger,
        now: @Sendable () -> Date
    ) async throws -> AccountingExportReport {
        let plan = try await AccountingExport.plan(entries, target: .jurnal, ledger: ledger)
        var report = AccountingExportReport(plan)
        var stopped: JurnalResponseError?
        for entry in plan.toExport {
            if let stopped {
                report.failed.append(AccountingExportFailure(reference: entry.reference, reason: .jurnal(stopped)))
                continue
            }
            let saved: JurnalSaved
            do {
                saved = try JurnalResponse.journalEntry(from: try await transport.send(journalEntry(entry)))
            } catch let error as JurnalResponseError {
                if case .unauthorized = error { stopped = error }
                report.failed.append(AccountingExportFailure(reference: entry.reference, reason: .jurnal(error)))
                continue
            } catch {
                report.failed.append(AccountingExportFailure(reference: entry.reference, reason: .transport("\(error)")))
                continue
            }
            let record = AccountingExportRecord(
                target: .jurnal, reference: entry.reference, fingerprint: AccountingExport.fingerprint(of: entry),
                remoteID: saved.id, exportedAt: now())
            try await ledger.save(record)
            report.exported.append(record)
        }
        return report
    }
}

extension AccountingExportReport {
    init(_ plan: AccountingExportPlan) {
        alreadyExported = plan.alreadyExported
        conflicts = plan.conflicts.map(\.entry.reference)
        duplicatesInBatch = plan.duplicatesInBatch.map(\.reference)
    }
}
