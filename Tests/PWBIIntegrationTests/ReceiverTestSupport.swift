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

/// The fixtures deliveries are made of: the Karage guide's single order and the reference
/// framework's Pawoon transaction (as the PWBIMapping fixtures have them), edited per test.
enum Fixtures {
    static func text(_ name: String) throws -> String {
        String(decoding: try resourceBytes("Receiver/" + name), as: UTF8.self)
    }

    /// Karage's order (`OrderID` 2001, 80.50 SAR paid in cash) with `OrderID` = `id` and the edits.
    static func karage(id: Int = 2001, _ edits: [(String, String)] = []) throws -> [UInt8] {
        var text = try text("karage-order.json").replacingOccurrences(of: #""OrderID": 2001,"#, with: "\"OrderID\": \(id),")
        for (old, new) in edits {
            guard text.contains(old) else { throw FixtureEditMissing(text: old) }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return Array(text.utf8)
    }

    /// `{"event_type": …, "data": <Pawoon transaction>}` with `transaction_id` = `id` and the edits.
    static func pawoon(id: String = "PWN-20251227-000142", eventType: String = "transaction.created", _ edits: [(String, String)] = []) throws -> [UInt8] {
        var data = try text("pawoon-transaction.json").replacingOccurrences(of: "PWN-20251227-000142", with: id)
        for (old, new) in edits {
            guard data.contains(old) else { throw FixtureEditMissing(text: old) }
            data = data.replacingOccurrences(of: old, with: new)
        }
        return Array("{\"event_type\": \"\(eventType)\", \"data\": \(data)}".utf8)
    }
}

struct FixtureEditMissing: Error { let text: String }

/// A receiver with a signed source (`pawoon`: the reference framework's envelope and
/// `X-Webhook-Signature` scheme, tenant `merchant-1`) and an API-key source (`karage`: the
/// order is the body, the key names the tenant, Karage's default rules), in-memory stores, a
/// hand-moved clock.
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
        idempotency: (any IdempotencyStore)? = nil,
        configuration: WebhookReceiverConfiguration = WebhookReceiverConfiguration()
    ) async throws {
        self.transactions = transactions
        let clock = clock
        apiKey = try await APIKeyIssuer(store: keys).issue(description: "Karage POS Webhook Integration", tenant: Self.tenant, now: clock.now()).key
        receiver = WebhookReceiver(
            sources: try Self.sources(keys: keys), idempotency: idempotency ?? self.idempotency, transactions: transactions,
            log: log, deadLetters: deadLetters, configuration: configuration, now: { clock.now() }
        )
    }

    static func sources(keys: any APIKeyStore) throws -> WebhookSourceRegistry {
        var sources = WebhookSourceRegistry()
        let jakarta = try #require(ZoneRule(identifier: "Asia/Jakarta"))
        let riyadh = try #require(ZoneRule(identifier: "Asia/Riyadh"))
        try sources.register(WebhookSource(
            name: "pawoon", tenant: Self.tenant,
            authentication: .signature(HexHMACSHA256Scheme(), secrets: [Self.secret, Self.previousSecret]),
            mapper: PawoonMapper(), allowedEvents: [.transactionCreated], rules: [.totalsConsistent(), .nonNegativeSaleQuantities],
            mapping: MappingContext(tenant: "", zone: jakarta, defaultCurrency: .IDR)
        ))
        try sources.register(WebhookSource(
            name: "karage", authentication: .apiKey(APIKeyAuthenticator(store: keys)),
            envelope: .body(.transactionCreated), mapper: KarageMapper(), rules: [.karageDefaults()],
            mapping: MappingContext(tenant: "", zone: riyadh, defaultCurrency: .SAR)
        ))
        return sources
    }

    static func signature(_ body: [UInt8], secret: String = secret) -> String {
        HMAC<SHA256>(utf8Key: secret).authenticationCode(for: body).hexString
    }

    func signed(_ body: [UInt8], extra: [(String, String)] = [], secret: String = secret) -> WebhookRequest {
        WebhookRequest(
            source: "pawoon",
            headers: WebhookHeaders([("Content-Type", "application/json"), ("X-Webhook-Signature", Self.signature(body, secret: secret))] + extra),
            body: body
        )
    }

    func keyed(_ body: [UInt8], extra: [(String, String)] = [], key: String? = nil) -> WebhookRequest {
        WebhookRequest(
            source: "karage",
            headers: WebhookHeaders([("Content-Type", "application/json"), ("X-API-KEY", key ?? apiKey)] + extra),
            body: body
        )
    }

    func request(_ kind: SourceKind, _ body: [UInt8], extra: [(String, String)] = []) -> WebhookRequest {
        switch kind {
        case .signed: signed(body, extra: extra)
        case .keyed: keyed(body, extra: extra)
        }
    }

    /// The fixture delivery of `kind` with its transaction id made from `id`.
    static func body(_ kind: SourceKind, id: Int = 0, _ edits: [(String, String)] = []) throws -> [UInt8] {
        switch kind {
        case .signed: try Fixtures.pawoon(id: id == 0 ? "PWN-20251227-000142" : "PWN-\(id)", edits)
        case .keyed: try Fixtures.karage(id: id == 0 ? 2001 : id, edits)
        }
    }

    /// The idempotency key the fixture delivery of `kind` gets.
    static func identityKey(_ kind: SourceKind) -> String {
        switch kind {
        case .signed: "tx/merchant-1/pawoon/OUT-JKT-SUDIRMAN/PWN-20251227-000142"
        case .keyed: "tx/merchant-1/karage/-/2001"
        }
    }

    /// The fingerprint the receiver takes of a delivery of `kind`: its payload's raw bytes.
    static func fingerprint(_ kind: SourceKind, _ body: [UInt8]) throws -> PayloadFingerprint {
        let document = try JSONDocument(parsing: body)
        let payload = kind == .signed ? document.root["data"] : document.root
        return PayloadFingerprint(body: try payload.rawBytes())
    }

    var storedCount: Int {
        get async { await (transactions as? InMemoryTransactionStore)?.count ?? -1 }
    }
}

enum SourceKind: String, CaseIterable, Sendable {
    case signed, keyed
}

/// The parsed JSON body of a response.
func json(_ response: WebhookResponse) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
        throw FixtureEditMissing(text: "a JSON object body")
    }
    return object
}

import Testing
