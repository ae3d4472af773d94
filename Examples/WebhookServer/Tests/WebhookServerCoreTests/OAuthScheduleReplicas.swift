import Foundation
import Logging
import PWBIRetry
import WebhookServerCore

extension OAuthConnectTests {
    /// Runs the refresh schedule once on two replicas at the same time (one lease table, one clock).
    /// Each replica has its own ``OAuthConnections`` (its own token managers), as separate processes would.
    static func runTwoReplicas(_ rig: Rig) async {
        let clock = ManualClock()
        let now: @Sendable () -> Date = { rig.now.date }
        guard let other = OAuthConnections(
            configuration: rig.connections.configuration, database: rig.app.storage.database, transport: rig.transport,
            logger: Logger(label: "test"), now: now
        ) else { return }
        let first = OAuthRefreshSchedule.schedule(rig.connections, owner: "replica-a", leases: rig.app.storage.leases, clock: clock, logger: Logger(label: "test"))
        let second = OAuthRefreshSchedule.schedule(other, owner: "replica-b", leases: rig.app.storage.leases, clock: clock, logger: Logger(label: "test"))
        let a = Task { await first.runOnce() }
        let b = Task { await second.runOnce() }
        _ = await (a.value, b.value)
    }
}
