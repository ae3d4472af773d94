import NIOCore
import NIOPosix
import Synchronization

/// Every pending deadline of the process kept by one repeating timer on one event loop, in
/// buckets of one tick, instead of one event-loop timer per deadline: a request has three
/// deadlines (body, request, statement), and scheduling and cancelling a timer from a task's
/// thread wakes the event loop each time — more CPU than the rest of the deadline. Adding and
/// cancelling here is a lock and a dictionary update. A deadline fires at most one tick (plus the
/// loop's latency) late, never early. The timer runs only while a deadline is pending.
final class DeadlineTimers: Sendable {
    /// The process's timers: 10 ms ticks on one loop of NIO's singleton group.
    static let shared = DeadlineTimers(tick: .milliseconds(10), loop: MultiThreadedEventLoopGroup.singleton.next())

    private struct State {
        var nextID: UInt64 = 0
        /// Pending deadlines by the tick they fire at (ticks since `origin`), then by id.
        var buckets: [Int64: [UInt64: @Sendable () -> Void]] = [:]
        var pending = 0
        /// Every tick up to this one has fired.
        var firedThrough: Int64 = 0
        var timer: RepeatedTask?
    }

    private let state = Mutex(State())
    let tick: TimeAmount
    let loop: any EventLoop
    private let now: @Sendable () -> NIODeadline
    private let origin: NIODeadline

    /// Timers ticking every `tick` on `loop`, reading the time from `now` (a test's hand-set time).
    init(tick: TimeAmount, loop: any EventLoop, now: @escaping @Sendable () -> NIODeadline = { .now() }) {
        self.tick = tick
        self.loop = loop
        self.now = now
        origin = now()
    }

    /// Deadlines not yet fired nor cancelled.
    var pending: Int { state.withLock { $0.pending } }

    /// Whether the repeating timer runs (only while a deadline is pending).
    var isTicking: Bool { state.withLock { $0.timer != nil } }

    /// Calls `fire` once `delay` has passed (at most a tick later) unless the returned cancel is
    /// called first.
    func schedule(in delay: TimeAmount, _ fire: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let elapsed = (now() - origin).nanoseconds
        let dueIn = elapsed.addingReportingOverflow(max(0, delay.nanoseconds))
        let due = dueIn.overflow ? Int64.max : dueIn.partialValue
        // The first tick at or after the deadline.
        let dueTick = due / tick.nanoseconds + (due % tick.nanoseconds == 0 ? 0 : 1)
        let (id, bucket) = state.withLock { state -> (UInt64, Int64) in
            if state.timer == nil {
                state.firedThrough = elapsed / tick.nanoseconds
                state.timer = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { [weak self] _ in self?.fireDue() }
            }
            let bucket = max(dueTick, state.firedThrough + 1)
            state.nextID &+= 1
            state.buckets[bucket, default: [:]][state.nextID] = fire
            state.pending += 1
            return (state.nextID, bucket)
        }
        return { [weak self] in self?.cancel(id, in: bucket) }
    }

    private func cancel(_ id: UInt64, in bucket: Int64) {
        state.withLock { state in
            guard state.buckets[bucket]?.removeValue(forKey: id) != nil else { return }
            state.pending -= 1
            if state.buckets[bucket]?.isEmpty == true { state.buckets[bucket] = nil }
        }
    }

    /// On the loop, every tick: fires every deadline whose tick has come (outside the lock), and
    /// stops the timer when none is pending.
    func fireDue() {
        let current = (now() - origin).nanoseconds / tick.nanoseconds
        let due = state.withLock { state -> [@Sendable () -> Void] in
            var due: [@Sendable () -> Void] = []
            if state.firedThrough < current {
                for bucket in (state.firedThrough + 1)...current {
                    if let fires = state.buckets.removeValue(forKey: bucket) { due += fires.values }
                }
                state.firedThrough = current
            }
            state.pending -= due.count
            if state.pending == 0 {
                state.timer?.cancel()
                state.timer = nil
            }
            return due
        }
        for fire in due { fire() }
    }
}
