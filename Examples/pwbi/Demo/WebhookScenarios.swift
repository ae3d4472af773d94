import Foundation
import PWBIIntegration
import PWBIMapping
import PWBIRetry
import PWBISignatures

/// The webhook half of the day: signed deliveries from five systems through one receiver.
struct WebhookScenarios {
    static let tenant = "kopi-kita"
    static let pawoonSecret = "pawoon-demo-secret"
    static let mokaSecret = "whsec_" + Base64.encode(Array("moka-demo-signing-key-0123456789".utf8))
    static let xenditToken = "xendit-demo-callback-token"
    static let midtransServerKey = "SB-Mid-server-pwbi-demo"

    let now: Date
    let transactions: InMemoryTransactionStore
    /// Payment notifications (Xendit, Midtrans) land here, once per idempotency key.
    let payments = InMemoryWebhookEventSink()
    let log = InMemoryWebhookLog()
    let receiver: WebhookReceiver
    let karageKey: String

    init(now: Date, transactions: InMemoryTransactionStore, random: inout SeededRandomNumberGenerator) async throws {
        self.now = now
        self.transactions = transactions
        let unix = Int64(now.timeIntervalSince1970)
        let keys = InMemoryAPIKeyStore()
        karageKey = try await APIKeyIssuer(store: keys)
            .issue(description: "Karage POS (Odoo)", tenant: Self.tenant, now: now, using: &random).key
        let jakarta = MappingContext(tenant: Self.tenant, zone: .jakarta, defaultCurrency: .IDR)
        let riyadh = MappingContext(tenant: Self.tenant, zone: ZoneRule(identifier: "Asia/Riyadh") ?? .utc, defaultCurrency: .SAR)
        let mappers = MapperRegistry.standard
        var sources = WebhookSourceRegistry()
        try sources.register(WebhookSource(
            name: "pawoon", tenant: Self.tenant,
            authentication: .signature(HexHMACSHA256Scheme(), secrets: [Self.pawoonSecret]),
            mapper: try mappers.mapper(for: .pawoon), allowedEvents: [.transactionCreated], mapping: jakarta))
        try sources.register(WebhookSource(
            name: "moka", tenant: Self.tenant,
            authentication: .signature(StandardWebhooksScheme(tolerance: .fiveMinutes, clock: .fixed(unix)), secrets: [Self.mokaSecret]),
            mapper: try mappers.mapper(for: .moka), allowedEvents: [.transactionCreated], mapping: jakarta))
        try sources.register(WebhookSource(
            name: "karage",
            authentication: .apiKey(APIKeyAuthenticator(store: keys)),
            envelope: .body(.transactionCreated),
            mapper: try mappers.mapper(for: .karage), rules: [.karageDefaults()], mapping: riyadh))
        try sources.register(WebhookSource(
            name: "xendit", tenant: Self.tenant,
            authentication: .signature(XenditCallbackTokenScheme(), secrets: [Self.xenditToken]),
            envelope: .body(.paymentNotification),
            mapper: try mappers.mapper(for: .xendit), mapping: jakarta, eventSink: payments))
        try sources.register(WebhookSource(
            name: "midtrans", tenant: Self.tenant,
            authentication: .signature(MidtransScheme(), secrets: [Self.midtransServerKey]),
            envelope: .body(.paymentNotification),
            mapper: try mappers.mapper(for: .midtrans), mapping: jakarta, eventSink: payments))
        receiver = WebhookReceiver(
            sources: sources, idempotency: InMemoryIdempotencyStore(), transactions: transactions, log: log,
            now: { now }, makeToken: { ClaimToken(rawValue: "demo") }
        )
    }

    /// One delivery of the day and what the receiver answered.
    struct Delivery {
        let scenario: String
        let source: String
        let expected: Int
        let response: WebhookResponse
    }

    /// Runs every delivery; `seed` picks the receipt numbers and amounts.
    func run(random: inout SeededRandomNumberGenerator) async throws -> [Delivery] {
        var deliveries: [Delivery] = []
        func deliver(_ scenario: String, _ source: String, expect: Int, _ request: WebhookRequest, bulk: Bool = false) async {
            let response = bulk ? await receiver.receiveBulk(request) : await receiver.receive(request)
            deliveries.append(Delivery(scenario: scenario, source: source, expected: expect, response: response))
        }
        let unix = Int64(now.timeIntervalSince1970)
        let receipt = 100 + Int(random.next() % 900)
        let total = 100_000 + Int(random.next() % 50) * 1_000

        // Pawoon: the reference X-Webhook-Signature (hex HMAC-SHA256 of the raw body).
        let pawoon = Array(DemoPayloads.pawoonSale(id: "PWN-20251227-\(receipt)", total: total, outlet: "OUT-JKT-SUDIRMAN").utf8)
        let pawoonSigned = try signed(pawoon, HexHMACSHA256Scheme(), Self.pawoonSecret, source: "pawoon")
        await deliver("Pawoon sale, signed", "pawoon", expect: 200, pawoonSigned)
        await deliver("Pawoon retries the same delivery", "pawoon", expect: 200, pawoonSigned)
        var forged = pawoonSigned
        forged.headers.set("X-Webhook-Signature", String(repeating: "0", count: 64))
        await deliver("Forged signature", "pawoon", expect: 401, forged)
        let malformed = Array("{\"event_type\":\"transaction.created\",\"data\":{\"transaction_id\":".utf8)
        await deliver("Malformed JSON body", "pawoon", expect: 400, try signed(malformed, HexHMACSHA256Scheme(), Self.pawoonSecret, source: "pawoon"))
        let missingTotal = Array(String(decoding: pawoon, as: UTF8.self).replacingOccurrences(of: "\"total\":\(total),", with: "").utf8)
        await deliver("Missing field (total)", "pawoon", expect: 400, try signed(missingTotal, HexHMACSHA256Scheme(), Self.pawoonSecret, source: "pawoon"))
        let negative = Array(DemoPayloads.pawoonSale(id: "PWN-20251227-\(receipt)-N", total: -total, outlet: "OUT-JKT-SUDIRMAN").utf8)
        await deliver("Negative sale total", "pawoon", expect: 400, try signed(negative, HexHMACSHA256Scheme(), Self.pawoonSecret, source: "pawoon"))

        // Moka: Standard Webhooks (webhook-id, webhook-timestamp, v1 signature), 5-minute window.
        let moka = Array(DemoPayloads.mokaSale(id: "MK-TRX-\(3_350_000 + receipt)").utf8)
        let mokaScheme = StandardWebhooksScheme(tolerance: .fiveMinutes, clock: .fixed(unix))
        await deliver("Moka sale, Standard Webhooks", "moka", expect: 200,
                      try signed(moka, mokaScheme, Self.mokaSecret, source: "moka", id: "msg_moka_\(receipt)", timestamp: unix - 20))
        await deliver("Replayed capture, signed 1 h ago", "moka", expect: 401,
                      try signed(moka, mokaScheme, Self.mokaSecret, source: "moka", id: "msg_moka_\(receipt)", timestamp: unix - 3_600))

        // Karage (Odoo order webhook): X-API-KEY, one order, then a bulk of five with one unpaid.
        let orderID = 2_000 + receipt
        let karageHeaders = WebhookHeaders([("Content-Type", "application/json"), ("X-API-KEY", karageKey)])
        await deliver("Karage order, API key", "karage", expect: 200,
                      WebhookRequest(source: "karage", headers: karageHeaders, body: Array(DemoPayloads.karageOrder(id: orderID).utf8)))
        var wrongKey = karageHeaders
        wrongKey.set("X-API-KEY", "pwbi_0000000000000000_wrong")
        await deliver("Karage order, wrong API key", "karage", expect: 401,
                      WebhookRequest(source: "karage", headers: wrongKey, body: Array(DemoPayloads.karageOrder(id: orderID).utf8)))
        let bulkIDs = (1...5).map { orderID + $0 }
        let unpaid = bulkIDs[Int(random.next() % 5)]
        await deliver("Karage bulk of 5 (one not fully paid)", "karage", expect: 207,
                      WebhookRequest(source: "karage", headers: karageHeaders, body: Array(DemoPayloads.karageBulk(ids: bulkIDs, unpaid: unpaid).utf8)),
                      bulk: true)

        // Payment gateways: Xendit's static callback token, Midtrans' signature_key in the body.
        let xendit = Array(DemoPayloads.xenditInvoicePaid.utf8)
        await deliver("Xendit invoice paid", "xendit", expect: 200, try signed(xendit, XenditCallbackTokenScheme(), Self.xenditToken, source: "xendit"))
        let unsignedMidtrans = Array(DemoPayloads.midtransSettlement.utf8)
        let key = MidtransScheme.signatureKey(
            orderID: "PWBI-ORD-20251227-0091", statusCode: "200", grossAmount: "150000.00", serverKey: Self.midtransServerKey)
        let midtrans = unsignedMidtrans + Array(",\"signature_key\":\"\(key.hexString)\"}".utf8)
        await deliver("Midtrans settlement", "midtrans", expect: 200, WebhookRequest(source: "midtrans", body: midtrans))
        await deliver("Unknown source", "loyverse", expect: 404,
                      WebhookRequest(source: "loyverse", headers: WebhookHeaders([("X-Webhook-Signature", "00")]), body: pawoon))
        return deliveries
    }

    private func signed(
        _ body: [UInt8], _ scheme: some WebhookSignatureScheme, _ secret: String, source: String,
        id: String? = nil, timestamp: Int64? = nil
    ) throws -> WebhookRequest {
        let signature = try scheme.sign(body: body, secret: secret, id: id, timestamp: timestamp)
        var headers = signature.headers
        headers.add("Content-Type", "application/json")
        return WebhookRequest(source: source, headers: headers, body: body)
    }
}
