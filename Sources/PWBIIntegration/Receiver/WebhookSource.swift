#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping
public import PWBISignatures

/// Everything the receiver needs to know about one source: how deliveries authenticate, how
/// the body is laid out, which mapper reads it, which rules it must pass, and how its
/// idempotency key is derived.
public struct WebhookSource: Sendable {
    /// The name deliveries are addressed to (`karage`, `pawoon`…).
    public var name: String
    /// The tenant of every delivery to this registration; nil when the request or the API key names it.
    public var tenant: String?
    /// Signature scheme and secrets, or API keys.
    public var authentication: WebhookAuthentication
    /// Where the event type and the payload are in the body.
    public var envelope: WebhookEnvelope
    /// Reads the payload into the unified model.
    public var mapper: any TransactionMapper
    /// The event types accepted; others are answered 400.
    public var allowedEvents: Set<EventType>
    /// Rules every mapped transaction must pass, in order; the first failure is the 400's message
    /// (Karage: `ValidationRule.karageDefaults(statuses:)` — allowed statuses, fully paid…).
    public var rules: [ValidationRule]
    /// How the idempotency key is derived, first available wins; ``IdempotencyKeySource/identity`` always is.
    public var idempotencyKeys: [IdempotencyKeySource]
    /// Zones, default currency and outlet, and JSON limits for mapping (its tenant is set per delivery).
    public var mapping: MappingContext
    /// Where mapped events other than transactions (inventory, payment notifications) go.
    public var eventSink: (any WebhookEventSink)?

    /// A source; `allowedEvents` defaults to every event the mapper handles.
    public init(
        name: String,
        tenant: String? = nil,
        authentication: WebhookAuthentication,
        envelope: WebhookEnvelope = .eventField(),
        mapper: any TransactionMapper,
        allowedEvents: Set<EventType>? = nil,
        rules: [ValidationRule] = [],
        idempotencyKeys: [IdempotencyKeySource] = [.header("Idempotency-Key"), .header("webhook-id"), .identity],
        mapping: MappingContext = MappingContext(tenant: ""),
        eventSink: (any WebhookEventSink)? = nil
    ) {
        self.name = name
        self.tenant = tenant
        self.authentication = authentication
        self.envelope = envelope
        self.mapper = mapper
        self.allowedEvents = allowedEvents ?? Set(mapper.supportedEvents)
        self.rules = rules
        self.idempotencyKeys = idempotencyKeys
        self.mapping = mapping
        self.eventSink = eventSink
    }
}

/// How a source's deliveries prove where they come from.
public enum WebhookAuthentication: Sendable {
    /// A signature scheme over the raw body, verified against every listed secret (rotation: list
    /// the new secret and the old one until senders have switched).
    case signature(any WebhookSignatureScheme, secrets: [String])
    /// An `X-API-KEY` header checked against hashed keys; the key names the tenant.
    case apiKey(APIKeyAuthenticator)
}

/// Where the event type and the payload are in a body.
public enum WebhookEnvelope: Sendable, Hashable {
    /// The reference framework's envelope: `{"event_type": "transaction.created", "data": {…}}`.
    case eventField(type: String = "event_type", data: String = "data")
    /// The whole body is the payload of one fixed event (Karage's `POST …/pos-order`, gateway callbacks).
    case body(EventType)
}

/// One way of deriving a delivery's idempotency key. Every key is namespaced by tenant and source.
public enum IdempotencyKeySource: Sendable, Hashable {
    /// The value of a request header (`Idempotency-Key`, Standard Webhooks' `webhook-id`), when present.
    case header(String)
    /// The identity of what the payload describes: tenant + source + outlet + external id for a
    /// transaction, order reference + status for a payment notification, external id (else the
    /// body's fingerprint) for an inventory update.
    case identity
}

/// Receives mapped events that are not transactions — inventory updates, payment notifications —
/// exactly once per idempotency key, like ``TransactionStore`` receives transactions.
public protocol WebhookEventSink: Sendable {
    /// Stores `event`; returns the host's id for it. A throw answers 503 and releases the claim.
    func store(_ event: MappedEvent, tenant: String, source: String, now: Date) async throws -> String
}

/// A registration the registry refuses.
public struct WebhookConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the registration.
    public let message: String
    /// An error with the given message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The sources a receiver knows, by name and (optionally) tenant.
public struct WebhookSourceRegistry: Sendable {
    private var sources: [String: [Registration]] = [:]

    /// A registered source with what the receiver prepares for it once: a signature source's
    /// scheme bound to its secrets (keyed HMACs, not re-keyed per delivery).
    final class Registration: Sendable {
        let source: WebhookSource
        let verifier: (any WebhookSignatureVerifier)?

        init(_ source: WebhookSource) {
            self.source = source
            if case .signature(let scheme, let secrets) = source.authentication {
                verifier = scheme.verifier(secrets: secrets)
            } else {
                verifier = nil
            }
        }
    }

    /// An empty registry.
    public init() {}

    /// Registers `source`; a name + tenant pair may be registered once.
    public mutating func register(_ source: WebhookSource) throws(WebhookConfigurationError) {
        guard !source.name.isEmpty else { throw WebhookConfigurationError("a source needs a name") }
        if case .signature(_, let secrets) = source.authentication {
            guard !secrets.isEmpty, !secrets.contains(where: \.isEmpty) else {
                throw WebhookConfigurationError("source \(source.name): a signature needs at least one non-empty secret")
            }
        }
        let needsSink = source.allowedEvents.contains { $0 != .transactionCreated }
        if needsSink, source.eventSink == nil {
            let others = source.allowedEvents.filter { $0 != .transactionCreated }.map(\.rawValue).sorted()
            throw WebhookConfigurationError("source \(source.name): events \(others.joined(separator: ", ")) need an eventSink")
        }
        guard !source.allowedEvents.isEmpty else { throw WebhookConfigurationError("source \(source.name) allows no event") }
        if let unsupported = source.allowedEvents.first(where: { !source.mapper.supports($0) }) {
            throw WebhookConfigurationError("source \(source.name): the \(source.mapper.sourceSystem) mapper does not handle \(unsupported)")
        }
        if sources[source.name, default: []].contains(where: { $0.source.tenant == source.tenant }) {
            throw WebhookConfigurationError("source \(source.name) is already registered for tenant \(source.tenant ?? "(any)")")
        }
        sources[source.name, default: []].append(Registration(source))
    }

    /// The registration for `name`: the one for `tenant` if there is one, else the tenant-less one;
    /// without a tenant, the tenant-less one or else the only registration of that name.
    public func source(named name: String, tenant: String?) -> WebhookSource? {
        registration(named: name, tenant: tenant)?.source
    }

    /// The registration ``source(named:tenant:)`` finds, with what was prepared for it.
    func registration(named name: String, tenant: String?) -> Registration? {
        guard let candidates = sources[name] else { return nil }
        if let tenant, let exact = candidates.first(where: { $0.source.tenant == tenant }) { return exact }
        if let open = candidates.first(where: { $0.source.tenant == nil }) { return open }
        return tenant == nil && candidates.count == 1 ? candidates[0] : nil
    }

    /// Every registered source name, sorted.
    public var names: [String] { sources.keys.sorted() }
}
