/// Civil-time arithmetic for the fakes' renderings (no `DateFormatter`, so the output never depends
/// on the host's locale or time-zone database).
enum FakeCalendar {
    /// Jakarta's offset (WIB, UTC+7, no daylight saving).
    static let jakartaOffsetSeconds: Int64 = 7 * 3600

    /// `(year, month, day, hour, minute, second)` of `seconds` since the Unix epoch, shifted by `offset`.
    static func civil(_ seconds: Int64, offset: Int64) -> (Int64, Int64, Int64, Int64, Int64, Int64) {
        let local = seconds + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    /// Days since the epoch of a civil date (days_from_civil).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `2025-12-27 13:10:22` in Jakarta time (Qasir's `created_at`).
    static func jakartaLocal(milliseconds: Int64) -> String {
        let (y, mo, d, h, mi, s) = civil(floorDiv(milliseconds, 1000), offset: jakartaOffsetSeconds)
        return "\(y)-\(two(mo))-\(two(d)) \(two(h)):\(two(mi)):\(two(s))"
    }

    /// `2025-12-27T20:40:14.872+07:00` (Moka's `created_at` and GoBiz's `transaction_date`).
    static func jakartaISO(milliseconds: Int64) -> String {
        let (y, mo, d, h, mi, s) = civil(floorDiv(milliseconds, 1000), offset: jakartaOffsetSeconds)
        let fraction = milliseconds - floorDiv(milliseconds, 1000) * 1000
        let millis = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(y)-\(two(mo))-\(two(d))T\(two(h)):\(two(mi)):\(two(s)).\(millis)+07:00"
    }

    /// Unix seconds of `2025-12-27T02:10:00Z` (the only form Qasir's `from_date`/`to_date` take here); nil otherwise.
    static func parseUTC(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
              bytes[19] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        return days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
}
