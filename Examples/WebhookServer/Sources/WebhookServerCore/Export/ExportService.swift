#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import ServiceLifecycle
import Synchronization

/// The scheduled accounting export: every ``ExportConfiguration/checkInterval`` it reads the
/// integrations (so one added or removed while running is picked up), and for each `accurate` or
/// `jurnal` integration due (every `every_seconds`, a day by default) runs one ``LeasedSchedule``
/// pass under the lease `export:<id>` — at most one replica exports an integration at a time —
/// exporting its closed days not yet complete.
public struct ExportService<C: Clock>: Service where C.Duration == Duration {
    let context: OutboundContext
    let clock: C
    let now: @Sendable () -> Date
    let environment: [String: String]
    let nextRuns = NextRuns()

    /// The export over `context`, timed by `clock`; `environment` holds the credentials' variables.
    public init(
        context: OutboundContext, clock: C, now: @escaping @Sendable () -> Date = { Date() },
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.context = context
        self.clock = clock
        self.now = now
        self.environment = environment
    }

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await checkOnce()
                do { try await clock.sleep(for: context.configuration.export.checkInterval) } catch { return }
            }
        }
    }

    /// One look: runs every due integration's export (in turn).
    public func checkOnce() async {
        let records: [IntegrationRecord]
        do {
            records = try await context.storage.integrations.list().filter { ExportSetup.systems.contains($0.system) }
        } catch {
            context.logger.error("export: cannot read the integrations", metadata: ["reason": "\(error)"])
            return
        }
        for record in records where !Task.isCancelled {
            let due = nextRuns.due.withLock { due in
                guard let next = due[record.id], now() < next else {
                    due[record.id] = now().addingTimeInterval(Double(record.everySeconds))
                    return true
                }
                return false
            }
            guard due, await runOnce(record) else { continue }
            // Days left pending by an outage or a lost answer, a failed run, another replica's run:
            // looked at again after the settle time (not a whole `every` later).
            let retry = min(Double(record.everySeconds), max(context.configuration.export.settle.seconds, context.configuration.export.checkInterval.seconds))
            nextRuns.due.withLock { $0[record.id] = now().addingTimeInterval(retry) }
        }
    }

    /// One leased pass over `record`'s pending days; whether to look again soon: days were left
    /// pending (an outage, a lost answer), the run failed, or another replica holds the lease.
    /// False after a complete run, refused credentials or a misconfiguration (those wait for `every`).
    @discardableResult
    public func runOnce(_ record: IntegrationRecord) async -> Bool {
        let setup: ExportSetup
        do {
            setup = try ExportSetup(record, environment: environment)
        } catch {
            context.logger.error("export: integration misconfigured", metadata: ["integration": "\(record.id)", "reason": "\(error)"])
            return false
        }
        let runner = ExportRunner(
            setup: setup, database: context.storage.database,
            transport: TimeoutTransport(base: context.transport, timeout: context.configuration.export.requestTimeout, clock: clock),
            configuration: context.configuration.export, now: now, logger: context.logger)
        let soon = Mutex(true)
        let schedule = LeasedSchedule(
            name: "export:\(record.id)", owner: context.owner, leases: context.storage.leases,
            settings: .init(interval: context.configuration.export.checkInterval, leaseDuration: context.configuration.export.leaseDuration),
            clock: clock, now: now, logger: context.logger
        ) { lease in
            let reports = try await runner.run(try await runner.pendingDays(), lease: lease)
            let stopped = reports.contains { $0.problems.contains(where: \.stopsTheRun) }
            soon.withLock { $0 = !stopped && !reports.allSatisfy(\.isComplete) }
            for report in reports where report.isComplete {
                context.logger.info("export: day complete", metadata: [
                    "integration": "\(record.id)", "day": "\(report.day)", "entries": "\(report.entries)",
                    "exported": "\(report.exported.count)", "recovered": "\(report.recovered.count)", "conflicts": "\(report.conflicts.count)",
                ])
            }
        }
        await schedule.runOnce()
        return soon.withLock { $0 }
    }
}

/// When each integration's export is next due on this replica.
final class NextRuns: Sendable {
    let due = Mutex<[String: Date]>([:])
}
