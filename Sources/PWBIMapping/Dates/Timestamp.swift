#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An instant in UTC: whole seconds since 1970-01-01T00:00:00Z plus nanoseconds, exact
/// (no floating point, so fractional seconds round-trip).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since the Unix epoch (negative before 1970).
    public var secondsSince1970: Int64
    /// Nanoseconds within the second, `0..<1_000_000_000`.
    public var nanoseconds: Int32

    /// An instant at a whole second (every `Int64` is one).
    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
        self.nanoseconds = 0
    }

    /// An instant; `nanoseconds` is folded into `0..<1_000_000_000` (`-1` ns is the second before,
    /// 999 999 999 ns). Throws ``TimestampError/outOfRange`` when the folding carries the seconds
    /// past `Int64` (`Int64.max` s + 1.5 s).
    public init(secondsSince1970: Int64, nanoseconds: Int32) throws(TimestampError) {
        var carry = Int64(nanoseconds) / 1_000_000_000
        var nanos = Int64(nanoseconds) % 1_000_000_000
        if nanos < 0 { nanos += 1_000_000_000; carry -= 1 }
        let (seconds, overflow) = secondsSince1970.addingReportingOverflow(carry)
        guard !overflow else { throw .outOfRange }
        self.secondsSince1970 = seconds
        self.nanoseconds = Int32(nanos)
    }

    /// The instant of a Foundation `Date`, to the nanosecond `Date` can express. Throws
    /// ``TimestampError/notFinite`` for a NaN or infinite interval and ``TimestampError/outOfRange``
    /// beyond ±2^63 seconds.
    public init(_ date: Date) throws(TimestampError) {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else { throw .notFinite }
        let seconds = interval.rounded(.down)
        // 2^63 is exactly representable; every Double below it converts without trapping.
        guard seconds >= -0x1p63, seconds < 0x1p63 else { throw .outOfRange }
        let nanos = min(((interval - seconds) * 1e9).rounded(), 999_999_999)
        try self.init(secondsSince1970: Int64(seconds), nanoseconds: Int32(nanos))
    }

    /// The instant as a Foundation `Date` (sub-microsecond digits may be lost: `Date` is a `Double`).
    public var date: Date {
        Date(timeIntervalSince1970: Double(secondsSince1970) + Double(nanoseconds) / 1e9)
    }

    /// The UTC calendar date and time of this instant.
    public var utcComponents: CivilDateTime { CivilDateTime(secondsSinceEpoch: secondsSince1970, nanoseconds: nanoseconds) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.secondsSince1970, lhs.nanoseconds) < (rhs.secondsSince1970, rhs.nanoseconds)
    }

    /// RFC 3339 in UTC: `2025-11-27T07:30:00Z` (`.123Z` etc. when there are fractional seconds).
    public var description: String { utcComponents.iso8601(offsetSeconds: 0) }
}

/// `a + b`, clamped to `Int64.min…Int64.max`: shifting an instant by an offset never traps, at
/// the ends of the range (where no real time is) the reading saturates.
@inline(__always)
func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    guard overflow else { return sum }
    return b > 0 ? .max : .min
}

/// Why a ``Timestamp`` could not be made.
public enum TimestampError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The instant is beyond ±2^63 seconds from 1970.
    case outOfRange
    /// The `Date` was NaN or infinite.
    case notFinite

    public var description: String {
        switch self {
        case .outOfRange: "the instant is beyond ±2^63 seconds from 1970"
        case .notFinite: "the date is not a finite number of seconds"
        }
    }
}

/// A calendar date and wall-clock time with no zone (proleptic Gregorian calendar).
public struct CivilDateTime: Sendable, Hashable, Comparable {
    /// The year.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month.
    public var day: Int
    /// The hour, 0–23.
    public var hour: Int
    /// The minute, 0–59.
    public var minute: Int
    /// The second, 0–59.
    public var second: Int
    /// The fraction of the second, in nanoseconds.
    public var nanosecond: Int

    /// A wall-clock date and time (not validated: the parser validates what it reads).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// The wall-clock reading `secondsSinceEpoch` seconds after 1970-01-01T00:00:00 (no zone applied).
    public init(secondsSinceEpoch: Int64, nanoseconds: Int32 = 0) {
        var days = secondsSinceEpoch / 86_400
        var rest = secondsSinceEpoch % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = CivilDateTime.civil(fromDays: days)
        self.init(
            year: y, month: m, day: d, hour: Int(rest / 3600), minute: Int(rest % 3600 / 60), second: Int(rest % 60),
            nanosecond: Int(nanoseconds))
    }

    /// Seconds from 1970-01-01T00:00:00 to this wall-clock reading, as if it were UTC. Fields
    /// outside `Int64` seconds (years beyond about ±292 billion, or hours/minutes/seconds far out
    /// of range) saturate at `Int64.min`/`Int64.max` instead of trapping; ``isValid`` dates with
    /// years within ±1 000 000 000 are always exact.
    public var secondsSinceEpoch: Int64 {
        let limit = 1_000_000_000
        guard year > -limit, year < limit, month > -limit, month < limit, day > -limit, day < limit,
            hour > -limit, hour < limit, minute > -limit, minute < limit, second > -limit, second < limit
        else {
            return year < 0 || (year == 0 && month < 0) ? Int64.min : Int64.max
        }
        return CivilDateTime.days(fromCivil: year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// True for a valid Gregorian date (1–12, 1–28/29/30/31) and a time within 00:00:00–23:59:59.
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= CivilDateTime.daysInMonth(year, month)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
            && (0..<1_000_000_000).contains(nanosecond)
    }

    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        (lhs.secondsSinceEpoch, lhs.nanosecond) < (rhs.secondsSinceEpoch, rhs.nanosecond)
    }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    /// `2025-11-27T14:30:00+07:00` (`Z` for offset 0; fraction digits only when nonzero). An offset
    /// with seconds, such as Jakarta's local mean time before 1924, is written `+07:07:12`.
    public func iso8601(offsetSeconds: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(40)
        func pad(_ value: Int, _ width: Int) {
            var digits = width
            var divisor = 1
            while digits > 1 { divisor *= 10; digits -= 1 }
            var rest = value
            if rest < 0 || rest >= divisor * 10 {
                text.append(contentsOf: String(rest).utf8)
                return
            }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        // Magnitudes, not abs(): abs(Int.min) traps. Fields out of their range print as they are.
        if year < 0 { text.append(UInt8(ascii: "-")) }
        if year.magnitude > 9999 { text.append(contentsOf: String(year.magnitude).utf8) } else { pad(Int(year.magnitude), 4) }
        text.append(UInt8(ascii: "-")); pad(month, 2); text.append(UInt8(ascii: "-")); pad(day, 2)
        text.append(UInt8(ascii: "T")); pad(hour, 2); text.append(UInt8(ascii: ":")); pad(minute, 2)
        text.append(UInt8(ascii: ":")); pad(second, 2)
        if nanosecond > 0 {
            text.append(UInt8(ascii: "."))
            var fraction = nanosecond
            var width = 9
            while fraction % 10 == 0 { fraction /= 10; width -= 1 }
            pad(fraction, width)
        }
        if offsetSeconds == 0 {
            text.append(UInt8(ascii: "Z"))
        } else {
            text.append(offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = offsetSeconds.magnitude
            pad(Int(magnitude / 3600), 2); text.append(UInt8(ascii: ":")); pad(Int(magnitude % 3600 / 60), 2)
            if magnitude % 60 != 0 {
                // A historical local-mean-time offset (Asia/Jakarta before 1924: +07:07:12). RFC 3339
                // offsets have whole minutes; the seconds are kept in the extended `±HH:MM:SS` form
                // (as java.time and ECMAScript Temporal print them) rather than silently dropped.
                text.append(UInt8(ascii: ":")); pad(Int(magnitude % 60), 2)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
