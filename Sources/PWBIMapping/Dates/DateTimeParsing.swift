/// The date and date-time layouts sources use. Parsing is strict: exactly these shapes, valid
/// calendar values, nothing else (`27/12/2025` is rejected as a "Date format error").
public enum DateTimeFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 3339 / ISO 8601 extended: `YYYY-MM-DDTHH:MM:SS`, optional `.fraction` (1–9 digits),
    /// optional zone `Z`, `±HH:MM` or `±HHMM`. Without a zone the configured zone applies.
    case iso8601
    /// `YYYY-MM-DD HH:MM:SS` (SQL style: Moka `created_at`, Pawoon export `Date`, Midtrans `transaction_time`), no zone.
    case sqlDateTime
    /// `YYYY-MM-DD` (the generic CSV template's `Date`), midnight in the configured zone.
    case date
    /// Either ``iso8601`` or ``sqlDateTime`` (`T` or a space between date and time; fraction and zone optional).
    case dateTime

    /// The layout as people read it, used in error messages.
    public var pattern: String {
        switch self {
        case .iso8601: "YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]"
        case .sqlDateTime: "YYYY-MM-DD HH:MM:SS"
        case .date: "YYYY-MM-DD"
        case .dateTime: "YYYY-MM-DD[T| ]HH:MM:SS[.fff][Z|±HH:MM]"
        }
    }

    /// `a date YYYY-MM-DD`, `a date-time YYYY-MM-DD HH:MM:SS`.
    public var phrase: String { self == .date ? "a date \(pattern)" : "a date-time \(pattern)" }
}

/// A date that does not match its layout or is not a real calendar date.
public struct DateParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The layout expected.
    public let format: DateTimeFormat
    /// The text received (shortened to 40 characters in ``description``).
    public let text: String

    /// `text` is not a `format` date.
    public init(format: DateTimeFormat, text: String) {
        self.format = format
        self.text = text
    }

    /// `Date format error: expected YYYY-MM-DD, found "27/12/2025"` — the troubleshooting guide's wording.
    public var description: String { "Date format error: expected \(format.pattern), found \(MappingError.quoted(text))" }
}

/// Strict date parsing in a zone.
public enum DateTimeParser {
    /// Parses `text` in `format`; a text without an offset is read in `zones`' configured zone
    /// (else its assumed one), and the decision is recorded.
    ///
    /// ```swift
    /// let jakarta = ZoneRule(identifier: "Asia/Jakarta")!
    /// let t = try DateTimeParser.parse("2025-11-27T14:30:00", format: .iso8601, zones: ZoneResolution(configured: jakarta))
    /// t.instant      // 2025-11-27T07:30:00Z
    /// t.zoneDecision // .configured(identifier: "Asia/Jakarta")
    /// ```
    public static func parse(_ text: String, format: DateTimeFormat, zones: ZoneResolution) throws(DateParseError) -> ZonedTimestamp {
        var copy = text
        guard let stamp = copy.withUTF8({ parse(utf8: $0, format: format, zones: zones) }) else {
            throw DateParseError(format: format, text: text)
        }
        return stamp
    }

    /// Parses UTF-8 bytes in `format` (as ``parse(_:format:zones:)``); nil if they do not match it
    /// or name no real date. For callers that read fields in place (JSON strings, CSV fields).
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, format: DateTimeFormat, zones: ZoneResolution) -> ZonedTimestamp? {
        parse(utf8: bytes, format: format, configured: zones.configured, assumed: zones.assumed)
    }

    /// As ``parse(utf8:format:zones:)``, with the configured zone (if any) and the assumed one given apart.
    @inline(__always)
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, format: DateTimeFormat, configured: ZoneRule?, assumed: ZoneRule) -> ZonedTimestamp? {
        guard let (civil, offset) = parseFields(bytes, format: format), civil.isValid else { return nil }
        let local = civil.secondsSinceEpoch
        // A valid parsed time has 4-digit years and 0..<1e9 nanoseconds: the instant always fits.
        let nanoseconds = Int32(truncatingIfNeeded: civil.nanosecond)
        func instant(_ offset: Int) -> Timestamp? {
            try? Timestamp(secondsSince1970: local - Int64(offset), nanoseconds: nanoseconds)
        }
        if let offset {
            guard let instant = instant(offset) else { return nil }
            return ZonedTimestamp(instant: instant, utcOffsetSeconds: offset, zoneDecision: .explicit)
        }
        if let configured {
            let zoneOffset = configured.offset(forLocal: local)
            guard let instant = instant(zoneOffset) else { return nil }
            return ZonedTimestamp(
                instant: instant, utcOffsetSeconds: zoneOffset, zoneDecision: .configured(identifier: configured.identifier))
        }
        let zoneOffset = assumed.offset(forLocal: local)
        guard let instant = instant(zoneOffset) else { return nil }
        return ZonedTimestamp(instant: instant, utcOffsetSeconds: zoneOffset, zoneDecision: .assumed(identifier: assumed.identifier))
    }

    /// The calendar fields and the explicit offset (nil if none) of `bytes`, or nil if the shape is wrong.
    static func parseFields(_ b: UnsafeBufferPointer<UInt8>, format: DateTimeFormat) -> (CivilDateTime, Int?)? {
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for k in 0..<count {
                let d = b[at + k] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        func byte(_ at: Int) -> UInt8? { at < b.count ? b[at] : nil }

        guard let year = digits(0, 4), byte(4) == UInt8(ascii: "-"), let month = digits(5, 2),
            byte(7) == UInt8(ascii: "-"), let day = digits(8, 2)
        else { return nil }
        if format == .date {
            guard b.count == 10 else { return nil }
            return (CivilDateTime(year: year, month: month, day: day), nil)
        }
        guard let separator = byte(10) else { return nil }
        switch format {
        case .iso8601: guard separator == UInt8(ascii: "T") else { return nil }
        case .sqlDateTime: guard separator == UInt8(ascii: " ") else { return nil }
        default: guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") else { return nil }
        }
        guard let hour = digits(11, 2), byte(13) == UInt8(ascii: ":"), let minute = digits(14, 2),
            byte(16) == UInt8(ascii: ":"), let second = digits(17, 2)
        else { return nil }
        var i = 19
        var civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if format == .sqlDateTime {
            guard b.count == 19 else { return nil }
            return (civil, nil)
        }
        if byte(i) == UInt8(ascii: ".") {
            i += 1
            var nanos = 0, count = 0
            while let c = byte(i), c &- UInt8(ascii: "0") < 10 {
                guard count < 9 else { return nil }
                nanos = nanos * 10 + Int(c &- UInt8(ascii: "0"))
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<9 { nanos *= 10 }
            civil.nanosecond = nanos
        }
        guard let zoneByte = byte(i) else { return (civil, nil) }
        if zoneByte == UInt8(ascii: "Z") {
            guard i + 1 == b.count else { return nil }
            return (civil, 0)
        }
        guard zoneByte == UInt8(ascii: "+") || zoneByte == UInt8(ascii: "-"), let hours = digits(i + 1, 2) else { return nil }
        let minutes: Int
        if byte(i + 3) == UInt8(ascii: ":") {
            guard let m = digits(i + 4, 2), i + 6 == b.count else { return nil }
            minutes = m
        } else {
            guard let m = digits(i + 3, 2), i + 5 == b.count else { return nil }
            minutes = m
        }
        guard hours <= 23, minutes <= 59 else { return nil }
        let offset = (hours * 3600 + minutes * 60) * (zoneByte == UInt8(ascii: "-") ? -1 : 1)
        return (civil, offset)
    }
}

extension JSONValue {
    /// The string as a date or date-time in `format`, zone-less times read per `zones`.
    /// Throws ``MappingError/Kind/invalidValue`` naming the layout: `OrderDate: expected a date-time
    /// YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM], found "27/11/2025"`.
    public func dateTime(_ format: DateTimeFormat, zones: ZoneResolution) throws(MappingError) -> ZonedTimestamp {
        let value = try present(JSONNode.string, format.phrase)
        if value.flags == 0 {
            // No escapes: parse the bytes in place, no String.
            let bytes = UnsafeBufferPointer(rebasing: document.buffer[Int(value.start)..<Int(value.end)])
            if let stamp = DateTimeParser.parse(utf8: bytes, format: format, zones: zones) { return stamp }
            throw MappingError.invalid(path, expected: format.phrase, value: document.decodeString(value))
        }
        let text = document.decodeString(value)
        do {
            return try DateTimeParser.parse(text, format: format, zones: zones)
        } catch {
            throw MappingError.invalid(path, expected: format.phrase, value: text)
        }
    }
}
