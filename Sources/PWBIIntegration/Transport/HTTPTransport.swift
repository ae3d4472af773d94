/// One HTTP request the library asks the host to send: method, absolute URL, headers and body bytes.
///
/// The library builds requests (a polling page, a token exchange, a webhook delivery) and never
/// sends them itself; the host's ``HTTPTransport`` does, with whatever client it already uses.
public struct TransportRequest: Sendable, Hashable {
    /// The method, upper case (`GET`, `POST`, …).
    public var method: String
    /// The absolute URL, query string included, already percent-encoded.
    public var url: String
    /// Header fields in order; names compare case-insensitively (see ``header(_:)``).
    public var headers: [HTTPHeaderField]
    /// The body bytes (empty for `GET`).
    public var body: [UInt8]

    /// A request.
    public init(method: String, url: String, headers: [HTTPHeaderField] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.value(of: name)
    }

    /// The path and query part of ``url`` (everything from the first `/` after the authority).
    public var pathAndQuery: String {
        var rest = Substring(url)
        if let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") {
            rest = url[url.index(colon, offsetBy: 3)...]
        } else {
            return url
        }
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        return rest[slash] == "?" ? "/" + rest[slash...] : String(rest[slash...])
    }

    /// The path part of ``url`` without the query string.
    public var path: String {
        let full = pathAndQuery
        guard let question = full.firstIndex(of: "?") else { return full }
        return String(full[..<question])
    }

    /// The query parameters of ``url``, percent-decoded, in order.
    public var queryItems: [(name: String, value: String)] {
        guard let question = url.firstIndex(of: "?") else { return [] }
        let query = url[url.index(after: question)...]
        return FormEncoding.decode(String(query))
    }
}

/// One header field: a name and its value.
public struct HTTPHeaderField: Sendable, Hashable {
    /// The header's name, as written.
    public var name: String
    /// The header's value.
    public var value: String

    /// A header `name: value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeaderField {
    /// The first value of the header `name`, compared case-insensitively (ASCII).
    public func value(of name: String) -> String? {
        first { HTTPHeaderField.namesMatch($0.name, name) }?.value
    }
}

/// The response the host's transport got back: status, headers and body bytes.
public struct TransportResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// Header fields in order; look them up with ``header(_:)``.
    public var headers: [HTTPHeaderField]
    /// The body bytes as received.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [HTTPHeaderField] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a UTF-8 text body.
    public init(status: Int, headers: [HTTPHeaderField] = [], text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// The first value of the header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.value(of: name)
    }

    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// A failure to get any response at all. HTTP error statuses are not transport errors:
/// they arrive as an ``TransportResponse``.
public enum HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No response within the transport's timeout.
    case timeout
    /// The connection could not be made or was lost (DNS, refused, reset, TLS).
    case connectionFailed(reason: String)
    /// The request was cancelled before a response arrived.
    case cancelled

    public var description: String {
        switch self {
        case .timeout: "Connection timeout"
        case .connectionFailed(let reason): "Connection failed: \(reason)"
        case .cancelled: "Request cancelled"
        }
    }
}

/// What the host supplies to send HTTP: one request in, one response out.
///
/// Implementations throw ``HTTPTransportError`` (or any error; unknown errors are treated as
/// connection failures by the pipelines) when no response was received. A response with an
/// error status is returned, not thrown.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

extension HTTPHeaderField {
    /// Header names compare ASCII case-insensitively.
    static func namesMatch(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) {
            let lp = (p >= 65 && p <= 90) ? p | 0x20 : p
            let lq = (q >= 65 && q <= 90) ? q | 0x20 : q
            if lp != lq { return false }
        }
        return true
    }
}
