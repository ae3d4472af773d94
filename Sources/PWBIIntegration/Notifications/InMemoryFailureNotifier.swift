#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A ``FailureNotifier`` that keeps its rate-limiting state and the notices it raised in memory
/// (an in-app inbox for single-process hosts, and the limiter behind ``WebhookFailureNotifier``).
///
/// Per integration and kind: the first failure raises a notice; later failures within
/// ``quietPeriod`` of that notice (measured on the injected clock) are only counted; the first
/// failure after it raises the next notice, carrying the count. A success closes every open kind
/// of the integration with one recovery notice each; the next failure is a new incident and is
/// notified at once.
public actor InMemoryFailureNotifier<C: Clock>: FailureNotifier where C.Duration == Duration {
    /// How long a notified integration and kind stays quiet.
    public let quietPeriod: Duration
    /// The clock the quiet period is measured on (`ManualClock` in tests).
    public let clock: C
    /// How many raised notices ``notifications`` keeps (the oldest are dropped first).
    public let retainedNotifications: Int
    /// The notices raised, oldest first (at most ``retainedNotifications``).
    public private(set) var notifications: [FailureNotification] = []

    private struct Incident {
        var notifiedAt: C.Instant
        var unnotified: Int
        var notified: Int
        var lastDetail: String
    }

    private struct Key: Hashable {
        let integration: IntegrationID
        let kind: SyncFailureKind
    }

    private var open: [Key: Incident] = [:]

    /// A notifier; the quiet period defaults to one hour (the guide's "Wait 1 hour" for a rate limit).
    public init(quietPeriod: Duration = .seconds(3600), clock: C, retainedNotifications: Int = 1000) {
        self.quietPeriod = max(.zero, quietPeriod)
        self.clock = clock
        self.retainedNotifications = max(0, retainedNotifications)
    }

    @discardableResult
    public func failed(_ failure: IntegrationFailure) -> FailureNotification? {
        let key = Key(integration: failure.integration, kind: failure.kind)
        let now = clock.now
        if var incident = open[key] {
            incident.unnotified += 1
            incident.lastDetail = failure.detail
            guard incident.notifiedAt.duration(to: now) >= quietPeriod else {
                open[key] = incident
                return nil
            }
            let count = incident.unnotified
            incident.notifiedAt = now
            incident.notified += count
            incident.unnotified = 0
            open[key] = incident
            return raise(.failing, key, detail: failure.detail, failures: count, at: failure.at)
        }
        open[key] = Incident(notifiedAt: now, unnotified: 0, notified: 1, lastDetail: failure.detail)
        return raise(.failing, key, detail: failure.detail, failures: 1, at: failure.at)
    }

    @discardableResult
    public func succeeded(_ integration: IntegrationID, at time: Date) -> [FailureNotification] {
        let healed = open.keys.filter { $0.integration == integration }.sorted { $0.kind.rawValue < $1.kind.rawValue }
        return healed.compactMap { key in
            guard let incident = open.removeValue(forKey: key) else { return nil }
            return raise(.recovered, key, detail: incident.lastDetail, failures: incident.notified + incident.unnotified, at: time)
        }
    }

    /// The integrations and kinds currently failing (notified and not yet recovered).
    public var failing: [(integration: IntegrationID, kind: SyncFailureKind)] {
        open.keys.sorted { ($0.integration, $0.kind.rawValue) < ($1.integration, $1.kind.rawValue) }.map { ($0.integration, $0.kind) }
    }

    private func raise(
        _ event: FailureNotification.Event, _ key: Key, detail: String, failures: Int, at time: Date
    ) -> FailureNotification {
        let notice = FailureNotification(
            event: event, integration: key.integration, kind: key.kind,
            guide: .remedy(for: key.kind, sourceSystem: key.integration.sourceSystem),
            detail: detail, failures: failures, at: time)
        notifications.append(notice)
        if notifications.count > retainedNotifications { notifications.removeFirst(notifications.count - retainedNotifications) }
        return notice
    }
}
