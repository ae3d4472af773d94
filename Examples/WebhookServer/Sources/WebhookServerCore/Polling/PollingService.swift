#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration
import ServiceLifecycle

/// Polls every configured Qasir and Moka integration: one ``LeasedSchedule`` per polled unit
/// (`poll:<id>:<outlet>`, every `every_seconds`), so across all replicas one runs each unit at a
/// time and a dead replica's units are taken over when its lease lapses.
///
/// The `integrations` table is read at start and again whenever its
/// ``SQLIntegrationStore/changeMark()`` moves (checked every ``PollingSettings/reloadInterval``):
/// new units start, removed or changed ones stop. A record that cannot be polled (a Moka record
/// without outlets, an unknown `api` setting) is logged with its reason and skipped.
public struct PollingService: Service {
    let context: OutboundContext
    let settings: PollingSettings
    let credentials: PollingCredentials
    let metrics: PollingMetrics

    /// The service for `context`, with `settings`.
    public init(context: OutboundContext, settings: PollingSettings, credentials: PollingCredentials? = nil, metrics: PollingMetrics = PollingMetrics()) {
        self.context = context
        self.settings = settings
        self.credentials = credentials ?? PollingCredentials(oauthAuthorizer: context.oauthAuthorizer)
        self.metrics = metrics
    }

    /// The schedules of `records`, keyed by lease name (records of other systems give none).
    public func schedules(for records: [IntegrationRecord]) -> [String: (unit: PolledIntegration, schedule: LeasedSchedule<ContinuousClock>)] {
        var schedules: [String: (unit: PolledIntegration, schedule: LeasedSchedule<ContinuousClock>)] = [:]
        for record in records where PolledIntegration.systems.contains(record.system) {
            let units: [PolledIntegration]
            do {
                units = try PolledIntegration.units(of: record, settings: settings)
            } catch {
                context.logger.error("polling: integration not polled", metadata: ["integration": "\(record.id)", "reason": "\(error)"])
                continue
            }
            for unit in units {
                let job = PollingJob(
                    unit: unit, storage: context.storage, transport: context.transport, credentials: credentials, metrics: metrics,
                    kitMetrics: context.metrics, failureNotifier: context.failureNotifier, clock: ContinuousClock(), logger: context.logger)
                let schedule = LeasedSchedule(
                    name: unit.scheduleName, owner: context.owner, leases: context.storage.leases,
                    settings: .init(interval: .seconds(record.everySeconds), leaseDuration: settings.leaseDuration),
                    clock: ContinuousClock(), logger: context.logger
                ) { lease in
                    _ = await job.run(holding: lease)
                }
                schedules[unit.scheduleName] = (unit, schedule)
            }
        }
        return schedules
    }

    /// Runs the schedules until graceful shutdown, following changes of the `integrations` table.
    public func run() async throws {
        guard settings.enabled else { return }
        let running = RunningSchedules()
        await cancelWhenGracefulShutdown {
            var mark: String?
            while !Task.isCancelled {
                do {
                    mark = try await reload(into: running, after: mark)
                } catch {
                    context.logger.warning("polling: cannot read the integrations", metadata: ["reason": "\(error)"])
                }
                do { try await Task.sleep(for: settings.reloadInterval) } catch { break }
            }
        }
        await running.stopAll()
    }

    /// Reads the `integrations` table if its change mark moved since `mark` and makes `running`
    /// match it; returns the mark read.
    public func reload(into running: RunningSchedules, after mark: String?) async throws -> String {
        let current = try await context.storage.integrations.changeMark()
        guard current != mark else { return current }
        let records = try await context.storage.integrations.list()
        await running.replace(with: schedules(for: records), logger: context.logger)
        return current
    }
}

/// The polling schedules running now, each in its own task, and the record each was built from.
public actor RunningSchedules {
    private var tasks: [String: (record: IntegrationRecord, task: Task<Void, Never>)] = [:]

    /// None running.
    public init() {}

    /// Starts the schedules that are new or whose record changed; stops the ones no longer wanted.
    func replace(
        with schedules: [String: (unit: PolledIntegration, schedule: LeasedSchedule<ContinuousClock>)], logger: Logger
    ) async {
        for (name, entry) in tasks where schedules[name]?.unit.record != entry.record {
            entry.task.cancel()
            await entry.task.value
            tasks[name] = nil
            logger.info("polling: schedule stopped", metadata: ["schedule": "\(name)"])
        }
        for (name, entry) in schedules.sorted(by: { $0.key < $1.key }) where tasks[name] == nil {
            let schedule = entry.schedule
            tasks[name] = (entry.unit.record, Task { try? await schedule.run() })
            logger.info("polling: schedule started", metadata: [
                "schedule": "\(name)", "every_seconds": "\(entry.unit.record.everySeconds)",
            ])
        }
    }

    /// Stops every schedule and waits for them.
    public func stopAll() async {
        for entry in tasks.values { entry.task.cancel() }
        for entry in tasks.values { await entry.task.value }
        tasks = [:]
    }

    /// The lease names of the schedules running.
    public var names: [String] { tasks.keys.sorted() }
}
