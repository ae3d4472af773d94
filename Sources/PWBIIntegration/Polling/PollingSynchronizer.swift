#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping
import PWBIRetry
import Synchronization

/// One integration the synchroniser polls: which source, how its payloads map, and how often.
public struct PollingRegistration: Sendable {
    /// Which integration this is.
    public var integration: IntegrationID
    /// The system's API, as pages of transactions.
    public var source: any TransactionSource
    /// The tenant, zones and defaults the source's mapper needs.
    public var context: MappingContext
    /// The schedule, windows and retry policy.
    public var configuration: PollingConfiguration

    /// A registration of `integration` read from `source`.
    public init(integration: IntegrationID, source: any TransactionSource, context: MappingContext, configuration: PollingConfiguration) {
        self.integration = integration
        self.source = source
        self.context = context
        self.configuration = configuration
    }
}

/// Polls systems without webhooks (Qasir, Moka, …), per integration, on an injected `Clock`.
///
/// Each run of an integration reads the window from its cursor (minus the overlap) to now, page
/// by page; maps each page; stores every transaction through the ``TransactionStore``; and only
/// **then** moves the cursor — page by page for sources whose pages are chronological, at the end
/// of the window otherwise. A crash anywhere leaves the cursor at or behind the stored data, and
/// the next run's overlap re-reads what might be missing; the store deduplicates.
///
/// - 401/403: the integration is marked *needs reconnect* and not retried (nor scheduled) until
///   the host calls ``reconnected(_:)``.
/// - 429: retried within the run after its `Retry-After` (per the retry policy); if the run still
///   fails, no run starts before the `Retry-After` (or ``PollingConfiguration/rateLimitBackoff``).
/// - Timeouts, connection failures, 5xx: the retry policy; then the run fails and the next
///   scheduled run tries again.
/// - One integration's failure never blocks another's; at most `maximumConcurrency` run at once.
/// - "Sync Now" (``syncNow(_:)``) joins a run already in progress instead of starting another.
///
/// ```swift
/// let poller = PollingSynchronizer(store: store, cursors: cursors, states: states, transport: client,
///                                  clock: ContinuousClock(), authorizer: { id in try await tokens.header(for: id) })
/// await poller.register(PollingRegistration(integration: id, source: QasirTransactionSource(mapper: qasir),
///                                           context: MappingContext(tenant: id.tenant), configuration: .qasir))
/// let task = Task { await poller.run() }   // until cancelled
/// ```
public actor PollingSynchronizer<C: Clock> where C.Duration == Duration {
    /// Supplies the `Authorization` (or other) headers for an integration's requests. Throw
    /// ``OAuthError/reconnectRequired(_:)`` when the credentials cannot be renewed.
    public typealias Authorizer = @Sendable (IntegrationID) async throws -> [HTTPHeaderField]

    private let dependencies: PollingDependencies<C>
    private let maximumConcurrency: Int
    private var registrations: [IntegrationID: PollingRegistration] = [:]
    private var nextDue: [IntegrationID: C.Instant] = [:]
    private var inFlight: [IntegrationID: Task<SyncRunReport, Never>] = [:]
    private var backfills: [IntegrationID: Task<BackfillReport, Never>] = [:]

    /// A synchroniser.
    /// - Parameters:
    ///   - store: where mapped transactions are upserted.
    ///   - cursors: each integration's watermark of stored data (compare-and-set).
    ///   - states: each integration's health, for the diagnostics and reconnects.
    ///   - transport: the host's HTTP client.
    ///   - clock: what scheduling, retries and backoff sleep on (`ManualClock` in tests).
    ///   - authorizer: the headers (`Authorization`) for an integration's requests.
    ///   - metrics: where runs are counted and timed.
    ///   - maximumConcurrency: how many integrations run at once.
    ///   - deadLetters: where elements that do not map go (with their raw bytes); without one, such
    ///     an element fails the run, so it is never skipped silently.
    ///   - wallClock: calendar time for windows and cursors; defaults to the system's.
    ///   - failureNotifier: told when a run fails or dead-letters elements, and when one succeeds, if anyone is.
    public init(
        store: any TransactionStore,
        cursors: any CursorStore,
        states: any IntegrationStateStore,
        transport: any HTTPTransport,
        clock: C,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        authorizer: @escaping Authorizer = { _ in [] },
        deadLetters: (any DeadLetterQueue)? = nil,
        metrics: any IntegrationMetrics = DiscardingIntegrationMetrics(),
        maximumConcurrency: Int = 4,
        failureNotifier: (any FailureNotifier)? = nil
    ) {
        self.dependencies = PollingDependencies(
            store: store, cursors: cursors, states: states, transport: transport, clock: clock, wallClock: wallClock,
            authorizer: authorizer, deadLetters: deadLetters, metrics: metrics,
            failureNotifier: failureNotifier)
        self.maximumConcurrency = max(1, maximumConcurrency)
    }

    /// Adds (or replaces) an integration; its first run is due at once.
    public func register(_ registration: PollingRegistration) {
        registrations[registration.integration] = registration
        if nextDue[registration.integration] == nil { nextDue[registration.integration] = dependencies.clock.now }
    }

    /// Stops polling an integration (a run in progress finishes).
    public func unregister(_ integration: IntegrationID) {
        registrations[integration] = nil
        nextDue[integration] = nil
    }

    /// The integrations registered, sorted.
    public var registeredIntegrations: [IntegrationID] { registrations.keys.sorted() }

    /// When the next scheduled run of `integration` is due.
    public func nextRun(of integration: IntegrationID) -> C.Instant? { nextDue[integration] }

    /// Marks an integration active again after the merchant reconnected it; its next run is due at once.
    public func reconnected(_ integration: IntegrationID) async throws {
        var state = try await dependencies.states.state(for: integration) ?? IntegrationState(id: integration)
        state.connection = .active
        state.consecutiveFailures = 0
        state.backoffUntil = nil
        try await dependencies.states.save(state)
        if registrations[integration] != nil { nextDue[integration] = dependencies.clock.now }
    }

    /// Runs `integration` now ("Sync Now"). A run already in progress is joined, not repeated:
    /// the caller gets that run's report with ``SyncRunReport/joinedRunInProgress`` set.
    public func syncNow(_ integration: IntegrationID) async -> SyncRunReport {
        if let running = inFlight[integration] {
            var report = await running.value
            report.joinedRunInProgress = true
            return report
        }
        guard let registration = registrations[integration] else {
            return SyncRunReport(integration: integration, outcome: .skipped(.notRegistered))
        }
        let dependencies = self.dependencies
        let task = Task { await dependencies.run(registration) }
        inFlight[integration] = task
        let report = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        inFlight[integration] = nil
        schedule(integration, after: report, configuration: registration.configuration)
        return report
    }

    /// Runs every integration whose scheduled time has come, at most `maximumConcurrency` at once;
    /// returns their reports sorted by integration.
    public func runDue() async -> [SyncRunReport] {
        let now = dependencies.clock.now
        let due = registrations.keys.filter { id in inFlight[id] == nil && (nextDue[id].map { $0 <= now } ?? true) }.sorted()
        guard !due.isEmpty else { return [] }
        let reports = await withTaskGroup(of: SyncRunReport.self) { group in
            var pending = due.makeIterator()
            for _ in 0..<min(maximumConcurrency, due.count) {
                guard let id = pending.next() else { break }
                group.addTask { await self.syncNow(id) }
            }
            var reports: [SyncRunReport] = []
            for await report in group {
                reports.append(report)
                if let id = pending.next() { group.addTask { await self.syncNow(id) } }
            }
            return reports
        }
        return reports.sorted { $0.integration < $1.integration }
    }

    /// Runs due integrations and sleeps on the clock until the next is due, until cancelled.
    /// Wakes at least every `idleCheck` to pick up new registrations.
    public func run(idleCheck: Duration = .seconds(60)) async {
        while !Task.isCancelled {
            _ = await runDue()
            let now = dependencies.clock.now
            let wake = min(nextDue.values.min() ?? now.advanced(by: idleCheck), now.advanced(by: idleCheck))
            guard wake > now else { continue }
            do { try await dependencies.clock.sleep(until: wake, tolerance: nil) } catch { return }
        }
    }

    /// "Sync Historical": reads `from…to` in chunks of `chunk`, oldest first, storing everything
    /// (the store deduplicates against what polling already stored); the cursor is not moved.
    /// Stops at the first chunk that fails; ``BackfillReport/completedThrough`` says where to resume.
    /// A second call while one runs for the same integration joins it.
    public func syncHistorical(_ integration: IntegrationID, from: Date, to: Date, chunk: Duration = .seconds(86_400)) async -> BackfillReport {
        if let running = backfills[integration] {
            var report = await running.value
            report.joinedRunInProgress = true
            return report
        }
        let requested = PollWindow(from: from, until: to)
        guard let registration = registrations[integration] else {
            var report = BackfillReport(integration: integration, requested: requested)
            report.failure = .skipped(.notRegistered)
            return report
        }
        let dependencies = self.dependencies
        let step = max(chunk, .seconds(1))
        let task = Task { await dependencies.backfill(registration, requested: requested, chunk: step) }
        backfills[integration] = task
        let report = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        backfills[integration] = nil
        return report
    }

    private func schedule(_ integration: IntegrationID, after report: SyncRunReport, configuration: PollingConfiguration) {
        guard registrations[integration] != nil else { return }
        let now = dependencies.clock.now
        switch report.outcome {
        case .succeeded(let caughtUp):
            nextDue[integration] = caughtUp ? now.advanced(by: configuration.interval) : now
        case .skipped(.rateLimited(let until)):
            let wait = max(.zero, Duration.seconds(until.timeIntervalSince(dependencies.wallClock())))
            nextDue[integration] = now.advanced(by: max(wait, configuration.interval))
        case .skipped(.needsReconnect), .skipped(.disconnected):
            // Nothing to do until the host calls reconnected(_:); look again after one interval.
            nextDue[integration] = now.advanced(by: configuration.interval)
        case .failed(let failure) where failure.kind == .rateLimited:
            nextDue[integration] = now.advanced(by: configuration.interval)
        default:
            nextDue[integration] = now.advanced(by: configuration.interval)
        }
    }
}
