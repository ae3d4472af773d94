import Synchronization

extension ManualClock {
    /// Runs `operation` to completion on simulated time: whenever a task is asleep on this clock,
    /// time jumps to the earliest deadline, so backoff, `Retry-After` waits and timers play out at
    /// once and in deadline order, with no real waiting.
    ///
    /// ```swift
    /// let clock = ManualClock()
    /// let report = await clock.run { await synchroniser.syncNow(integration) }
    /// print(clock.now)   // the simulated time the run took
    /// ```
    ///
    /// Time jumps to the earliest deadline among the tasks asleep at that moment, so a task that
    /// goes to sleep a little later (a sibling still starting) measures its sleep from the time then.
    /// Every sleeper on the clock is advanced past, including ones that `operation` did not start;
    /// use ``advance(by:)`` and ``waitForSleeper(until:)`` when a test must assert each step.
    public func run<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T {
        let finished = Atomic<Bool>(false)
        let task = Task {
            let value = await operation()
            finished.store(true, ordering: .releasing)
            return value
        }
        while !finished.load(ordering: .acquiring) {
            if !advanceToNextDeadline() { await Task.yield() }
        }
        return await task.value
    }
}
