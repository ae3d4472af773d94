#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PWBIIntegration
import PWBIMapping
import PWBISignatures

/// The HTTP host: routes from the reference documents over the kit's receiver, bulk sync and CSV
/// importer, with every store in SQL. Stateless apart from the database, so replicas scale out.
///
/// | Route | What |
/// |---|---|
/// | `POST /api/v1/integrations/webhooks/{source}` | signed webhooks (scheme per source) |
/// | `POST /api/v1/webhook/pos-order` | one Karage order, `X-API-KEY` |
/// | `POST /api/v1/webhook/pos-order/bulk` | up to 1000 Karage orders, `X-API-KEY` |
/// | `POST /api/v1/integrations/upload-csv` | multipart CSV (`file`, `source_system`), `X-API-KEY` |
/// | `GET /api/v1/integrations/moka/connect`, `…/moka/callback` | OAuth connect (``OAuthConnections``) |
/// | `GET /health/live`, `GET /health/ready` | liveness (no database) and readiness (`SELECT 1`; OAuth connections needing a reconnect) |
///
/// On the admin listener (``adminApplication(prometheus:onServerRunning:)``): `GET /metrics`
/// (Prometheus text), `GET /health` (per-source diagnostics), the two probes.
public struct WebhookServerApp: Sendable {
    public let configuration: ServerConfiguration
    public let storage: ServerStorage
    public let metrics: InMemoryIntegrationMetrics
    /// Signed webhooks, one source per system.
    public let signed: WebhookReceiver
    /// Karage's API-key endpoints.
    public let pos: WebhookReceiver
    let sourceNames: Set<String>
    let logger: Logger
    /// Claim releases started after a 503 was answered.
    public let releases = PendingReleases()
    /// OAuth connect (routes, readiness, diagnostics), when configured; set before the applications are built.
    public var oauth: OAuthConnections?

    /// Sources that fall back to the demo secret (for a warning at start; the secret itself is never logged).
    public let demoSecretSources: [String]
    /// Sources with no secret and no demo fallback: not served (404), named at start.
    public let unservedSources: [String]

    /// - Parameter failureNotifier: told when a delivery is dead-lettered and when its source heals.
    public init(configuration: ServerConfiguration, storage: ServerStorage, logger: Logger, failureNotifier: (any FailureNotifier)? = nil) throws {
        self.configuration = configuration
        self.storage = storage
        self.logger = logger
        metrics = InMemoryIntegrationMetrics()
        let receiverConfiguration = WebhookReceiverConfiguration(
            maxBodyBytes: configuration.maxBodyBytes,
            idempotency: IdempotencyPolicy(processingTimeout: configuration.processingTimeout, retention: configuration.retention),
            retryAfterUnavailable: configuration.retryAfterSeconds
        )
        var sources = WebhookSourceRegistry()
        var demo: [String] = []
        var unserved: [String] = []
        for system in MapperRegistry.standard.sources {
            let mapper = try MapperRegistry.standard.mapper(for: system)
            guard let found = configuration.secrets(for: system.rawValue) else {
                unserved.append(system.rawValue)
                continue
            }
            let (secrets, isDemo) = found
            if isDemo { demo.append(system.rawValue) }
            let scheme: any WebhookSignatureScheme
            let envelope: WebhookEnvelope
            switch system {
            case .xendit: (scheme, envelope) = (XenditCallbackTokenScheme(), .body(.paymentNotification))
            case .midtrans: (scheme, envelope) = (MidtransScheme(), .body(.paymentNotification))
            case .karage: (scheme, envelope) = (HexHMACSHA256Scheme(), .body(.transactionCreated))
            default: (scheme, envelope) = (HexHMACSHA256Scheme(), .eventField())
            }
            try sources.register(WebhookSource(
                name: system.rawValue, tenant: configuration.tenant, authentication: .signature(scheme, secrets: secrets),
                envelope: envelope, mapper: mapper, rules: system == .karage ? [.karageDefaults()] : [],
                eventSink: storage.events
            ))
        }
        demoSecretSources = demo
        unservedSources = unserved
        sourceNames = Set(sources.names)
        signed = WebhookReceiver(
            sources: sources, idempotency: storage.idempotency, transactions: storage.transactions,
            log: storage.log, deadLetters: storage.deadLetters, configuration: receiverConfiguration,
            failureNotifier: failureNotifier, deliveries: storage.deliveries
        )
        var posSources = WebhookSourceRegistry()
        try posSources.register(WebhookSource(
            name: "karage", authentication: .apiKey(APIKeyAuthenticator(store: storage.apiKeys)),
            envelope: .body(.transactionCreated), mapper: try MapperRegistry.standard.mapper(for: .karage), rules: [.karageDefaults()]
        ))
        pos = WebhookReceiver(
            sources: posSources, idempotency: storage.idempotency, transactions: storage.transactions,
            log: storage.log, deadLetters: storage.deadLetters, configuration: receiverConfiguration,
            failureNotifier: failureNotifier, deliveries: storage.deliveries
        )
    }

    /// The serving routes: webhooks, orders, uploads and the two probes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: AccessLogMiddleware(logger: logger))
        router.post("/api/v1/integrations/webhooks/:source") { request, context -> Response in
            let source = context.parameters.get("source") ?? ""
            let signed = self.signed
            return await deliver(request, context: context, label: sourceNames.contains(source) ? source : "unknown") { headers, body in
                await signed.receive(WebhookRequest(source: source, headers: headers, body: body))
            }
        }
        router.post("/api/v1/webhook/pos-order") { request, context -> Response in
            let pos = self.pos
            return await deliver(request, context: context, label: "karage") { headers, body in
                await pos.receive(WebhookRequest(source: "karage", headers: headers, body: body))
            }
        }
        router.post("/api/v1/webhook/pos-order/bulk") { request, context -> Response in
            let pos = self.pos
            return await deliver(request, context: context, label: "karage") { headers, body in
                await pos.receiveBulk(WebhookRequest(source: "karage", headers: headers, body: body))
            }
        }
        router.post("/api/v1/integrations/upload-csv") { request, _ -> Response in
            await uploadCSV(request)
        }
        addOAuthRoutes(to: router)
        addProbes(to: router)
        return router
    }

    /// `/health/live` (the process answers: 200, no database) and `/health/ready` (one `SELECT 1`
    /// within the query timeout: 200, else 503).
    func addProbes(to router: Router<BasicRequestContext>) {
        router.get("/health/live") { _, _ -> Response in
            Self.json(200, Array(#"{"status":"live"}"#.utf8))
        }
        router.get("/health/ready") { _, context -> Response in
            do {
                try await storage.database.query("SELECT 1", [])
                return Self.json(200, await readyBody())
            } catch {
                context.logger.warning("503: not ready, the database does not answer", metadata: ["error": "\(error)"])
                return Self.json(503, Array(#"{"status":"unavailable","error":"database unreachable"}"#.utf8))
            }
        }
    }

    /// The admin routes — `/metrics` (Prometheus text: the kit's counters and, when `prometheus` is
    /// given, the swift-metrics registry), `/health` (per-source diagnostics) and the probes — behind
    /// the admin token when one is configured.
    public func adminRouter(prometheus: (@Sendable () -> String)? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        if let token = configuration.adminToken { router.add(middleware: BearerTokenMiddleware(token: token)) }
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let text = metrics.prometheusText() + (prometheus?() ?? "")
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/health") { _, _ -> Response in
            let (status, body) = await HealthReport.render(app: self, now: Date())
            return Self.json(status, body)
        }
        addProbes(to: router)
        return router
    }

    /// The serving application on the configured address: idle connections (or ones stalled in
    /// their headers) closed after the idle timeout, at most ``ServerConfiguration/maxConnections`` open.
    public func application(onServerRunning: @escaping @Sendable (Int?) async -> Void = { _ in }) -> some ApplicationProtocol {
        let limiter = ConnectionLimiter(maximum: configuration.maxConnections, logger: logger)
        return Application(
            router: router(),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [limiter.handler()],
                idleTimeout: .milliseconds(PostgresDatabase.milliseconds(configuration.idleTimeout))
            )),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "pwbi-webhook-server"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port) },
            logger: logger
        )
    }

    /// The admin application (``adminRouter(prometheus:)``) on the admin address.
    public func adminApplication(
        prometheus: (@Sendable () -> String)? = nil, onServerRunning: @escaping @Sendable (Int?) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: adminRouter(prometheus: prometheus),
            server: .http1(configuration: .init(idleTimeout: .milliseconds(PostgresDatabase.milliseconds(configuration.idleTimeout)))),
            configuration: .init(address: .hostname(configuration.adminHost, port: configuration.adminPort), serverName: "pwbi-webhook-admin"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port) },
            logger: logger
        )
    }

    /// Runs the retention purge every ``ServerConfiguration/purgeInterval`` until cancelled.
    public func runPurgeJob() async {
        while !Task.isCancelled {
            await purgeOnce()
            do { try await Task.sleep(for: configuration.purgeInterval) } catch { return }
        }
    }

    /// One purge of expired idempotency records and audit records; failures are logged, not thrown.
    public func purgeOnce() async {
        guard configuration.retention > .zero else { return }
        do {
            let records = try await signed.purgeExpiredIdempotencyRecords()
            let cutoff = Date().addingTimeInterval(-Double(configuration.retention.components.seconds))
            let logs = try await storage.log.purge(before: cutoff)
            if records + logs > 0 {
                logger.info("retention purge", metadata: ["idempotency_records": "\(records)", "webhook_log": "\(logs)"])
            }
        } catch {
            logger.warning("retention purge failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Handlers

    /// Reads the body within the limit (413 before buffering more than the limit) and the body
    /// timeout (408), hands it on untouched under the request deadline (``process(source:requestID:logger:_:)``),
    /// writes the response and counts it.
    func deliver(
        _ request: Request, context: BasicRequestContext, label: String,
        _ receive: @escaping @Sendable (WebhookHeaders, [UInt8]) async -> WebhookResponse
    ) async -> Response {
        let limit = configuration.maxBodyBytes
        let response: Response
        let status: Int
        switch await Self.readBody(request, limit: limit, timeout: configuration.bodyTimeout) {
        case .tooLarge(let size):
            status = 413
            response = Self.error(413, code: "payload_too_large", message: "Payload too large: \(size.map { "\($0) bytes" } ?? "more than \(limit) bytes"). Maximum allowed: \(limit)")
        case .failed:
            status = 400
            response = Self.error(400, code: "unreadable_body", message: "The request body could not be read")
        case .timedOut:
            status = 408
            context.logger.warning("408: the body did not arrive within the body timeout", metadata: ["source": "\(label)"])
            response = Self.error(408, code: "body_timeout", message: "The request body did not arrive in time")
        case .body(let body):
            let headers = Self.headers(request)
            let result = await process(source: label, requestID: context.id, logger: context.logger) { await receive(headers, body) }
            status = result.status
            var fields = HTTPFields()
            for field in result.headers {
                if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
            }
            response = Response(
                status: HTTPResponse.Status(code: result.status), headers: fields,
                body: .init(byteBuffer: ByteBuffer(bytes: result.body))
            )
        }
        metrics.increment(.webhookReceived, labels: ["source_system": label, "status": String(status)])
        return response
    }

    // MARK: - Helpers

    static let apiKeyHeader = HTTPField.Name(APIKeyAuthenticator.headerName)

    static func trimmed(_ text: String) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    enum BodyRead {
        case body([UInt8])
        /// Larger than the limit: the declared size when Content-Length said so, else nil (streamed past the limit).
        case tooLarge(Int?)
        case failed
        /// Not all there within the body timeout.
        case timedOut
    }

    /// The raw body bytes, refusing a declared or streamed size over `limit` before buffering beyond it.
    static func readBody(_ request: Request, limit: Int, timeout: Duration) async -> BodyRead {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            return .tooLarge(declared)
        }
        // The body is read in a task of its own so the deadline can end the wait, but the handler
        // returns only once that task has stopped reading: the server reads the connection's inbound
        // stream again after the response, and two readers of one stream at once is a trap in NIO.
        let body = request.body
        let reading = Task { try await body.collect(upTo: limit) }
        do {
            guard let buffer = try await withDeadline(timeout, { try await reading.value }) else {
                reading.cancel()
                _ = try? await reading.value
                return .timedOut
            }
            return .body(Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            return .tooLarge(nil)
        } catch {
            reading.cancel()
            _ = try? await reading.value
            return .failed
        }
    }

    /// The request's headers in order, names as received.
    static func headers(_ request: Request) -> WebhookHeaders {
        WebhookHeaders(request.headers.map { ($0.name.rawName, $0.value) })
    }

    static func json(_ status: Int, _ body: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The receiver's error shape, for failures before the receiver is reached.
    static func error(_ status: Int, code: String, message: String, path: String? = nil, detail: String? = nil) -> Response {
        var json = JSONWriter()
        json.beginObject()
        json.key("success"); json.bool(false)
        json.member("status", "error")
        json.member("error", message)
        json.member("code", code)
        json.member("path", path)
        json.member("detail", detail)
        json.endObject()
        return Self.json(status, json.bytes)
    }
}
