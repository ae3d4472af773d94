#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration
import ServiceLifecycle
import Synchronization

/// The forwarding area's services, appended by ``OutboundJobs/services(_:)``.
public enum ForwardingJobs {
    /// The lease the forwarder holds while it runs.
    public static let leaseName = "forward"

    /// The forwarder's schedule when `PWBI_FORWARD_URL` is set, and the poster of the host's
    /// failure notices when the context's notifier is a ``HostFailureNotifier``.
    public static func services(_ context: OutboundContext) -> [any Service] {
        context.logger.info("forwarding", metadata: ["settings": "\(context.configuration.forwarding)"])
        var services: [any Service] = []
        if let poster = context.failureNotifier as? HostFailureNotifier<ContinuousClock> { services.append(poster) }
        if let schedule = schedule(context, clock: ContinuousClock()) { services.append(schedule) }
        return services
    }

    /// The forwarder on a ``LeasedSchedule`` (nil when forwarding is not configured): retries sleep
    /// on `clock`; sent rows are purged after the server's retention.
    public static func schedule<C: Clock>(
        _ context: OutboundContext, clock: C, now: @escaping @Sendable () -> Date = { Date() }
    ) -> LeasedSchedule<C>? where C.Duration == Duration {
        let settings = context.configuration.forwarding
        guard let destination = settings.destination else { return nil }
        let sender = WebhookSender(
            transport: context.transport, deadLetters: context.storage.deadLetters, clock: clock, wallClock: now,
            metrics: context.metrics, failureNotifier: context.failureNotifier
        )
        var logger = context.logger
        logger[metadataKey: "job"] = "forward"
        let forwarder = Forwarder(
            outbox: SQLOutbox(database: context.storage.database), sender: sender, destination: destination,
            batchSize: settings.batchSize, concurrency: settings.concurrency, now: now, logger: logger
        )
        let retention = context.configuration.retention
        let lastPurge = PurgeMark()
        return LeasedSchedule(
            name: leaseName, owner: context.owner, leases: context.storage.leases,
            settings: .init(interval: settings.interval, leaseDuration: settings.leaseDuration),
            clock: clock, now: now, logger: logger
        ) { lease in
            _ = try await forwarder.run(holding: lease)
            // Sent rows older than the retention go, at most once an hour.
            let start = now()
            let due = lastPurge.last.withLock { last in
                guard retention > .zero, last.map({ start.timeIntervalSince($0) >= 3600 }) ?? true else { return false }
                last = start
                return true
            }
            if due { try await forwarder.outbox.purgeSent(before: start.addingTimeInterval(-retention.seconds)) }
        }
    }
}

/// When the forwarder last purged sent rows (shared by the runs of one schedule).
final class PurgeMark: Sendable {
    let last = Mutex<Date?>(nil)
}
