/// How far a signed timestamp may lie from now, in each direction. Two-sided: a timestamp too
/// far in the past is a replay, one too far in the future a forged or badly skewed clock.
public struct TimestampTolerance: Sendable, Equatable, CustomStringConvertible {
    /// Seconds a timestamp may lie in the past; nil accepts any age.
    public let maximumAge: Int64?
    /// Seconds a timestamp may lie in the future; nil accepts any.
    public let maximumAhead: Int64?

    /// Separate bounds for the past and the future (negative values count as 0).
    public init(maximumAge: Int64?, maximumAhead: Int64?) {
        self.maximumAge = maximumAge.map { max(0, $0) }
        self.maximumAhead = maximumAhead.map { max(0, $0) }
    }

    /// The same bound in both directions.
    public static func seconds(_ seconds: Int64) -> TimestampTolerance {
        TimestampTolerance(maximumAge: seconds, maximumAhead: seconds)
    }

    /// Five minutes each way: the default of Standard Webhooks and Stripe.
    public static let fiveMinutes = TimestampTolerance.seconds(300)

    /// No timestamp check at all. Only for replaying stored requests; it must be asked for by name.
    public static let disabled = TimestampTolerance(maximumAge: nil, maximumAhead: nil)

    public var description: String {
        switch (maximumAge, maximumAhead) {
        case (nil, nil): "disabled"
        case let (age?, ahead?) where age == ahead: "±\(age) s"
        default: "-\(maximumAge.map(String.init) ?? "∞") s/+\(maximumAhead.map(String.init) ?? "∞") s"
        }
    }

    /// Throws when `timestamp` lies outside the window around `now`.
    public func check(timestamp: Int64, now: Int64) throws(WebhookSignatureError) {
        if now >= timestamp {
            let (age, overflow) = now.subtractingReportingOverflow(timestamp)
            let seconds = overflow ? Int64.max : age
            if let maximumAge, seconds > maximumAge { throw .timestampTooOld(age: seconds, tolerance: maximumAge) }
        } else {
            let (ahead, overflow) = timestamp.subtractingReportingOverflow(now)
            let seconds = overflow ? Int64.max : ahead
            if let maximumAhead, seconds > maximumAhead { throw .timestampTooNew(ahead: seconds, tolerance: maximumAhead) }
        }
    }
}
