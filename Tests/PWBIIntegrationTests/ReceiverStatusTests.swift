import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Testing

/// The receiver's status table, one test per row, for a signed source and an API-key source.
@Suite("Webhook receiver status table")
struct ReceiverStatusTests {
    @Test(arguments: SourceKind.allCases)
    func status200StoresAndReturnsTheInternalID(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(try harness.request(kind, try ReceiverHarness.body()))
        #expect(response.status == 200)
        #expect(response.outcome == .processed)
        let body = try json(response)
        #expect(body["success"] as? Bool == true)
        #expect(body["status"] as? String == "success")
        #expect(body["message"] as? String == "Webhook processed")
        #expect(body["event_type"] as? String == "transaction.created")
        #expect(body["duplicate"] as? Bool == false)
        #expect(body["external_id"] as? String == "2001")
        let id = try #require(body["internal_id"] as? String)
        #expect(response.internalIDs == [id])
        #expect(response.headers.value(of: "content-type") == "application/json")
        let key = TransactionKey(tenant: ReceiverHarness.tenant, source: .karage, outlet: "outlet-jakarta", externalID: "2001")
        let stored = try #require(try await harness.transactions.transaction(for: key))
        #expect(stored.internalID == id)
        #expect(stored.transaction.tenant == ReceiverHarness.tenant)
        #expect(stored.transaction.total == (try ExactDecimal(significand: 8_050, scale: 2)))
    }

    @Test(arguments: SourceKind.allCases)
    func status200DuplicateReplaysTheStoredResponse(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body()
        let first = await harness.receiver.receive(try harness.request(kind, body))
        harness.clock.advance(3_600)
        let second = await harness.receiver.receive(try harness.request(kind, body))
        #expect(second.status == 200)
        #expect(second.outcome == .duplicate)
        #expect(second.headers.value(of: "Idempotent-Replayed") == "true")
        #expect(second.internalIDs == first.internalIDs)
        var expected = try json(first)
        expected["duplicate"] = true
        #expect(NSDictionary(dictionary: try json(second)) == NSDictionary(dictionary: expected))
        #expect(second.bodyText == first.bodyText.replacingOccurrences(of: #"{"duplicate":false,"#, with: #"{"duplicate":true,"#))
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 1)
    }

    @Test func status401WhenTheSignatureIsWrongMissingOrOfAnotherBody() async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body()
        let wrongSecret = try harness.signed(body, secret: "not-the-secret")
        var missing = try harness.signed(body)
        missing.headers = WebhookHeaders([("Content-Type", "application/json")])
        var otherBody = try harness.signed(body)
        otherBody.body = try ReceiverHarness.body(total: 1)
        for (request, reason) in [(wrongSecret, "no matching signature"), (missing, "missing header X-Webhook-Signature"), (otherBody, "no matching signature")] {
            let response = await harness.receiver.receive(request)
            #expect(response.status == 401)
            #expect(response.outcome == .rejected)
            let error = try #require(try json(response)["error"] as? String)
            #expect(error == "Invalid signature: \(reason)")
            #expect(!response.bodyText.contains(try ReceiverHarness.signature(request.body)))
            #expect(!response.bodyText.contains(ReceiverHarness.secret))
        }
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 0)
    }

    @Test func theRotatedOutSecretStillVerifies() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(try harness.signed(try ReceiverHarness.body(), secret: ReceiverHarness.previousSecret))
        #expect(response.status == 200)
    }

    @Test func status401WhenTheAPIKeyIsWrongMissingRevokedOrExpired() async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body()
        var missing = harness.keyed(body)
        missing.headers = WebhookHeaders([("Content-Type", "application/json")])
        let wrong = harness.keyed(body, key: "your_api_key_here")
        for request in [missing, wrong] {
            let response = await harness.receiver.receive(request)
            #expect(response.status == 401)
            #expect(try json(response)["error"] as? String == "Invalid or missing API key")
            #expect(!response.bodyText.contains(harness.apiKey))
        }
        let id = try #require(try await harness.keys.list(tenant: nil).first?.id)
        _ = try await harness.keys.revoke(id: id, at: harness.clock.now())
        let revoked = await harness.receiver.receive(harness.keyed(body))
        #expect(revoked.status == 401)
        #expect(try json(revoked)["error"] as? String == "API key revoked")
    }

    @Test func anAPIKeyForAnotherTenantIsRefused() async throws {
        let harness = try await ReceiverHarness()
        var request = harness.keyed(try ReceiverHarness.body())
        request.tenant = "merchant-2"
        let response = await harness.receiver.receive(request)
        #expect(response.status == 401)
        #expect(try json(response)["error"] as? String == "API key is not valid for this tenant")
    }

    @Test(arguments: SourceKind.allCases)
    func status400MalformedJSONWithItsOffset(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(try harness.request(kind, Array(#"{"event_type":"transaction.created","data":{,}}"#.utf8)))
        #expect(response.status == 400)
        let body = try json(response)
        #expect(body["code"] as? String == "invalid_json")
        #expect(body["error"] as? String == "Invalid JSON: expected a string key at byte 44")
    }

    @Test(arguments: SourceKind.allCases)
    func status400MissingFieldNamesItsPath(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let text = String(decoding: try ReceiverHarness.body(), as: UTF8.self)
            .replacingOccurrences(of: #","unit_price":"50.00""#, with: "")
        #expect(text.contains(#""unit_price""#))
        let response = await harness.receiver.receive(try harness.request(kind, Array(text.utf8)))
        #expect(response.status == 400)
        let body = try json(response)
        #expect(body["code"] as? String == "missing_field")
        #expect(body["path"] as? String == "data.line_items[0].unit_price")
        #expect(body["error"] as? String == "Missing required field: data.line_items[0].unit_price")
    }

    @Test(arguments: SourceKind.allCases)
    func status400InvalidFieldNamesItsPathAndWhatWasFound(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let text = String(decoding: try ReceiverHarness.body(), as: UTF8.self)
            .replacingOccurrences(of: #""total":"80.50""#, with: #""total":"80,50 SAR""#)
        let response = await harness.receiver.receive(try harness.request(kind, Array(text.utf8)))
        #expect(response.status == 400)
        let body = try json(response)
        #expect(body["code"] as? String == "invalid_field")
        #expect(body["path"] as? String == "data.total")
        #expect((body["error"] as? String)?.hasPrefix("Invalid field data.total: expected ") == true)
    }

    @Test(arguments: SourceKind.allCases)
    func status400MissingEventTypeAndUnsupportedEvent(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let missing = await harness.receiver.receive(try harness.request(kind, Array(#"{"data":{}}"#.utf8)))
        #expect(missing.status == 400)
        #expect(try json(missing)["path"] as? String == "event_type")
        let unsupported = await harness.receiver.receive(try harness.request(kind, try ReceiverHarness.body(eventType: "order.deleted")))
        #expect(unsupported.status == 400)
        #expect(try json(unsupported)["code"] as? String == "unsupported_event")
        #expect(try json(unsupported)["error"] as? String == #"Unsupported event type: "order.deleted"; accepted: transaction.created"#)
        let notAnObject = await harness.receiver.receive(try harness.request(kind, Array("[1,2]".utf8)))
        #expect(notAnObject.status == 400)
    }

    @Test(arguments: SourceKind.allCases)
    func status404UnknownSource(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        var request = try harness.request(kind, try ReceiverHarness.body())
        request.source = "pawoon-typo"
        let response = await harness.receiver.receive(request)
        #expect(response.status == 404)
        #expect(try json(response)["error"] as? String == #"Unknown source: "pawoon-typo""#)
    }

    @Test(arguments: SourceKind.allCases)
    func status413BeforeAnyParsingOrAuthentication(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness(configuration: WebhookReceiverConfiguration(maxBodyBytes: 1024))
        let big = [UInt8](repeating: UInt8(ascii: "{"), count: 1025)
        var request = try harness.request(kind, big)
        request.headers = WebhookHeaders()
        let response = await harness.receiver.receive(request)
        #expect(response.status == 413)
        #expect(try json(response)["error"] as? String == "Payload too large: 1025 bytes. Maximum allowed: 1024")
        let justFits = await harness.receiver.receive(try harness.request(kind, Array(big.prefix(1024))))
        #expect(justFits.status == 400)
    }

    @Test func theDefaultBodyLimitIs10MiB() {
        #expect(WebhookReceiverConfiguration().maxBodyBytes == 10 * 1024 * 1024)
    }

    @Test(arguments: SourceKind.allCases)
    func status409WhileTheSameKeyIsProcessing(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body()
        let held = try await harness.idempotency.claim(IdempotencyClaim(
            key: "tx/merchant-1/karage/outlet-jakarta/2001", fingerprint: PayloadFingerprint(body: body),
            token: ClaimToken(rawValue: "other-replica"), now: harness.clock.now(), processingTimeout: .seconds(300)
        ))
        #expect(held == .acquired(ClaimToken(rawValue: "other-replica")))
        let response = await harness.receiver.receive(try harness.request(kind, body))
        #expect(response.status == 409)
        #expect(response.outcome == .inProgress)
        #expect(response.headers.value(of: "Retry-After") == "5")
        #expect(try json(response)["code"] as? String == "in_progress")
    }

    @Test(arguments: SourceKind.allCases)
    func status422SameKeyDifferentPayload(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let first = await harness.receiver.receive(try harness.request(kind, try ReceiverHarness.body(externalID: "A"), extra: [("Idempotency-Key", "k-1")]))
        #expect(first.status == 200)
        let second = await harness.receiver.receive(try harness.request(kind, try ReceiverHarness.body(externalID: "B"), extra: [("Idempotency-Key", "k-1")]))
        #expect(second.status == 422)
        #expect(second.outcome == .conflict)
        #expect(try json(second)["code"] as? String == "idempotency_key_reused")
        #expect(await (harness.transactions as? InMemoryTransactionStore)?.count == 1)
    }

    @Test(arguments: SourceKind.allCases)
    func status422SameOrderResentWithOtherContent(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        _ = await harness.receiver.receive(try harness.request(kind, try ReceiverHarness.body(total: 8_050)))
        let changed = await harness.receiver.receive(try harness.request(kind, try ReceiverHarness.body(total: 9_999)))
        #expect(changed.status == 422)
    }

    @Test(arguments: SourceKind.allCases)
    func status503WhenTheStoreFailsThenARetrySucceedsOnce(_ kind: SourceKind) async throws {
        let store = FaultyTransactionStore(.failing)
        let harness = try await ReceiverHarness(transactions: store)
        let body = try ReceiverHarness.body()
        let failed = await harness.receiver.receive(try harness.request(kind, body))
        #expect(failed.status == 503)
        #expect(failed.outcome == .unavailable)
        #expect(failed.headers.value(of: "Retry-After") == "30")
        #expect(try json(failed)["code"] as? String == "store_unavailable")
        #expect(try await harness.idempotency.record(forKey: "tx/merchant-1/karage/outlet-jakarta/2001") == nil)
        await store.set(.working)
        let retried = await harness.receiver.receive(try harness.request(kind, body))
        #expect(retried.status == 200)
        #expect(retried.outcome == .processed)
        let again = await harness.receiver.receive(try harness.request(kind, body))
        #expect(again.outcome == .duplicate)
        #expect(await store.count == 1)
    }

    @Test func anInvalidIdempotencyKeyHeaderIs400() async throws {
        let harness = try await ReceiverHarness()
        let long = String(repeating: "k", count: 256)
        for value in [long, "has space", "tab\there", "café"] {
            let response = await harness.receiver.receive(try harness.signed(try ReceiverHarness.body(), extra: [("Idempotency-Key", value)]))
            #expect(response.status == 400, "\(value)")
            #expect(try json(response)["code"] as? String == "invalid_idempotency_key")
        }
    }

    @Test func aWebhookIDHeaderIsTheKeyWhenNoIdempotencyKeyIsGiven() async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body()
        _ = await harness.receiver.receive(try harness.signed(body, extra: [("webhook-id", "msg_1")]))
        #expect(try await harness.idempotency.record(forKey: "hdr/merchant-1/pos-signed/msg_1") != nil)
        let entry = try #require(await harness.log.recent(limit: 1).first)
        #expect(entry.idempotencyKey == "hdr/merchant-1/pos-signed/msg_1")
    }
}
