import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Testing

/// A receiver with Karage-style bulk: an API-key source whose orders are bare payloads.
struct BulkHarness {
    let clock = ReceiverClock()
    let idempotency = InMemoryIdempotencyStore()
    let deadLetters = InMemoryDeadLetterQueue()
    let keys = InMemoryAPIKeyStore()
    let transactions: any TransactionStore
    let receiver: WebhookReceiver
    let apiKey: String

    init(transactions: any TransactionStore = InMemoryTransactionStore(), maxBulkOrders: Int = 1000) async throws {
        self.transactions = transactions
        let clock = clock
        apiKey = try await APIKeyIssuer(store: keys).issue(description: "Karage POS Webhook Integration", tenant: "merchant-1", now: clock.now()).key
        var sources = WebhookSourceRegistry()
        try sources.register(WebhookSource(
            name: "karage", authentication: .apiKey(APIKeyAuthenticator(store: keys)),
            envelope: .body(.transactionCreated), mapper: UnifiedPayloadMapper()
        ))
        receiver = WebhookReceiver(
            sources: sources, idempotency: idempotency, transactions: transactions, deadLetters: deadLetters,
            configuration: WebhookReceiverConfiguration(maxBulkOrders: maxBulkOrders), now: { clock.now() }
        )
    }

    static func order(_ id: String, total: Int64 = 8_050) throws -> String {
        var transaction = try TransactionStoreContract.sampleTransaction()
        transaction.externalID = id
        transaction.total = try ExactDecimal(significand: total, scale: 2)
        return UnifiedJSON.encode(transaction)
    }

    /// An order whose `total` is not a number: fails mapping.
    static func brokenOrder(_ id: String) throws -> String {
        try order(id).replacingOccurrences(of: #""total":"80.50""#, with: #""total":"eighty""#)
    }

    func request(_ orders: [String], wrapped: Bool = true) -> WebhookRequest {
        let array = "[" + orders.joined(separator: ",") + "]"
        return WebhookRequest(
            source: "karage", headers: WebhookHeaders([("X-API-KEY", apiKey)]),
            body: Array((wrapped ? #"{"orders":"# + array + "}" : array).utf8)
        )
    }
}

@Suite("Bulk order sync")
struct BulkOrderSyncTests {
    @Test func allSucceed200WithTheSummary() async throws {
        let harness = try await BulkHarness()
        let response = await harness.receiver.receiveBulk(harness.request(try (1...3).map { try BulkHarness.order("O-\($0)") }))
        #expect(response.status == 200)
        let body = try json(response)
        #expect(body["status"] as? String == "success")
        #expect(body["success"] as? Bool == true)
        #expect(body["message"] as? String == "Processed 3 orders: 3 succeeded, 0 failed")
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["total"] as? Int == 3)
        #expect(data["succeeded"] as? Int == 3)
        #expect(data["failed"] as? Int == 0)
        let results = try #require(data["results"] as? [[String: Any]])
        #expect(results.map { $0["external_id"] as? String } == ["O-1", "O-2", "O-3"])
        #expect(results.allSatisfy { $0["status"] as? String == "success" && ($0["internal_id"] as? String)?.hasPrefix("txn_") == true })
        #expect(response.internalIDs.count == 3)
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 3)
    }

    @Test func tenOrdersTwoFailing207WithTheReferenceMessage() async throws {
        let harness = try await BulkHarness()
        var orders = try (1...10).map { try BulkHarness.order("O-\($0)") }
        orders[3] = try BulkHarness.brokenOrder("O-4")
        orders[7] = try BulkHarness.brokenOrder("O-8")
        let response = await harness.receiver.receiveBulk(harness.request(orders))
        #expect(response.status == 207)
        let body = try json(response)
        #expect(body["message"] as? String == "Processed 10 orders: 8 succeeded, 2 failed")
        #expect(body["status"] as? String == "partial_success")
        let results = try #require((body["data"] as? [String: Any])?["results"] as? [[String: Any]])
        let failed = results.filter { $0["status"] as? String == "error" }
        #expect(failed.map { $0["index"] as? Int } == [3, 7])
        #expect(failed.map { $0["path"] as? String } == ["orders[3].total", "orders[7].total"])
        #expect(failed.map { ($0["error"] as? String)?.hasPrefix("Invalid field \($0["path"] as? String ?? ""): expected ") } == [true, true])
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 8)
    }

    @Test func noneSucceed400() async throws {
        let harness = try await BulkHarness()
        let response = await harness.receiver.receiveBulk(harness.request([try BulkHarness.brokenOrder("A"), try BulkHarness.brokenOrder("B")]))
        #expect(response.status == 400)
        #expect(try json(response)["message"] as? String == "Processed 2 orders: 0 succeeded, 2 failed")
    }

    @Test func overTheLimitIs413WithTheLimit() async throws {
        let harness = try await BulkHarness(maxBulkOrders: 5)
        let response = await harness.receiver.receiveBulk(harness.request(try (1...6).map { try BulkHarness.order("O-\($0)") }))
        #expect(response.status == 413)
        #expect(try json(response)["error"] as? String == "Too many orders: 6. Maximum allowed: 5")
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 0)
        let atLimit = await harness.receiver.receiveBulk(harness.request(try (1...5).map { try BulkHarness.order("O-\($0)") }))
        #expect(atLimit.status == 200)
    }

    @Test func theDefaultLimitIs1000() {
        #expect(WebhookReceiverConfiguration().maxBulkOrders == 1000)
    }

    @Test func duplicatesInsideTheBatchFailAtTheirLaterPositions() async throws {
        let harness = try await BulkHarness()
        let response = await harness.receiver.receiveBulk(harness.request([
            try BulkHarness.order("A"), try BulkHarness.order("B"), try BulkHarness.order("A"), try BulkHarness.order("A", total: 1),
        ]))
        #expect(response.status == 207)
        let results = try #require((try json(response)["data"] as? [String: Any])?["results"] as? [[String: Any]])
        #expect(results.map { $0["status"] as? String } == ["success", "success", "error", "error"])
        #expect(results[2]["code"] as? String == "duplicate_in_batch")
        #expect(results[2]["error"] as? String == "Duplicate order in this request: same order as at index 0")
        #expect(results[3]["code"] as? String == "duplicate_in_batch")
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 2)
    }

    @Test func duplicatesAgainstTheStoreSucceedAsDuplicatesOrFailWhenChanged() async throws {
        let harness = try await BulkHarness()
        _ = await harness.receiver.receiveBulk(harness.request([try BulkHarness.order("A"), try BulkHarness.order("B")]))
        let again = await harness.receiver.receiveBulk(harness.request([
            try BulkHarness.order("A"), try BulkHarness.order("B", total: 9_999), try BulkHarness.order("C"),
        ]))
        #expect(again.status == 207)
        let body = try json(again)
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["duplicates"] as? Int == 1)
        let results = try #require(data["results"] as? [[String: Any]])
        #expect(results[0]["status"] as? String == "success")
        #expect(results[0]["duplicate"] as? Bool == true)
        #expect(results[1]["code"] as? String == "duplicate_order")
        #expect(results[1]["error"] as? String == "Duplicate order: order B already exists with different content")
        #expect(results[2]["duplicate"] as? Bool == false)
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 3)
    }

    @Test func aSingleOrderDeliveryAndTheSameOrderInABulkAreOneTransaction() async throws {
        let harness = try await BulkHarness()
        let order = try BulkHarness.order("A")
        let single = await harness.receiver.receive(WebhookRequest(
            source: "karage", headers: WebhookHeaders([("X-API-KEY", harness.apiKey)]), body: Array(order.utf8)
        ))
        #expect(single.status == 200)
        let bulk = await harness.receiver.receiveBulk(harness.request([order]))
        let result = try #require(((try json(bulk)["data"] as? [String: Any])?["results"] as? [[String: Any]])?.first)
        #expect(result["duplicate"] as? Bool == true)
        #expect(result["internal_id"] as? String == single.internalIDs.first)
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 1)
    }

    @Test func aBareArrayIsAcceptedToo() async throws {
        let harness = try await BulkHarness()
        let response = await harness.receiver.receiveBulk(harness.request([try BulkHarness.order("A")], wrapped: false))
        #expect(response.status == 200)
    }

    @Test func malformedBulkBodies() async throws {
        let harness = try await BulkHarness()
        for (body, status, code) in [
            (#"{"orders":[]}"#, 400, "no_orders"),
            (#"{"orderz":[]}"#, 400, "missing_field"),
            (#"{"orders":{}}"#, 400, "invalid_field"),
            (#"{"orders":[1,"#, 400, "invalid_json"),
        ] {
            let response = await harness.receiver.receiveBulk(WebhookRequest(
                source: "karage", headers: WebhookHeaders([("X-API-KEY", harness.apiKey)]), body: Array(body.utf8)
            ))
            #expect(response.status == status, "\(body)")
            #expect(try json(response)["code"] as? String == code, "\(body)")
        }
        let unauthenticated = await harness.receiver.receiveBulk(WebhookRequest(source: "karage", body: Array(#"{"orders":[]}"#.utf8)))
        #expect(unauthenticated.status == 401)
    }

    @Test func aStoreOutageForEveryOrderIs503() async throws {
        let harness = try await BulkHarness(transactions: FaultyTransactionStore(.failing))
        let response = await harness.receiver.receiveBulk(harness.request([try BulkHarness.order("A"), try BulkHarness.order("B")]))
        #expect(response.status == 503)
        #expect(response.headers.value(of: "Retry-After") == "30")
        #expect(try await harness.idempotency.record(forKey: "tx/merchant-1/karage/outlet-jakarta/A") == nil)
    }

    @Test func failedOrdersAreDeadLetteredOneByOneAndReplayable() async throws {
        let store = FaultyTransactionStore(.failing)
        let harness = try await BulkHarness(transactions: store)
        _ = await harness.receiver.receiveBulk(harness.request([try BulkHarness.order("A"), try BulkHarness.brokenOrder("B")]))
        let letters = try await harness.deadLetters.list(limit: nil)
        #expect(letters.count == 2)
        #expect(letters.allSatisfy { $0.tenant == "merchant-1" && $0.source == "karage" })
        #expect(letters.allSatisfy { !$0.headers.contains { $0.name.lowercased() == "x-api-key" } })
        #expect(letters.map { String(decoding: $0.body, as: UTF8.self) } == [try BulkHarness.order("A"), try BulkHarness.brokenOrder("B")])
        await store.set(.working)
        let report = try await harness.receiver.replayDeadLetters()
        #expect(report.replayed == [letters[0].id])
        #expect(report.failed == [letters[1].id])
        let kept = try #require(try await harness.deadLetters.entry(id: letters[1].id))
        #expect(kept.attempts == 2)
        #expect(kept.reason.hasPrefix("replay: 400 Invalid field total"))
        #expect(await store.count == 1)
    }

    @Test func summaryWording() {
        let one = BulkSummary(results: [BulkOrderResult(index: 0, duplicate: false)])
        #expect(one.message == "Processed 1 order: 1 succeeded, 0 failed")
    }
}
