#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration
import Synchronization

/// `backfill` and `reconnect` for polled integrations, from the command line. Output on standard
/// output, errors on standard error; exit codes 0 done, 1 refused/failed, 2 bad usage.
///
///     backfill --integration ID --from YYYY-MM-DD --to YYYY-MM-DD [--outlet OUTLET]
///     reconnect --integration ID
///     sync-status [--integration ID]
///
/// `sync-status` prints, tab-separated, one line per polled outlet: the integration, outlet (`-` for
/// the whole account), connection, last attempt, last success, consecutive failures, the last
/// failure (kind: detail), the back-off end and the cursor (ISO 8601 UTC, `-` when none).
///
/// `reconnect` marks each outlet of the integration active again (after its credentials were
/// replaced following a 401), clearing its failures and back-off; the next scheduled run polls it.
///
/// Days are whole days in the integration's zone, `--to` included, at most 366. Each outlet (or
/// only `--outlet`) is read a day at a time, oldest first, under the same lease as its schedule,
/// so a backfill and the server's polling never read one integration at once. The cursor is not
/// moved; the store deduplicates what polling already stored, so a backfill can be re-run.
public enum PollingCommands {
    /// Runs `arguments` (`backfill`, `reconnect` or `sync-status` first); the exit code.
    public static func run<C: Clock>(
        _ arguments: [String], storage: ServerStorage, transport: any HTTPTransport, settings: PollingSettings,
        credentials: PollingCredentials, owner: String, clock: C, now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "pwbi.backfill"),
        print output: @Sendable (String) -> Void = { Swift.print($0) }, error: @Sendable (String) -> Void = { writeError($0 + "\n") }
    ) async -> Int32 where C.Duration == Duration {
        guard let command = arguments.first, ["backfill", "reconnect", "sync-status"].contains(command) else { return 2 }
        let options: [String: [String]]
        do {
            let allowed: Set<String> = command == "backfill" ? ["--integration", "--from", "--to", "--outlet"] : ["--integration"]
            options = try IntegrationCommands.parse(Array(arguments.dropFirst()), allowed: allowed)
        } catch let usage {
            error("\(command): \(usage)")
            return 2
        }
        if command == "sync-status" {
            return await status(of: options["--integration"]?.last, storage: storage, print: output, error: error)
        }
        if command == "reconnect" {
            guard let id = options["--integration"]?.last else {
                error("reconnect needs --integration")
                return 2
            }
            return await reconnect(id, storage: storage, settings: settings, print: output, error: error)
        }
        guard let id = options["--integration"]?.last, let fromText = options["--from"]?.last, let toText = options["--to"]?.last else {
            error("backfill needs --integration, --from and --to")
            return 2
        }
        let record: IntegrationRecord
        do {
            guard let found = try await storage.integrations.record(id: id) else {
                error("no integration with id \(KeyCommands.oneLine(id))")
                return 1
            }
            record = found
        } catch let failure {
            error("cannot read the integration: \(failure)")
            return 1
        }
        guard let zone = TimeZone(identifier: record.zone) else {
            error("integration \(KeyCommands.oneLine(id)): its zone \(KeyCommands.oneLine(record.zone)) is unknown")
            return 1
        }
        guard let from = day(fromText, in: zone), let last = day(toText, in: zone) else {
            error("backfill: --from and --to are dates, YYYY-MM-DD")
            return 2
        }
        let to = last.addingTimeInterval(86_400)
        guard from < to, to.timeIntervalSince(from) <= 366 * 86_400 + 3600 else {
            error("backfill: --from must not be after --to, and the range is at most 366 days")
            return 2
        }
        var units: [PolledIntegration]
        do {
            units = try PolledIntegration.units(of: record, settings: settings)
        } catch let invalid {
            error("integration \(KeyCommands.oneLine(id)) cannot be polled: \(invalid)")
            return 1
        }
        guard !units.isEmpty else {
            error("integration \(KeyCommands.oneLine(id)) is a \(KeyCommands.oneLine(record.system)) integration; backfill reads qasir and moka")
            return 1
        }
        if let outlet = options["--outlet"]?.last {
            units = units.filter { $0.integration.account == outlet }
            guard !units.isEmpty else {
                error("integration \(KeyCommands.oneLine(id)) has no outlet \(KeyCommands.oneLine(outlet))")
                return 1
            }
        }
        var code: Int32 = 0
        for unit in units {
            let outlet = unit.integration.account.isEmpty ? "-" : unit.integration.account
            let job = PollingJob(unit: unit, storage: storage, transport: transport, credentials: credentials, clock: clock, now: now, logger: logger)
            let result = Mutex<Result<BackfillReport, PollingCredentialError>?>(nil)
            let schedule = LeasedSchedule(
                name: unit.scheduleName, owner: owner, leases: storage.leases,
                settings: .init(interval: .seconds(1), leaseDuration: settings.leaseDuration), clock: clock, now: now, logger: logger
            ) { lease in
                let outcome: Result<BackfillReport, PollingCredentialError>
                do throws(PollingCredentialError) {
                    outcome = .success(try await job.backfill(from: from, to: to, holding: lease))
                } catch {
                    outcome = .failure(error)
                }
                result.withLock { $0 = outcome }
            }
            guard await schedule.runOnce() else {
                error("backfill of \(id) outlet \(outlet): another process is polling it (lease \(unit.scheduleName)); try again when its run ends")
                code = 1
                continue
            }
            switch result.withLock({ $0 }) {
            case .success(let report)?:
                let totals = report.totals
                let summary = "\(report.chunks) day(s), \(totals.pages) pages, \(totals.inserted) inserted, \(totals.updated) updated, "
                    + "\(totals.unchanged) unchanged, \(totals.deadLettered) dead-lettered"
                if let failure = report.failure {
                    let through = report.completedThrough.map { "stored through \(isoDay($0, in: zone)); rerun with --from \(isoDay($0, in: zone))" }
                        ?? "nothing stored; rerun the same command"
                    error("backfill of \(id) outlet \(outlet) stopped: \(describe(failure)); \(through) (\(summary))")
                    code = 1
                } else {
                    output("backfilled \(id) outlet \(outlet) \(fromText)…\(toText): \(summary)")
                }
            case .failure(let failure)?:
                error("backfill of \(id) outlet \(outlet): \(failure)")
                code = 1
            case nil:
                error("backfill of \(id) outlet \(outlet): the run was cancelled (lease lost)")
                code = 1
            }
        }
        return code
    }

    static func reconnect(
        _ id: String, storage: ServerStorage, settings: PollingSettings, print output: @Sendable (String) -> Void,
        error: @Sendable (String) -> Void
    ) async -> Int32 {
        do {
            guard let record = try await storage.integrations.record(id: id) else {
                error("no integration with id \(KeyCommands.oneLine(id))")
                return 1
            }
            let units = try PolledIntegration.units(of: record, settings: settings)
            guard !units.isEmpty else {
                error("integration \(KeyCommands.oneLine(id)) is not polled")
                return 1
            }
            let states = SQLIntegrationStateStore(database: storage.database)
            for unit in units {
                var state = try await states.state(for: unit.integration) ?? IntegrationState(id: unit.integration)
                state.connection = .active
                state.consecutiveFailures = 0
                state.backoffUntil = nil
                try await states.save(state)
                output("reconnected \(id) outlet \(unit.integration.account.isEmpty ? "-" : unit.integration.account)")
            }
            return 0
        } catch let failure {
            error("cannot reconnect \(KeyCommands.oneLine(id)): \(failure)")
            return 1
        }
    }

    static func status(
        of id: String?, storage: ServerStorage, print output: @Sendable (String) -> Void, error: @Sendable (String) -> Void
    ) async -> Int32 {
        do {
            var records = try await storage.integrations.list().filter { PolledIntegration.systems.contains($0.system) }
            if let id {
                records = records.filter { $0.id == id }
                guard !records.isEmpty else {
                    error("no polled integration with id \(KeyCommands.oneLine(id))")
                    return 1
                }
            }
            let states = SQLIntegrationStateStore(database: storage.database)
            let cursors = SQLCursorStore(database: storage.database)
            func instant(_ date: Date?) -> String { date.map { $0.formatted(.iso8601) } ?? "-" }
            output("integration\toutlet\tconnection\tlast_attempt\tlast_success\tfailures\tlast_failure\tbackoff_until\tcursor")
            for record in records {
                for id in record.integrationIDs {
                    let state = try await states.state(for: id) ?? IntegrationState(id: id)
                    let cursor = try await cursors.cursor(for: id)
                    output([
                        record.id, id.account.isEmpty ? "-" : id.account, state.connection.rawValue, instant(state.lastAttemptAt),
                        instant(state.lastSuccessAt), String(state.consecutiveFailures),
                        state.lastFailure.map { "\($0.kind.rawValue): \($0.detail)" } ?? "-", instant(state.backoffUntil),
                        instant(cursor?.watermark),
                    ].map(KeyCommands.oneLine).joined(separator: "\t"))
                }
            }
            return 0
        } catch let failure {
            error("cannot read the polling state: \(failure)")
            return 1
        }
    }

    /// Midnight of `text` (`YYYY-MM-DD`) in `zone`; nil when malformed.
    static func day(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(dayOfMonth) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: dayOfMonth)),
              calendar.component(.day, from: date) == dayOfMonth else { return nil }
        return date
    }

    /// `YYYY-MM-DD` of `date` in `zone`.
    static func isoDay(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))"
    }

    static func describe(_ outcome: SyncRunReport.Outcome) -> String {
        switch outcome {
        case .succeeded: "done"
        case .failed(let failure): "\(failure.kind.rawValue): \(failure.detail)"
        case .skipped(.needsReconnect): "the integration needs reconnecting (its credentials were refused)"
        case .skipped(.disconnected): "the integration is disconnected"
        case .skipped(.rateLimited(let until)): "rate limited by the provider until \(until)"
        case .skipped(.notRegistered): "not registered"
        case .superseded: "superseded"
        case .cancelled: "cancelled"
        }
    }
}
