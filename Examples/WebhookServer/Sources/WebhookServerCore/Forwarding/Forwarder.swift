#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import Metrics
import PWBIIntegration

/// Delivers the outbox to the downstream receiver, oldest first, with the library's
/// ``WebhookSender`` (signed, retried after 1, 2 and 4 s, then dead-lettered with
/// `Max retries exceeded: …`). Run by a ``LeasedSchedule`` so one replica forwards at a time; each
/// mark is fenced on that lease.
///
/// Up to ``concurrency`` transactions are sent at once (1 by default: one row at a time); the
/// revisions of one transaction always go one after another, in order.
///
/// A row is marked `sent` only after a 2xx: a crash (or a lost lease) between the answer and the
/// mark sends it again under the same delivery id, which the receiver deduplicates. A dead-lettered
/// row is marked `dead` and the run ends once the rows already in flight are done (so at most
/// ``concurrency`` rows are dead-lettered per run and a destination that is down is not hammered);
/// `WebhookServer dead-letters replay` sends it again.
public struct Forwarder<C: Clock>: Sendable where C.Duration == Duration {
    /// The outbox read and marked.
    public let outbox: SQLOutbox
    /// Sends (and dead-letters) the webhooks.
    public let sender: WebhookSender<C>
    /// The downstream receiver.
    public let destination: WebhookDestination
    /// Rows read per batch.
    public let batchSize: Int
    /// Transactions sent at once.
    public let concurrency: Int
    let now: @Sendable () -> Date
    let logger: Logger

    /// A forwarder of `outbox` to `destination` through `sender`.
    public init(
        outbox: SQLOutbox, sender: WebhookSender<C>, destination: WebhookDestination, batchSize: Int = 100, concurrency: Int = 1,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.outbox = outbox
        self.sender = sender
        self.destination = destination
        self.batchSize = max(1, batchSize)
        self.concurrency = max(1, concurrency)
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

        mutating func add(_ other: RunReport) {
            delivered += other.delivered
            deadLettered += other.deadLettered
            unmarked += other.unmarked
            if stoppedBecause == nil { stoppedBecause = other.stoppedBecause }
        }
    }

    /// Forwards pending rows while holding `lease`, until the outbox is drained, a row is
    /// dead-lettered, the dead-letter queue fails, the lease is lost, or the task is cancelled.
    public func run(holding lease: Lease) async throws -> RunReport {
        var report = RunReport()
        while !Task.isCancelled {
            ForwardingMetrics.pending.record(try await outbox.pendingCount())
            let batch = try await outbox.pending(limit: batchSize)
            if batch.isEmpty { return report }
            report.add(try await send(Self.lanes(of: batch), holding: lease))
            if let reason = report.stoppedBecause { return stop(report, reason) }
        }
        return stop(report, "cancelled")
    }

    /// `batch` as lanes: each transaction's rows in queue order, the lanes in the order of their first row.
    static func lanes(of batch: [OutboxEntry]) -> [[OutboxEntry]] {
        var lanes: [[OutboxEntry]] = []
        var laneOf: [String: Int] = [:]
        for entry in batch {
            if let index = laneOf[entry.internalID] {
                lanes[index].append(entry)
            } else {
                laneOf[entry.internalID] = lanes.count
                lanes.append([entry])
            }
        }
        return lanes
    }

    /// Sends `lanes`, up to ``concurrency`` at once; once one stops the run, no further lane starts.
    func send(_ lanes: [[OutboxEntry]], holding lease: Lease) async throws -> RunReport {
        try await withThrowingTaskGroup(of: RunReport.self) { group in
            var report = RunReport()
            var waiting = lanes.makeIterator()
            for _ in 0..<concurrency {
                guard let lane = waiting.next() else { break }
                group.addTask { try await send(lane, holding: lease) }
            }
            while let done = try await group.next() {
                report.add(done)
                if report.stoppedBecause == nil, !Task.isCancelled, let lane = waiting.next() {
                    group.addTask { try await send(lane, holding: lease) }
                }
            }
            if report.stoppedBecause == nil, Task.isCancelled { report.stoppedBecause = "cancelled" }
            return report
        }
    }

    /// Sends one transaction's rows in order; stops at the first row that is not delivered.
    func send(_ lane: [OutboxEntry], holding lease: Lease) async throws -> RunReport {
        var report = RunReport()
        for entry in lane {
            if Task.isCancelled {
                report.stoppedBecause = "cancelled"
                return report
            }
            let delivery = await sender.deliver(OutgoingWebhook(id: entry.deliveryID, body: entry.body, tenant: entry.tenant), to: destination)
            let attempts = delivery.attempts.count
            ForwardingMetrics.attempts.increment(by: attempts)
            switch delivery.outcome {
            case .delivered:
                guard try await outbox.markSent(entry, attempts: attempts, now: now(), lease: lease) else {
                    report.unmarked += 1
                    report.stoppedBecause = "the lease was lost; the new holder sends the row again"
                    return report
                }
                report.delivered += 1
                ForwardingMetrics.delivered.increment()
            case .deadLettered(let deadLetterID, let reason):
                guard try await outbox.markDead(entry, deadLetterID: deadLetterID, reason: reason, attempts: attempts, now: now(), lease: lease) else {
                    report.unmarked += 1
                    report.stoppedBecause = "the lease was lost after a dead letter"
                    return report
                }
                report.deadLettered += 1
                ForwardingMetrics.deadLettered.increment()
                logger.error("forwarding: dead-lettered", metadata: [
                    "delivery_id": "\(entry.deliveryID)", "dead_letter_id": "\(deadLetterID)", "reason": "\(reason)",
                ])
                report.stoppedBecause = reason
                return report
            case .notStored(let reason):
                ForwardingMetrics.failures.increment()
                report.stoppedBecause = "not delivered and not dead-lettered, kept pending: \(reason)"
                return report
            case .notSigned(let reason):
                ForwardingMetrics.failures.increment()
                report.stoppedBecause = "cannot sign: \(reason)"
                return report
            case .replayFailed(_, let reason):
                report.stoppedBecause = reason
                return report
            case .cancelled:
                report.stoppedBecause = "cancelled"
                return report
            }
        }
        return report
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
