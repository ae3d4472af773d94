/// How long to wait before each retry: a strategy, bounds, and jitter.
///
/// Retries are numbered from 1: retry `n` is the wait after attempt `n` failed and before
/// attempt `n + 1`. Delays are whole nanoseconds and saturate instead of overflowing.
///
/// ```swift
/// // tenacity's wait_exponential(multiplier=1, min=1, max=10): 1 s, 2 s, 4 s, 8 s, 10 s, 10 s…
/// let backoff = try Backoff.exponential(initial: .seconds(1), minimum: .seconds(1), maximum: .seconds(10))
/// ```
public struct Backoff: Sendable {
    /// The shape of the nominal (un-jittered) delays.
    public enum Strategy: Sendable {
        /// The same delay before every retry.
        case constant(Duration)
        /// `initial + (n − 1) × increment` before retry `n`.
        case linear(initial: Duration, increment: Duration)
        /// `initial × multiplier^(n − 1)` before retry `n`.
        case exponential(initial: Duration, multiplier: Double)
        /// Any function of the retry number (1, 2, …); negative results count as zero.
        case custom(@Sendable (Int) -> Duration)
    }

    /// The shape of the nominal delays.
    public let strategy: Strategy
    /// No nominal delay is shorter than this (jitter may still go below it, as AWS defines jitter).
    public let minimum: Duration
    /// No delay is longer than this; `nil` for no cap.
    public let maximum: Duration?
    /// How each nominal delay is randomised.
    public let jitter: Jitter

    /// A backoff from its parts; throws ``RetryConfigurationError`` for negative durations,
    /// `minimum > maximum`, a multiplier below 1 or not finite, or decorrelated jitter without a maximum.
    public init(_ strategy: Strategy, minimum: Duration = .zero, maximum: Duration? = nil, jitter: Jitter = .none) throws {
        switch strategy {
        case .constant(let delay):
            try RetryConfigurationError.requireNonNegative(delay, "delay")
        case .linear(let initial, let increment):
            try RetryConfigurationError.requireNonNegative(initial, "initial")
            try RetryConfigurationError.requireNonNegative(increment, "increment")
        case .exponential(let initial, let multiplier):
            try RetryConfigurationError.requireNonNegative(initial, "initial")
            try RetryConfigurationError.require(
                multiplier.isFinite && multiplier >= 1, "multiplier", "must be a finite number ≥ 1, got \(multiplier)")
        case .custom:
            break
        }
        try RetryConfigurationError.requireNonNegative(minimum, "minimum")
        if let maximum {
            try RetryConfigurationError.requireNonNegative(maximum, "maximum")
            try RetryConfigurationError.require(
                minimum <= maximum, "minimum", "must not exceed maximum (\(minimum) > \(maximum))")
        }
        try RetryConfigurationError.require(
            jitter != .decorrelated || maximum != nil, "maximum", "is required with decorrelated jitter")
        self.init(unchecked: strategy, minimum: minimum, maximum: maximum, jitter: jitter)
    }

    init(unchecked strategy: Strategy, minimum: Duration, maximum: Duration?, jitter: Jitter) {
        self.strategy = strategy
        self.minimum = minimum
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The same `delay` before every retry.
    public static func constant(_ delay: Duration, jitter: Jitter = .none) throws -> Backoff {
        try Backoff(.constant(delay), maximum: jitter == .decorrelated ? delay : nil, jitter: jitter)
    }

    /// `initial`, `initial + increment`, `initial + 2 × increment`, … capped at `maximum`.
    public static func linear(
        initial: Duration, increment: Duration, maximum: Duration? = nil, jitter: Jitter = .none
    ) throws -> Backoff {
        try Backoff(.linear(initial: initial, increment: increment), maximum: maximum, jitter: jitter)
    }

    /// `initial × multiplier^(n − 1)` clamped to `minimum … maximum` — tenacity's
    /// `wait_exponential(multiplier: initial, exp_base: multiplier, min:, max:)`.
    public static func exponential(
        initial: Duration, multiplier: Double = 2, minimum: Duration = .zero, maximum: Duration? = nil,
        jitter: Jitter = .none
    ) throws -> Backoff {
        try Backoff(
            .exponential(initial: initial, multiplier: multiplier), minimum: minimum, maximum: maximum, jitter: jitter)
    }

    /// Delays computed by `delay(n)` for retry `n`, capped at `maximum`.
    public static func custom(
        maximum: Duration? = nil, jitter: Jitter = .none, _ delay: @escaping @Sendable (Int) -> Duration
    ) throws -> Backoff {
        try Backoff(.custom(delay), maximum: maximum, jitter: jitter)
    }

    /// The un-jittered delay before retry `retry` (1-based), clamped to `minimum … maximum`.
    public func nominalDelay(forRetry retry: Int) -> Duration {
        Nanoseconds.duration(nominalNanoseconds(forRetry: retry))
    }

    /// The delay before retry `retry` (1-based) with jitter drawn from `generator`.
    /// `previous` is the delay actually used before the previous retry (decorrelated jitter needs it).
    public func delay(
        forRetry retry: Int, previous: Duration? = nil, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let nominal = nominalNanoseconds(forRetry: retry)
        switch jitter {
        case .none:
            return Nanoseconds.duration(nominal)
        case .full:
            return Nanoseconds.duration(Nanoseconds.random(in: 0, nominal, using: &generator))
        case .equal:
            let half = nominal / 2
            return Nanoseconds.duration(half + Nanoseconds.random(in: 0, nominal - half, using: &generator))
        case .decorrelated:
            let cap = maximum.map(Nanoseconds.of) ?? Nanoseconds.ceiling
            let base = min(nominalNanoseconds(forRetry: 1), cap)
            let last = previous.map(Nanoseconds.of) ?? base
            let upper = max(base, Nanoseconds.multiply(last, 3))
            return Nanoseconds.duration(min(cap, Nanoseconds.random(in: base, upper, using: &generator)))
        }
    }

    /// The delays before retries `1…count`, each drawing jitter from `generator` in order.
    public func schedule(retries count: Int, using generator: inout some RandomNumberGenerator) -> [Duration] {
        var delays: [Duration] = []
        delays.reserveCapacity(max(0, count))
        var previous: Duration?
        for retry in stride(from: 1, through: count, by: 1) {
            let next = delay(forRetry: retry, previous: previous, using: &generator)
            delays.append(next)
            previous = next
        }
        return delays
    }

    private func nominalNanoseconds(forRetry retry: Int) -> Int64 {
        let n = max(1, retry)
        let raw: Int64
        switch strategy {
        case .constant(let delay):
            raw = Nanoseconds.of(delay)
        case .linear(let initial, let increment):
            raw = Nanoseconds.add(Nanoseconds.of(initial), Nanoseconds.multiply(Nanoseconds.of(increment), Int64(n - 1)))
        case .exponential(let initial, let multiplier):
            let start = Nanoseconds.of(initial)
            if multiplier == 2 && n - 1 < 63 {
                raw = Nanoseconds.multiply(start, Int64(1) << Int64(n - 1))
            } else {
                raw = Nanoseconds.rounded(Double(start) * pow(multiplier, n - 1))
            }
        case .custom(let delay):
            raw = Nanoseconds.of(delay(n))
        }
        var value = max(raw, Nanoseconds.of(minimum))
        if let maximum { value = min(value, Nanoseconds.of(maximum)) }
        return value
    }
}

/// `base` raised to a non-negative integer power by repeated squaring; ∞ on overflow.
private func pow(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    var factor = base
    var remaining = exponent
    while remaining > 0 {
        if remaining & 1 == 1 { result *= factor }
        factor *= factor
        remaining >>= 1
    }
    return result
}
