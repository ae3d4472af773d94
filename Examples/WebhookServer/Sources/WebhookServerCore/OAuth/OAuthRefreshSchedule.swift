#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration
import ServiceLifecycle

/// Refreshes OAuth tokens ahead of expiry: every ``OAuthConfiguration/refreshInterval``, on one
/// replica at a time (the `oauth-refresh` lease), each active connection whose access token expires
/// within ``OAuthConfiguration/refreshWindow`` is refreshed once; a refused refresh marks the
/// connection `needs_reconnect`. Expired pending connects are purged on the way.
public enum OAuthRefreshSchedule {
    /// The lease's name.
    public static let leaseName = "oauth-refresh"

    /// The schedule for `context` (none when OAuth is not configured).
    public static func services(_ context: OutboundContext) -> [any Service] {
        guard let connections = OAuthConnections(
            configuration: context.configuration.oauth, database: context.storage.database,
            transport: context.transport, metrics: context.metrics, logger: context.logger
        ) else { return [] }
        return [schedule(connections, owner: context.owner, leases: context.storage.leases, clock: ContinuousClock(), logger: context.logger)]
    }

    /// The schedule refreshing `connections` as `owner`, sleeping on `clock`.
    public static func schedule<C: Clock>(
        _ connections: OAuthConnections, owner: String, leases: SQLLeases, clock: C, logger: Logger
    ) -> LeasedSchedule<C> where C.Duration == Duration {
        let settings = LeasedSchedule<C>.Settings(
            interval: connections.configuration.refreshInterval, leaseDuration: connections.configuration.leaseDuration)
        return LeasedSchedule(
            name: leaseName, owner: owner, leases: leases, settings: settings, clock: clock,
            now: connections.now, logger: logger
        ) { _ in
            await connections.refreshDue()
        }
    }
}

extension OAuthConnections {
    /// What one refresh run did.
    public struct RefreshRun: Sendable, Hashable {
        /// Connections refreshed.
        public var refreshed = 0
        /// Connections now needing a reconnect.
        public var needsReconnect = 0
        /// Connections whose refresh failed for a passing reason (kept for the next run).
        public var failed = 0
        /// Tokens deleted because their integration was removed or no longer uses OAuth.
        public var forgotten = 0

        /// A run's counts.
        public init(refreshed: Int = 0, needsReconnect: Int = 0, failed: Int = 0, forgotten: Int = 0) {
            self.refreshed = refreshed
            self.needsReconnect = needsReconnect
            self.failed = failed
            self.forgotten = forgotten
        }
    }

    /// One run: refreshes every active connection expiring within the refresh window, one at a time.
    @discardableResult
    public func refreshDue() async -> RefreshRun {
        var run = RefreshRun()
        let instant = now()
        _ = try? await states.purge(expiredBefore: instant.addingTimeInterval(-86_400))
        let due: [OAuthConnection]
        do {
            due = try await credentials.expiring(before: instant.addingTimeInterval(configuration.refreshWindow.timeInterval))
        } catch {
            logger.warning("oauth: cannot list the tokens to refresh", metadata: ["reason": "\(error)"])
            return run
        }
        for connection in due where !Task.isCancelled {
            let id = connection.integration
            let record: IntegrationRecord?
            do {
                record = try await integrations.record(id: id.account)
            } catch {
                logger.warning("oauth: cannot read the integration; not refreshed", metadata: ["integration": "\(id.account)", "reason": "\(error)"])
                run.failed += 1
                continue
            }
            guard let record, Self.credentialID(record) == id, record.credentials == .oauth else {
                // The integration was removed (or no longer uses OAuth): its tokens are only a liability now.
                do {
                    try await credentials.removeCredentials(for: id)
                    run.forgotten += 1
                    logger.info("oauth: tokens of a removed integration forgotten", metadata: ["integration": "\(id.account)"])
                } catch {
                    run.failed += 1
                }
                continue
            }
            do {
                _ = try await manager(for: record).forceRefresh(for: id)
                run.refreshed += 1
                logger.info("oauth: token refreshed", metadata: ["integration": "\(record.id)"])
            } catch OAuthError.reconnectRequired {
                await markNeedsReconnect(record, readAt: connection.obtainedAt)
                run.needsReconnect += 1
            } catch {
                logger.warning("oauth: refresh failed, retried next run", metadata: ["integration": "\(record.id)", "reason": "\(error)"])
                run.failed += 1
            }
        }
        return run
    }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval`.
    fileprivate var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
