import NIOCore
import Synchronization

/// Runs `operation` in a task of its own and returns its value, or nil once `limit` has passed —
/// without waiting for it: an operation stuck in I/O (a database that went away) cannot hold the
/// caller past the deadline. At the deadline the operation's task is cancelled and left to end.
/// Task-local values (the ``DeliveryUnit``) are inherited by the operation.
///
/// The deadline is kept by ``DeadlineTimers`` (one repeating event-loop timer for every pending
/// deadline; it fires at most 10 ms late): a request runs three of these (body, request,
/// statement), and a `Task.sleep` or an event-loop timer each would cost thread wake-ups.
public func withDeadline<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T? {
    try await race(operation) { fire in
        DeadlineTimers.shared.schedule(in: TimeAmount(limit), fire)
    }
}

/// ``withDeadline(_:_:)`` with the deadline kept by `clock` (a test's hand-moved clock).
public func withDeadline<T: Sendable, C: Clock>(
    _ limit: Duration, clock: C, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T? where C.Duration == Duration {
    try await race(operation) { fire in
        let timer = Task {
            guard (try? await clock.sleep(for: limit)) != nil else { return }
            fire()
        }
        return { timer.cancel() }
    }
}

/// `operation` raced against a timer that `startTimer` starts (it returns the timer's cancel) and
/// against the caller's cancellation.
func race<T: Sendable>(
    _ operation: @escaping @Sendable () async throws -> T,
    startTimer: (_ fire: @escaping @Sendable () -> Void) -> @Sendable () -> Void
) async throws -> T? {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T?, any Error>) in
            race.start(continuation)
            let work = Task {
                do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
            }
            let cancelTimer = startTimer {
                if race.finish(.success(nil)) { work.cancel() }
            }
            race.onFinish { work.cancel(); cancelTimer() }
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

extension TimeAmount {
    /// `duration` in nanoseconds: a negative one is zero, one too long for 64 bits the longest.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflowAgain) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow || overflowAgain {
            self = .nanoseconds(seconds < 0 ? 0 : .max)
        } else {
            self = .nanoseconds(max(0, total))
        }
    }
}

/// The first of the operation, the timer and cancellation resumes the continuation; the others do nothing.
final class DeadlineRace<T: Sendable>: Sendable {
    struct State {
        var continuation: CheckedContinuation<T?, any Error>?
        var early: Result<T?, any Error>?
        var done = false
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<T?, any Error>) {
        let early = state.withLock { state -> Result<T?, any Error>? in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Resumes the caller with `result` if nothing did yet; true if this call did.
    @discardableResult
    func finish(_ result: Result<T?, any Error>) -> Bool {
        let (continuation, cleanup, first) = state.withLock { state -> (CheckedContinuation<T?, any Error>?, (@Sendable () -> Void)?, Bool) in
            guard !state.done else { return (nil, nil, false) }
            state.done = true
            guard let continuation = state.continuation else {
                state.early = result
                return (nil, state.cleanup, true)
            }
            state.continuation = nil
            return (continuation, state.cleanup, true)
        }
        continuation?.resume(with: result)
        if first { cleanup?() }
        return first
    }

    /// Runs `cleanup` when finished (at once if already).
    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let done = state.withLock { state -> Bool in
            if state.done { return true }
            state.cleanup = cleanup
            return false
        }
        if done { cleanup() }
    }
}
