#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(FoundationInternationalization)
// FoundationEssentials alone knows only fixed GMT offsets; the IANA database comes with this module.
import FoundationInternationalization
#endif

/// A time zone used to interpret wall-clock times that carry no offset: an IANA identifier
/// (`Asia/Jakarta` WIB, `Asia/Makassar` WITA, `Asia/Jayapura` WIT, `Asia/Riyadh`) backed by
/// Foundation's `TimeZone`.
///
/// Zones with no transitions since 2000 (all of Indonesia's and Saudi Arabia's) are resolved from a
/// cached fixed offset for instants from 2000 on; others ask `TimeZone` each time.
public struct ZoneRule: Sendable, Hashable, CustomStringConvertible {
    /// The IANA identifier (`Asia/Jakarta`), or `GMT+07:00`-style for fixed offsets.
    public let identifier: String
    /// The Foundation time zone.
    public let timeZone: TimeZone
    /// The offset in force at every instant since 2000-01-01, when there has been no transition since.
    let fixedOffsetSince2000: Int?

    /// 2000-01-01T00:00:00Z.
    static let year2000: Int64 = 946_684_800

    /// The zone with this IANA identifier; nil if Foundation does not know it.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(zone, identifier: identifier)
    }

    /// A zone from a Foundation `TimeZone`.
    public init(_ timeZone: TimeZone) {
        self.init(timeZone, identifier: timeZone.identifier)
    }

    init(_ timeZone: TimeZone, identifier: String) {
        self.identifier = identifier
        self.timeZone = timeZone
        let start = Date(timeIntervalSince1970: Double(ZoneRule.year2000))
        if timeZone.nextDaylightSavingTimeTransition(after: start) == nil {
            fixedOffsetSince2000 = timeZone.secondsFromGMT(for: start)
        } else {
            fixedOffsetSince2000 = nil
        }
    }

    /// UTC.
    public static let utc = ZoneRule(fixedOffsetSeconds: 0, identifier: "UTC")

    /// A fixed offset from UTC (no transitions), e.g. `+07:00` = 25200 s.
    public init(fixedOffsetSeconds: Int, identifier: String? = nil) {
        let zone = TimeZone(secondsFromGMT: fixedOffsetSeconds) ?? TimeZone(secondsFromGMT: 0)
        self.identifier = identifier ?? zone.map(\.identifier) ?? "UTC"
        self.timeZone = zone ?? TimeZone.gmt
        self.fixedOffsetSince2000 = fixedOffsetSeconds
    }

    /// The offset from UTC in force at an instant, in seconds.
    public func offset(at secondsSince1970: Int64) -> Int {
        if let fixed = fixedOffsetSince2000, secondsSince1970 >= ZoneRule.year2000 { return fixed }
        return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(secondsSince1970)))
    }

    /// The offset that applies to a wall-clock reading (seconds since the epoch as if it were UTC).
    /// In a gap or overlap of a zone with transitions, the offset in force just before it is used,
    /// east or west of UTC alike: 2025-03-09 02:30 in America/New_York (a gap) is −05:00,
    /// 2025-10-26 02:30 in Europe/Berlin (an overlap) is +02:00 — the first of the two readings.
    public func offset(forLocal localSeconds: Int64) -> Int {
        if let fixed = fixedOffsetSince2000, localSeconds >= ZoneRule.year2000 + 86_400 { return fixed }
        // The offsets a day either side bracket any transition near this reading (no zone has
        // two transitions within a day). Clamped so that the arithmetic below cannot overflow.
        let local = min(max(localSeconds, Int64.min / 2), Int64.max / 2)
        let before = offset(at: local - 86_400)
        let after = offset(at: local + 86_400)
        func holds(_ candidate: Int) -> Bool { offset(at: local - Int64(candidate)) == candidate }
        if before == after || holds(before) { return before }  // no transition, or the first reading of an overlap
        if holds(after) { return after }  // after the transition
        return before  // in the gap: the offset in force just before it
    }

    public static func == (lhs: ZoneRule, rhs: ZoneRule) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
    public var description: String { identifier }

    /// Indonesia's western zone, WIB (UTC+7).
    public static var jakarta: ZoneRule { ZoneRule(identifier: "Asia/Jakarta") ?? ZoneRule(fixedOffsetSeconds: 25_200, identifier: "Asia/Jakarta") }
}

/// How the zone of a parsed date-time was decided — recorded on every ``ZonedTimestamp``.
public enum ZoneDecision: Sendable, Hashable, CustomStringConvertible {
    /// The text carried its own offset (`Z`, `+07:00`).
    case explicit
    /// The text had no offset; the configured zone (outlet or tenant default) was applied.
    case configured(identifier: String)
    /// The text had no offset and no zone was configured; this fallback was assumed (a warning is due).
    case assumed(identifier: String)

    /// `explicit`, `configured`, `assumed`.
    public var name: String {
        switch self {
        case .explicit: "explicit"
        case .configured: "configured"
        case .assumed: "assumed"
        }
    }

    /// The zone identifier for configured/assumed decisions.
    public var zoneIdentifier: String? {
        switch self {
        case .explicit: nil
        case .configured(let identifier), .assumed(let identifier): identifier
        }
    }

    public var description: String {
        if let zone = zoneIdentifier { return "\(name) (\(zone))" }
        return name
    }
}

/// An instant plus the offset it was written in and how that offset was decided.
public struct ZonedTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The UTC instant.
    public var instant: Timestamp
    /// The offset from UTC of the source's wall clock, in seconds (25200 for WIB).
    public var utcOffsetSeconds: Int
    /// How the offset was decided.
    public var zoneDecision: ZoneDecision

    /// An instant with the offset it was read at and how its zone was decided.
    public init(instant: Timestamp, utcOffsetSeconds: Int, zoneDecision: ZoneDecision) {
        self.instant = instant
        self.utcOffsetSeconds = utcOffsetSeconds
        self.zoneDecision = zoneDecision
    }

    /// The source's wall-clock reading (saturating at the ends of the `Int64` range, never trapping).
    public var local: CivilDateTime {
        CivilDateTime(secondsSinceEpoch: saturatingSum(instant.secondsSince1970, Int64(utcOffsetSeconds)), nanoseconds: instant.nanoseconds)
    }

    /// Ordered by instant.
    public static func < (lhs: ZonedTimestamp, rhs: ZonedTimestamp) -> Bool { lhs.instant < rhs.instant }

    /// RFC 3339 with the source offset: `2025-11-27T14:30:00+07:00`. A historical offset with
    /// seconds keeps them in the extended form `1900-01-01T00:00:00+07:07:12` (RFC 3339 itself has
    /// whole-minute offsets only; dropping the seconds would name another instant).
    public var description: String { local.iso8601(offsetSeconds: utcOffsetSeconds) }
}

/// Which zone interprets wall-clock times that carry no offset: the configured one (outlet or
/// tenant default) if any, else an assumed fallback (recorded as ``ZoneDecision/assumed(identifier:)``).
public struct ZoneResolution: Sendable, Hashable {
    /// The configured zone, if the integration has one.
    public var configured: ZoneRule?
    /// The zone assumed when none is configured (default UTC).
    public var assumed: ZoneRule

    /// Zone-less times in `configured`, else in `assumed` (UTC by default) with a warning.
    public init(configured: ZoneRule? = nil, assumed: ZoneRule = .utc) {
        self.configured = configured
        self.assumed = assumed
    }

    /// The zone to apply and the decision to record.
    public var choice: (zone: ZoneRule, decision: ZoneDecision) {
        if let configured { return (configured, .configured(identifier: configured.identifier)) }
        return (assumed, .assumed(identifier: assumed.identifier))
    }
}
