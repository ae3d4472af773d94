import AsyncHTTPClient
import FakeProviderCore
import Foundation
import Hummingbird
import Logging
import PWBIIntegration
import ServiceLifecycle
import Synchronization
import WebhookServerCore

/// Runs the application `make` builds (listening on port 0, reporting its port to the callback
/// it is given) for the duration of `body`, then shuts it down gracefully.
func withServer<App: ApplicationProtocol, T>(
    _ make: (@escaping @Sendable (Int) async -> Void) -> App,
    _ body: (Int) async throws -> T
) async throws -> T {
    let (ports, reported) = AsyncStream.makeStream(of: Int.self)
    let app = make { port in reported.yield(port) }
    let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test-server")))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { reported.finish() }
            try await group.run()
        }
        var next = ports.makeAsyncIterator()
        guard let port = await next.next() else {
            try await tasks.waitForAll()
            throw ServerDidNotStart()
        }
        let result: Result<T, any Error>
        do { result = .success(try await body(port)) } catch { result = .failure(error) }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return try result.get()
    }
}

/// The server stopped before reporting its port.
struct ServerDidNotStart: Error {}

/// A transport over a client made as the server makes it, shut down after `body`.
func withTransport<T>(
    limits: AsyncHTTPClientTransport.Limits = .init(requestTimeout: .seconds(5)),
    connectTimeout: Duration = .seconds(2),
    caFile: String? = nil,
    _ body: (AsyncHTTPClientTransport) async throws -> T
) async throws -> T {
    let client = AsyncHTTPClientTransport.makeClient(
        connectTimeout: connectTimeout, tls: AsyncHTTPClientTransport.defaultTLS(additionalCAFile: caFile))
    let result: Result<T, any Error>
    do { result = .success(try await body(AsyncHTTPClientTransport(client: client, limits: limits))) } catch { result = .failure(error) }
    try await client.shutdown()
    return try result.get()
}

/// Runs a ``FakeProvider`` serving `systems` on port 0 and hands `body` the provider, a transport and
/// the provider's base URL.
func withFakeProvider<T>(
    _ systems: [any FakeSystem], timeout: Duration = .seconds(5),
    _ body: (FakeProvider, AsyncHTTPClientTransport, String) async throws -> T
) async throws -> T {
    let provider = FakeProvider(systems: systems)
    return try await withServer({ onListening in provider.application(port: 0, onListening: onListening) }) { port in
        try await withTransport(limits: .init(requestTimeout: timeout)) { transport in
            try await body(provider, transport, "http://127.0.0.1:\(port)")
        }
    }
}

/// A latch a test route waits on until the test opens it (no route sleeps for real).
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Suspends until ``open()`` (at once if it already was).
    func wait() async {
        await withCheckedContinuation { continuation in
            let resume = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }

    /// How many are suspended in ``wait()``.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Releases every waiter, now and later.
    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A `multipart/form-data` body of `fields` and an optional file part named `file`.
func multipart(
    fields: [(String, String)], file: (name: String, bytes: [UInt8])?, boundary: String = "pwbi-test-boundary"
) -> (contentType: String, body: [UInt8]) {
    var body: [UInt8] = []
    for (name, value) in fields {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    if let file {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += file.bytes + Array("\r\n".utf8)
    }
    body += Array("--\(boundary)--\r\n".utf8)
    return ("multipart/form-data; boundary=\(boundary)", body)
}

/// The test resource at `path` under Resources/.
func resource(_ path: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/\(path)").path
}

extension TransportResponse {
    /// The body as a JSON object (nil when it is not one).
    var object: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
}

/// Suspends until the task is cancelled — a socket read that never returns, without sleeping.
func waitUntilCancelled() async {
    let stream = AsyncStream<Never> { _ in }
    for await _ in stream {}
}
