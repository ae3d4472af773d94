#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration
import PWBIMapping
import Synchronization

/// `export run|list`: the accounting export from the command line. Output on standard output (tab
/// separated, a header first), errors on standard error; exit codes 0 done, 1 refused, not
/// complete or with a conflict, 2 bad usage.
///
///     export run --integration ID [--day YYYY-MM-DD]
///         exports the closed days not yet complete (or that one day, again if need be — the ledger
///         keeps anything from being posted twice) under the integration's lease, like the schedule;
///         one line per entry: day, reference, outcome (exported, already_exported, recovered,
///         conflict, settling, failed, or `-` `empty` for a day without entries), detail.
///     export list --integration ID
///         the completed days (day, entries, conflicts, completed_at), a blank line, then the
///         ledger (reference, target, remote_id, exported_at).
public enum ExportCommands {
    /// Runs `arguments` (`export` first); the exit code.
    public static func run(
        _ arguments: [String], storage: ServerStorage, transport: any HTTPTransport, configuration: ExportConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "pwbi.export"),
        print output: @Sendable (String) -> Void = { Swift.print($0) }, error: @Sendable (String) -> Void = { writeError($0 + "\n") }
    ) async -> Int32 {
        guard arguments.first == "export", arguments.count >= 2, ["run", "list"].contains(arguments[1]) else { return 2 }
        let options: [String: [String]]
        do {
            options = try IntegrationCommands.parse(Array(arguments.dropFirst(2)), allowed: arguments[1] == "run" ? ["--integration", "--day"] : ["--integration"])
        } catch let usage {
            error("\(usage)")
            return 2
        }
        guard let id = options["--integration"]?.last else {
            error("export \(arguments[1]) needs --integration ID")
            return 2
        }
        var day: LedgerDate?
        if let text = options["--day"]?.last {
            guard let parsed = ExportDays.parse(text) else {
                error("--day: a date YYYY-MM-DD")
                return 2
            }
            day = parsed
        }
        do {
            guard let record = try await storage.integrations.record(id: id) else {
                error("no integration with id \(KeyCommands.oneLine(id))")
                return 1
            }
            guard ExportSetup.systems.contains(record.system) else {
                error("integration \(KeyCommands.oneLine(id)) is a \(KeyCommands.oneLine(record.system)) integration; the export posts to accurate or jurnal")
                return 1
            }
            if arguments[1] == "list" {
                return try await list(SQLExportLedger(database: storage.database, integration: id), output: output)
            }
            let setup = try ExportSetup(record, environment: environment)
            let runner = ExportRunner(
                setup: setup, database: storage.database,
                transport: TimeoutTransport(base: transport, timeout: configuration.requestTimeout, clock: ContinuousClock()),
                configuration: configuration, now: now, logger: logger)
            return try await exportDays(day, runner: runner, storage: storage, configuration: configuration, now: now, logger: logger, output: output, error: error)
        } catch let invalid as ExportSetupError {
            error("integration \(KeyCommands.oneLine(id)) cannot be exported: \(invalid)")
            return 1
        } catch let failure {
            error("export \(arguments[1]) failed: \(failure)")
            return 1
        }
    }

    /// ``run(_:storage:transport:configuration:environment:now:logger:print:error:)`` over a client
    /// of its own (``AsyncHTTPClientTransport``), shut down afterwards: the `WebhookServer export` command.
    public static func run(_ arguments: [String], storage: ServerStorage, configuration: ExportConfiguration, logger: Logger) async -> Int32 {
        let client = AsyncHTTPClientTransport.makeClient()
        let code = await run(arguments, storage: storage, transport: AsyncHTTPClientTransport(client: client), configuration: configuration, logger: logger)
        try? await client.shutdown()
        return code
    }

    static func exportDays(
        _ day: LedgerDate?, runner: ExportRunner, storage: ServerStorage, configuration: ExportConfiguration,
        now: @escaping @Sendable () -> Date, logger: Logger, output: @Sendable (String) -> Void, error: @Sendable (String) -> Void
    ) async throws -> Int32 {
        if let day, !runner.isClosed(day) {
            error("\(day.iso8601) is not closed yet in \(runner.setup.zone.identifier) (closed \(configuration.closeAfter) after its end)")
            return 1
        }
        let days: [LedgerDate]
        if let day { days = [day] } else { days = try await runner.pendingDays() }
        let outcome = Mutex<Result<[ExportDayReport], any Error>?>(nil)
        let schedule = LeasedSchedule(
            name: "export:\(runner.setup.integration.id)", owner: "cli-\(UUID().uuidString.prefix(8))", leases: storage.leases,
            settings: .init(interval: configuration.checkInterval, leaseDuration: configuration.leaseDuration),
            clock: ContinuousClock(), now: now, logger: logger
        ) { lease in
            do {
                let reports = try await runner.run(days, lease: lease)
                outcome.withLock { $0 = .success(reports) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
        }
        guard await schedule.runOnce() else {
            let holder = try? await storage.leases.holder(of: schedule.name)
            error("an export of \(KeyCommands.oneLine(runner.setup.integration.id)) is running (\(holder.map { KeyCommands.oneLine($0.owner) } ?? "another process")); try again later")
            return 1
        }
        let reports: [ExportDayReport]
        switch outcome.withLock({ $0 }) {
        case .success(let done): reports = done
        case .failure(let failure): throw failure
        case nil: throw CancellationError()
        }
        output("day\treference\toutcome\tdetail")
        for report in reports {
            if report.entries == 0 && report.problems.isEmpty { output("\(report.day)\t-\tempty\t") }
            for record in report.exported { output("\(report.day)\t\(record.reference)\texported\t\(record.remoteID ?? "")") }
            for reference in report.recovered { output("\(report.day)\t\(reference)\trecovered\tfound saved after an unanswered post") }
            for reference in report.alreadyExported { output("\(report.day)\t\(reference)\talready_exported\t") }
            for reference in report.settling { output("\(report.day)\t\(reference)\tsettling\tposted without an answer: looked up after the settle time") }
            for reference in report.conflicts { output("\(report.day)\t\(reference)\tconflict\tchanged since its export: never re-sent; correct it in the ledger") }
            for problem in report.problems { output("\(report.day)\t\(problem.reference)\tfailed\t\(KeyCommands.oneLine(problem.description))") }
        }
        // A conflict leaves the day complete (never re-sent) but needs an accountant: not a clean run.
        let complete = reports.allSatisfy { $0.isComplete && $0.conflicts.isEmpty } && reports.count == days.count
        if reports.count < days.count { error("stopped after \(reports.count) of \(days.count) days: the credentials were refused") }
        return complete ? 0 : 1
    }

    static func list(_ ledger: SQLExportLedger, output: @Sendable (String) -> Void) async throws -> Int32 {
        output("day\tentries\tconflicts\tcompleted_at")
        for day in try await ledger.completedDays() {
            output("\(day.day)\t\(day.entries)\t\(day.conflicts)\t\(day.completedAt.formatted(.iso8601))")
        }
        output("")
        output("reference\ttarget\tremote_id\texported_at")
        for record in try await ledger.records() {
            output([record.reference, record.target.rawValue, record.remoteID ?? "-", record.exportedAt.formatted(.iso8601)].map(KeyCommands.oneLine).joined(separator: "\t"))
        }
        return 0
    }
}
