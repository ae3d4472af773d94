/// A calendar date in the merchant's zone: the day a journal entry is posted on.
///
/// A sale at 2025-12-27T21:30:00Z is posted on 2025-12-28 in Riyadh (UTC+3) and on 2025-12-28
/// in Jakarta (UTC+7): the ledger date is always taken in the merchant's own zone, never in UTC.
public struct LedgerDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// A date; nil unless it exists in the proleptic Gregorian calendar (1...9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= LedgerDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of `instant` in `zone`.
    public init(_ instant: Timestamp, in zone: ZoneRule) {
        self.init(local: LedgerDate.localTime(instant, offset: zone.offset(at: instant.secondsSince1970)))
    }

    /// The date of a wall-clock reading.
    public init(local: CivilDateTime) {
        self.year = local.year
        self.month = local.month
        self.day = local.day
    }

    /// The wall-clock reading of `instant` at a UTC offset in seconds.
    static func localTime(_ instant: Timestamp, offset: Int) -> CivilDateTime {
        CivilDateTime(secondsSinceEpoch: saturatingSum(instant.secondsSince1970, Int64(offset)))
    }

    /// `2025-12-27` (ISO 8601).
    public var description: String { iso8601 }

    /// `2025-12-27`.
    public var iso8601: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    /// `27/12/2025`: the `dd/MM/yyyy` form Accurate Online's `transDate` takes.
    public var dayMonthYear: String { "\(pad(day, 2))/\(pad(month, 2))/\(pad(year, 4))" }

    /// `20251227`, for references.
    public var compact: String { "\(pad(year, 4))\(pad(month, 2))\(pad(day, 2))" }

    public static func < (lhs: LedgerDate, rhs: LedgerDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
