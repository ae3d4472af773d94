#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import Metrics
import PWBIIntegration

/// Delivers the outbox to the downstream receiver, oldest first, one row at a time, with the
/// library's ``WebhookSender`` (signed, retried after 1, 2 and 4 s, then dead-lettered with
/// `Max retries exceeded: …`). Run by a ``LeasedSchedule`` so one replica forwards at a time; each
/// mark is fenced on that lease.
///
/// A row is marked `sent` only after a 2xx: a crash (or a lost lease) between the answer and the
/// mark sends it again under the same delivery id, which the receiver deduplicates. A dead-lettered
/// row is marked `dead` and the run ends, so a destination that is down is not hammered row after
/// row; `WebhookServer dead-letters replay` sends it again.
public struct Forwarder<C: Clock>: Sendable where C.Duration == Duration {
    /// The outbox read and marked.
    public let outbox: SQLOutbox
    /// Sends (and dead-letters) the webhooks.
    public let sender: WebhookSender<C>
    /// The downstream receiver.
    public let destination: WebhookDestination
    /// Rows read per batch.
    public let batchSize: Int
    let now: @Sendable () -> Date
    let logger: Logger

    /// A forwarder of `outbox` to `destination` through `sender`.
    public init(
        outbox: SQLOutbox, sender: WebhookSender<C>, destination: WebhookDestination, batchSize: Int = 100,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.outbox = outbox
        self.sender = sender
        self.destination = destination
        self.batchSize = max(1, batchSize)
        self.now = now
        self.logger = logger
    }

    /// What one run did.
    public struct RunReport: Sendable, Hashable {
        /// Rows delivered and marked sent.
        public var delivered = 0
        /// Rows dead-lettered and marked dead.
        public var deadLettered = 0
        /// Rows sent whose mark was refused because the lease was lost (the new holder sends them again).
        public var unmarked = 0
        /// Why the run stopped before the outbox was drained, if it did.
        public var stoppedBecause: String?
    }

    /// Forwards pending rows while holding `lease`, until the outbox is drained, a row is
    /// dead-lettered, the dead-letter queue fails, the lease is lost, or the task is cancelled.
    public func run(holding lease: Lease) async throws -> RunReport {
        var report = RunReport()
        while !Task.isCancelled {
            ForwardingMetrics.pending.record(try await outbox.pendingCount())
            let batch = try await outbox.pending(limit: batchSize)
            if batch.isEmpty { return report }
            for entry in batch {
                if Task.isCancelled { break }
                let delivery = await sender.deliver(OutgoingWebhook(id: entry.deliveryID, body: entry.body, tenant: entry.tenant), to: destination)
                let attempts = delivery.attempts.count
                ForwardingMetrics.attempts.increment(by: attempts)
                switch delivery.outcome {
                case .delivered:
                    guard try await outbox.markSent(entry, attempts: attempts, now: now(), lease: lease) else {
                        report.unmarked += 1
                        return stop(report, "the lease was lost; the new holder sends the row again")
                    }
                    report.delivered += 1
                    ForwardingMetrics.delivered.increment()
                case .deadLettered(let deadLetterID, let reason):
                    guard try await outbox.markDead(entry, deadLetterID: deadLetterID, reason: reason, attempts: attempts, now: now(), lease: lease) else {
                        report.unmarked += 1
                        return stop(report, "the lease was lost after a dead letter")
                    }
                    report.deadLettered += 1
                    ForwardingMetrics.deadLettered.increment()
                    logger.error("forwarding: dead-lettered", metadata: [
                        "delivery_id": "\(entry.deliveryID)", "dead_letter_id": "\(deadLetterID)", "reason": "\(reason)",
                    ])
                    return stop(report, reason)
                case .notStored(let reason):
                    ForwardingMetrics.failures.increment()
                    return stop(report, "not delivered and not dead-lettered, kept pending: \(reason)")
                case .notSigned(let reason):
                    ForwardingMetrics.failures.increment()
                    return stop(report, "cannot sign: \(reason)")
                case .replayFailed(_, let reason):
                    return stop(report, reason)
                case .cancelled:
                    return stop(report, "cancelled")
                }
            }
        }
        return stop(report, "cancelled")
    }

    private func stop(_ report: RunReport, _ reason: String) -> RunReport {
        var report = report
        report.stoppedBecause = reason
        if reason != "cancelled" {
            logger.warning("forwarding: run stopped", metadata: ["reason": "\(reason)", "delivered": "\(report.delivered)"])
        }
        return report
    }
}

/// The forwarder's swift-metrics series (exported on the admin `/metrics`), besides the kit's
/// `webhook_deliveries_total` and `webhook_attempts_total` labelled `destination="forward"`.
enum ForwardingMetrics {
    /// `pwbi_forwarding_delivered_total`: rows delivered with a 2xx and marked sent.
    static let delivered = Counter(label: "pwbi_forwarding_delivered_total")
    /// `pwbi_forwarding_dead_lettered_total`: rows whose retries ran out.
    static let deadLettered = Counter(label: "pwbi_forwarding_dead_lettered_total")
    /// `pwbi_forwarding_attempts_total`: HTTP attempts made.
    static let attempts = Counter(label: "pwbi_forwarding_attempts_total")
    /// `pwbi_forwarding_failures_total`: runs stopped with the row kept pending (unsignable, dead-letter queue down).
    static let failures = Counter(label: "pwbi_forwarding_failures_total")
    /// `pwbi_forwarding_pending`: rows waiting in the outbox when the forwarder last looked.
    static let pending = Gauge(label: "pwbi_forwarding_pending")
    /// `pwbi_forwarding_replayed_total`: dead letters replayed with a 2xx by the command.
    static let replayed = Counter(label: "pwbi_forwarding_replayed_total")
}
