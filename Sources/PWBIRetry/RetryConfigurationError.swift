/// A retry component was configured with values that cannot work.
///
/// Every throwing initialiser in this module validates its arguments up front, so a bad
/// configuration fails where it is written rather than during an outage.
public struct RetryConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter that was rejected, e.g. `maximumAttempts`.
    public let parameter: String
    /// Why it was rejected, e.g. `must be at least 1, got 0`.
    public let reason: String

    /// Creates an error for `parameter`.
    public init(parameter: String, reason: String) {
        self.parameter = parameter
        self.reason = reason
    }

    public var description: String { "invalid retry configuration: \(parameter) \(reason)" }
}

extension RetryConfigurationError {
    static func require(_ condition: Bool, _ parameter: String, _ reason: @autoclosure () -> String) throws {
        if !condition { throw RetryConfigurationError(parameter: parameter, reason: reason()) }
    }

    static func requireNonNegative(_ duration: Duration, _ parameter: String) throws {
        try require(duration >= .zero, parameter, "must not be negative, got \(duration)")
    }

    static func requirePositive(_ duration: Duration, _ parameter: String) throws {
        try require(duration > .zero, parameter, "must be positive, got \(duration)")
    }
}
