import NIOCore
import NIOPosix
import Synchronization
import Testing
@testable import WebhookServerCore

/// The shared deadline timer: never early, at most a tick late, cancellable, idle when nothing is pending.
@Suite struct DeadlineTimersTests {
    /// A hand-set time (the real loop also ticks, reading this time: harmless).
    final class Time: Sendable {
        let value = Mutex(NIODeadline.uptimeNanoseconds(1_000_000_000))
        func advance(_ amount: TimeAmount) { value.withLock { $0 = $0 + amount } }
        var now: NIODeadline { value.withLock { $0 } }
    }

    final class Fired: Sendable {
        let names = Mutex<[String]>([])
        func callback(_ name: String) -> @Sendable () -> Void { { self.names.withLock { $0.append(name) } } }
        var all: [String] { names.withLock { $0 } }
    }

    func make(_ time: Time, tick: TimeAmount = .milliseconds(10)) -> (DeadlineTimers, tickNow: () -> Void) {
        let timers = DeadlineTimers(tick: tick, loop: MultiThreadedEventLoopGroup.singleton.next(), now: { time.now })
        return (timers, { timers.fireDue() })
    }

    @Test(arguments: [
        // delay, ms passed at the first check (not fired yet), ms passed at the second (fired)
        (25, 24, 30), (30, 29, 30), (0, 0, 10), (1, 0, 10),
    ])
    func aDeadlineFiresNeverEarlyAndAtMostATickLate(delay: Int64, before: Int64, after: Int64) {
        let time = Time()
        let (timers, tick) = make(time)
        let fired = Fired()
        _ = timers.schedule(in: .milliseconds(delay), fired.callback("a"))
        #expect(timers.isTicking)
        time.advance(.milliseconds(before))
        tick()
        #expect(fired.all.isEmpty)
        time.advance(.milliseconds(after - before))
        tick()
        #expect(fired.all == ["a"])
        #expect(timers.pending == 0)
        #expect(!timers.isTicking)
        tick()
        #expect(fired.all == ["a"])
    }

    @Test func aCancelledDeadlineNeverFiresAndTheTimerStopsWhenNoneIsPending() {
        let time = Time()
        let (timers, tick) = make(time)
        let fired = Fired()
        let cancelFirst = timers.schedule(in: .milliseconds(50), fired.callback("first"))
        let cancelSecond = timers.schedule(in: .milliseconds(50), fired.callback("second"))
        _ = timers.schedule(in: .seconds(5), fired.callback("late"))
        #expect(timers.pending == 3)
        cancelFirst()
        cancelFirst()
        #expect(timers.pending == 2)
        time.advance(.milliseconds(60))
        tick()
        #expect(fired.all == ["second"])
        cancelSecond()  // already fired: nothing changes
        #expect(timers.pending == 1)
        #expect(timers.isTicking)
        time.advance(.seconds(5))
        tick()
        #expect(fired.all == ["second", "late"])
        #expect(!timers.isTicking)
        // A deadline after an idle spell restarts the timer and still counts from its own start.
        time.advance(.seconds(60))
        _ = timers.schedule(in: .milliseconds(20), fired.callback("again"))
        #expect(timers.isTicking)
        time.advance(.milliseconds(19))
        tick()
        #expect(fired.all == ["second", "late"])
        time.advance(.milliseconds(1))
        tick()
        #expect(fired.all == ["second", "late", "again"])
    }

    @Test func manyDeadlinesOfOneTickFireTogetherAndAHugeOneDoesNotOverflow() {
        let time = Time()
        let (timers, tick) = make(time)
        let fired = Fired()
        for index in 0..<100 { _ = timers.schedule(in: .milliseconds(5), fired.callback("\(index)")) }
        let cancelHuge = timers.schedule(in: .nanoseconds(.max), fired.callback("never"))
        time.advance(.milliseconds(10))
        tick()
        #expect(Set(fired.all) == Set((0..<100).map { "\($0)" }))
        #expect(timers.pending == 1)
        cancelHuge()
        #expect(timers.pending == 0)
    }
}
