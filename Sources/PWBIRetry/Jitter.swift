/// How a nominal backoff delay is randomised, as defined in AWS's
/// "Exponential Backoff and Jitter" (Marc Brooker, 2015).
///
/// With `d` the strategy's nominal delay for this retry (already capped at the maximum):
/// - ``none``: `d`.
/// - ``full``: uniform in `0 … d`.
/// - ``equal``: `d/2 + uniform(0 … d/2)`.
/// - ``decorrelated``: `min(maximum, uniform(base … previous × 3))`, where `base` is the
///   strategy's first delay and `previous` the delay actually slept before (initially `base`).
public enum Jitter: String, Sendable, Hashable, CaseIterable {
    /// No randomisation: the nominal delay exactly.
    case none
    /// Uniform between zero and the nominal delay.
    case full
    /// Half the nominal delay plus a uniform share of the other half.
    case equal
    /// Uniform between the base delay and three times the previous delay, capped.
    case decorrelated
}
