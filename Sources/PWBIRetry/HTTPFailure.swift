/// An error that carries an HTTP response's status code and `Retry-After` header, so the
/// HTTP classifier can decide. Conform your own response error to it, or throw ``HTTPStatusError``.
public protocol HTTPFailure: Error {
    /// The response's status code.
    var statusCode: Int { get }
    /// The raw `Retry-After` header value, if the response had one.
    var retryAfterHeader: String? { get }
}

/// A response whose status code is a failure (4xx, 5xx), thrown from an operation.
public struct HTTPStatusError: HTTPFailure, Sendable, Hashable, CustomStringConvertible {
    public let statusCode: Int
    public let retryAfterHeader: String?

    /// A failure with `statusCode` and the raw `Retry-After` header, if any.
    public init(statusCode: Int, retryAfterHeader: String? = nil) {
        self.statusCode = statusCode
        self.retryAfterHeader = retryAfterHeader
    }

    public var description: String { "HTTP status \(statusCode)" }
}
