#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Tells the merchant when an integration's data stops arriving — the reference framework's
/// `notify_user_integration_failure` after a sync fails into the dead-letter queue — once per
/// integration and failure kind, not once per delivery, and once more when it heals.
///
/// The library calls ``failed(_:)`` wherever it dead-letters (the receiver, ``WebhookSender``,
/// the ``PollingSynchronizer``) and ``succeeded(_:at:)`` when the same integration works again; an
/// implementation decides what reaches the merchant. ``InMemoryFailureNotifier`` keeps a quiet
/// period per integration and kind; ``WebhookFailureNotifier`` posts what it lets through as a
/// signed webhook. Check an implementation with ``FailureNotifierContract/check(quietPeriod:concurrency:_:)``.
public protocol FailureNotifier: Sendable {
    /// Records a failure; returns the notification it caused, or nil when the same integration and
    /// kind was notified within the quiet period (the failure is then counted in the next notice).
    @discardableResult
    func failed(_ failure: IntegrationFailure) async -> FailureNotification?

    /// Records that `integration` works again; returns one recovery notice per kind it was
    /// notified as failing (empty when nothing was).
    @discardableResult
    func succeeded(_ integration: IntegrationID, at time: Date) async -> [FailureNotification]
}

/// One failure of one integration, as the dead-lettering code reports it.
public struct IntegrationFailure: Sendable, Hashable {
    /// Whose delivery or sync failed (for outgoing webhooks: the tenant and the destination's name).
    public var integration: IntegrationID
    /// The class of failure, which picks the troubleshooting guide's entry.
    public var kind: SyncFailureKind
    /// A short description (status, field, reason) — never a secret or a body.
    public var detail: String
    /// When it failed (wall clock).
    public var at: Date

    /// A failure of `kind` of `integration` at `at`.
    public init(integration: IntegrationID, kind: SyncFailureKind, detail: String, at: Date) {
        self.integration = integration
        self.kind = kind
        self.detail = detail
        self.at = at
    }
}

/// What the merchant is told: an integration started failing (with the guide's remedy), or recovered.
public struct FailureNotification: Sendable, Hashable {
    /// Which way the integration went.
    public enum Event: String, Sendable, Hashable {
        /// It fails: the first failure of its kind, or still failing after the quiet period.
        case failing
        /// It works again after failing.
        case recovered
    }

    /// Failing or recovered.
    public var event: Event
    /// The integration.
    public var integration: IntegrationID
    /// The kind of failure (for a recovery: the kind that healed).
    public var kind: SyncFailureKind
    /// The troubleshooting guide's entry for the kind: symptom, cause, what to do.
    public var guide: TroubleshootingEntry
    /// The latest failure's detail (for a recovery: the last failure before it healed).
    public var detail: String
    /// Failures since the previous notice of this integration and kind, this one included.
    public var failures: Int
    /// When the notice was raised (wall clock).
    public var at: Date

    /// A notice.
    public init(
        event: Event, integration: IntegrationID, kind: SyncFailureKind, guide: TroubleshootingEntry,
        detail: String, failures: Int, at: Date
    ) {
        self.event = event
        self.integration = integration
        self.kind = kind
        self.guide = guide
        self.detail = detail
        self.failures = failures
        self.at = at
    }

    /// The line for the merchant: `Moka sync failing: "Connection timeout" error (2 failures). Wait 30 minutes,
    /// try again. If persists, contact POS support.` or `Moka sync recovered after "Connection timeout" error`.
    public var message: String {
        let system = SystemProfile.profile(for: integration.sourceSystem).displayName
        switch event {
        case .failing:
            let count = failures == 1 ? "" : " (\(failures) failures)"
            return "\(system) sync failing: \(guide.symptom)\(count). \(guide.solution)"
        case .recovered:
            return "\(system) sync recovered after \(guide.symptom)"
        }
    }
}

extension TroubleshootingEntry {
    /// The guide's entry for a failure of `kind` at `sourceSystem`: a refused credential names the
    /// system's own entry where the guide has one (Moka's API key, Qasir's and Accurate's tokens).
    public static func remedy(for kind: SyncFailureKind, sourceSystem: String) -> TroubleshootingEntry {
        switch kind {
        case .timeout, .connection: .apiDown
        case .rateLimited: .rateLimited
        case .serverError, .invalidResponse, .storage: .repeatedFailures
        case .authentication:
            switch sourceSystem {
            case "moka": .mokaAPIKeyInvalid
            case "qasir": .qasirTokenExpired
            case "accurate": .accurateTokenExpired
            default: .credentialsExpired
            }
        }
    }
}
