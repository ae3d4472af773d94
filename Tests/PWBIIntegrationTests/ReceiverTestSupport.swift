import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Synchronization

/// A wall clock the test moves by hand.
final class ReceiverClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_764_232_200)) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Test-local conformance for pipeline tests: reads the kit's unified JSON (the tenant is the
/// authenticated one, never the payload's). The per-system mappers are tested in PWBIMapping.
struct UnifiedPayloadMapper: TransactionMapper {
    var sourceSystem: SourceSystem { .generic }
    var supportedEvents: [EventType] { [.transactionCreated] }
    func map(_ payload: JSONValue, event: EventType, context: MappingContext) throws(MappingError) -> MappedEvent {
        guard event == .transactionCreated else { throw unsupported(event) }
        return try UnifiedJSON.decode(payload, tenant: context.tenant, zones: context.zones)
    }
}

/// A transaction store that fails on demand, or blocks until its task is cancelled.
actor FaultyTransactionStore: TransactionStore {
    enum Mode: Sendable { case working, failing, blockUntilCancelled }
    struct Down: Error {}

    private let inner = InMemoryTransactionStore()
    private var mode: Mode
    private(set) var attempts = 0
    private var entered: [CheckedContinuation<Void, Never>] = []
    private var hasEntered = false

    init(_ mode: Mode) { self.mode = mode }

    func set(_ mode: Mode) { self.mode = mode }

    /// Returns once an upsert has started (for cancellation tests).
    func waitUntilEntered() async {
        if hasEntered { return }
        await withCheckedContinuation { entered.append($0) }
    }

    func upsert(_ transaction: UnifiedTransaction, now: Date) async throws -> UpsertResult {
        attempts += 1
        hasEntered = true
        for waiter in entered { waiter.resume() }
        entered.removeAll()
        switch mode {
        case .working:
            return await inner.upsert(transaction, now: now)
        case .failing:
            throw Down()
        case .blockUntilCancelled:
            let stream = AsyncStream<Never> { _ in }
            for await _ in stream {}
            throw CancellationError()
        }
    }

    func transaction(for key: TransactionKey) async -> StoredTransaction? {
        await inner.transaction(for: key)
    }

    var count: Int { get async { await inner.count } }
}

/// A receiver with a signed source (`pos-signed`, the reference `X-Webhook-Signature` scheme) and
/// an API-key source (`pos-keyed`), in-memory stores, a hand-moved clock.
struct ReceiverHarness {
    static let secret = "pwbi-test-secret-2025"
    static let previousSecret = "pwbi-test-secret-2024"
    static let tenant = "merchant-1"

    let clock = ReceiverClock()
    let idempotency = InMemoryIdempotencyStore()
    let log = InMemoryWebhookLog()
    let deadLetters = InMemoryDeadLetterQueue()
    let keys = InMemoryAPIKeyStore()
    let transactions: any TransactionStore
    let receiver: WebhookReceiver
    let apiKey: String

    init(
        transactions: any TransactionStore = InMemoryTransactionStore(),
        configuration: WebhookReceiverConfiguration = WebhookReceiverConfiguration()
    ) async throws {
        self.transactions = transactions
        let clock = clock
        apiKey = try await APIKeyIssuer(store: keys).issue(description: "POS", tenant: Self.tenant, now: clock.now()).key
        var sources = WebhookSourceRegistry()
        try sources.register(WebhookSource(
            name: "pos-signed", tenant: Self.tenant,
            authentication: .signature(HexHMACSHA256Scheme(), secrets: [Self.secret, Self.previousSecret]),
            mapper: UnifiedPayloadMapper()
        ))
        try sources.register(WebhookSource(
            name: "pos-keyed", authentication: .apiKey(APIKeyAuthenticator(store: keys)), mapper: UnifiedPayloadMapper()
        ))
        receiver = WebhookReceiver(
            sources: sources, idempotency: idempotency, transactions: transactions, log: log,
            deadLetters: deadLetters, configuration: configuration, now: { clock.now() }
        )
    }

    /// `{"event_type":"transaction.created","data":<unified transaction>}`.
    static func body(externalID: String = "2001", outlet: String? = "outlet-jakarta", total: Int64 = 8_050, eventType: String = "transaction.created") throws -> [UInt8] {
        var transaction = try TransactionStoreContract.sampleTransaction()
        transaction.externalID = externalID
        transaction.outlet = outlet
        transaction.total = try ExactDecimal(significand: total, scale: 2)
        return Array("{\"event_type\":\"\(eventType)\",\"data\":\(UnifiedJSON.encode(transaction))}".utf8)
    }

    static func signature(_ body: [UInt8], secret: String = secret) throws -> String {
        HMAC<SHA256>(utf8Key: secret).authenticationCode(for: body).hexString
    }

    func signed(_ body: [UInt8], extra: [(String, String)] = [], secret: String = secret) throws -> WebhookRequest {
        WebhookRequest(
            source: "pos-signed",
            headers: WebhookHeaders([("Content-Type", "application/json"), ("X-Webhook-Signature", try Self.signature(body, secret: secret))] + extra),
            body: body
        )
    }

    func keyed(_ body: [UInt8], extra: [(String, String)] = [], key: String? = nil) -> WebhookRequest {
        WebhookRequest(
            source: "pos-keyed",
            headers: WebhookHeaders([("Content-Type", "application/json"), ("X-API-KEY", key ?? apiKey)] + extra),
            body: body
        )
    }

    /// Either kind of request, for tests that run per source.
    func request(_ kind: SourceKind, _ body: [UInt8], extra: [(String, String)] = []) throws -> WebhookRequest {
        switch kind {
        case .signed: try signed(body, extra: extra)
        case .keyed: keyed(body, extra: extra)
        }
    }
}

enum SourceKind: String, CaseIterable, Sendable {
    case signed, keyed
}

/// The parsed JSON body of a response.
func json(_ response: WebhookResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
}

import Testing
