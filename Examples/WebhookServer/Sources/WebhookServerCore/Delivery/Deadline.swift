import Synchronization

/// Runs `operation` in a task of its own and returns its value, or nil once `limit` has passed —
/// without waiting for it: an operation stuck in I/O (a database that went away) cannot hold the
/// caller past the deadline. At the deadline the operation's task is cancelled and left to end.
/// Task-local values (the ``DeliveryUnit``) are inherited by the operation.
public func withDeadline<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T? {
    try await withDeadline(limit, clock: ContinuousClock(), operation)
}

/// ``withDeadline(_:_:)`` with the deadline kept by `clock` (a test's hand-moved clock).
public func withDeadline<T: Sendable, C: Clock>(
    _ limit: Duration, clock: C, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T? where C.Duration == Duration {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T?, any Error>) in
            race.start(continuation)
            let work = Task {
                do { race.finish(.success(try await operation())) } catch { race.finish(.failure(error)) }
            }
            let timer = Task {
                try? await clock.sleep(for: limit)
                if race.finish(.success(nil)) { work.cancel() }
            }
            race.onFinish { work.cancel(); timer.cancel() }
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
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
