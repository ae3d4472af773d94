import Synchronization

/// When a circuit breaker trips from closed to open.
public enum CircuitBreakerTrip: Sendable, Hashable {
    /// After this many failures in a row (a success resets the count).
    case consecutiveFailures(Int)
    /// When, over the last `window` of time, at least `minimumCalls` calls were recorded and the
    /// share of failures among them is at least `ratio` (0 < ratio ≤ 1).
    case failureRatio(Double, minimumCalls: Int, window: Duration)
}

/// A circuit breaker refused a call.
public struct CircuitOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How long until the breaker lets a probe through (nil when half-open with all probes busy).
    public let retryAfter: Duration?

    /// The breaker refused; a probe is let through after `retryAfter`.
    public init(retryAfter: Duration?) {
        self.retryAfter = retryAfter
    }

    public var description: String {
        retryAfter.map { "circuit open; next probe in \($0)" } ?? "circuit half-open; all probe slots are taken"
    }
}

/// How a call admitted by a breaker ended, as the breaker counts it.
public enum CircuitBreakerOutcome: Sendable, Hashable {
    /// The downstream answered (a success, or a failure that says nothing about its health, e.g. a 404).
    case success
    /// The downstream looks unhealthy (timeout, connection error, 5xx, 429…).
    case failure
    /// Neither: the call was cancelled or abandoned; its slot is released without counting.
    case ignored
}

/// A circuit breaker: closed → open after too many failures → half-open letting a bounded number
/// of probes through → closed when they all succeed, open again if one fails.
///
/// Clock-driven (open for ``openDuration`` on the injected clock), lock-based and race-free:
/// admission and every transition happen under one lock, each admitted call carries the
/// breaker's generation, and results from an earlier generation (a slow call admitted before
/// the breaker opened) never disturb a later state. A half-open round whose probes never report
/// (an abandoned permit) is restarted after another ``openDuration``.
///
/// ```swift
/// let breaker = try CircuitBreaker(clock: ContinuousClock(), trip: .consecutiveFailures(5), openDuration: .seconds(30))
/// let page = try await breaker.run { try await client.fetchPage() }             // alone
/// let page = try await policy.run(on: clock, circuitBreaker: breaker) { … }    // around each attempt
/// ```
public final class CircuitBreaker<C: Clock>: Sendable where C.Duration == Duration {
    /// The breaker's state as seen from outside.
    public enum State: Sendable, Hashable {
        /// Calls pass; failures are counted.
        case closed
        /// Calls are refused until `until`.
        case open(until: C.Instant)
        /// Up to ``CircuitBreaker/halfOpenProbes`` probe calls are let through.
        case halfOpen
    }

    /// A call's admission ticket: record its outcome with ``CircuitBreaker/record(_:_:)``.
    public struct Permit: Sendable {
        let generation: UInt64
        let isProbe: Bool
    }

    /// When the breaker trips.
    public let trip: CircuitBreakerTrip
    /// How long it stays open before letting probes through.
    public let openDuration: Duration
    /// How many probes a half-open breaker admits; all must succeed for it to close.
    public let halfOpenProbes: Int

    private let clock: C
    private let classify: @Sendable (any Error) -> CircuitBreakerOutcome
    private let onStateChange: (@Sendable (State, State) -> Void)?
    private let state: Mutex<Machine>

    /// A closed breaker. Throws ``RetryConfigurationError`` for a threshold or probe count below 1,
    /// a ratio outside (0, 1], a minimum of calls below 1, or a non-positive window or open duration.
    ///
    /// - Parameters:
    ///   - clock: The clock the open period is measured on.
    ///   - trip: When to open: consecutive failures, or a failure ratio over a time window.
    ///   - openDuration: How long the breaker stays open before letting probes through.
    ///   - halfOpenProbes: How many calls a half-open breaker admits; all must succeed to close it.
    ///   - classify: How a thrown error counts (default ``defaultClassification(_:)``).
    ///   - onStateChange: Called (outside the lock) with the old and new state on every transition.
    public init(
        clock: C,
        trip: CircuitBreakerTrip,
        openDuration: Duration,
        halfOpenProbes: Int = 1,
        classify: @escaping @Sendable (any Error) -> CircuitBreakerOutcome = CircuitBreaker.defaultClassification,
        onStateChange: (@Sendable (State, State) -> Void)? = nil
    ) throws {
        switch trip {
        case .consecutiveFailures(let count):
            try RetryConfigurationError.require(count >= 1, "consecutiveFailures", "must be at least 1, got \(count)")
        case .failureRatio(let ratio, let minimumCalls, let window):
            try RetryConfigurationError.require(
                ratio > 0 && ratio <= 1, "failureRatio", "must be in (0, 1], got \(ratio)")
            try RetryConfigurationError.require(minimumCalls >= 1, "minimumCalls", "must be at least 1, got \(minimumCalls)")
            try RetryConfigurationError.requirePositive(window, "window")
            try RetryConfigurationError.require(
                Nanoseconds.of(window) >= Int64(Machine.bucketCount), "window", "must be at least \(Machine.bucketCount) ns")
        }
        try RetryConfigurationError.requirePositive(openDuration, "openDuration")
        try RetryConfigurationError.require(halfOpenProbes >= 1, "halfOpenProbes", "must be at least 1, got \(halfOpenProbes)")
        self.trip = trip
        self.openDuration = openDuration
        self.halfOpenProbes = halfOpenProbes
        self.clock = clock
        self.classify = classify
        self.onStateChange = onStateChange
        self.state = Mutex(Machine(origin: clock.now, trip: trip))
    }

    /// The default classification: `CancellationError` is ignored; an ``HTTPFailure`` with a 4xx
    /// status other than 408 and 429 counts as a success (the downstream answered); every other
    /// error is a failure.
    public static func defaultClassification(_ error: any Error) -> CircuitBreakerOutcome {
        if error is CancellationError { return .ignored }
        if let http = error as? any HTTPFailure, (400...499).contains(http.statusCode),
            http.statusCode != 408, http.statusCode != 429
        {
            return .success
        }
        return .failure
    }

    /// The current state (an open breaker whose time is up reads as half-open).
    public var currentState: State {
        state.withLock { machine in
            if case .open(let until) = machine.phase, clock.now >= until { return .halfOpen }
            return machine.phase.public
        }
    }

    /// Admits one call or throws ``CircuitOpenError``. Every permit must be given back through
    /// ``record(_:_:)`` (or use ``run(isolation:_:)``, which does it).
    public func acquire() throws(CircuitOpenError) -> Permit {
        let (result, change) = state.withLock { machine -> (Result<Permit, CircuitOpenError>, (State, State)?) in
            let now = clock.now
            var change: (State, State)?
            switch machine.phase {
            case .closed:
                return (.success(Permit(generation: machine.generation, isProbe: false)), nil)
            case .open(let until):
                guard now >= until else { return (.failure(CircuitOpenError(retryAfter: now.duration(to: until))), nil) }
                change = machine.transition(to: .halfOpen(admitted: 0, successes: 0, since: now))
            case .halfOpen(let admitted, _, let since):
                if admitted >= halfOpenProbes, now >= since.advanced(by: openDuration) {
                    // The round's probes never reported: start a fresh round.
                    change = machine.transition(to: .halfOpen(admitted: 0, successes: 0, since: now))
                }
            }
            guard case .halfOpen(let admitted, let successes, let since) = machine.phase, admitted < halfOpenProbes else {
                return (.failure(CircuitOpenError(retryAfter: nil)), change)
            }
            machine.phase = .halfOpen(admitted: admitted + 1, successes: successes, since: since)
            return (.success(Permit(generation: machine.generation, isProbe: true)), change)
        }
        if let change { onStateChange?(change.0, change.1) }
        return try result.get()
    }

    /// Records how an admitted call ended. Outcomes of permits from an earlier state are ignored.
    public func record(_ permit: Permit, _ outcome: CircuitBreakerOutcome) {
        let change: (State, State)? = state.withLock { machine in
            guard permit.generation == machine.generation else { return nil }
            let now = clock.now
            switch machine.phase {
            case .closed:
                guard outcome != .ignored else { return nil }
                machine.count(failure: outcome == .failure, at: now)
                guard machine.shouldTrip(at: now) else { return nil }
                return machine.transition(to: .open(until: now.advanced(by: openDuration)))
            case .halfOpen(let admitted, let successes, let since):
                switch outcome {
                case .ignored:
                    machine.phase = .halfOpen(admitted: max(0, admitted - 1), successes: successes, since: since)
                    return nil
                case .failure:
                    return machine.transition(to: .open(until: now.advanced(by: openDuration)))
                case .success:
                    guard successes + 1 >= halfOpenProbes else {
                        machine.phase = .halfOpen(admitted: admitted, successes: successes + 1, since: since)
                        return nil
                    }
                    return machine.transition(to: .closed)
                }
            case .open:
                return nil
            }
        }
        if let change { onStateChange?(change.0, change.1) }
    }

    /// Records a thrown error, counted by the breaker's classification.
    public func record(_ permit: Permit, error: any Error) {
        record(permit, classify(error))
    }

    /// Runs `operation` if the breaker admits it, records the outcome, and returns its value or
    /// rethrows its error; throws ``CircuitOpenError`` without running it otherwise.
    public func run<Value>(
        isolation: isolated (any Actor)? = #isolation,
        _ operation: () async throws -> Value
    ) async throws -> Value {
        let permit = try acquire()
        do {
            let value = try await operation()
            record(permit, .success)
            return value
        } catch {
            record(permit, error: error)
            throw error
        }
    }

    /// Closes the breaker and forgets every count (an operator's manual reset).
    public func reset() {
        let change = state.withLock { machine in
            machine.transition(to: .closed)
        }
        if change.0 != change.1 { onStateChange?(change.0, change.1) }
    }

    // MARK: - The state machine

    private struct Machine {
        static var bucketCount: Int { 10 }

        enum Phase {
            case closed
            case open(until: C.Instant)
            case halfOpen(admitted: Int, successes: Int, since: C.Instant)

            var `public`: State {
                switch self {
                case .closed: .closed
                case .open(let until): .open(until: until)
                case .halfOpen: .halfOpen
                }
            }
        }

        struct Bucket {
            var index: Int64 = -1
            var successes = 0
            var failures = 0
        }

        let origin: C.Instant
        let trip: CircuitBreakerTrip
        var phase: Phase = .closed
        var generation: UInt64 = 0
        var consecutiveFailures = 0
        var buckets: [Bucket]
        let bucketWidth: Int64

        init(origin: C.Instant, trip: CircuitBreakerTrip) {
            self.origin = origin
            self.trip = trip
            if case .failureRatio(_, _, let window) = trip {
                buckets = Array(repeating: Bucket(), count: Self.bucketCount)
                bucketWidth = max(1, Nanoseconds.of(window) / Int64(Self.bucketCount))
            } else {
                buckets = []
                bucketWidth = 1
            }
        }

        /// Moves to `next`, starting a new generation and clearing the counts.
        mutating func transition(to next: Phase) -> (State, State) {
            let old = phase.public
            phase = next
            generation &+= 1
            consecutiveFailures = 0
            for index in buckets.indices { buckets[index] = Bucket() }
            return (old, next.public)
        }

        private func bucketIndex(at now: C.Instant) -> Int64 {
            Nanoseconds.of(origin.duration(to: now)) / bucketWidth
        }

        mutating func count(failure: Bool, at now: C.Instant) {
            switch trip {
            case .consecutiveFailures:
                consecutiveFailures = failure ? consecutiveFailures + 1 : 0
            case .failureRatio:
                let index = bucketIndex(at: now)
                let slot = Int(index % Int64(Self.bucketCount))
                if buckets[slot].index != index { buckets[slot] = Bucket(index: index) }
                if failure { buckets[slot].failures += 1 } else { buckets[slot].successes += 1 }
            }
        }

        func shouldTrip(at now: C.Instant) -> Bool {
            switch trip {
            case .consecutiveFailures(let threshold):
                return consecutiveFailures >= threshold
            case .failureRatio(let ratio, let minimumCalls, _):
                let current = bucketIndex(at: now)
                var calls = 0
                var failures = 0
                for bucket in buckets where bucket.index > current - Int64(Self.bucketCount) && bucket.index <= current {
                    calls += bucket.successes + bucket.failures
                    failures += bucket.failures
                }
                return calls >= minimumCalls && Double(failures) >= ratio * Double(calls)
            }
        }
    }
}
