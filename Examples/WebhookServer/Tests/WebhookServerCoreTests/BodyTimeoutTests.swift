import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import Testing
import WebhookServerCore

/// Bodies that stop arriving: each stalled request is answered 408 after the body timeout, and the
/// server stays up and stops cleanly — the body's reader has ended before the server reads the
/// connection again (two readers of one inbound stream trap in NIO).
@Suite struct BodyTimeoutTests {
    /// A blocking loopback TCP connection with a receive timeout.
    struct RawConnection {
        let descriptor: Int32

        init(port: Int) throws {
            #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
            descriptor = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        }

        /// What arrives until the peer closes or the receive timeout passes.
        func receive() -> String {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                received += buffer[..<count]
            }
            return String(decoding: received, as: UTF8.self)
        }

        func close() {
            #if canImport(Glibc)
            _ = Glibc.close(descriptor)
            #else
            _ = Darwin.close(descriptor)
            #endif
        }
    }

    @Test func stalledBodiesAre408AndTheServerStopsCleanly() async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        let configuration = try ServerConfiguration(environment: [
            "PORT": "0", "PWBI_BODY_TIMEOUT_MS": "100", "PWBI_WEBHOOK_SECRET_KARAGE": "test-secret",
        ])
        let app = try WebhookServerApp(configuration: configuration, storage: ServerStorage(database: database), logger: Logger(label: "test"))
        try await withServer({ onListening in app.application { port in await onListening(port ?? 0) } }) { port in
            let connections = try (0..<100).map { _ in try RawConnection(port: port) }
            for connection in connections {
                connection.send("POST /api/v1/integrations/webhooks/karage HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"a\":")
            }
            for connection in connections {
                #expect(connection.receive().hasPrefix("HTTP/1.1 408"))
                connection.close()
            }
            let after = try RawConnection(port: port)
            after.send("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(after.receive().hasPrefix("HTTP/1.1 200"))
            after.close()
        }
        await database.close()
    }
}
