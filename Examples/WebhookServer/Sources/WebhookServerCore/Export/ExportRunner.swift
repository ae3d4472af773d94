#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration
import PWBIMapping

/// What one day's export did.
public struct ExportDayReport: Sendable {
    /// The local day, `YYYY-MM-DD`.
    public var day: String
    /// The day's entries (one per outlet and period).
    public var entries: Int = 0
    /// Posted now and recorded.
    public var exported: [AccountingExportRecord] = []
    /// Already in the ledger with the same content: not posted again.
    public var alreadyExported: [String] = []
    /// Posted earlier without an answer, found saved at the system and recorded: not posted again.
    public var recovered: [String] = []
    /// Exported before with different content: never re-sent, for an accountant to correct.
    public var conflicts: [String] = []
    /// Posted without an answer too recently to ask the system yet: left for a later run.
    public var settling: [String] = []
    /// Why entries (or the whole day) were not exported; empty when the day is complete.
    public var problems: [ExportProblem] = []

    /// Whether every entry of the day is in the ledger (conflicts included).
    public var isComplete: Bool { problems.isEmpty && settling.isEmpty }
}

/// Exports closed local days of one accounting integration: builds each day's journal from the
/// stored transactions, skips what the ledger holds, resolves posts left without an answer by asking
/// the system (``ExportLookup``), records each post's attempt — fenced on the lease — before sending
/// it, then runs the kit's idempotent export (which records each confirmed save at once) and marks
/// the day complete when nothing failed.
public struct ExportRunner: Sendable {
    /// The integration's setup.
    public let setup: ExportSetup
    let database: any SQLDatabase
    let transport: any HTTPTransport
    let configuration: ExportConfiguration
    let metrics: ExportMetrics
    let now: @Sendable () -> Date
    let logger: Logger

    /// A runner posting through `transport` (each request bounded by the configured timeout).
    public init(
        setup: ExportSetup, database: any SQLDatabase, transport: any HTTPTransport, configuration: ExportConfiguration,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.setup = setup
        self.database = database
        self.transport = transport
        self.configuration = configuration
        self.metrics = ExportMetrics(integration: setup.integration.id, system: setup.integration.system)
        self.now = now
        self.logger = logger
    }

    /// The integration's ledger.
    public var ledger: SQLExportLedger { SQLExportLedger(database: database, integration: setup.integration.id) }

    /// The closed days from the first day on that are not complete, oldest first, at most the
    /// configured number.
    public func pendingDays() async throws -> [LedgerDate] {
        let last = ExportDays.lastClosed(now: now(), closeAfter: configuration.closeAfter, zone: setup.zone)
        let done = Set(try await ledger.completedDays().map(\.day))
        var days: [LedgerDate] = []
        var day = setup.firstDay
        while day <= last, days.count < configuration.maxDaysPerRun {
            if !done.contains(day.iso8601) { days.append(day) }
            day = ExportDays.adding(1, to: day)
        }
        return days
    }

    /// Whether `day` is closed now.
    public func isClosed(_ day: LedgerDate) -> Bool {
        day <= ExportDays.lastClosed(now: now(), closeAfter: configuration.closeAfter, zone: setup.zone)
    }

    /// Exports `days` in order while `lease` is held; stops after a day whose credentials were refused.
    public func run(_ days: [LedgerDate], lease: Lease) async throws -> [ExportDayReport] {
        guard !days.isEmpty else { return [] }
        let byDay = try await ExportJournal(database: database, setup: setup).transactions(on: Set(days))
        var reports: [ExportDayReport] = []
        for day in days {
            try Task.checkCancellation()
            let report = try await export(day, transactions: byDay[day] ?? [], lease: lease)
            reports.append(report)
            metrics.record(report)
            for problem in report.problems {
                logger.error("export: not exported", metadata: [
                    "integration": "\(setup.integration.id)", "day": "\(report.day)", "code": "\(problem.entry.code)", "problem": "\(problem)",
                ])
            }
            if report.problems.contains(where: \.stopsTheRun) { break }
        }
        return reports
    }

    func export(_ day: LedgerDate, transactions: [UnifiedTransaction], lease: Lease) async throws -> ExportDayReport {
        var report = ExportDayReport(day: day.iso8601)
        let entries: [JournalEntry]
        do {
            entries = try ExportJournal(database: database, setup: setup).entries(of: transactions)
        } catch {
            report.problems.append(ExportProblem(day: day.iso8601, target: setup.target, error: error))
            return report
        }
        report.entries = entries.count
        let ledger = self.ledger
        let plan = try await AccountingExport.plan(entries, target: setup.target, ledger: ledger)
        report.alreadyExported = plan.alreadyExported.map(\.reference)
        report.conflicts = plan.conflicts.map(\.entry.reference)

        // A post begun earlier and never answered: ask the system before posting again.
        var toPost: [JournalEntry] = []
        for entry in plan.toExport {
            guard let attempted = try await ledger.attempt(target: setup.target, reference: entry.reference) else {
                toPost.append(entry)
                continue
            }
            guard now().timeIntervalSince(attempted) >= configuration.settle.seconds else {
                report.settling.append(entry.reference)
                continue
            }
            metrics.lookups.increment()
            do {
                let response = try await transport.send(ExportLookup.request(entry.reference, poster: setup.poster, at: now()))
                switch try ExportLookup.read(response, reference: entry.reference, poster: setup.poster) {
                case .found(let remoteID):
                    try await AccountingExport.recordSaved(entry, target: setup.target, remoteID: remoteID, at: now(), ledger: ledger)
                    try await ledger.endAttempt(target: setup.target, reference: entry.reference)
                    report.recovered.append(entry.reference)
                case .notFound:
                    toPost.append(entry)
                }
            } catch let failure as AccountingExportFailure {
                report.problems.append(ExportProblem(failure))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                report.problems.append(ExportProblem(AccountingExportFailure(reference: entry.reference, reason: .transport("\(error)"))))
            }
        }
        if report.problems.contains(where: \.stopsTheRun) { return report }

        if !toPost.isEmpty {
            let attempts = toPost.map { (reference: $0.reference, fingerprint: AccountingExport.fingerprint(of: $0)) }
            guard try await ledger.beginAttempts(attempts, target: setup.target, lease: lease, now: now()) else {
                throw ExportLeaseLost(name: lease.name)
            }
            let result = try await setup.export(toPost, via: transport, ledger: ledger, now: now)
            report.exported = result.exported
            for record in result.exported { try await ledger.endAttempt(target: setup.target, reference: record.reference) }
            for failure in result.failed {
                report.problems.append(ExportProblem(failure))
                // A refusal is an answer: nothing was saved, so the next run posts without asking first.
                if case .accurate(.rejected) = failure.reason { try await ledger.endAttempt(target: setup.target, reference: failure.reference) }
                if case .jurnal(.rejected) = failure.reason { try await ledger.endAttempt(target: setup.target, reference: failure.reference) }
            }
        }
        if report.isComplete {
            try await ledger.completeDay(report.day, entries: report.entries, conflicts: report.conflicts.count, now: now())
        }
        return report
    }
}

/// The run's lease was lost before a post: nothing was sent; another replica carries on.
public struct ExportLeaseLost: Error, Sendable, CustomStringConvertible {
    /// The lease's name.
    public var name: String

    public var description: String { "the lease \(name) was lost: nothing posted, another replica carries on" }
}
