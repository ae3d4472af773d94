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
        json.member("time", date.formatted(.iso8601))
        json.member("level", level.rawValue)
        json.member("label", label)
        json.member("message", message)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            json.member(key == "hb.request.id" ? "request_id" : key, "\(value)")
        }
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }
}
