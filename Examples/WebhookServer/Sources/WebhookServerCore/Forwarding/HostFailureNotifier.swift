#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import Metrics
import PWBIIntegration
import ServiceLifecycle

/// The server's ``FailureNotifier``: the library's ``WebhookFailureNotifier`` (its limiter: one
/// notice per integration and failure kind per quiet period, a recovery notice when it heals;
/// its sender: the kit's signature, retries after 1, 2 and 4 s, then the dead-letter queue)
/// posting to `PWBI_NOTIFY_URL`.
///
/// The limiter decides at once, in the caller's task (the receiver answering a webhook, the
/// forwarder); the notices it raises are posted by this value's ``run()``, a service of the group,
/// so a slow or failing alert URL never holds up a webhook's answer. Notices still queued at
/// shutdown are dropped (the failures themselves stay in the dead-letter queue and the logs).
public struct HostFailureNotifier<C: Clock>: FailureNotifier, Service where C.Duration == Duration {
    /// Decides and posts (its ``WebhookFailureNotifier/limiter``, ``WebhookFailureNotifier/sender``
    /// and ``WebhookFailureNotifier/destination``).
    public let notifier: WebhookFailureNotifier<C>
    let notices: AsyncStream<FailureNotification>
    let queue: AsyncStream<FailureNotification>.Continuation
    let makeID: @Sendable () -> String
    let logger: Logger

    /// Posts what `notifier`'s limiter lets through; at most `bufferSize` notices wait (the newest are kept).
    public init(
        _ notifier: WebhookFailureNotifier<C>, bufferSize: Int = 1000, logger: Logger,
        makeID: @escaping @Sendable () -> String = { "ntf_" + ClaimToken.random().rawValue }
    ) {
        self.notifier = notifier
        let (stream, continuation) = AsyncStream.makeStream(of: FailureNotification.self, bufferingPolicy: .bufferingNewest(max(1, bufferSize)))
        notices = stream
        queue = continuation
        self.makeID = makeID
        self.logger = logger
    }

    /// The notifier the server runs from `configuration` (nil when `PWBI_NOTIFY_URL` is not set):
    /// posting through `transport`, dead-lettering into `deadLetters`, rate-limited on `clock`.
    public static func make(
        _ configuration: ForwardingConfiguration, transport: any HTTPTransport, deadLetters: any DeadLetterQueue,
        clock: C, metrics: any IntegrationMetrics = DiscardingIntegrationMetrics(), logger: Logger,
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) -> HostFailureNotifier? {
        guard let destination = configuration.notifyDestination else { return nil }
        let sender = WebhookSender(transport: transport, deadLetters: deadLetters, clock: clock, wallClock: wallClock, metrics: metrics)
        let limiter = InMemoryFailureNotifier(quietPeriod: configuration.notifyQuietPeriod, clock: clock)
        return HostFailureNotifier(WebhookFailureNotifier(destination: destination, sender: sender, limiter: limiter), logger: logger)
    }

    @discardableResult
    public func failed(_ failure: IntegrationFailure) async -> FailureNotification? {
        guard let notice = await notifier.limiter.failed(failure) else { return nil }
        queue.yield(notice)
        return notice
    }

    @discardableResult
    public func succeeded(_ integration: IntegrationID, at time: Date) async -> [FailureNotification] {
        let notices = await notifier.limiter.succeeded(integration, at: time)
        for notice in notices { queue.yield(notice) }
        return notices
    }

    /// Posts the queued notices, in order, until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            for await notice in notices { await post(notice) }
        }
    }

    /// Posts one notice (``WebhookFailureNotifier/body(of:)``, signed, retried, dead-lettered as
    /// source `failure-notifications` when every attempt fails).
    @discardableResult
    public func post(_ notice: FailureNotification) async -> WebhookDeliveryReport {
        let report = await notifier.sender.deliver(
            OutgoingWebhook(id: makeID(), body: WebhookFailureNotifier<C>.body(of: notice), tenant: notice.integration.tenant),
            to: notifier.destination
        )
        switch report.outcome {
        case .delivered:
            NotificationMetrics.posted.increment()
            logger.info("notification posted", metadata: ["event": "\(notice.event.rawValue)", "integration": "\(notice.integration)", "kind": "\(notice.kind.rawValue)"])
        default:
            NotificationMetrics.failed.increment()
            logger.error("notification not delivered", metadata: ["outcome": "\(report.outcome)", "message": "\(notice.message)"])
        }
        return report
    }
}

/// The notifier's swift-metrics series.
enum NotificationMetrics {
    /// `pwbi_forwarding_notifications_total`: failure and recovery notices delivered.
    static let posted = Counter(label: "pwbi_forwarding_notifications_total")
    /// `pwbi_forwarding_notifications_failed_total`: notices whose every attempt failed.
    static let failed = Counter(label: "pwbi_forwarding_notifications_failed_total")
}
