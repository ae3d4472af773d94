import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Testing

/// Bulk requests to the harness's Karage source.
extension ReceiverHarness {
    /// Karage's order with `OrderID` = `id` (and the edits), as text.
    static func order(_ id: Int, _ edits: [(String, String)] = []) throws -> String {
        String(decoding: try Fixtures.karage(id: id, edits), as: UTF8.self)
    }

    /// An order whose `Quantity` is not a number: fails mapping at `orders[i].OrderItems[0].Quantity`.
    static func brokenOrder(_ id: Int) throws -> String {
        try order(id, [(#""Quantity": 1,"#, #""Quantity": "one","#)])
    }

    func bulk(_ orders: [String], wrapped: Bool = true) -> WebhookRequest {
        let array = "[" + orders.joined(separator: ",") + "]"
        return keyed(Array((wrapped ? #"{"orders":"# + array + "}" : array).utf8))
    }

    func bulk(_ body: [UInt8]) -> WebhookRequest { keyed(body) }
}

@Suite("Bulk order sync")
struct BulkOrderSyncTests {
    /// `{"event_type"…}` is not how bulk works: the harness's `karage` source takes bare orders.
    static let changedItem = (#""ItemName": "Office Chair""#, #""ItemName": "Desk Chair""#)

    func results(_ response: WebhookResponse) throws -> [[String: Any]] {
        try #require((try json(response)["data"] as? [String: Any])?["results"] as? [[String: Any]])
    }

    @Test func allSucceed200WithTheSummary() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receiveBulk(harness.bulk(try (1...3).map { try ReceiverHarness.order(3000 + $0) }))
        #expect(response.status == 200, "\(response.bodyText)")
        let body = try json(response)
        #expect(body["status"] as? String == "success")
        #expect(body["success"] as? Bool == true)
        #expect(body["message"] as? String == "Processed 3 orders: 3 succeeded, 0 failed")
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["total"] as? Int == 3)
        #expect(data["succeeded"] as? Int == 3)
        #expect(data["failed"] as? Int == 0)
        let results = try results(response)
        #expect(results.map { $0["external_id"] as? String } == ["3001", "3002", "3003"])
        #expect(results.map { $0["index"] as? Int } == [0, 1, 2])
        #expect(results.allSatisfy { $0["status"] as? String == "success" && ($0["internal_id"] as? String)?.hasPrefix("txn_") == true })
        #expect(response.internalIDs.count == 3)
        #expect(await harness.storedCount == 3)
    }

    /// The fixture: ten orders, the fourth not fully paid, the eighth with an unknown PaymentMode.
    @Test func tenOrdersTwoFailing207WithTheReferenceMessage() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receiveBulk(harness.bulk(try resourceBytes("Receiver/karage-bulk-10.json")))
        #expect(response.status == 207)
        let body = try json(response)
        #expect(body["message"] as? String == "Processed 10 orders: 8 succeeded, 2 failed")
        #expect(body["status"] as? String == "partial_success")
        let failed = try results(response).filter { $0["status"] as? String == "error" }
        #expect(failed.map { $0["index"] as? Int } == [3, 7])
        #expect(failed.map { $0["code"] as? String } == ["validation_failed", "invalid_field"])
        #expect(failed[0]["error"] as? String == "Order is not fully paid: payments of 80.50; found 70.00")
        #expect(failed[0]["external_id"] as? String == "3003")
        #expect(failed[1]["path"] as? String == "orders[7].PaymentMode")
        #expect(await harness.storedCount == 8)
    }

    @Test func noneSucceed400() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receiveBulk(harness.bulk([try ReceiverHarness.brokenOrder(1), try ReceiverHarness.brokenOrder(2)]))
        #expect(response.status == 400)
        #expect(try json(response)["message"] as? String == "Processed 2 orders: 0 succeeded, 2 failed")
        #expect(try results(response).map { $0["path"] as? String } == ["orders[0].OrderItems[0].Quantity", "orders[1].OrderItems[0].Quantity"])
    }

    @Test func overTheLimitIs413WithTheLimit() async throws {
        let harness = try await ReceiverHarness(configuration: WebhookReceiverConfiguration(maxBulkOrders: 5))
        let response = await harness.receiver.receiveBulk(harness.bulk(try (1...6).map { try ReceiverHarness.order($0) }))
        #expect(response.status == 413)
        #expect(try json(response)["error"] as? String == "Too many orders: 6. Maximum allowed: 5")
        #expect(await harness.storedCount == 0)
        let atLimit = await harness.receiver.receiveBulk(harness.bulk(try (1...5).map { try ReceiverHarness.order($0) }))
        #expect(atLimit.status == 200)
    }

    @Test func theDefaultLimitIs1000() {
        #expect(WebhookReceiverConfiguration().maxBulkOrders == 1000)
    }

    @Test func anIdenticalRepeatInsideTheBatchIsADuplicateAndAChangedOneFailsNamingBothPositions() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receiveBulk(harness.bulk([
            try ReceiverHarness.order(1), try ReceiverHarness.order(2), try ReceiverHarness.order(1),
            try ReceiverHarness.order(1, [Self.changedItem]),
        ]))
        #expect(response.status == 207)
        let results = try results(response)
        #expect(results.map { $0["status"] as? String } == ["success", "success", "success", "error"])
        #expect(results.map { $0["duplicate"] as? Bool } == [false, false, true, nil])
        #expect(results[2]["internal_id"] as? String == results[0]["internal_id"] as? String)
        #expect(results[3]["code"] as? String == "duplicate_in_batch")
        #expect(results[3]["error"] as? String == "OrderID 1 at orders[0] and orders[3] with different content")
        #expect(results[3]["path"] as? String == "orders[3]")
        #expect(await harness.storedCount == 2)
        // Never an update: the first content is what is stored.
        let stored = await (harness.transactions as? InMemoryTransactionStore)?.all.first { $0.transaction.externalID == "1" }
        #expect(stored?.transaction.lineItems.first?.name == "Office Chair")
        #expect(stored?.updatedAt == stored?.insertedAt)
    }

    /// The plugin's current bulk body: `pos_config_id`/`partner_id`/`customer_ref` at the top and
    /// per order, orders without totals (computed exactly, `totals_computed`).
    @Test func theCurrentPluginEnvelopeIsAccepted() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receiveBulk(harness.bulk(try resourceBytes("Receiver/karage-bulk-current-envelope.json")))
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(try results(response).map { $0["external_id"] as? String } == ["11112111", "11112112"])
        let stored = await (harness.transactions as? InMemoryTransactionStore)?.all ?? []
        // 46.67 × 2 − 5 % = 88.6730 exactly; the customer paid 88.68.
        #expect(stored.map(\.transaction.total.description) == ["18.75", "88.673"])
        #expect(stored.allSatisfy { $0.transaction.warnings.contains { $0.code == .totalsComputed } })
    }

    @Test(arguments: [
        (#"{"pos_config_id": "five", "orders": []}"#, "pos_config_id"),
        (#"{"pos_config_id": 0, "orders": []}"#, "pos_config_id"),
        (#"{"partner_id": -3, "orders": []}"#, "partner_id"),
        (#"{"customer_ref": 7, "orders": []}"#, "customer_ref"),
    ])
    func aMalformedEnvelopeFieldIs400WithItsPath(_ body: String, _ path: String) async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receiveBulk(harness.bulk(Array(body.utf8)))
        #expect(response.status == 400)
        #expect(try json(response)["path"] as? String == path)
    }

    @Test func aMalformedPerOrderPartnerFailsThatOrderOnly() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receiveBulk(harness.bulk([
            try ReceiverHarness.order(1), try ReceiverHarness.order(2, [(#""OrderStatus": 103,"#, #""OrderStatus": 103, "partner_id": 0,"#)]),
        ]))
        #expect(response.status == 207)
        #expect(try results(response)[1]["path"] as? String == "orders[1].partner_id")
    }

    @Test func duplicatesAgainstTheStoreSucceedAsDuplicatesOrFailWhenChanged() async throws {
        let harness = try await ReceiverHarness()
        _ = await harness.receiver.receiveBulk(harness.bulk([try ReceiverHarness.order(1), try ReceiverHarness.order(2)]))
        let again = await harness.receiver.receiveBulk(harness.bulk([
            try ReceiverHarness.order(1), try ReceiverHarness.order(2, [Self.changedItem]), try ReceiverHarness.order(3),
        ]))
        #expect(again.status == 207)
        let data = try #require(try json(again)["data"] as? [String: Any])
        #expect(data["duplicates"] as? Int == 1)
        let results = try results(again)
        #expect(results[0]["status"] as? String == "success")
        #expect(results[0]["duplicate"] as? Bool == true)
        #expect(results[1]["code"] as? String == "duplicate_order")
        #expect(results[1]["error"] as? String == "Duplicate order: order 2 already exists with different content")
        #expect(results[2]["duplicate"] as? Bool == false)
        #expect(await harness.storedCount == 3)
    }

    @Test func aSingleOrderDeliveryAndTheSameOrderInABulkAreOneTransaction() async throws {
        let harness = try await ReceiverHarness()
        let order = try ReceiverHarness.order(1)
        let single = await harness.receiver.receive(harness.keyed(Array(order.utf8)))
        #expect(single.status == 200)
        let bulk = await harness.receiver.receiveBulk(harness.bulk([order]))
        let result = try #require(try results(bulk).first)
        #expect(result["duplicate"] as? Bool == true)
        #expect(result["internal_id"] as? String == single.internalIDs.first)
        #expect(await harness.storedCount == 1)
    }

    @Test func aBareArrayIsAcceptedToo() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receiveBulk(harness.bulk([try ReceiverHarness.order(1)], wrapped: false))
        #expect(response.status == 200)
    }

    @Test func malformedBulkBodies() async throws {
        let harness = try await ReceiverHarness()
        for (body, status, code) in [
            (#"{"orders":[]}"#, 400, "no_orders"),
            (#"{"orderz":[]}"#, 400, "missing_field"),
            (#"{"orders":{}}"#, 400, "invalid_field"),
            (#"{"orders":[1,"#, 400, "invalid_json"),
            (#""orders""#, 400, "invalid_field"),
        ] {
            let response = await harness.receiver.receiveBulk(harness.bulk(Array(body.utf8)))
            #expect(response.status == status, "\(body)")
            #expect(try json(response)["code"] as? String == code, "\(body)")
        }
        let unauthenticated = await harness.receiver.receiveBulk(WebhookRequest(source: "karage", body: Array(#"{"orders":[]}"#.utf8)))
        #expect(unauthenticated.status == 401)
        let nonOrders = await harness.receiver.receiveBulk(harness.bulk(Array(#"{"orders":[1,"x",null]}"#.utf8)))
        #expect(nonOrders.status == 400)
        #expect(try json(nonOrders)["message"] as? String == "Processed 3 orders: 0 succeeded, 3 failed")
    }

    @Test func aStoreOutageForEveryOrderIs503() async throws {
        let harness = try await ReceiverHarness(transactions: FaultyTransactionStore(.failing))
        let response = await harness.receiver.receiveBulk(harness.bulk([try ReceiverHarness.order(1), try ReceiverHarness.order(2)]))
        #expect(response.status == 503)
        #expect(response.headers.value(of: "Retry-After") == "30")
        #expect(await harness.idempotency.record(forKey: "tx/merchant-1/karage/-/1") == nil)
    }

    @Test func failedOrdersAreDeadLetteredOneByOneAndReplayable() async throws {
        let store = FaultyTransactionStore(.failing)
        let harness = try await ReceiverHarness(transactions: store)
        _ = await harness.receiver.receiveBulk(harness.bulk([try ReceiverHarness.order(1), try ReceiverHarness.brokenOrder(2)]))
        let letters = await harness.deadLetters.list(limit: nil)
        #expect(letters.count == 2)
        #expect(letters.allSatisfy { $0.tenant == "merchant-1" && $0.source == "karage" })
        #expect(letters.allSatisfy { !$0.headers.contains { $0.name.lowercased() == "x-api-key" } })
        #expect(letters.map { String(decoding: $0.body, as: UTF8.self) } == [try ReceiverHarness.order(1), try ReceiverHarness.brokenOrder(2)].map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        })
        await store.set(.working)
        let report = try await harness.receiver.replayDeadLetters()
        #expect(report.replayed == [letters[0].id])
        #expect(report.failed == [letters[1].id])
        let kept = try #require(await harness.deadLetters.entry(id: letters[1].id))
        #expect(kept.attempts == 2)
        #expect(kept.reason.hasPrefix("replay: 400 Invalid field OrderItems[0].Quantity"))
        #expect(await store.count == 1)
    }

    @Test func summaryWording() {
        #expect(BulkSummary(results: [BulkOrderResult(index: 0)]).message == "Processed 1 order: 1 succeeded, 0 failed")
        let mixed = BulkSummary(results: (0..<10).map { BulkOrderResult(index: $0, error: $0 == 3 || $0 == 7 ? WebhookRejection(status: 400, code: "x", message: "y") : nil) })
        #expect(mixed.message == "Processed 10 orders: 8 succeeded, 2 failed")
    }
}
