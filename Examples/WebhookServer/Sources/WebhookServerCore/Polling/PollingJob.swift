#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration

/// One scheduled run of one polled unit, under its lease: the kit's ``PollingSynchronizer`` reads
/// the window from the cursor, stores every page, and only then moves the cursor — through a
/// ``SQLCursorStore`` fenced on the lease, so a replica that lost it cannot move the cursor.
///
/// A run that is not caught up (the gap was longer than the maximum window) is followed by the
/// next at once. A run is skipped when another replica ran the unit less than 90 % of its interval
/// ago by this replica's clock (the lease moves between replicas, the interval stays), and when the credentials cannot be
/// read (logged with the reason, counted as a `credentials` failure).
public struct PollingJob<C: Clock>: Sendable where C.Duration == Duration {
    /// What is polled.
    public let unit: PolledIntegration
    let storage: ServerStorage
    let transport: any HTTPTransport
    let credentials: PollingCredentials
    let metrics: PollingMetrics
    let kitMetrics: any IntegrationMetrics
    let failureNotifier: (any FailureNotifier)?
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    let cursors: @Sendable (Lease?) -> any CursorStore

    /// A job polling `unit` into `storage` through `transport`.
    /// - Parameter cursors: the cursor store a run with a lease writes through (the fenced SQL store by default).
    public init(
        unit: PolledIntegration, storage: ServerStorage, transport: any HTTPTransport, credentials: PollingCredentials,
        metrics: PollingMetrics = PollingMetrics(), kitMetrics: any IntegrationMetrics = DiscardingIntegrationMetrics(),
        failureNotifier: (any FailureNotifier)? = nil, clock: C, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
        cursors: (@Sendable (Lease?) -> any CursorStore)? = nil
    ) {
        self.unit = unit
        self.storage = storage
        self.transport = transport
        self.credentials = credentials
        self.metrics = metrics
        self.kitMetrics = kitMetrics
        self.failureNotifier = failureNotifier
        self.clock = clock
        self.now = now
        self.logger = logger
        let database = storage.database
        self.cursors = cursors ?? { lease in SQLCursorStore(database: database, fence: lease.map { SQLCursorStore.Fence(lease: $0, now: now) }) }
    }

    /// The integration states (connection, last attempt, failures, back-off).
    public var states: SQLIntegrationStateStore { SQLIntegrationStateStore(database: storage.database) }

    /// Runs the unit (again while it is catching up, at most `maximumRuns` times); the reports, none
    /// when it was skipped before starting.
    @discardableResult
    public func run(holding lease: Lease?, maximumRuns: Int = 50) async -> [SyncRunReport] {
        let metadata: Logger.Metadata = ["integration": "\(unit.record.id)", "outlet": "\(unit.integration.account)"]
        if let last = try? await states.state(for: unit.integration)?.lastAttemptAt {
            // An attempt "in the future" comes from a replica whose clock is ahead: not a reason to wait.
            let elapsed = now().timeIntervalSince(last)
            if elapsed >= 0, elapsed < Double(unit.record.everySeconds) * 0.9 { return [] }
        }
        guard let synchronizer = await synchronizer(lease: lease, metadata: metadata) else { return [] }
        var reports: [SyncRunReport] = []
        while reports.count < maximumRuns, !Task.isCancelled {
            let report = await synchronizer.syncNow(unit.integration)
            reports.append(report)
            metrics.record(report, of: unit)
            log(report, metadata: metadata)
            guard case .succeeded(caughtUp: false) = report.outcome else { break }
        }
        return reports
    }

    /// Reads `from…to` (chunks of a day, oldest first) without moving the cursor; the report says
    /// how far it got. Throws when the credentials cannot be read.
    public func backfill(from: Date, to: Date, holding lease: Lease?) async throws(PollingCredentialError) -> BackfillReport {
        let authorizer = try credentials.authorizer(for: unit.record.credentials)
        let synchronizer = makeSynchronizer(lease: lease, authorizer: authorizer)
        await synchronizer.register(unit.registration)
        return await synchronizer.syncHistorical(unit.integration, from: from, to: to)
    }

    func synchronizer(lease: Lease?, metadata: Logger.Metadata) async -> PollingSynchronizer<C>? {
        do {
            let authorizer = try credentials.authorizer(for: unit.record.credentials)
            let synchronizer = makeSynchronizer(lease: lease, authorizer: authorizer)
            await synchronizer.register(unit.registration)
            return synchronizer
        } catch {
            logger.warning("polling: run skipped", metadata: metadata.merging(["reason": "\(error)"]) { $1 })
            metrics.recordCredentialFailure(of: unit)
            return nil
        }
    }

    func makeSynchronizer(lease: Lease?, authorizer: @escaping @Sendable (IntegrationID) async throws -> [HTTPHeaderField]) -> PollingSynchronizer<C> {
        PollingSynchronizer(
            store: storage.transactions, cursors: cursors(lease), states: states, transport: transport, clock: clock,
            wallClock: now, authorizer: authorizer, deadLetters: storage.deadLetters, metrics: kitMetrics, maximumConcurrency: 1,
            failureNotifier: failureNotifier)
    }

    func log(_ report: SyncRunReport, metadata: Logger.Metadata) {
        var metadata = metadata
        metadata["pages"] = "\(report.pages)"
        metadata["requests"] = "\(report.requests)"
        metadata["inserted"] = "\(report.inserted)"
        metadata["updated"] = "\(report.updated)"
        metadata["unchanged"] = "\(report.unchanged)"
        metadata["dead_lettered"] = "\(report.deadLettered)"
        if let cursor = report.cursor { metadata["cursor"] = "\(cursor.watermark.timeIntervalSince1970)" }
        switch report.outcome {
        case .succeeded(let caughtUp):
            logger.info("polling: run stored", metadata: metadata.merging(["caught_up": "\(caughtUp)"]) { $1 })
        case .failed(let failure):
            logger.warning("polling: run failed", metadata: metadata.merging(["kind": "\(failure.kind.rawValue)", "reason": "\(failure.detail)"]) { $1 })
        case .skipped(let reason):
            logger.info("polling: run skipped", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        case .superseded:
            logger.warning("polling: another replica moved the cursor; run stopped", metadata: metadata)
        case .cancelled:
            logger.info("polling: run cancelled", metadata: metadata)
        }
    }
}
