#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A stand-in for the providers the outbound half talks to, serving each ``FakeSystem`` under its
/// prefix, with faults injected on request and every request journaled.
///
/// Control routes (JSON):
/// - `POST /_fake/faults` — queue faults (an array of ``Fault``); `DELETE /_fake/faults` — clear them.
/// - `GET /_fake/journal` — `{"requests": [...], "concurrentDuplicates": n}` (see ``RequestJournal``).
/// - `POST /_fake/reset` — clear faults and the journal.
public struct FakeProvider: Sendable {
    /// The systems served.
    public let systems: [any FakeSystem]
    /// Faults waiting to be injected.
    public let faults = FaultPlan()
    /// What was answered.
    public let journal = RequestJournal()

    /// A fake serving `systems`.
    public init(systems: [any FakeSystem]) {
        self.systems = systems
    }

    /// The router: control routes, the fault and journal middleware, then each system's routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: FaultMiddleware(provider: self))
        let control = router.group("/_fake")
        control.post("/faults") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let faults: [Fault]
            do {
                faults = try JSONDecoder().decode([Fault].self, from: Data(buffer: body))
            } catch {
                return Self.json(["error": "expected a JSON array of faults {path, status, retryAfter, delayMilliseconds, times}: \(error)"], status: .badRequest)
            }
            if let problem = faults.lazy.compactMap(\.problem).first {
                return Self.json(["error": problem], status: .badRequest)
            }
            await self.faults.add(faults)
            return Self.json(["queued": await self.faults.queued.count])
        }
        control.delete("/faults") { _, _ -> Response in
            await self.faults.clear()
            return Response(status: .noContent)
        }
        control.get("/journal") { _, _ -> Response in
            struct Report: Encodable {
                var requests: [RequestJournal.Entry]
                var concurrentDuplicates: Int
            }
            return Self.json(Report(requests: await self.journal.answered, concurrentDuplicates: await self.journal.concurrentDuplicates))
        }
        control.post("/reset") { _, _ -> Response in
            await self.faults.clear()
            await self.journal.reset()
            return Response(status: .noContent)
        }
        for system in systems {
            system.addRoutes(to: router.group(RouterPath(system.prefix)), provider: self)
        }
        return router
    }

    /// The fake as an application listening on `host:port` (0 picks a free port, reported to `onListening`).
    public func application(
        host: String = "127.0.0.1", port: Int = 0, logger: Logger = Logger(label: "pwbi.fake-provider"),
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "pwbi-fake-provider"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// A JSON response of `value` with `status`.
    public static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A response whose body is `bytes` as given (a fixture, byte for byte).
    public static func raw(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Applies the first matching queued fault and journals every non-control request.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let provider: FakeProvider

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/_fake/") { return try await next(request, context) }
        let query = request.uri.query ?? ""
        let page = "\(request.method) \(path)?\(query)"
        await provider.journal.begin(page)
        let fault = await provider.faults.take(for: path)
        // Ended before the response leaves, so a client's next request never overlaps this one.
        func end(_ status: Int) async {
            let entry = RequestJournal.Entry(method: "\(request.method)", path: path, query: query, status: status, faulted: fault != nil)
            await provider.journal.end(page, entry: entry)
        }
        do {
            if let delay = fault?.delayMilliseconds, delay > 0 {
                try await Task.sleep(for: .milliseconds(delay))
            }
            if let fault, let code = fault.status {
                await end(code)
                var headers: HTTPFields = [:]
                if let retryAfter = fault.retryAfter { headers[.retryAfter] = String(retryAfter) }
                return FakeProvider.json(["error": "injected fault \(code)"], status: .init(code: code), headers: headers)
            }
            let response = try await next(request, context)
            await end(response.status.code)
            return response
        } catch let error as HTTPResponseError {
            await end(error.status.code)
            throw error
        } catch {
            await end(500)
            throw error
        }
    }
}
