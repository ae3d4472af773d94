import Synchronization

/// An ``HTTPTransport`` that answers from a script, for tests (the library's and the host's).
///
/// Each scripted step is consumed once, in the order enqueued, by the first request its matcher
/// accepts; a request no step matches goes to the handler given at creation, or fails with
/// ``ScriptedTransport/UnexpectedRequest``. Every request is recorded in ``requests``.
///
/// ```swift
/// let transport = ScriptedTransport()
/// transport.enqueue(.respond(TransportResponse(status: 429, headers: [.init("Retry-After", "30")])))
/// transport.enqueue(.respond(TransportResponse(status: 200, text: #"{"transactions":[]}"#)))
/// ```
public final class ScriptedTransport: HTTPTransport {
    /// What one scripted exchange does.
    public enum Step: Sendable {
        /// Answer with this response.
        case respond(TransportResponse)
        /// Fail with this transport error (a timeout, a connection failure).
        case fail(HTTPTransportError)
    }

    /// Chooses which requests a step may answer.
    public struct Matcher: Sendable {
        let accepts: @Sendable (TransportRequest) -> Bool

        /// A matcher from a predicate.
        public init(_ accepts: @escaping @Sendable (TransportRequest) -> Bool) { self.accepts = accepts }

        /// Every request.
        public static let any = Matcher { _ in true }

        /// Requests whose path (without query) is `path`, and whose method is `method` when given.
        public static func path(_ path: String, method: String? = nil) -> Matcher {
            Matcher { request in request.path == path && (method == nil || request.method == method) }
        }

        /// Requests whose URL starts with `prefix`.
        public static func urlPrefix(_ prefix: String) -> Matcher {
            Matcher { $0.url.hasPrefix(prefix) }
        }
    }

    /// No step matched and no handler was given.
    public struct UnexpectedRequest: Error, Sendable, CustomStringConvertible {
        /// The request's method.
        public let method: String
        /// The request's URL.
        public let url: String
        public var description: String { "scripted transport: no step for \(method) \(url)" }
    }

    private struct State {
        var steps: [(matcher: Matcher, step: Step)] = []
        var requests: [TransportRequest] = []
    }

    private let state = Mutex(State())
    private let handler: (@Sendable (TransportRequest) async throws -> TransportResponse)?

    /// A transport with no steps yet; requests no step matches go to `handler` (or fail).
    public init(handler: (@Sendable (TransportRequest) async throws -> TransportResponse)? = nil) {
        self.handler = handler
    }

    /// A transport that answers `steps` in order, to any request.
    public convenience init(_ steps: [Step]) {
        self.init()
        for step in steps { enqueue(step) }
    }

    /// Adds a step, consumed by the first later request `matcher` accepts.
    public func enqueue(_ step: Step, matching matcher: Matcher = .any) {
        state.withLock { $0.steps.append((matcher, step)) }
    }

    /// Every request sent so far, in order.
    public var requests: [TransportRequest] {
        state.withLock { $0.requests }
    }

    /// How many scripted steps are still waiting.
    public var pendingSteps: Int {
        state.withLock { $0.steps.count }
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try Task.checkCancellation()
        let step: Step? = state.withLock { state in
            state.requests.append(request)
            guard let index = state.steps.firstIndex(where: { $0.matcher.accepts(request) }) else { return nil }
            return state.steps.remove(at: index).step
        }
        switch step {
        case .respond(let response)?:
            return response
        case .fail(let error)?:
            throw error
        case nil:
            guard let handler else { throw UnexpectedRequest(method: request.method, url: request.url) }
            return try await handler(request)
        }
    }
}
