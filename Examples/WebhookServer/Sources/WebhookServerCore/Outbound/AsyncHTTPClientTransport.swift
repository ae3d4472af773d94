import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import PWBIIntegration

/// The kit's ``HTTPTransport`` over async-http-client: pooled connections, TLS, a deadline for the
/// whole exchange, redirects refused and a bound on the response body, with failures classified as
/// the kit's retry policies expect (``HTTPTransportError``).
///
/// An HTTP error status is a response, not an error: the polling and sending pipelines decide what
/// a 401, a 429 or a 503 means. A transport is a cheap value over a shared client: make one per
/// set of ``Limits`` when a caller needs other limits, and shut the client down once.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// Limits applied to every request.
    public struct Limits: Sendable, Hashable {
        /// The whole exchange (queueing for a connection, connect, send, headers and the whole body)
        /// must finish within this; the client's connect timeout bounds the connect alone.
        public var requestTimeout: Duration
        /// A response body over this many bytes is refused (by its `Content-Length` before it is read).
        public var maxResponseBytes: Int

        /// Limits; the defaults suit provider APIs (pages of at most a few MiB).
        public init(requestTimeout: Duration = .seconds(30), maxResponseBytes: Int = 16 << 20) {
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = max(0, maxResponseBytes)
        }
    }

    /// The `User-Agent` sent when a request has none of its own.
    public static let defaultUserAgent = "pwbi-webhook-server/1 (PWBI Integration Kit)"

    let client: HTTPClient
    let limits: Limits
    let userAgent: String?

    /// A transport sending through `client` (see ``makeClient(connectTimeout:tls:)``; the caller
    /// shuts it down), adding `userAgent` (nil: none) to requests without one.
    public init(client: HTTPClient, limits: Limits = Limits(), userAgent: String? = Self.defaultUserAgent) {
        self.client = client
        self.limits = limits
        self.userAgent = userAgent
    }

    /// A client configured as the kit expects: redirects off (a provider's redirect is returned as
    /// the response, never followed with credentials attached), no automatic decompression (the
    /// body arrives as sent), a connect timeout, pooled keep-alive connections, and `tls` (nil:
    /// the system's trust roots, TLS 1.2 at least).
    public static func makeClient(connectTimeout: Duration = .seconds(10), tls: TLSConfiguration? = nil) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls ?? defaultTLS(),
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectTimeout.nanoseconds)),
            decompression: .disabled
        )
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The system's trust roots plus the PEM certificates of `additionalCAFile` (a provider's
    /// private CA), TLS 1.2 at least, certificates and host names verified.
    public static func defaultTLS(additionalCAFile: String? = nil) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        if let additionalCAFile { tls.additionalTrustRoots = [.file(additionalCAFile)] }
        return tls
    }

    /// Sends `request`, returning any response (an error status included) read whole within the
    /// limits; throws ``HTTPTransportError`` when no response was received.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let deadline = ContinuousClock.now.advanced(by: limits.requestTimeout)
        do {
            let outgoing = try prepare(request)
            try Task.checkCancellation()
            return try await Self.within(deadline) { [client, limits] in
                let response = try await client.execute(outgoing, timeout: .nanoseconds(limits.requestTimeout.nanoseconds))
                let body = try await response.body.collect(upTo: limits.maxResponseBytes)
                return TransportResponse(
                    status: Int(response.status.code),
                    headers: response.headers.map { HTTPHeaderField($0.name, $0.value) },
                    body: Array(buffer: body)
                )
            }
        } catch {
            throw Self.classify(error, limits: limits)
        }
    }

    /// The request as async-http-client sends it; a header value with a control character is
    /// refused here, naming the header but never its value (a credential).
    func prepare(_ request: TransportRequest) throws -> HTTPClientRequest {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers {
            if let invalid = field.value.utf8.first(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
                throw RefusedRequest(reason: "the value of request header \(Self.bounded(field.name)) contains the control character 0x\(String(invalid, radix: 16, uppercase: true)); nothing was sent")
            }
            outgoing.headers.add(name: field.name, value: field.value)
        }
        if let userAgent, request.header("User-Agent") == nil { outgoing.headers.add(name: "User-Agent", value: userAgent) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        return outgoing
    }

    /// Runs `operation`, throwing ``DeadlineExceeded`` at `deadline`: async-http-client's own
    /// deadline ends with the response head, and a body trickling in must not hold a poller forever.
    static func within<T: Sendable>(
        _ deadline: ContinuousClock.Instant, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw DeadlineExceeded() }
            return value
        }
    }

    /// The kit's name for what went wrong. The reason names the host, the port, the limit or the
    /// header's name, never a request header's value nor the URL's path or query (credentials).
    static func classify(_ error: any Error, limits: Limits) -> HTTPTransportError {
        switch error {
        case let error as HTTPTransportError:
            return error
        case is CancellationError:
            return .cancelled
        case is DeadlineExceeded:
            return .timeout
        case let refused as RefusedRequest:
            return .connectionFailed(reason: refused.reason)
        case is NIOTooManyBytesError:
            return .connectionFailed(reason: "the response body is over the limit of \(limits.maxResponseBytes) bytes (maxResponseBytes)")
        case let client as HTTPClientError:
            return classify(client)
        case let connection as NIOConnectionError:
            let cause = connection.connectionErrors.first.map { "\($0.error)" }
                ?? connection.dnsAError.map { "\($0)" } ?? connection.dnsAAAAError.map { "\($0)" } ?? "no address"
            return .connectionFailed(reason: "cannot connect to \(bounded(connection.host)):\(connection.port): \(cause)")
        case let io as IOError:
            return .connectionFailed(reason: "\(io)")
        case let tls as NIOSSLError:
            return .connectionFailed(reason: "TLS: \(tls)")
        case let tls as BoringSSLError:
            return .connectionFailed(reason: "TLS: \(tls)")
        case let tls as NIOSSLExtraError:
            return .connectionFailed(reason: "TLS: \(tls)")
        default:
            return .connectionFailed(reason: String(describing: type(of: error)))
        }
    }

    static func classify(_ error: HTTPClientError) -> HTTPTransportError {
        switch error {
        case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
            return .timeout
        case .cancelled:
            return .cancelled
        case .remoteConnectionClosed:
            return .connectionFailed(reason: "the server closed the connection before the response was complete")
        case .invalidURL, .emptyHost, .emptyScheme:
            return .connectionFailed(reason: "the URL is not an absolute http or https URL; nothing was sent")
        default:
            // Names only: a header value async-http-client refuses would be in its description.
            let text = "\(error)"
            return .connectionFailed(reason: text.contains("invalidHeaderFieldValues") ? "a request header value was refused; nothing was sent" : bounded(text))
        }
    }

    /// `text` cut to 200 characters (a host name or header name from outside).
    static func bounded(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

/// The whole-exchange deadline passed (see ``AsyncHTTPClientTransport/Limits/requestTimeout``).
struct DeadlineExceeded: Error {}

/// A request the transport refuses before sending, with a reason free of header values.
struct RefusedRequest: Error {
    let reason: String
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).overflow ? .max : scaled + attoseconds / 1_000_000_000
    }
}
