import Synchronization

/// A `Clock` whose time moves only when a test says so: ``advance(by:)``.
///
/// Sleepers suspend until time is advanced to their deadline; ``advance(by:)`` releases them
/// in deadline order (ties in the order they went to sleep). ``waitForSleepers(_:)`` lets a test
/// wait, without sleeping for real, until the code under test has suspended — so every step is
/// deterministic:
///
/// ```swift
/// let clock = ManualClock()
/// let task = Task { try await policy.run(on: clock) { try await fetch() } }
/// await clock.waitForSleepers(1)     // the executor is now sleeping before retry 1
/// clock.advance(by: .seconds(1))     // …and wakes up
/// ```
///
/// Cancelling a sleeping task ends its sleep at once with `CancellationError`, as `Task.sleep` does.
/// Thread-safe; share one clock between the test and any number of tasks.
public final class ManualClock: Clock, Sendable {
    /// A point on a manual clock: the time elapsed since the clock's zero.
    public struct Instant: InstantProtocol, Sendable, Hashable, Comparable, CustomStringConvertible {
        public typealias Duration = Swift.Duration

        /// Time since the clock's zero.
        public var offset: Duration

        /// The instant `offset` after zero.
        public init(offset: Duration = .zero) {
            self.offset = offset
        }

        /// The clock's zero.
        public static let zero = Instant()

        public func advanced(by duration: Duration) -> Instant {
            Instant(offset: offset + duration)
        }

        public func duration(to other: Instant) -> Duration {
            other.offset - offset
        }

        public static func < (lhs: Instant, rhs: Instant) -> Bool {
            lhs.offset < rhs.offset
        }

        /// The instant `rhs` after `lhs`.
        public static func + (lhs: Instant, rhs: Duration) -> Instant { lhs.advanced(by: rhs) }

        /// The instant `rhs` before `lhs`.
        public static func - (lhs: Instant, rhs: Duration) -> Instant { lhs.advanced(by: .zero - rhs) }

        /// The time from `rhs` to `lhs`.
        public static func - (lhs: Instant, rhs: Instant) -> Duration { rhs.duration(to: lhs) }

        public var description: String { "ManualClock.Instant(\(offset))" }
    }

    private enum Phase {
        /// Registered; its continuation is not installed yet.
        case pending
        /// Suspended on this continuation.
        case waiting(CheckedContinuation<Void, any Error>)
        /// Cancelled before its continuation was installed.
        case cancelled
    }

    private struct Sleeper {
        let deadline: Instant
        var phase: Phase
    }

    private enum WaiterPhase {
        case pending
        case waiting(CheckedContinuation<Void, Never>)
        case cancelled
    }

    /// Which suspended sleepers a waiter counts.
    private enum Filter {
        case any
        case noLaterThan(Instant)
        case exactly(Instant)

        func matches(_ deadline: Instant) -> Bool {
            switch self {
            case .any: true
            case .noLaterThan(let limit): deadline <= limit
            case .exactly(let instant): deadline == instant
            }
        }
    }

    private struct Waiter {
        let count: Int
        let filter: Filter
        var phase: WaiterPhase
    }

    private struct State {
        var now: Instant
        var nextID: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var waiters: [UInt64: Waiter] = [:]

        mutating func allocateID() -> UInt64 {
            nextID += 1
            return nextID
        }

        func suspendedCount(_ filter: Filter) -> Int {
            var count = 0
            for sleeper in sleepers.values {
                guard case .waiting = sleeper.phase, filter.matches(sleeper.deadline) else { continue }
                count += 1
            }
            return count
        }

        /// Removes and returns the waiters whose condition now holds.
        mutating func satisfiedWaiters() -> [CheckedContinuation<Void, Never>] {
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in waiters {
                guard case .waiting(let continuation) = waiter.phase,
                    suspendedCount(waiter.filter) >= waiter.count
                else { continue }
                waiters[id] = nil
                ready.append(continuation)
            }
            return ready
        }
    }

    private let state: Mutex<State>

    /// A clock that reads `now` (zero by default) until advanced.
    public init(now: Instant = .zero) {
        state = Mutex(State(now: now))
    }

    /// The current instant.
    public var now: Instant { state.withLock { $0.now } }

    /// Zero: a manual clock is exact.
    public var minimumResolution: Duration { .zero }

    /// Suspends until the clock is advanced to `deadline` (returns at once if it already has).
    /// Throws `CancellationError` if the task is or becomes cancelled. `tolerance` is ignored.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let registered: UInt64? = state.withLock { state in
            guard deadline > state.now else { return nil }
            let id = state.allocateID()
            state.sleepers[id] = Sleeper(deadline: deadline, phase: .pending)
            return id
        }
        guard let id = registered else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Next { case suspend([CheckedContinuation<Void, Never>]), wake, cancel }
                let next: Next = state.withLock { state in
                    guard var sleeper = state.sleepers[id] else { return .wake }
                    switch sleeper.phase {
                    case .cancelled:
                        state.sleepers[id] = nil
                        return .cancel
                    case .pending where sleeper.deadline <= state.now:
                        state.sleepers[id] = nil
                        return .wake
                    case .pending, .waiting:
                        sleeper.phase = .waiting(continuation)
                        state.sleepers[id] = sleeper
                        return .suspend(state.satisfiedWaiters())
                    }
                }
                switch next {
                case .suspend(let waiters): for waiter in waiters { waiter.resume() }
                case .wake: continuation.resume()
                case .cancel: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
                guard var sleeper = state.sleepers[id] else { return nil }
                switch sleeper.phase {
                case .pending:
                    sleeper.phase = .cancelled
                    state.sleepers[id] = sleeper
                    return nil
                case .waiting(let continuation):
                    state.sleepers[id] = nil
                    return continuation
                case .cancelled:
                    return nil
                }
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward by `duration` (a negative duration does nothing) and wakes every
    /// sleeper whose deadline has come, in deadline order.
    public func advance(by duration: Duration) {
        let target: Instant = state.withLock { $0.now.advanced(by: max(duration, .zero)) }
        advance(to: target)
    }

    /// Moves time forward to `instant` (an earlier instant does nothing) and wakes every sleeper
    /// whose deadline has come, in deadline order. Woken tasks run after this returns, and read
    /// ``now`` as `instant`.
    public func advance(to instant: Instant) {
        let due: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            guard instant > state.now else { return [] }
            state.now = instant
            var ready: [(deadline: Instant, id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
            for (id, sleeper) in state.sleepers {
                guard sleeper.deadline <= instant, case .waiting(let continuation) = sleeper.phase else { continue }
                ready.append((sleeper.deadline, id, continuation))
            }
            for entry in ready { state.sleepers[entry.id] = nil }
            ready.sort { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
            return ready.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    /// Advances to the earliest deadline of a suspended sleeper and wakes the sleepers due then;
    /// returns false (and leaves time alone) when nobody is sleeping.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        guard let next = nextDeadline else { return false }
        advance(to: next)
        return true
    }

    /// The earliest deadline among suspended sleepers.
    public var nextDeadline: Instant? {
        state.withLock { state in
            state.sleepers.values.compactMap { sleeper -> Instant? in
                guard case .waiting = sleeper.phase else { return nil }
                return sleeper.deadline
            }.min()
        }
    }

    /// The deadlines of the suspended sleepers, earliest first.
    public var sleeperDeadlines: [Instant] {
        state.withLock { state in
            state.sleepers.values.compactMap { sleeper -> Instant? in
                guard case .waiting = sleeper.phase else { return nil }
                return sleeper.deadline
            }.sorted()
        }
    }

    /// How many tasks are suspended in ``sleep(until:tolerance:)``.
    public var sleeperCount: Int { state.withLock { $0.suspendedCount(.any) } }

    /// Returns once at least `count` tasks are suspended in ``sleep(until:tolerance:)`` (at once
    /// if they already are), or when the waiting task is cancelled. No real time passes.
    ///
    /// Code that races an operation against a timer (a policy's `attemptTimeout`) has a timer
    /// sleeper for the duration of each attempt; wait for the sleep you expect by its deadline
    /// with ``waitForSleeper(until:)`` there, so a short-lived timer is never mistaken for it.
    public func waitForSleepers(_ count: Int = 1) async {
        await waitForSleepers(count, .any)
    }

    /// Returns once at least `count` tasks are suspended with a deadline no later than `deadline`,
    /// or when the waiting task is cancelled.
    public func waitForSleepers(_ count: Int = 1, deadlineNoLaterThan deadline: Instant) async {
        await waitForSleepers(count, .noLaterThan(deadline))
    }

    /// Returns once a task is suspended in ``sleep(until:tolerance:)`` with exactly this deadline,
    /// or when the waiting task is cancelled: `await clock.waitForSleeper(until: clock.now + .seconds(2))`.
    public func waitForSleeper(until deadline: Instant) async {
        await waitForSleepers(1, .exactly(deadline))
    }

    private func waitForSleepers(_ count: Int, _ filter: Filter) async {
        let registered: UInt64? = state.withLock { state in
            guard state.suspendedCount(filter) < count else { return nil }
            let id = state.allocateID()
            state.waiters[id] = Waiter(count: count, filter: filter, phase: .pending)
            return id
        }
        guard let id = registered else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = state.withLock { state in
                    guard var waiter = state.waiters[id] else { return true }
                    if case .cancelled = waiter.phase {
                        state.waiters[id] = nil
                        return true
                    }
                    if state.suspendedCount(filter) >= count {
                        state.waiters[id] = nil
                        return true
                    }
                    waiter.phase = .waiting(continuation)
                    state.waiters[id] = waiter
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = state.withLock { state in
                guard var waiter = state.waiters[id] else { return nil }
                switch waiter.phase {
                case .pending:
                    waiter.phase = .cancelled
                    state.waiters[id] = waiter
                    return nil
                case .waiting(let continuation):
                    state.waiters[id] = nil
                    return continuation
                case .cancelled:
                    return nil
                }
            }
            continuation?.resume()
        }
    }
}
