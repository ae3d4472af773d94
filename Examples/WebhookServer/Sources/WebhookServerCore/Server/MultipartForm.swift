/// A `multipart/form-data` body (RFC 7578) split into its parts, over the raw bytes: file
/// contents are never decoded or re-encoded.
public struct MultipartForm: Sendable {
    /// One part: its form field name, file name if any, and raw content.
    public struct Part: Sendable, Hashable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var body: [UInt8]
    }

    public var parts: [Part]

    /// The first part named `name`.
    public func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The text of the first part named `name`.
    public func text(_ name: String) -> String? { part(named: name).map { String(decoding: $0.body, as: UTF8.self) } }

    /// Parses `body` sent with `contentType` (`multipart/form-data; boundary=…`).
    public init(contentType: String?, body: [UInt8]) throws(MultipartError) {
        guard let contentType, let boundary = Self.boundary(in: contentType) else {
            throw MultipartError("expected Content-Type multipart/form-data with a boundary")
        }
        let delimiter = Array("--".utf8) + Array(boundary.utf8)
        guard var position = Self.find(delimiter, in: body, from: 0) else { throw MultipartError("no part boundary found") }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            // `--` after a delimiter closes the body.
            if body.count >= position + 2, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") { break }
            guard let headerStart = Self.skipLine(body, from: position) else { throw MultipartError("truncated part at byte \(position)") }
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: headerStart) else {
                throw MultipartError("part headers not terminated at byte \(headerStart)")
            }
            let headers = String(decoding: body[headerStart..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find(Array("\r\n".utf8) + delimiter, in: body, from: contentStart) else {
                throw MultipartError("part starting at byte \(contentStart) has no closing boundary")
            }
            var name: String?
            var filename: String?
            var partType: String?
            for line in headers.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let field = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingPrefix(" ")
                if field == "content-disposition" {
                    name = Self.parameter("name", in: String(value))
                    filename = Self.parameter("filename", in: String(value))
                } else if field == "content-type" {
                    partType = String(value)
                }
            }
            guard let name else { throw MultipartError("a part without a form field name at byte \(headerStart)") }
            parts.append(Part(name: name, filename: filename, contentType: partType, body: Array(body[contentStart..<next])))
            position = next + 2
            if parts.count > 100 { throw MultipartError("more than 100 parts") }
        }
        self.parts = parts
    }

    static func boundary(in contentType: String) -> String? {
        let lower = contentType.lowercased()
        guard lower.hasPrefix("multipart/form-data") else { return nil }
        guard let value = parameter("boundary", in: contentType), !value.isEmpty, value.utf8.count <= 70 else { return nil }
        return value
    }

    /// The value of `name=value` or `name="value"` among `;`-separated parameters.
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingPrefix(" ")
            guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals].lowercased() == name else { continue }
            var value = trimmed[trimmed.index(after: equals)...]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The index after the CRLF ending the line at `start`.
    static func skipLine(_ body: [UInt8], from start: Int) -> Int? {
        find(Array("\r\n".utf8), in: body, from: start).map { $0 + 2 }
    }
}

/// A malformed multipart body; the message says what and at which byte.
public struct MultipartError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
