import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL
import PWBIIntegration

/// The kit's ``HTTPTransport`` over async-http-client: pooled keep-alive connections, TLS
/// verified against the system's roots (plus an optional private CA), a deadline for the whole
/// exchange, redirects returned rather than followed, and a bound on the response body.
///
/// An HTTP error status is a response, not an error: the polling and sending pipelines decide what
/// a 401, a 429 (its `Retry-After` passed through) or a 503 means. When no response arrives the
/// failure is thrown in the kit's terms (see ``classify(_:limits:cancelled:authority:)``), so a retry policy retries
/// a timeout or a refused connection and stops on a TLS failure or an oversized body.
/// A transport is a cheap value over a shared client: make one per set of ``Limits`` when a
/// caller needs other limits, and shut the client down once.
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
    ///
    /// A failed connect fails the request at once instead of being retried inside the pool until
    /// the connect timeout: the kit's retry policies own retrying, with their backoff and budget.
    public static func makeClient(connectTimeout: Duration = .seconds(10), tls: TLSConfiguration? = nil) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls ?? defaultTLS(),
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectTimeout.nanoseconds)),
            decompression: .disabled
        )
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 8)
        configuration.connectionPool.retryConnectionEstablishment = false
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
    /// limits; when none was received throws what ``classify(_:limits:cancelled:authority:)`` says.
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
            throw Self.classify(error, limits: limits, cancelled: Task.isCancelled, authority: Self.authority(of: request.url))
        }
    }

    /// The request as async-http-client sends it; a header value with a control character is
    /// refused here, naming the header but never its value (a credential).
    func prepare(_ request: TransportRequest) throws(OutboundRequestError) -> HTTPClientRequest {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers {
            if let invalid = field.value.utf8.first(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
                throw .invalidRequest(
                    "the value of request header \(Self.bounded(field.name)) contains the control character 0x\(String(invalid, radix: 16, uppercase: true))")
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

    /// `text` cut to 200 characters (a host name or header name from outside).
    static func bounded(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

/// The whole-exchange deadline passed (see ``AsyncHTTPClientTransport/Limits/requestTimeout``).
struct DeadlineExceeded: Error {}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).overflow ? .max : scaled + attoseconds / 1_000_000_000
    }
}
