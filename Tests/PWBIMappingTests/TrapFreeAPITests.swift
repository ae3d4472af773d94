import Foundation
import Testing

@testable import PWBIMapping

/// Issue 17 item 5: public APIs throw typed errors (or saturate, documented) instead of trapping.
@Suite("Public APIs never trap")
struct TrapFreeAPITests {
    @Test(arguments: [Int.min, Int.min + 1, -1_000, -39, 39, 1_000, Int.max])
    func movingTheDecimalPointAnyDistanceThrows(places: Int) {
        #expect(throws: ExactDecimalError.self) { try ExactDecimal(5).movingDecimalPoint(by: places) }
        #expect(throws: ExactDecimalError.self) { try ExactDecimal(-5).movingDecimalPoint(by: places) }
    }

    @Test func movingTheDecimalPointKeepsItsMeaning() throws {
        #expect(throws: ExactDecimalError.tooManyFractionDigits) { try ExactDecimal(5).movingDecimalPoint(by: .min) }
        #expect(throws: ExactDecimalError.overflow) { try ExactDecimal(5).movingDecimalPoint(by: .max) }
        #expect(try ExactDecimal(15).movingDecimalPoint(by: -2).description == "0.15")
        #expect(try ExactDecimal.zero.movingDecimalPoint(by: .min) == .zero)
        #expect(try ExactDecimal.zero.movingDecimalPoint(by: .max) == .zero)
    }

    @Test func timestampFoldingPastInt64Throws() throws {
        #expect(throws: TimestampError.outOfRange) { try Timestamp(secondsSince1970: .max, nanoseconds: 1_500_000_000) }
        #expect(throws: TimestampError.outOfRange) { try Timestamp(secondsSince1970: .min, nanoseconds: -1) }
        let last = try Timestamp(secondsSince1970: .max, nanoseconds: 999_999_999)
        #expect(last.secondsSince1970 == .max)
        let first = try Timestamp(secondsSince1970: .min + 1, nanoseconds: -1)
        #expect(first.secondsSince1970 == .min && first.nanoseconds == 999_999_999)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, .signalingNaN])
    func aNonFiniteDateThrows(interval: Double) {
        #expect(throws: TimestampError.notFinite) { try Timestamp(Date(timeIntervalSince1970: interval)) }
    }

    @Test(arguments: [9.3e18, -9.3e18, 1e300, .greatestFiniteMagnitude])
    func aDateBeyondInt64SecondsThrows(interval: Double) {
        #expect(throws: TimestampError.outOfRange) { try Timestamp(Date(timeIntervalSince1970: interval)) }
    }

    @Test func civilDateTimeAtExtremesFormatsAndCompares() {
        let minimum = CivilDateTime(year: .min, month: 1, day: 1)
        #expect(minimum.iso8601(offsetSeconds: 0) == "-9223372036854775808-01-01T00:00:00Z")
        #expect(CivilDateTime(year: .max, month: 1, day: 1).iso8601(offsetSeconds: .min).hasPrefix("9223372036854775807-01-01T00:00:00-"))
        #expect(CivilDateTime(year: 2025, month: 1, day: 1, hour: -1).iso8601(offsetSeconds: 0) == "2025-01-01T-1:00:00Z")
        #expect(minimum.secondsSinceEpoch == .min)
        #expect(CivilDateTime(year: .max, month: 1, day: 1).secondsSinceEpoch == .max)
        #expect(minimum < CivilDateTime(year: 2025, month: 1, day: 1))
    }

    @Test func zoneOffsetsAtExtremeLocalSecondsDoNotTrap() throws {
        let newYork = try #require(ZoneRule(identifier: "America/New_York"))
        for seconds in [Int64.min, Int64.min + 1, Int64.max - 1, Int64.max] {
            let offset = newYork.offset(forLocal: seconds)
            #expect(abs(offset) < 86_400)
        }
    }
}

/// Issue 17 item 7: a wall-clock time in a gap or overlap takes the offset in force just before it.
@Suite("Zones: gaps and overlaps east and west of UTC")
struct ZoneTransitionTests {
    @Test(arguments: [
        // West of UTC: spring-forward gap and fall-back overlap.
        ("America/New_York", "2025-03-09T02:30:00", "2025-03-09T02:30:00-05:00"),
        ("America/New_York", "2025-11-02T01:30:00", "2025-11-02T01:30:00-04:00"),
        ("America/New_York", "2025-03-09T03:30:00", "2025-03-09T03:30:00-04:00"),
        ("America/New_York", "2025-11-02T02:30:00", "2025-11-02T02:30:00-05:00"),
        // East of UTC.
        ("Europe/Berlin", "2025-10-26T02:30:00", "2025-10-26T02:30:00+02:00"),
        ("Europe/Berlin", "2025-03-30T02:30:00", "2025-03-30T02:30:00+01:00"),
        ("Europe/Berlin", "2025-10-26T03:30:00", "2025-10-26T03:30:00+01:00"),
        // Southern hemisphere: DST starts in October, ends in April.
        ("Australia/Sydney", "2025-10-05T02:30:00", "2025-10-05T02:30:00+10:00"),
        ("Australia/Sydney", "2025-04-06T02:30:00", "2025-04-06T02:30:00+11:00"),
        ("Australia/Sydney", "2025-04-06T03:30:00", "2025-04-06T03:30:00+10:00"),
        // No DST.
        ("Asia/Jakarta", "2025-03-09T02:30:00", "2025-03-09T02:30:00+07:00"),
        ("Asia/Jakarta", "1999-12-31T23:30:00", "1999-12-31T23:30:00+07:00"),
        ("Asia/Riyadh", "2025-10-26T02:30:00", "2025-10-26T02:30:00+03:00"),
        ("Asia/Riyadh", "1999-06-01T12:00:00", "1999-06-01T12:00:00+03:00"),
    ])
    func gapsAndOverlapsTakeTheOffsetJustBefore(zone: String, local: String, expected: String) throws {
        let rule = try #require(ZoneRule(identifier: zone))
        let parsed = try DateTimeParser.parse(local, format: .iso8601, zones: ZoneResolution(configured: rule))
        #expect(parsed.description == expected)
    }
}

@Suite("Instants shifted by offsets at the ends of the range")
struct SaturatingInstantTests {
    @Test func zonedTimestampsAtTheEndsRenderWithoutTrapping() {
        let late = ZonedTimestamp(instant: Timestamp(secondsSince1970: .max), utcOffsetSeconds: 50_400, zoneDecision: .explicit)
        let early = ZonedTimestamp(instant: Timestamp(secondsSince1970: .min), utcOffsetSeconds: -43_200, zoneDecision: .explicit)
        #expect(late.local == CivilDateTime(secondsSinceEpoch: .max))
        #expect(early.local == CivilDateTime(secondsSinceEpoch: .min))
        #expect(late.description.hasSuffix("+14:00"))
        #expect(early.description.hasSuffix("-12:00"))
        #expect(LedgerDate.localTime(late.instant, offset: 50_400) == late.local)
    }
}
