/// A failure below HTTP: the request may never have reached the server, or its answer was lost.
///
/// Hosts map their HTTP client's errors to this type (or throw it from their transport),
/// so the module can classify them without depending on any networking library.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// No answer within the transport's timeout.
        case timeout
        /// The peer reset the connection.
        case connectionReset
        /// The peer refused the connection.
        case connectionRefused
        /// The connection closed before a complete response arrived.
        case connectionClosed
        /// No route to the host / network down.
        case hostUnreachable
        /// The host name did not resolve.
        case nameResolution
        /// The TLS handshake failed (certificate, protocol): not transient.
        case tls
    }

    /// What went wrong.
    public let kind: Kind
    /// Optional context from the transport (never a secret).
    public let detail: String

    /// A transport failure of `kind`.
    public init(_ kind: Kind, detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    /// Whether trying again can help: every kind but ``Kind/tls``.
    public var isTransient: Bool { kind != .tls }

    public var description: String { detail.isEmpty ? "transport error: \(kind.rawValue)" : "transport error: \(kind.rawValue) (\(detail))" }
}

/// One attempt ran longer than the policy's per-attempt timeout and was cancelled.
public struct AttemptTimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The attempt (1-based) that timed out.
    public let attempt: Int
    /// The timeout it exceeded.
    public let timeout: Duration

    /// Attempt `attempt` ran longer than `timeout`.
    public init(attempt: Int, timeout: Duration) {
        self.attempt = attempt
        self.timeout = timeout
    }

    public var description: String { "attempt \(attempt) timed out after \(timeout)" }
}
