#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import ServiceLifecycle

/// Runs a job every ``Settings/interval`` on at most one replica at a time: each run first takes the
/// schedule's lease (see ``SQLLeases``), renews it while the job runs, cancels the job if the lease
/// is lost, and gives it up afterwards. A replica that dies holding the lease stops renewing it, so
/// another takes over once it lapses.
///
/// The job should still fence its durable writes with ``SQLLeases/heldCondition(name:owner:now:)``:
/// cancellation is cooperative, and a job stalled in a call can outlive its lease.
public struct LeasedSchedule<C: Clock>: Service where C.Duration == Duration {
    /// How often and for how long.
    public struct Settings: Sendable {
        /// The pause between two runs (from the end of one to the start of the next).
        public var interval: Duration
        /// How long a lease lasts unless renewed; renewed every third of it.
        public var leaseDuration: Duration

        /// Settings; `leaseDuration` should exceed the longest pause a healthy replica makes between renewals.
        public init(interval: Duration, leaseDuration: Duration = .seconds(60)) {
            self.interval = interval
            self.leaseDuration = leaseDuration
        }
    }

    /// The lease's name, e.g. `poll:qasir-main`.
    public let name: String
    /// This process's lease owner id.
    public let owner: String
    let leases: SQLLeases
    let settings: Settings
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    let job: @Sendable (Lease) async throws -> Void

    /// A schedule named `name` running `job` while holding the lease `name` as `owner`.
    public init(
        name: String, owner: String, leases: SQLLeases, settings: Settings, clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
        job: @escaping @Sendable (Lease) async throws -> Void
    ) {
        self.name = name
        self.owner = owner
        self.leases = leases
        self.settings = settings
        self.clock = clock
        self.now = now
        self.logger = logger
        self.job = job
    }

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                do { try await clock.sleep(for: settings.interval) } catch { return }
            }
        }
    }

    /// One run: takes the lease (or returns false when another replica holds it), runs the job
    /// while renewing the lease, releases it. Job failures are logged with their reason, not thrown.
    @discardableResult
    public func runOnce() async -> Bool {
        let lease: Lease
        do {
            guard let taken = try await leases.acquire(name, owner: owner, now: now(), duration: settings.leaseDuration) else { return false }
            lease = taken
        } catch {
            logger.error("schedule: cannot take the lease", metadata: ["schedule": "\(name)", "reason": "\(error)"])
            return false
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await job(lease)
                } catch is CancellationError {
                    logger.warning("schedule: run cancelled", metadata: ["schedule": "\(name)"])
                } catch {
                    logger.error("schedule: run failed", metadata: ["schedule": "\(name)", "reason": "\(error)"])
                }
            }
            group.addTask { await keepRenewing(lease) }
            // Whichever ends first (the job, or the heartbeat because the lease was lost) ends both.
            await group.next()
            group.cancelAll()
        }
        do {
            try await leases.release(lease)
        } catch {
            logger.warning("schedule: cannot release the lease; it lapses on its own", metadata: ["schedule": "\(name)", "reason": "\(error)"])
        }
        return true
    }

    /// Renews `lease` every third of its duration; returns when it is lost or has lapsed.
    func keepRenewing(_ lease: Lease) async {
        var expiresAt = lease.expiresAt
        while true {
            do { try await clock.sleep(for: settings.leaseDuration / 3) } catch { return }
            do {
                guard let renewed = try await leases.renew(lease, now: now(), duration: settings.leaseDuration) else {
                    logger.warning("schedule: lease lost, stopping the run", metadata: ["schedule": "\(name)"])
                    return
                }
                expiresAt = renewed.expiresAt
            } catch {
                logger.warning("schedule: cannot renew the lease", metadata: ["schedule": "\(name)", "reason": "\(error)"])
                if now() >= expiresAt { return }
            }
        }
    }
}
