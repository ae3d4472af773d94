import Testing

@testable import PWBIMapping

@Suite("Dates: strict formats in configured zones")
struct DateTimeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let format: DateTimeFormat
        let zone: String?
        let utc: String
        let offset: Int
        let decision: String
        var testDescription: String { "\(text) \(format) \(zone ?? "-")" }
    }

    static let cases: [Case] = [
        .init(text: "2025-11-27T14:30:00", format: .iso8601, zone: "Asia/Jakarta", utc: "2025-11-27T07:30:00Z", offset: 25_200, decision: "configured"),
        .init(text: "2025-11-27T14:30:00", format: .iso8601, zone: "Asia/Makassar", utc: "2025-11-27T06:30:00Z", offset: 28_800, decision: "configured"),
        .init(text: "2025-11-27T14:30:00", format: .iso8601, zone: "Asia/Jayapura", utc: "2025-11-27T05:30:00Z", offset: 32_400, decision: "configured"),
        .init(text: "2025-11-27T14:30:00", format: .iso8601, zone: "Asia/Riyadh", utc: "2025-11-27T11:30:00Z", offset: 10_800, decision: "configured"),
        .init(text: "2025-11-27T14:30:00", format: .iso8601, zone: nil, utc: "2025-11-27T14:30:00Z", offset: 0, decision: "assumed"),
        .init(text: "2025-11-27T14:30:00+07:00", format: .iso8601, zone: "Asia/Riyadh", utc: "2025-11-27T07:30:00Z", offset: 25_200, decision: "explicit"),
        .init(text: "2025-11-27T14:30:00Z", format: .iso8601, zone: "Asia/Jakarta", utc: "2025-11-27T14:30:00Z", offset: 0, decision: "explicit"),
        .init(text: "2025-11-27T14:30:00.123456+0530", format: .iso8601, zone: nil, utc: "2025-11-27T09:00:00.123456Z", offset: 19_800, decision: "explicit"),
        .init(text: "2025-12-31T23:59:59-05:00", format: .iso8601, zone: nil, utc: "2026-01-01T04:59:59Z", offset: -18_000, decision: "explicit"),
        .init(text: "2025-11-27 14:30:00", format: .sqlDateTime, zone: "Asia/Jakarta", utc: "2025-11-27T07:30:00Z", offset: 25_200, decision: "configured"),
        .init(text: "2025-11-27", format: .date, zone: "Asia/Jakarta", utc: "2025-11-26T17:00:00Z", offset: 25_200, decision: "configured"),
        .init(text: "2024-02-29", format: .date, zone: nil, utc: "2024-02-29T00:00:00Z", offset: 0, decision: "assumed"),
        .init(text: "2025-11-27 14:30:00", format: .dateTime, zone: "Asia/Jakarta", utc: "2025-11-27T07:30:00Z", offset: 25_200, decision: "configured"),
        .init(text: "2025-11-27T14:30:00+03:00", format: .dateTime, zone: nil, utc: "2025-11-27T11:30:00Z", offset: 10_800, decision: "explicit"),
        .init(text: "2025-07-01T12:00:00", format: .iso8601, zone: "America/New_York", utc: "2025-07-01T16:00:00Z", offset: -14_400, decision: "configured"),
        .init(text: "2025-01-01T12:00:00", format: .iso8601, zone: "America/New_York", utc: "2025-01-01T17:00:00Z", offset: -18_000, decision: "configured"),
        .init(text: "1960-06-01 08:00:00", format: .sqlDateTime, zone: "Asia/Jakarta", utc: "1960-06-01T00:30:00Z", offset: 27_000, decision: "configured"),
        // Batavia mean time (+07:07:12) until the end of 1923: an offset with seconds.
        .init(text: "1900-01-01 00:00:00", format: .sqlDateTime, zone: "Asia/Jakarta", utc: "1899-12-31T16:52:48Z", offset: 25_632, decision: "configured"),
    ]

    @Test(arguments: cases)
    func parsesInZone(_ testCase: Case) throws {
        let configured = try testCase.zone.map { try #require(ZoneRule(identifier: $0)) }
        let parsed = try DateTimeParser.parse(testCase.text, format: testCase.format, zones: ZoneResolution(configured: configured))
        #expect(parsed.instant.description == testCase.utc)
        #expect(parsed.utcOffsetSeconds == testCase.offset)
        #expect(parsed.zoneDecision.name == testCase.decision)
        if testCase.decision != "explicit" {
            #expect(parsed.zoneDecision.zoneIdentifier == (testCase.zone ?? "UTC"))
        }
    }

    static let rejected: [(String, DateTimeFormat)] = [
        ("27/12/2025", .date),
        ("2025-12-27 10:00:00", .date),
        ("2025-13-01", .date),
        ("2025-02-29", .date),
        ("2025-04-31", .date),
        ("2025-1-5", .date),
        ("2025-11-27T14:30:00", .sqlDateTime),
        ("2025-11-27 14:30", .sqlDateTime),
        ("2025-11-27 24:00:00", .sqlDateTime),
        ("2025-11-27 14:60:00", .sqlDateTime),
        ("2025-11-27 14:30:00", .iso8601),
        ("2025-11-27T14:30:00+7", .iso8601),
        ("2025-11-27T14:30:00+24:00", .iso8601),
        ("2025-11-27T14:30:00.", .iso8601),
        ("2025-11-27T14:30:00.1234567890", .iso8601),
        ("2025-11-27T14:30:00Z ", .iso8601),
        ("2025-11-27T14:30:61", .iso8601),
        ("", .dateTime),
        ("٢٠٢٥-11-27", .date),
    ]

    @Test(arguments: rejected)
    func rejectsWithTheGuidesWording(_ text: String, _ format: DateTimeFormat) {
        do {
            _ = try DateTimeParser.parse(text, format: format, zones: ZoneResolution())
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.hasPrefix("Date format error: expected \(format.pattern), found"))
        }
    }

    @Test func dateFormatErrorMessage() {
        #expect(DateParseError(format: .date, text: "27/12/2025").description == #"Date format error: expected YYYY-MM-DD, found "27/12/2025""#)
    }

    @Test func zonedTimestampRendersLocalTimeWithOffset() throws {
        let jakarta = try #require(ZoneRule(identifier: "Asia/Jakarta"))
        let parsed = try DateTimeParser.parse("2025-11-27T14:30:00", format: .iso8601, zones: ZoneResolution(configured: jakarta))
        #expect(parsed.description == "2025-11-27T14:30:00+07:00")
        #expect(parsed.local == CivilDateTime(year: 2025, month: 11, day: 27, hour: 14, minute: 30))
        #expect(try Timestamp(parsed.instant.date) == parsed.instant)
    }

    /// Historical offsets with seconds keep them (`+07:07:12`), instead of naming another instant.
    static let offsetsWithSeconds: [(text: String, zone: String, rendered: String)] = [
        ("1900-01-01 00:00:00", "Asia/Jakarta", "1900-01-01T00:00:00+07:07:12"),
        ("1923-12-31 12:00:00", "Asia/Jakarta", "1923-12-31T12:00:00+07:07:12"),
        ("1924-06-01 12:00:00", "Asia/Jakarta", "1924-06-01T12:00:00+07:20"),
        ("1960-01-01 00:00:00", "Africa/Monrovia", "1960-01-01T00:00:00-00:44:30"),
    ]

    @Test(arguments: offsetsWithSeconds)
    func zonedTimestampKeepsOffsetSeconds(_ text: String, _ zone: String, _ rendered: String) throws {
        let rule = try #require(ZoneRule(identifier: zone))
        let parsed = try DateTimeParser.parse(text, format: .sqlDateTime, zones: ZoneResolution(configured: rule))
        #expect(parsed.description == rendered)
        // The rendered local time minus the rendered offset is the instant.
        let back = try DateTimeParser.parse(String(rendered.prefix(19)), format: .iso8601, zones: ZoneResolution(configured: .utc))
        #expect(back.instant.secondsSince1970 - Int64(parsed.utcOffsetSeconds) == parsed.instant.secondsSince1970)
    }

    @Test func civilCalendarRoundTrips() throws {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (y, m, d) = CivilDateTime.civil(fromDays: days)
            #expect(CivilDateTime.days(fromCivil: y, m, d) == days)
        }
        #expect(try Timestamp(secondsSince1970: -1, nanoseconds: 500_000_000).description == "1969-12-31T23:59:59.5Z")
    }

    @Test func unknownZoneIdentifierIsNil() {
        #expect(ZoneRule(identifier: "Asia/Atlantis") == nil)
        #expect(ZoneRule.jakarta.identifier == "Asia/Jakarta")
    }
}
