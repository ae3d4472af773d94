#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A parsed `Retry-After` header value (RFC 9110 §10.2.3): delta-seconds or an HTTP-date.
///
/// All three HTTP-date forms are accepted, as RFC 9110 §5.6.7 requires of recipients:
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and ANSI C's asctime form (`Sun Nov  6 08:49:37 1994`).
/// Anything else — including a negative number — is not a `RetryAfter`, and the policy falls
/// back to its normal backoff.
public enum RetryAfter: Sendable, Hashable {
    /// A number of seconds to wait (saturating at about 292 years).
    case seconds(Int64)
    /// The instant after which to retry.
    case date(Date)

    /// Parses a header value; `now` resolves the two-digit years of the RFC 850 form.
    /// Returns nil for anything that is not delta-seconds or an HTTP-date.
    public static func parse(_ header: String, now: Date) -> RetryAfter? {
        var bytes = Array(header.utf8)[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var seconds: Int64 = 0
            let limit = Nanoseconds.ceiling / 1_000_000_000
            for digit in bytes {
                seconds = min(limit, seconds * 10 + Int64(digit - 0x30))
            }
            return .seconds(seconds)
        }
        guard let unixSeconds = HTTPDate.parse(Array(bytes), now: now) else { return nil }
        return .date(Date(timeIntervalSince1970: Double(unixSeconds)))
    }

    /// How long to wait from `now`; nil when the date is not after `now` (clock skew or a
    /// stale header: the policy then uses its normal backoff).
    public func delay(from now: Date) -> Duration? {
        switch self {
        case .seconds(let seconds):
            return .seconds(seconds)
        case .date(let date):
            let interval = date.timeIntervalSince1970 - now.timeIntervalSince1970
            guard interval > 0 else { return nil }
            return Nanoseconds.duration(Nanoseconds.rounded(interval * 1e9))
        }
    }

    /// The delay a header asks for, measured from `now`, or nil when it is absent,
    /// unparseable, negative or in the past.
    public static func delay(header: String?, now: Date) -> Duration? {
        guard let header, let value = parse(header, now: now) else { return nil }
        return value.delay(from: now)
    }
}

/// HTTP-date parsing (RFC 9110 §5.6.7) to Unix seconds, by hand: no formatter, no locale.
enum HTTPDate {
    private static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let longDayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ bytes: [UInt8], now: Date) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        guard let name = scanner.letters() else { return nil }
        if dayNames.contains(name) {
            if scanner.take(0x2C) {  // ","  IMF-fixdate
                guard scanner.take(0x20), let day = scanner.digits(2), scanner.take(0x20),
                    let month = scanner.month(), scanner.take(0x20), let year = scanner.digits(4), scanner.take(0x20),
                    let time = scanner.timeOfDay(), scanner.take(0x20), scanner.literal("GMT"), scanner.atEnd
                else { return nil }
                return unixSeconds(year: year, month: month, day: day, time: time)
            }
            // asctime: "Sun Nov  6 08:49:37 1994"
            guard scanner.take(0x20), let month = scanner.month(), scanner.take(0x20) else { return nil }
            let day: Int
            if scanner.take(0x20) {
                guard let digit = scanner.digits(1) else { return nil }
                day = digit
            } else {
                guard let digits = scanner.digits(2) else { return nil }
                day = digits
            }
            guard scanner.take(0x20), let time = scanner.timeOfDay(), scanner.take(0x20),
                let year = scanner.digits(4), scanner.atEnd
            else { return nil }
            return unixSeconds(year: year, month: month, day: day, time: time)
        }
        guard longDayNames.contains(name) else { return nil }
        // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
        guard scanner.take(0x2C), scanner.take(0x20), let day = scanner.digits(2), scanner.take(0x2D),
            let month = scanner.month(), scanner.take(0x2D), let shortYear = scanner.digits(2), scanner.take(0x20),
            let time = scanner.timeOfDay(), scanner.take(0x20), scanner.literal("GMT"), scanner.atEnd
        else { return nil }
        // A two-digit year more than 50 years in the future means the most recent past year
        // with those last two digits (RFC 9110 §5.6.7).
        let currentYear = civilYear(unixSeconds: Int64(now.timeIntervalSince1970.rounded(.down)))
        var year = currentYear - currentYear % 100 + shortYear
        if year > currentYear + 50 { year -= 100 }
        return unixSeconds(year: year, month: month, day: day, time: time)
    }

    private static func unixSeconds(year: Int, month: Int, day: Int, time: (Int, Int, Int)) -> Int64? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let (hour, minute, second) = time
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        let days = daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The Gregorian year containing `unixSeconds`.
    static func civilYear(unixSeconds: Int64) -> Int {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func literal(_ text: String) -> Bool {
            let start = index
            for byte in text.utf8 where !take(byte) {
                index = start
                return false
            }
            return true
        }

        mutating func letters() -> String? {
            let start = index
            while index < bytes.count, (0x41...0x5A).contains(bytes[index]) || (0x61...0x7A).contains(bytes[index]) {
                index += 1
            }
            guard index > start else { return nil }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }

        mutating func month() -> Int? {
            guard index + 3 <= bytes.count else { return nil }
            let name = String(decoding: bytes[index..<index + 3], as: UTF8.self)
            guard let position = HTTPDate.monthNames.firstIndex(of: name) else { return nil }
            index += 3
            return position + 1
        }

        mutating func timeOfDay() -> (Int, Int, Int)? {
            guard let hour = digits(2), take(0x3A), let minute = digits(2), take(0x3A), let second = digits(2) else {
                return nil
            }
            return (hour, minute, second)
        }
    }
}
