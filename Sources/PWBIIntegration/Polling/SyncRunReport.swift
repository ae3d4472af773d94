#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What one polling run (or one backfill) did.
public struct SyncRunReport: Sendable, Hashable {
    /// How the run ended.
    public enum Outcome: Sendable, Hashable {
        /// Every page of the window was stored; `caughtUp` is false when the gap to now was longer
        /// than the maximum window and another run follows at once.
        case succeeded(caughtUp: Bool)
        /// The run stopped; the cursor stays where the last stored page put it.
        case failed(SyncFailure)
        /// The run did not start.
        case skipped(SkipReason)
        /// Another synchroniser (a replica) moved the cursor meanwhile; this run stopped.
        case superseded
        /// The run was cancelled.
        case cancelled
    }

    /// Why a run did not start.
    public enum SkipReason: Sendable, Hashable {
        /// The source refused the credentials; the merchant must reconnect.
        case needsReconnect
        /// The merchant disconnected the integration.
        case disconnected
        /// The source asked us to wait until this instant (429 `Retry-After`).
        case rateLimited(until: Date)
        /// No such integration is registered.
        case notRegistered
    }

    /// The integration that ran.
    public var integration: IntegrationID
    /// How the run ended.
    public var outcome: Outcome
    /// The window read, when the run started.
    public var window: PollWindow?
    /// Pages fetched and stored.
    public var pages: Int = 0
    /// Requests sent, retries included.
    public var requests: Int = 0
    /// Transactions by what the store did with them.
    public var inserted: Int = 0
    /// Transactions stored before, now changed.
    public var updated: Int = 0
    /// Transactions stored before and identical (re-reads of the overlap).
    public var unchanged: Int = 0
    /// Elements that did not map and went to the dead-letter queue.
    public var deadLettered: Int = 0
    /// The cursor after the run.
    public var cursor: SyncCursor?
    /// True for callers of "Sync Now" that joined a run already in progress instead of starting one.
    public var joinedRunInProgress: Bool = false

    /// A report with no page read yet.
    public init(integration: IntegrationID, outcome: Outcome) {
        self.integration = integration
        self.outcome = outcome
    }

    /// Whether the run stored everything it read.
    public var succeeded: Bool {
        if case .succeeded = outcome { return true }
        return false
    }
}

/// What a historical sync did: chunk by chunk, oldest first, stopping at the first failed chunk.
public struct BackfillReport: Sendable, Hashable {
    /// The integration backfilled.
    public var integration: IntegrationID
    /// The range asked for.
    public var requested: PollWindow
    /// Everything up to this instant is stored (resume from here after a failure); nil if no chunk completed.
    public var completedThrough: Date?
    /// Chunks completed.
    public var chunks: Int = 0
    /// The totals of the completed chunks (and of the failed one, up to its failure).
    public var totals: SyncRunReport
    /// The failure that stopped it, if any.
    public var failure: SyncRunReport.Outcome?
    /// True for callers that joined a historical sync already in progress.
    public var joinedRunInProgress: Bool = false

    /// A report with no chunk run yet.
    public init(integration: IntegrationID, requested: PollWindow) {
        self.integration = integration
        self.requested = requested
        self.totals = SyncRunReport(integration: integration, outcome: .succeeded(caughtUp: true))
    }
}
