/// Whole-nanosecond arithmetic on `Duration`, saturating instead of trapping.
///
/// Delays in this module are quantised to whole nanoseconds: exact sequences stay exact
/// (1 s, 2 s, 4 s…), and random values are drawn uniformly over integers.
enum Nanoseconds {
    /// The largest delay any computation yields (about 292 years).
    static let ceiling = Int64.max

    /// `duration` in whole nanoseconds (truncated), saturating at 0 and ``ceiling``.
    static func of(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard duration > .zero else { return 0 }
        guard seconds < ceiling / 1_000_000_000 else { return ceiling }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// A `Duration` of `nanoseconds` (negative values become zero).
    static func duration(_ nanoseconds: Int64) -> Duration {
        .nanoseconds(max(0, nanoseconds))
    }

    /// `value` rounded to whole nanoseconds, saturating at 0 and ``ceiling``; NaN is 0.
    static func rounded(_ value: Double) -> Int64 {
        guard value > 0 else { return 0 }  // also catches NaN
        guard value < 9.2e18 else { return ceiling }
        return Int64(value.rounded())
    }

    /// `a + b`, saturating.
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? ceiling : sum
    }

    /// `a * b` for non-negative values, saturating.
    static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ceiling : product
    }

    /// A uniformly distributed value in `lower...upper` (`lower` when the range is empty), for
    /// `0 ≤ lower`. Drawn with Lemire's multiply-and-reject method written out here rather than
    /// the standard library's, so a seeded schedule is fixed by this module alone.
    static func random(in lower: Int64, _ upper: Int64, using generator: inout some RandomNumberGenerator) -> Int64 {
        guard upper > lower else { return lower }
        let span = UInt64(upper - lower)
        guard span < UInt64.max else { return lower &+ Int64(bitPattern: generator.next()) }
        let bound = span + 1
        var (high, low) = bound.multipliedFullWidth(by: generator.next())
        if low < bound {
            let threshold = (0 &- bound) % bound
            while low < threshold {
                (high, low) = bound.multipliedFullWidth(by: generator.next())
            }
        }
        return lower + Int64(high)
    }
}

extension Duration {
    /// This duration in seconds as a `Double` (for display and ratios only).
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
