import HTTPTypes
import Hummingbird
import Logging
import PWBISignatures

/// One access-log line per request (method, path, status, duration, request id) and the request id
/// echoed as `X-Request-Id`; the context's logger carries the id on every other line too.
public struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    /// Logs to `logger` (at info).
    public init(logger: Logger) { self.logger = logger }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - started
            context.logger.info("access", metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)",
                "duration_ms": "\(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)",
            ])
        }
        do {
            var response = try await next(request, context)
            status = response.status.code
            response.headers[Self.requestID] = context.id
            return response
        } catch let error as HTTPResponseError {
            status = error.status.code
            throw error
        }
    }

    static var requestID: HTTPField.Name { HTTPField.Name("X-Request-Id") ?? .contentType }
}

/// Admin routes only with `Authorization: Bearer <token>` (compared in constant time); 401 otherwise.
public struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let expected: [UInt8]

    /// Requires `token`.
    public init(token: String) { expected = Array(("Bearer " + token).utf8) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let given = Array((request.headers[.authorization] ?? "").utf8)
        guard ConstantTime.isEqual(given, expected) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"])
        }
        return try await next(request, context)
    }
}
