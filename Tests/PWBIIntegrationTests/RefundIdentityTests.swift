import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Testing

/// A Karage refund (`OrderStatus` 106) carries its sale's `OrderID`: the sale and the refund are
/// two stored transactions whichever arrives first, singly or in bulk, and neither overwrites the other.
struct RefundIdentityHarness {
    let keys = InMemoryAPIKeyStore()
    let transactions = InMemoryTransactionStore()
    let receiver: WebhookReceiver
    let apiKey: String

    init() async throws {
        apiKey = try await APIKeyIssuer(store: keys).issue(description: "Karage", tenant: ReceiverHarness.tenant, now: Date(timeIntervalSince1970: 0)).key
        var sources = WebhookSourceRegistry()
        try sources.register(WebhookSource(
            name: "karage", authentication: .apiKey(APIKeyAuthenticator(store: keys)),
            envelope: .body(.transactionCreated), mapper: KarageMapper(), rules: [.karageDefaults(statuses: ["103", "106"])],
            mapping: MappingContext(tenant: "", zone: try #require(ZoneRule(identifier: "Asia/Riyadh")), defaultCurrency: .SAR)
        ))
        receiver = WebhookReceiver(
            sources: sources, idempotency: InMemoryIdempotencyStore(), transactions: transactions,
            now: { Date(timeIntervalSince1970: 1_764_244_200) })
    }

    static func sale(_ id: Int = 2001) throws -> String { try ReceiverHarness.order(id) }
    static func refund(_ id: Int = 2001, _ edits: [(String, String)] = []) throws -> String {
        try ReceiverHarness.order(id, [(#""OrderStatus": 103,"#, #""OrderStatus": 106,"#)] + edits)
    }

    func single(_ body: String, idempotencyKey: String? = nil) async -> WebhookResponse {
        var headers = WebhookHeaders([("Content-Type", "application/json"), ("X-API-KEY", apiKey)])
        if let idempotencyKey { headers.add("Idempotency-Key", idempotencyKey) }
        return await receiver.receive(WebhookRequest(source: "karage", headers: headers, body: Array(body.utf8)))
    }

    func bulk(_ orders: [String]) async -> WebhookResponse {
        let body = #"{"orders":["# + orders.joined(separator: ",") + "]}"
        return await receiver.receiveBulk(WebhookRequest(
            source: "karage", headers: WebhookHeaders([("X-API-KEY", apiKey)]), body: Array(body.utf8)))
    }

    var stored: [StoredTransaction] { get async { await transactions.all } }
}

@Suite("Sales and refunds of one order id")
struct RefundIdentityTests {
    /// The sale and the refund as stored, both exact: 80.50 SAR each, the refund linked to its sale.
    func expectSaleAndRefund(_ stored: [StoredTransaction], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let amount = try ExactDecimal(significand: 8_050, scale: 2)
        #expect(stored.count == 2, sourceLocation: sourceLocation)
        let sale = try #require(stored.first { $0.transaction.kind == .sale }, sourceLocation: sourceLocation)
        let refund = try #require(stored.first { $0.transaction.kind == .refund }, sourceLocation: sourceLocation)
        #expect(sale.internalID != refund.internalID, sourceLocation: sourceLocation)
        #expect(sale.transaction.externalID == "2001" && refund.transaction.externalID == "2001", sourceLocation: sourceLocation)
        #expect(sale.transaction.total == amount, sourceLocation: sourceLocation)
        #expect(sale.transaction.sourceStatus == "103" && sale.transaction.originalExternalID == nil, sourceLocation: sourceLocation)
        #expect(refund.transaction.total == amount, sourceLocation: sourceLocation)
        #expect(refund.transaction.sourceStatus == "106" && refund.transaction.originalExternalID == "2001", sourceLocation: sourceLocation)
        #expect(sale.updatedAt == sale.insertedAt && refund.updatedAt == refund.insertedAt, sourceLocation: sourceLocation)
    }

    @Test(arguments: [false, true])
    func singleDeliveriesInEitherOrderStoreTwoTransactions(refundFirst: Bool) async throws {
        let harness = try await RefundIdentityHarness()
        let bodies = [try RefundIdentityHarness.sale(), try RefundIdentityHarness.refund()]
        for body in refundFirst ? bodies.reversed() : bodies {
            let response = await harness.single(body)
            #expect(response.status == 200, "\(response.bodyText)")
            #expect(try json(response)["duplicate"] as? Bool == false)
        }
        try expectSaleAndRefund(await harness.stored)
    }

    /// With the sender's own `Idempotency-Key`s, the refund used to replace the sale in the store.
    @Test func senderIdempotencyKeysDoNotLetTheRefundReplaceTheSale() async throws {
        let harness = try await RefundIdentityHarness()
        #expect(await harness.single(try RefundIdentityHarness.sale(), idempotencyKey: "k-sale").status == 200)
        #expect(await harness.single(try RefundIdentityHarness.refund(), idempotencyKey: "k-refund").status == 200)
        try expectSaleAndRefund(await harness.stored)
    }

    @Test(arguments: [false, true])
    func oneBulkRequestInEitherOrderStoresTwoTransactions(refundFirst: Bool) async throws {
        let harness = try await RefundIdentityHarness()
        let orders = [try RefundIdentityHarness.sale(), try RefundIdentityHarness.refund()]
        let response = await harness.bulk(refundFirst ? orders.reversed() : orders)
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(try json(response)["message"] as? String == "Processed 2 orders: 2 succeeded, 0 failed")
        try expectSaleAndRefund(await harness.stored)
    }

    @Test(arguments: [false, true])
    func twoBulkRequestsInEitherOrderStoreTwoTransactions(refundFirst: Bool) async throws {
        let harness = try await RefundIdentityHarness()
        let orders = [try RefundIdentityHarness.sale(), try RefundIdentityHarness.refund()]
        for order in refundFirst ? orders.reversed() : orders {
            #expect(await harness.bulk([order]).status == 200)
        }
        try expectSaleAndRefund(await harness.stored)
    }

    @Test func aRefundWhoseSaleWasNeverSeenIsStoredAsARefundLinkedToIt() async throws {
        let harness = try await RefundIdentityHarness()
        #expect(await harness.single(try RefundIdentityHarness.refund(2002)).status == 200)
        let stored = await harness.stored
        #expect(stored.count == 1)
        #expect(stored.first?.transaction.kind == .refund)
        #expect(stored.first?.transaction.originalExternalID == "2002")
        // The sale arriving later is a second transaction, not a change to the refund.
        #expect(await harness.bulk([try RefundIdentityHarness.sale(2002)]).status == 200)
        #expect(await harness.stored.map(\.transaction.kind) == [.refund, .sale])
    }

    /// Same kind, different content: the documented 422 (single) and `duplicate_order` (bulk);
    /// the stored sale and refund keep their content.
    @Test func aChangedSaleOrRefundIsStillRefused() async throws {
        let harness = try await RefundIdentityHarness()
        #expect(await harness.bulk([try RefundIdentityHarness.sale(), try RefundIdentityHarness.refund()]).status == 200)
        let changedSale = try ReceiverHarness.order(2001, [BulkOrderSyncTests.changedItem])
        let changedRefund = try RefundIdentityHarness.refund(2001, [BulkOrderSyncTests.changedItem])
        let single = await harness.single(changedSale)
        #expect(single.status == 422)
        #expect(try json(single)["code"] as? String == "idempotency_key_reused")
        let bulk = await harness.bulk([changedRefund])
        #expect(bulk.status == 400)
        let result = try #require(((try json(bulk)["data"] as? [String: Any])?["results"] as? [[String: Any]])?.first)
        #expect(result["code"] as? String == "duplicate_order")
        try expectSaleAndRefund(await harness.stored)
        #expect(await harness.stored.allSatisfy { $0.transaction.lineItems.first?.name == "Office Chair" })
    }

    @Test func anIdenticalRefundAgainIsADuplicate() async throws {
        let harness = try await RefundIdentityHarness()
        let first = await harness.single(try RefundIdentityHarness.refund())
        let again = await harness.single(try RefundIdentityHarness.refund())
        #expect(again.status == 200)
        #expect(try json(again)["duplicate"] as? Bool == true)
        #expect(again.internalIDs == first.internalIDs)
        #expect(await harness.stored.count == 1)
    }

    @Test func theKeyTellsTheKindsApartAndASaleKeyPrintsAsBefore() {
        let sale = TransactionKey(tenant: "t", source: .karage, externalID: "2001")
        let refund = TransactionKey(tenant: "t", source: .karage, externalID: "2001", kind: .refund)
        let void = TransactionKey(tenant: "t", source: .karage, externalID: "2001", kind: .void)
        #expect(Set([sale, refund, void]).count == 3)
        #expect([sale, refund, void].map(\.description) == ["t/karage/-/2001", "t/karage/-/2001/refund", "t/karage/-/2001/void"])
        // An external id that itself ends in "/refund" is escaped, so it never prints like a refund's key.
        #expect(TransactionKey(tenant: "t", source: .karage, externalID: "2001/refund").description == "t/karage/-/2001%2Frefund")
    }
}
