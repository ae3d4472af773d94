#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PWBIMapping
import PWBISignatures

/// The transport-agnostic webhook receiver: `(source, headers, raw body, tenant)` in,
/// `(status, JSON body)` out, each transaction stored exactly once however the sender repeats,
/// races or fails.
///
/// Pipeline: size limit → authenticate → parse → event type → map → validation rules →
/// idempotency claim → store → complete the claim → respond.
///
/// | Status | When |
/// |---|---|
/// | 200 | stored (with the internal id), or a repeat of a completed delivery (its stored response, marked `"duplicate":true`) |
/// | 400 | malformed JSON, a missing or invalid field (with its path), a failed validation rule, an unsupported event |
/// | 401 | missing or invalid signature or API key |
/// | 404 | unknown source (or no tenant for it) |
/// | 409 | the same idempotency key is still being processed (`Retry-After`) |
/// | 413 | body larger than ``WebhookReceiverConfiguration/maxBodyBytes``, checked before any parsing |
/// | 422 | the same idempotency key with a different payload |
/// | 503 | the host's store failed: nothing half-written, the claim released (`Retry-After`) |
///
/// Nothing the sender sends produces a 500. Every path that claims a key completes or releases it;
/// a claim stranded by a crash is taken over after the processing timeout.
///
/// ```swift
/// var sources = WebhookSourceRegistry()
/// try sources.register(WebhookSource(
///     name: "karage", authentication: .apiKey(APIKeyAuthenticator(store: keys)),
///     envelope: .body(.transactionCreated), mapper: KarageMapper(), mapping: MappingContext(tenant: "", zone: riyadh)))
/// let receiver = WebhookReceiver(sources: sources, idempotency: idempotencyStore, transactions: transactionStore)
/// let response = await receiver.receive(WebhookRequest(source: "karage", headers: headers, body: body))
/// // write response.status, response.headers, response.body
/// ```
public struct WebhookReceiver: Sendable {
    /// The sources deliveries may be addressed to.
    public let sources: WebhookSourceRegistry
    /// Where delivery keys are claimed, so each delivery is processed once.
    public let idempotency: any IdempotencyStore
    /// Where mapped transactions are stored.
    public let transactions: any TransactionStore
    /// The audit trail, one record per delivery.
    public let log: (any WebhookLog)?
    /// Where authenticated deliveries that could not be processed (400 after authentication, 503) are kept for replay.
    public let deadLetters: (any DeadLetterQueue)?
    /// Limits and policies.
    public let configuration: WebhookReceiverConfiguration
    /// Where each accepted delivery is recorded (``IntegrationState/lastDeliveryAt``), if anywhere.
    public let integrationStates: (any IntegrationStateStore)?
    /// Told of each dead-lettered delivery and of each accepted one (which heals its integration), if anyone is.
    public let failureNotifier: (any FailureNotifier)?
    /// Where deliveries of transactions are claimed, stored, completed and audited in one step, if the host offers it.
    public let deliveries: (any DeliveryCommitStore)?
    let now: @Sendable () -> Date
    let makeToken: @Sendable () -> ClaimToken

    /// - Parameters:
    ///   - sources: the sources deliveries may be addressed to.
    ///   - idempotency: where delivery keys are claimed.
    ///   - transactions: where mapped transactions are stored.
    ///   - log: the audit trail, if any.
    ///   - deadLetters: where failed authenticated deliveries are kept, if anywhere.
    ///   - configuration: limits and policies.
    ///   - integrationStates: where accepted deliveries are recorded for the diagnostics, if anywhere.
    ///   - now: the wall clock (injected in tests).
    ///   - makeToken: claim ownership tokens (128 secure random bits by default).
    ///   - failureNotifier: told of dead-lettered and accepted deliveries, if anyone is.
    ///   - deliveries: takes deliveries of transactions in one step (claim, store, complete, audit),
    ///     over the same records as `idempotency`, `transactions` and `log`; nil for the staged path.
    public init(
        sources: WebhookSourceRegistry,
        idempotency: any IdempotencyStore,
        transactions: any TransactionStore,
        log: (any WebhookLog)? = nil,
        deadLetters: (any DeadLetterQueue)? = nil,
        configuration: WebhookReceiverConfiguration = WebhookReceiverConfiguration(),
        integrationStates: (any IntegrationStateStore)? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        makeToken: @escaping @Sendable () -> ClaimToken = { ClaimToken.random() },
        failureNotifier: (any FailureNotifier)? = nil,
        deliveries: (any DeliveryCommitStore)? = nil
    ) {
        self.failureNotifier = failureNotifier
        self.deliveries = deliveries
        self.sources = sources
        self.idempotency = idempotency
        self.transactions = transactions
        self.log = log
        self.deadLetters = deadLetters
        self.configuration = configuration
        self.integrationStates = integrationStates
        self.now = now
        self.makeToken = makeToken
    }

    /// Runs one delivery through the pipeline and returns the response to write back. Never throws:
    /// every failure is a response.
    public func receive(_ request: WebhookRequest) async -> WebhookResponse {
        await run(request, trusted: false) { (trace: inout Trace) async throws(WebhookRejection) -> WebhookResponse in
            try await deliverSingle(request, trusted: false, trace: &trace)
        }
    }

    /// Deletes idempotency records older than the retention; returns how many (0 when retention is disabled).
    public func purgeExpiredIdempotencyRecords() async throws -> Int {
        guard let cutoff = configuration.idempotency.purgeCutoff(now: now()) else { return 0 }
        return try await idempotency.purge(before: cutoff)
    }

    // MARK: - One delivery

    /// What the audit record and dead-lettering need to know about a delivery as it progresses.
    struct Trace {
        var tenant: String?
        var authenticated = false
        var eventType: String?
        var idempotencyKey: String?
        /// When the delivery arrived (the audit record's clocks), if they were read.
        var started: ContinuousClock.Instant?
        var receivedAt: Date?
        /// The audit record was written with the delivery's one-step commit.
        var audited = false
    }

    /// Runs `body`, renders a rejection as a response, writes the audit record, dead-letters what should be.
    func run(
        _ request: WebhookRequest, trusted: Bool, deadLetterFailure: Bool = true,
        _ body: (inout Trace) async throws(WebhookRejection) -> WebhookResponse
    ) async -> WebhookResponse {
        // The clocks are read only for the audit record, dead letters and the delivery record.
        let started = log == nil ? nil : ContinuousClock.now
        let receivedAt: Date? = log == nil && deadLetters == nil && integrationStates == nil && failureNotifier == nil ? nil : now()
        var trace = Trace(started: started, receivedAt: receivedAt)
        let response: WebhookResponse
        var failure: WebhookRejection?
        do {
            response = try await body(&trace)
        } catch {
            failure = error
            response = render(error)
        }
        if let log, let started, !trace.audited {
            let entry = WebhookLogEntry(
                receivedAt: receivedAt ?? now(), source: request.source, tenant: trace.tenant, outcome: response.outcome,
                status: response.status, duration: ContinuousClock.now - started, idempotencyKey: trace.idempotencyKey,
                eventType: trace.eventType, internalID: response.internalIDs.first, errorMessage: failure?.message,
                bodySize: request.body.count, body: configuration.logBodies ? request.body : nil
            )
            try? await log.append(entry)
        }
        if !trusted, deadLetterFailure, let failure, trace.authenticated, let deadLetters,
           failure.status == 400 || failure.status == 503 {
            let letter = DeadLetter(
                source: request.source, tenant: trace.tenant, headers: Self.storableHeaders(request.headers),
                body: request.body, reason: failure.description, failedAt: receivedAt ?? now()
            )
            try? await deadLetters.enqueue(letter)
            await notifyDeadLettered(source: request.source, tenant: trace.tenant, failure, at: letter.failedAt)
        }
        if !trusted, response.status == 200, let notifier = failureNotifier, let tenant = trace.tenant {
            await notifier.succeeded(IntegrationID(tenant: tenant, sourceSystem: request.source), at: receivedAt ?? now())
        }
        if !trusted, response.status == 200, let states = integrationStates, let tenant = trace.tenant {
            // The delivery is stored already: failing to record it must not fail it.
            try? await states.recordDelivery(for: IntegrationID(tenant: tenant, sourceSystem: request.source), at: receivedAt ?? now())
        }
        return response
    }

    /// Headers worth keeping with a dead letter: all but credentials (`X-API-KEY`, `Authorization`).
    static func storableHeaders(_ headers: WebhookHeaders) -> [HTTPHeaderField] {
        headers.fields.compactMap { field in
            let name = field.name.lowercased()
            return name == "x-api-key" || name == "authorization" ? nil : HTTPHeaderField(field.name, field.value)
        }
    }

    func deliverSingle(_ request: WebhookRequest, trusted: Bool, trace: inout Trace) async throws(WebhookRejection) -> WebhookResponse {
        let (source, tenant) = try await admit(request, trusted: trusted, trace: &trace)
        let document = try parse(request.body, source: source)
        let (event, payload) = try open(document.root, envelope: source.envelope, allowed: source.allowedEvents)
        trace.eventType = event.rawValue
        let mapped = try map(payload, event: event, source: source, tenant: tenant)
        try validate(mapped, source: source)
        let fingerprint = try fingerprint(of: payload)
        let key = try idempotencyKey(for: mapped, request: request, source: source, tenant: tenant, fingerprint: fingerprint)
        trace.idempotencyKey = key
        let delivered = try await commit(
            mapped, event: event, key: key, fingerprint: fingerprint, source: source, tenant: tenant,
            audit: auditRecord(request, trace: trace)
        )
        if delivered.audited { trace.audited = true }
        return delivered.response
    }

    // MARK: - Stages

    /// Source lookup (404), size limit (413), authentication (401); returns the source and the tenant.
    func admit(_ request: WebhookRequest, trusted: Bool, trace: inout Trace) async throws(WebhookRejection) -> (WebhookSource, String) {
        guard let registration = sources.registration(named: request.source, tenant: request.tenant) else {
            throw .unknownSource(request.source)
        }
        let source = registration.source
        guard request.body.count <= configuration.maxBodyBytes else {
            throw .tooLarge(request.body.count, limit: configuration.maxBodyBytes)
        }
        let tenant: String?
        if trusted {
            tenant = request.tenant ?? source.tenant
        } else {
            switch source.authentication {
            case .signature(let scheme, let secrets):
                // Every signature source is registered with its verifier; binding here is only a fallback.
                let verifier = registration.verifier ?? scheme.verifier(secrets: secrets)
                do {
                    try verifier.verify(body: request.body, headers: request.headers)
                } catch {
                    throw .invalidSignature(error.description)
                }
                tenant = source.tenant ?? request.tenant
            case .apiKey(let authenticator):
                let result: APIKeyAuthentication
                do {
                    result = try await authenticator.authenticate(
                        key: request.headers[APIKeyAuthenticator.headerName], tenant: source.tenant ?? request.tenant, now: now()
                    )
                } catch {
                    throw .unavailable()
                }
                switch result {
                case .authenticated(let record): tenant = record.tenant
                case .rejected(let rejection): throw .invalidAPIKey(rejection)
                }
            }
        }
        guard let tenant, !tenant.isEmpty else { throw .unknownTenant(request.source) }
        trace.tenant = tenant
        trace.authenticated = true
        return (source, tenant)
    }

    /// Parses the body with the source's JSON limits (400, or 413 past the reader's size limit).
    func parse(_ body: [UInt8], source: WebhookSource) throws(WebhookRejection) -> JSONDocument {
        do {
            return try JSONDocument(parsing: body, options: source.mapping.jsonOptions)
        } catch {
            if case .tooLarge(let limit) = error.reason { throw .tooLarge(body.count, limit: limit) }
            throw WebhookRejection(
                status: 400, code: "invalid_json", message: "Invalid JSON: \(error.reasonDescription) at byte \(error.offset)"
            )
        }
    }

    /// The event type and the payload per the envelope; an event not allowed is a 400.
    func open(_ root: JSONValue, envelope: WebhookEnvelope, allowed: Set<EventType>) throws(WebhookRejection) -> (EventType, JSONValue) {
        switch envelope {
        case .body(let event):
            guard allowed.contains(event) else { throw .unsupportedEvent(event.rawValue, allowed: allowed) }
            return (event, root)
        case .eventField(let typeField, let dataField):
            let name: String
            do {
                _ = try root.object()
                name = try root[typeField].string()
            } catch {
                throw .mapping(error)
            }
            let event = EventType(rawValue: name)
            guard allowed.contains(event) else { throw .unsupportedEvent(name, allowed: allowed) }
            let payload = root[dataField]
            guard payload.exists, !payload.isNull else {
                throw .mapping(.missing(payload.path, expected: "the event's data"))
            }
            return (event, payload)
        }
    }

    /// Maps the payload with the source's mapper, in the delivery's tenant.
    func map(_ payload: JSONValue, event: EventType, source: WebhookSource, tenant: String) throws(WebhookRejection) -> MappedEvent {
        var context = source.mapping
        context.tenant = tenant
        do {
            return try source.mapper.map(payload, event: event, context: context)
        } catch {
            throw .mapping(error)
        }
    }

    /// Checks the sign and consistency rules every event must pass (``MappedEvent/checkAmounts()``),
    /// then runs the source's validation rules, in order, on every mapped transaction; the first
    /// failure is a 400.
    func validate(_ mapped: MappedEvent, source: WebhookSource) throws(WebhookRejection) {
        do { try mapped.checkAmounts() } catch { throw .mapping(error) }
        guard !source.rules.isEmpty else { return }
        for transaction in mapped.transactions {
            for rule in source.rules {
                do { try rule.check(transaction) } catch { throw .mapping(error) }
            }
        }
    }

    /// The fingerprint of a payload: the SHA-256 of its raw bytes exactly as received (the
    /// event's data for an envelope, the body without surrounding whitespace otherwise), so a
    /// single delivery and the same order inside a bulk request fingerprint alike.
    func fingerprint(of payload: JSONValue) throws(WebhookRejection) -> PayloadFingerprint {
        do { return PayloadFingerprint(body: try payload.rawBytes()) } catch { throw .mapping(error) }
    }

    // MARK: - Claim, store, complete

    /// What a committed delivery produced.
    struct Delivered {
        var response: WebhookResponse
        var duplicate: Bool
        /// The audit record was written with the commit.
        var audited = false
    }

    /// Claims `key`, stores the mapped event, completes the claim with the response — or, on any
    /// failure after the claim, releases it and answers 503.
    /// With a ``DeliveryCommitStore``, transactions are taken in one step instead, `audit` (the
    /// record of a stored delivery, if there is an audit trail) with them.
    func commit(
        _ mapped: MappedEvent, event: EventType, key: String, fingerprint: PayloadFingerprint, source: WebhookSource, tenant: String,
        audit: WebhookLogEntry? = nil
    ) async throws(WebhookRejection) -> Delivered {
        if let deliveries, let list = mapped.transactionList {
            return try await commitInOneStep(deliveries, list, mapped: mapped, event: event, key: key, fingerprint: fingerprint, audit: audit)
        }
        let claim: IdempotencyClaimResult
        do {
            claim = try await idempotency.claim(IdempotencyClaim(
                key: key, fingerprint: fingerprint, token: makeToken(), now: now(),
                processingTimeout: configuration.idempotency.processingTimeout
            ))
        } catch {
            throw .unavailable()
        }
        let token: ClaimToken
        switch claim {
        case .acquired(let owner): token = owner
        case .completed(let stored): return Delivered(response: replay(stored), duplicate: true)
        case .inProgress: throw .inProgress()
        case .fingerprintMismatch: throw .conflict()
        }

        let ids: [String]
        do {
            ids = try await store(mapped, source: source, tenant: tenant)
        } catch {
            _ = try? await idempotency.release(key: key, token: token)
            throw .unavailable()
        }
        let response = success(event: event, mapped: mapped, internalIDs: ids)
        do {
            _ = try await idempotency.complete(
                key: key, token: token, response: StoredResponse(status: response.status, body: response.body), now: now()
            )
        } catch {
            // The data is stored (upserts are idempotent); free the key so a retry can complete it.
            _ = try? await idempotency.release(key: key, token: token)
        }
        return Delivered(response: response, duplicate: false)
    }

    /// Upserts every transaction (or hands another event to the source's sink); the internal ids.
    func store(_ mapped: MappedEvent, source: WebhookSource, tenant: String) async throws -> [String] {
        switch mapped {
        case .transaction(let transaction):
            return [try await transactions.upsert(transaction, now: now()).internalID]
        case .transactions(let list):
            var ids: [String] = []
            ids.reserveCapacity(list.count)
            for transaction in list {
                try Task.checkCancellation()
                ids.append(try await transactions.upsert(transaction, now: now()).internalID)
            }
            return ids
        case .inventory, .payment:
            guard let sink = source.eventSink else { throw MissingEventSink() }
            return [try await sink.store(mapped, tenant: tenant, source: source.name, now: now())]
        }
    }

    /// A source without a sink delivered a non-transaction event (the registry prevents this).
    struct MissingEventSink: Error {}
}
