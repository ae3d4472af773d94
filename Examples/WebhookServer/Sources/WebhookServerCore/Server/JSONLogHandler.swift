#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIMapping

/// One JSON object per log line on standard error: `time`, `level`, `label`, `message` and the
/// metadata as string members (the request id as `request_id`, Hummingbird's `hb.request.id`).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let write: @Sendable (String) -> Void

    /// A handler writing with `write` (standard error by default).
    public init(label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void = { writeError($0) }) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(Self.line(label: label, level: event.level, message: "\(event.message)", metadata: metadata.merging(event.metadata ?? [:]) { $1 }, at: Date()))
    }

    /// The JSON line (with its newline).
    public static func line(label: String, level: Logger.Level, message: String, metadata: Logger.Metadata, at date: Date) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.member("time", iso8601(date))
        json.member("level", level.rawValue)
        json.member("label", label)
        json.member("message", message)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            json.member(key == "hb.request.id" ? "request_id" : key, "\(value)")
        }
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }

    /// `date` as `date.formatted(.iso8601)` writes it (`2026-12-07T13:49:00Z`: UTC, whole seconds,
    /// truncated), computed from the seconds since 1970 — Foundation's formatter costs more than the
    /// rest of an access-log line. Times outside 1900…9999 are left to Foundation.
    static func iso8601(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, interval >= -2_208_988_800, interval < 253_402_300_800 else { return date.formatted(.iso8601) }
        let seconds = Int64(interval.rounded(.down))
        let days = seconds.floorDivided(by: 86_400)
        let second = seconds - days * 86_400
        // Days since 1970 to the civil date (H. Hinnant's algorithm: eras of 400 years from 0000-03-01).
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4); bytes.append(UInt8(ascii: "-")); digits(month, 2); bytes.append(UInt8(ascii: "-")); digits(day, 2)
        bytes.append(UInt8(ascii: "T")); digits(second / 3600, 2); bytes.append(UInt8(ascii: ":")); digits(second / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":")); digits(second % 60, 2); bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Int64 {
    /// The quotient rounded towards minus infinity.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
