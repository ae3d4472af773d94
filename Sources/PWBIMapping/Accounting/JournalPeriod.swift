/// How transactions are grouped into period summaries: one entry per outlet and period.
public enum JournalPeriod: Sendable, Hashable, CustomStringConvertible {
    /// A business day that starts at `startHour` local time (0 = midnight; 4 puts a 02:00 sale
    /// of a late-night restaurant on the previous day).
    case businessDay(startHour: Int)
    /// Windows of `hours` hours from local midnight (`hours` divides 24): Jurnal.id's 4-hour batch.
    case batch(hours: Int)

    /// The calendar day from midnight.
    public static let day = JournalPeriod.businessDay(startHour: 0)
    /// Four-hour batches: 00–04, 04–08, … 20–24.
    public static let fourHours = JournalPeriod.batch(hours: 4)

    /// Whether the parameters make sense (start hour 0–23; batch hours dividing 24).
    public var isValid: Bool {
        switch self {
        case .businessDay(let start): return (0...23).contains(start)
        case .batch(let hours): return hours >= 1 && hours <= 24 && 24 % hours == 0
        }
    }

    public var description: String {
        switch self {
        case .businessDay(let start): return start == 0 ? "day" : "business day from \(pad(start, 2)):00"
        case .batch(let hours): return "\(hours)h"
        }
    }

    /// The period a wall-clock reading falls in.
    func window(of local: CivilDateTime) -> PeriodWindow {
        switch self {
        case .businessDay(let start):
            // The business day of a reading before `start` o'clock is the previous calendar day.
            let shifted = CivilDateTime(secondsSinceEpoch: saturatingSum(local.secondsSinceEpoch, -Int64(min(max(start, 0), 23)) * 3600))
            return PeriodWindow(date: LedgerDate(local: shifted), startHour: start, hours: 24, isBatch: false)
        case .batch(let hours):
            return PeriodWindow(date: LedgerDate(local: local), startHour: local.hour / hours * hours, hours: hours, isBatch: true)
        }
    }
}

/// One concrete period: a date and, for batches, the local hours it covers.
struct PeriodWindow: Sendable, Hashable, Comparable {
    let date: LedgerDate
    let startHour: Int
    let hours: Int
    let isBatch: Bool

    /// `20251227`, or `20251227-08` for the 08:00–12:00 batch.
    var referenceSuffix: String { isBatch ? "\(date.compact)-\(pad(startHour, 2))" : date.compact }

    /// `2025-12-27`, or `2025-12-27 08:00-12:00`.
    var label: String {
        isBatch ? "\(date.iso8601) \(pad(startHour, 2)):00-\(pad(startHour + hours, 2)):00" : date.iso8601
    }

    static func < (lhs: PeriodWindow, rhs: PeriodWindow) -> Bool {
        (lhs.date, lhs.startHour) < (rhs.date, rhs.startHour)
    }
}
