import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import PWBIIntegration
import PWBIRetry
import Testing
import WebhookServerCore

/// TLS through the AHC transport against a local server whose certificate a private CA signed
/// (Resources/tls: test-only keys): refused with the system's roots alone, accepted with the CA
/// file an operator gives in `PWBI_HTTP_CA_FILE`.
@Suite struct AsyncHTTPClientTransportTLSTests {
    /// Answers every request `200 ok`.
    final class OK: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "2"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok")))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// Runs `body` with the port of a TLS server on `host` presenting Resources/tls/server.pem
    /// (issued to `localhost` and `127.0.0.1`).
    static func withTLSServer<T>(host: String = "127.0.0.1", _ body: (Int) async throws -> T) async throws -> T {
        let chain = try NIOSSLCertificate.fromPEMFile(resource("tls/server.pem")).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: resource("tls/server-key.pem"), format: .pem)
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(OK())
                }
            }
            .bind(host: host, port: 0).get()
        let port = try #require(channel.localAddress?.port)
        let result: Result<T, any Error>
        do { result = .success(try await body(port)) } catch { result = .failure(error) }
        try await channel.close()
        return try result.get()
    }

    @Test func anUnknownCAIsATLSFailureThatIsNotRetried() async throws {
        try await Self.withTLSServer { port in
            try await withTransport { transport in
                let error = await #expect(throws: TransportError.self) {
                    try await transport.send(TransportRequest(method: "GET", url: "https://localhost:\(port)/"))
                }
                #expect(error?.kind == .tls)
                #expect(error.map { FailureClassifier.standard.classify($0, context: FailureContext(attempt: 1, now: Date())) } == .stop)
            }
        }
    }

    @Test func thePrivateCAFileIsTrustedBesidesTheSystemRoots() async throws {
        try await Self.withTLSServer { port in
            try await withTransport(caFile: resource("tls/private-ca.pem")) { transport in
                let response = try await transport.send(TransportRequest(method: "GET", url: "https://localhost:\(port)/"))
                #expect(response.status == 200)
                #expect(response.body == Array("ok".utf8))
            }
        }
    }

    @Test func aCertificateForAnotherHostIsRefusedEvenFromTheTrustedCA() async throws {
        // 127.0.0.2 is loopback too, but the certificate names only localhost and 127.0.0.1.
        try await Self.withTLSServer(host: "127.0.0.2") { port in
            try await withTransport(caFile: resource("tls/private-ca.pem")) { transport in
                let error = await #expect(throws: TransportError.self) {
                    try await transport.send(TransportRequest(method: "GET", url: "https://127.0.0.2:\(port)/"))
                }
                #expect(error?.kind == .tls)
            }
        }
    }
}
