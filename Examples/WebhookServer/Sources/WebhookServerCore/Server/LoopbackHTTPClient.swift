import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 keep-alive client for the load generator: one connection, one request at a
/// time. Loopback only: it refuses any host outside 127.0.0.0/8, `localhost` and `::1`.
public final class LoopbackHTTPConnection: Sendable {
    /// One response: status, the `Retry-After` header if any, and the body.
    public struct Response: Sendable {
        public var status: Int
        public var retryAfter: String?
        public var body: [UInt8]
    }

    let channel: any Channel
    public let host: String
    public let port: Int

    private init(channel: any Channel, host: String, port: Int) {
        self.channel = channel
        self.host = host
        self.port = port
    }

    /// Whether `host` is a loopback address.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    public static func connect(host: String, port: Int) async throws -> LoopbackHTTPConnection {
        guard isLoopback(host) else { throw LoopbackOnly(host: host) }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler())
                }
            }
            .connect(host: host, port: port)
            .get()
        return LoopbackHTTPConnection(channel: channel, host: host, port: port)
    }

    /// Sends one POST and waits for the whole response.
    public func post(path: String, headers: [(String, String)], body: [UInt8]) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: "\(host):\(port)")
        head.headers.add(name: "Content-Length", value: String(body.count))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let promise = channel.eventLoop.makePromise(of: Response.self)
        // A write refused (the connection is already closed) or a response that never comes (the
        // server died mid-request) fails the exchange instead of waiting forever. A promise completed
        // twice keeps its first result.
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { promise.fail($0) }
        let channel = self.channel
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(Int64(Self.requestTimeoutSeconds))) {
            promise.fail(RequestTimedOut())
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timeout.cancel() }
        channel.writeAndFlush(Exchange(head: head, body: ByteBuffer(bytes: body), promise: promise), promise: written)
        return try await promise.futureResult.get()
    }

    /// How long one request may take before it is failed and its connection closed.
    public static let requestTimeoutSeconds = 30

    public func close() async {
        try? await channel.close()
    }

    struct Exchange: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer
        var promise: EventLoopPromise<Response>
    }

    /// Writes a request, collects its response, fails the pending promise if the connection drops.
    final class ExchangeHandler: ChannelDuplexHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundIn = Exchange
        typealias OutboundOut = HTTPClientRequestPart

        private var pending: EventLoopPromise<Response>?
        private var status = 0
        private var retryAfter: String?
        private var body: [UInt8] = []

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            let exchange = unwrapOutboundIn(data)
            guard pending == nil else {
                exchange.promise.fail(ConnectionBusy())
                return
            }
            pending = exchange.promise
            status = 0
            retryAfter = nil
            body = []
            context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
            context.write(wrapOutboundOut(.end(nil)), promise: promise)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                status = Int(head.status.code)
                retryAfter = head.headers["Retry-After"].first
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                let response = Response(status: status, retryAfter: retryAfter, body: body)
                let promise = pending
                pending = nil
                promise?.succeed(response)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            pending?.fail(ConnectionClosed())
            pending = nil
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            pending?.fail(error)
            pending = nil
            context.close(promise: nil)
        }
    }

    public struct LoopbackOnly: Error, CustomStringConvertible {
        public let host: String
        public var description: String { "refusing \(host): the load generator only talks to loopback addresses" }
    }

    public struct ConnectionClosed: Error, CustomStringConvertible {
        public var description: String { "connection closed" }
    }

    struct ConnectionBusy: Error {}

    public struct RequestTimedOut: Error, CustomStringConvertible {
        public var description: String { "no response within \(LoopbackHTTPConnection.requestTimeoutSeconds) s" }
    }
}
