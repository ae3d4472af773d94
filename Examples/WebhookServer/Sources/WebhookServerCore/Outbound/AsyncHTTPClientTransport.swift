import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import PWBIIntegration

/// The kit's ``HTTPTransport`` over async-http-client: pooled connections, TLS, a deadline per
/// request, redirects refused and a bound on the response body, with failures classified as the
/// kit's retry policies expect (``HTTPTransportError``).
///
/// An HTTP error status is a response, not an error: the polling and sending pipelines decide what
/// a 401, a 429 or a 503 means.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// Limits applied to every request.
    public struct Limits: Sendable {
        /// The whole exchange (connect, send, headers, body) must finish within this.
        public var requestTimeout: Duration
        /// A response body over this many bytes is refused.
        public var maxResponseBytes: Int

        /// Limits; the defaults suit provider APIs (pages of at most a few MiB).
        public init(requestTimeout: Duration = .seconds(30), maxResponseBytes: Int = 16 << 20) {
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
        }
    }

    let client: HTTPClient
    let limits: Limits

    /// A transport sending through `client` (see ``makeClient(connectTimeout:)``; the caller shuts it down).
    public init(client: HTTPClient, limits: Limits = Limits()) {
        self.client = client
        self.limits = limits
    }

    /// A client configured as the kit expects: redirects off (a provider's redirect is reported, not
    /// followed with credentials attached), no automatic decompression, a connect timeout.
    public static func makeClient(connectTimeout: Duration = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectTimeout.nanoseconds)),
            decompression: .disabled
        )
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(limits.requestTimeout.nanoseconds))
            let body = try await response.body.collect(upTo: limits.maxResponseBytes)
            return TransportResponse(
                status: Int(response.status.code),
                headers: response.headers.map { HTTPHeaderField($0.name, $0.value) },
                body: Array(buffer: body)
            )
        } catch {
            throw Self.classify(error, limits: limits)
        }
    }

    /// The kit's name for what went wrong; the reason never includes request headers (credentials).
    static func classify(_ error: any Error, limits: Limits) -> HTTPTransportError {
        if error is CancellationError { return .cancelled }
        if error is NIOTooManyBytesError {
            return .connectionFailed(reason: "response body over \(limits.maxResponseBytes) bytes")
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return .timeout
            case .cancelled: return .cancelled
            default: return .connectionFailed(reason: "\(client)")
            }
        }
        return .connectionFailed(reason: "\(error)")
    }
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
