import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix
import PWBIIntegration
import PWBIRetry
import Synchronization
import Testing
import WebhookServerCore

/// The AHC transport against an in-process Hummingbird server on port 0: what arrives, what comes
/// back, and how each failure reaches the kit's retry policies.
@Suite struct AsyncHTTPClientTransportTests {
    /// A request context that knows the client's port, to see a pooled connection reused.
    struct PeerContext: RequestContext {
        var coreContext: CoreRequestContextStorage
        let peerPort: Int?
        init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            peerPort = source.channel.remoteAddress?.port
        }
    }

    /// The test server: routes for each behaviour, `gate` holding the slow ones, `hits` counting
    /// requests to the routes nothing should reach.
    final class Upstream: Sendable {
        let gate = Gate()
        let hits = Counter()

        func application(_ onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
            let router = Router(context: PeerContext.self)
            let gate = self.gate, hits = self.hits
            router.post("/echo") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                var headers: HTTPFields = [.contentType: "application/octet-stream"]
                let seen = [
                    ("X-Seen-Authorization", request.headers[.authorization] ?? "-"),
                    ("X-Seen-User-Agent", request.headers[.userAgent] ?? "-"), ("X-Seen-Method", "\(request.method)"),
                ]
                for (name, value) in seen { if let name = HTTPField.Name(name) { headers[name] = value } }
                return Response(status: .created, headers: headers, body: .init(byteBuffer: body))
            }
            router.get("/counted") { _, _ -> Response in
                hits.add()
                return Response(status: .ok)
            }
            router.get("/redirect") { _, _ -> Response in
                Response(status: .found, headers: [.location: "/counted"])
            }
            router.get("/limited") { _, _ -> Response in
                Response(status: .tooManyRequests, headers: [.retryAfter: "7", .contentType: "application/json"],
                         body: .init(byteBuffer: ByteBuffer(string: #"{"error":"slow down"}"#)))
            }
            router.get("/bytes/:size") { _, context -> Response in
                let size = Int(context.parameters.get("size") ?? "") ?? 0
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: size)))
            }
            router.get("/stream/:size") { _, context -> Response in
                // Chunked, no Content-Length: the limit must hold while reading.
                let size = Int(context.parameters.get("size") ?? "") ?? 0
                return Response(status: .ok, body: ResponseBody { writer in
                    var left = size
                    while left > 0 {
                        try await writer.write(ByteBuffer(repeating: UInt8(ascii: "y"), count: min(256, left)))
                        left -= 256
                    }
                    try await writer.finish(nil)
                })
            }
            router.get("/slow") { _, _ -> Response in
                await gate.wait()
                return Response(status: .ok)
            }
            router.get("/trickle") { _, _ -> Response in
                // The head and a first chunk at once, the rest only when the test opens the gate.
                Response(status: .ok, body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "first"))
                    await gate.wait()
                    try await writer.write(ByteBuffer(string: "rest"))
                    try await writer.finish(nil)
                })
            }
            router.get("/peer") { _, context -> Response in
                Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "\(context.peerPort ?? -1)")))
            }
            return Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) }
            )
        }
    }

    static func get(_ port: Int, _ path: String) -> TransportRequest {
        TransportRequest(method: "GET", url: "http://127.0.0.1:\(port)\(path)")
    }

    @Test func headersAndBodyRoundTripExactly() async throws {
        let upstream = Upstream()
        try await withServer(upstream.application) { port in
            try await withTransport { transport in
                let body: [UInt8] = [0x00, 0xFF, 0x7B, 0x0D, 0x0A] + Array("Rp 137.500".utf8)
                let response = try await transport.send(TransportRequest(
                    method: "POST", url: "http://127.0.0.1:\(port)/echo",
                    headers: [HTTPHeaderField("Authorization", "Bearer token-123"), HTTPHeaderField("Content-Type", "application/octet-stream")],
                    body: body))
                #expect(response.status == 201)
                #expect(response.body == body)
                #expect(response.header("x-seen-authorization") == "Bearer token-123")
                #expect(response.header("X-Seen-User-Agent") == AsyncHTTPClientTransport.defaultUserAgent)
                #expect(response.header("X-Seen-Method") == "POST")
                let own = try await transport.send(TransportRequest(
                    method: "POST", url: "http://127.0.0.1:\(port)/echo", headers: [HTTPHeaderField("User-Agent", "merchant-app/2")]))
                #expect(own.header("X-Seen-User-Agent") == "merchant-app/2")
                #expect(own.body.isEmpty)
            }
        }
    }

    @Test func aRateLimitIsAResponseWithItsRetryAfter() async throws {
        let upstream = Upstream()
        try await withServer(upstream.application) { port in
            try await withTransport { transport in
                let response = try await transport.send(Self.get(port, "/limited"))
                #expect(response.status == 429)
                #expect(response.header("Retry-After") == "7")
                #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"slow down"}"#)
            }
        }
    }

    @Test func aRedirectIsReturnedNotFollowed() async throws {
        let upstream = Upstream()
        try await withServer(upstream.application) { port in
            try await withTransport { transport in
                let response = try await transport.send(Self.get(port, "/redirect"))
                #expect(response.status == 302)
                #expect(response.header("Location") == "/counted")
            }
        }
        #expect(upstream.hits.value == 0)
    }

    @Test(arguments: ["/bytes", "/stream"])
    func aBodyOverTheLimitIsRefusedAndOneAtTheLimitPasses(route: String) async throws {
        let upstream = Upstream()
        try await withServer(upstream.application) { port in
            try await withTransport(limits: .init(requestTimeout: .seconds(5), maxResponseBytes: 1024)) { transport in
                let exact = try await transport.send(Self.get(port, "\(route)/1024"))
                #expect(exact.body.count == 1024)
                let error = await #expect(throws: OutboundRequestError.self) {
                    try await transport.send(Self.get(port, "\(route)/4096"))
                }
                #expect(error == .responseTooLarge(limit: 1024))
                #expect(error.map { FailureClassifier.standard.classify($0, context: Self.context) } == .stop)
            }
        }
    }

    @Test(arguments: ["/slow", "/trickle"])
    func aSlowAnswerTimesOutAtTheRequestTimeout(route: String) async throws {
        let upstream = Upstream()
        try await withServer(upstream.application) { port in
            defer { upstream.gate.open() }
            try await withTransport(limits: .init(requestTimeout: .milliseconds(200))) { transport in
                let started = ContinuousClock.now
                let error = await #expect(throws: HTTPTransportError.self) { try await transport.send(Self.get(port, route)) }
                #expect(error == .timeout)
                #expect(ContinuousClock.now - started < .seconds(3))
            }
        }
    }

    @Test func aClosedPortIsRefusedAtOnceAndRetryable() async throws {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(listener.localAddress?.port)
        try await listener.close()
        try await withTransport(connectTimeout: .seconds(5)) { transport in
            let started = ContinuousClock.now
            let error = await #expect(throws: TransportError.self) { try await transport.send(Self.get(port, "/")) }
            #expect(error?.kind == .connectionRefused)
            #expect(error?.detail.contains("127.0.0.1:\(port)") == true, "\(String(describing: error))")
            // Not retried inside the pool until the connect timeout: the kit's policy decides.
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(error.map { FailureClassifier.standard.classify($0, context: Self.context) } == .retry)
        }
    }

    @Test func aNameThatDoesNotResolveIsANameResolutionFailure() async throws {
        // `.invalid` never resolves (RFC 6761); generous timeouts for a resolver that answers slowly.
        try await withTransport(limits: .init(requestTimeout: .seconds(30)), connectTimeout: .seconds(30)) { transport in
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(TransportRequest(method: "GET", url: "https://pwbi-transport-test.invalid/v1?token=secret"))
            }
            #expect(error?.kind == .nameResolution)
            #expect(error?.detail.contains("pwbi-transport-test.invalid") == true)
            #expect(error?.detail.contains("secret") == false)
        }
    }

    @Test func sequentialRequestsReuseOnePooledConnection() async throws {
        let upstream = Upstream()
        try await withServer(upstream.application) { port in
            try await withTransport { transport in
                var peers: Set<String> = []
                for _ in 0..<3 {
                    let response = try await transport.send(Self.get(port, "/peer"))
                    peers.insert(String(decoding: response.body, as: UTF8.self))
                }
                #expect(peers.count == 1)
            }
        }
    }

    @Test func aHeaderValueWithAControlCharacterIsNeverSent() async throws {
        let upstream = Upstream()
        try await withServer(upstream.application) { port in
            try await withTransport { transport in
                let error = await #expect(throws: OutboundRequestError.self) {
                    try await transport.send(TransportRequest(
                        method: "GET", url: "http://127.0.0.1:\(port)/counted",
                        headers: [HTTPHeaderField("Authorization", "Bearer secret-value\r\nX-Injected: 1")]))
                }
                let text = error.map { "\($0)" } ?? ""
                #expect(text.contains("Authorization"))
                #expect(!text.contains("secret-value"))
            }
        }
        #expect(upstream.hits.value == 0)
    }

    @Test func cancellingTheCallerEndsTheRequestAsCancelled() async throws {
        let upstream = Upstream()
        try await withServer(upstream.application) { port in
            defer { upstream.gate.open() }
            try await withTransport { transport in
                let request = Task { try await transport.send(Self.get(port, "/slow")) }
                // Cancelled while the server holds the request.
                while upstream.gate.waiting == 0 { await Task.yield() }
                request.cancel()
                await #expect(throws: CancellationError.self) { try await request.value }
            }
        }
    }

    @Test func aMalformedURLIsRefusedBeforeSending() async throws {
        try await withTransport { transport in
            let error = await #expect(throws: OutboundRequestError.self) {
                try await transport.send(TransportRequest(method: "GET", url: "not a url"))
            }
            #expect(error.map { FailureClassifier.standard.classify($0, context: Self.context) } == .stop)
        }
    }

    @Test func socketAndClientErrorsAreClassifiedWithoutTheirValues() {
        let limits = AsyncHTTPClientTransport.Limits()
        func classify(_ error: any Error) -> any Error { AsyncHTTPClientTransport.classify(error, limits: limits) }
        #expect((classify(IOError(errnoCode: ECONNRESET, reason: "read")) as? TransportError)?.kind == .connectionReset)
        #expect((classify(IOError(errnoCode: EHOSTUNREACH, reason: "connect")) as? TransportError)?.kind == .hostUnreachable)
        #expect(classify(ChannelError.connectTimeout(.seconds(1))) as? HTTPTransportError == .timeout)
        #expect(classify(HTTPClientError.remoteConnectionClosed) as? TransportError == TransportError(
            .connectionClosed, detail: "the server closed the connection before the response was complete"))
        let refused = classify(HTTPClientError.invalidHeaderFieldValues(["Bearer hunter2"]))
        #expect(refused as? OutboundRequestError == .invalidRequest("a request header was refused"))
        #expect(classify(HTTPClientError.tlsHandshakeTimeout) as? HTTPTransportError == .timeout)
    }

    @Test(arguments: [
        ("https://api.example.com/v1/sales?token=s3cret", "api.example.com"),
        ("http://user:p4ss@127.0.0.1:8090/qasir?x=1", "127.0.0.1:8090"),
        ("https://[::1]:8443#frag", "[::1]:8443"),
        ("not a url", nil),
    ] as [(String, String?)])
    func theAuthorityNamedInAFailureCarriesNoCredentials(url: String, authority: String?) {
        #expect(AsyncHTTPClientTransport.authority(of: url) == authority)
    }

    static let context = FailureContext(attempt: 1, now: Date(timeIntervalSince1970: 0))
}

/// A count shared with a route.
final class Counter: Sendable {
    private let count = Mutex(0)
    /// Adds one.
    func add() { count.withLock { $0 += 1 } }
    /// The count.
    var value: Int { count.withLock { $0 } }
}

/// `PWBI_HTTP_*`: the outbound settings, read once into ``ServerConfiguration/outboundHTTP``.
@Suite struct OutboundHTTPConfigurationTests {
    @Test func defaultsAndValuesFromTheEnvironment() throws {
        let defaults = try ServerConfiguration(environment: [:]).outboundHTTP
        #expect(defaults.connectTimeout == .seconds(10))
        #expect(defaults.limits == .init(requestTimeout: .seconds(30), maxResponseBytes: 16 << 20))
        #expect(defaults.caFile == nil)
        #expect(defaults.userAgent == AsyncHTTPClientTransport.defaultUserAgent)
        let set = try OutboundHTTPConfiguration(environment: [
            "PWBI_HTTP_CONNECT_TIMEOUT_MS": "1500", "PWBI_HTTP_TIMEOUT_MS": "20000", "PWBI_HTTP_MAX_RESPONSE_BYTES": "1048576",
            "PWBI_HTTP_CA_FILE": resource("tls/private-ca.pem"), "PWBI_HTTP_USER_AGENT": "merchant-sync/3",
        ])
        #expect(set.connectTimeout == .milliseconds(1500))
        #expect(set.limits == .init(requestTimeout: .seconds(20), maxResponseBytes: 1 << 20))
        #expect(set.caFile == resource("tls/private-ca.pem"))
        #expect(set.userAgent == "merchant-sync/3")
    }

    @Test(arguments: [
        ("PWBI_HTTP_TIMEOUT_MS", "0"), ("PWBI_HTTP_TIMEOUT_MS", "30s"), ("PWBI_HTTP_CONNECT_TIMEOUT_MS", "-1"),
        ("PWBI_HTTP_MAX_RESPONSE_BYTES", "16MiB"), ("PWBI_HTTP_CA_FILE", "/nonexistent/ca.pem"),
        ("PWBI_HTTP_CA_FILE", "README"), ("PWBI_HTTP_USER_AGENT", "agent\r\nX-Injected: 1"),
    ])
    func aBadValueNamesTheVariableNotTheValue(name: String, value: String) {
        let value = name == "PWBI_HTTP_CA_FILE" && value == "README" ? resource("tls/README.md") : value
        let error = #expect(throws: ConfigurationError.self) { try OutboundHTTPConfiguration(environment: [name: value]) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains(name))
        #expect(!text.contains(value))
    }
}
