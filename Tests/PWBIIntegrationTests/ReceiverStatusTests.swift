import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Testing

/// The receiver's status table, one test per row, for a signed source (Pawoon, the reference
/// framework's `X-Webhook-Signature`) and an API-key source (Karage, `X-API-KEY`), with the real mappers.
@Suite("Webhook receiver status table")
struct ReceiverStatusTests {
    @Test(arguments: SourceKind.allCases)
    func status200StoresAndReturnsTheInternalID(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(harness.request(kind, try ReceiverHarness.body(kind)))
        #expect(response.status == 200, "\(response.bodyText)")
        #expect(response.outcome == .processed)
        let body = try json(response)
        #expect(body["success"] as? Bool == true)
        #expect(body["status"] as? String == "success")
        #expect(body["message"] as? String == "Webhook processed")
        #expect(body["event_type"] as? String == "transaction.created")
        #expect(body["duplicate"] as? Bool == false)
        let id = try #require(body["internal_id"] as? String)
        #expect(response.internalIDs == [id])
        #expect(response.headers.value(of: "content-type") == "application/json")
        let key: TransactionKey
        switch kind {
        case .signed:
            #expect(body["external_id"] as? String == "PWN-20251227-000142")
            key = TransactionKey(tenant: "merchant-1", source: .pawoon, outlet: "OUT-JKT-SUDIRMAN", externalID: "PWN-20251227-000142")
        case .keyed:
            #expect(body["external_id"] as? String == "2001")
            key = TransactionKey(tenant: "merchant-1", source: .karage, externalID: "2001")
        }
        let stored = try #require(try await harness.transactions.transaction(for: key))
        #expect(stored.internalID == id)
        #expect(stored.transaction.tenant == "merchant-1")
        let expectedTotal = kind == .signed ? ExactDecimal(137_500) : try ExactDecimal(significand: 8_050, scale: 2)
        #expect(stored.transaction.total == expectedTotal)
    }

    @Test(arguments: SourceKind.allCases)
    func status200DuplicateReplaysTheStoredResponse(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body(kind)
        let first = await harness.receiver.receive(harness.request(kind, body))
        harness.clock.advance(3_600)
        let second = await harness.receiver.receive(harness.request(kind, body))
        #expect(second.status == 200)
        #expect(second.outcome == .duplicate)
        #expect(second.headers.value(of: "Idempotent-Replayed") == "true")
        #expect(second.internalIDs == first.internalIDs)
        #expect(try json(second)["duplicate"] as? Bool == true)
        #expect(second.bodyText == first.bodyText.replacingOccurrences(of: #"{"duplicate":false,"#, with: #"{"duplicate":true,"#))
        #expect(await harness.storedCount == 1)
    }

    @Test func status401WhenTheSignatureIsWrongMissingOrOfAnotherBody() async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body(.signed)
        let wrongSecret = harness.signed(body, secret: "not-the-secret")
        var missing = harness.signed(body)
        missing.headers = WebhookHeaders([("Content-Type", "application/json")])
        var otherBody = harness.signed(body)
        otherBody.body = try ReceiverHarness.body(.signed, id: 7)
        var malformed = harness.signed(body)
        malformed.headers = WebhookHeaders([("X-Webhook-Signature", "sha256=zz")])
        for (request, reason) in [
            (wrongSecret, "no matching signature"), (missing, "missing header X-Webhook-Signature"),
            (otherBody, "no matching signature"),
        ] {
            let response = await harness.receiver.receive(request)
            #expect(response.status == 401)
            #expect(response.outcome == .rejected)
            #expect(try json(response)["error"] as? String == "Invalid signature: \(reason)")
            #expect(!response.bodyText.contains(ReceiverHarness.signature(request.body)))
            #expect(!response.bodyText.contains(ReceiverHarness.secret))
        }
        #expect(await harness.receiver.receive(malformed).status == 401)
        #expect(await harness.storedCount == 0)
    }

    @Test func theRotatedOutSecretStillVerifies() async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(harness.signed(try ReceiverHarness.body(.signed), secret: ReceiverHarness.previousSecret))
        #expect(response.status == 200)
    }

    @Test func status401WhenTheAPIKeyIsWrongMissingRevokedOrExpired() async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body(.keyed)
        var missing = harness.keyed(body)
        missing.headers = WebhookHeaders([("Content-Type", "application/json")])
        for request in [missing, harness.keyed(body, key: "your_api_key_here"), harness.keyed(body, key: harness.apiKey.uppercased())] {
            let response = await harness.receiver.receive(request)
            #expect(response.status == 401)
            #expect(try json(response)["error"] as? String == "Invalid or missing API key")
            #expect(!response.bodyText.contains(harness.apiKey))
        }
        let expiring = try await APIKeyIssuer(store: harness.keys).issue(
            description: "temporary", tenant: "merchant-1", expiresAt: harness.clock.now().addingTimeInterval(60), now: harness.clock.now()
        )
        harness.clock.advance(60)
        let expired = await harness.receiver.receive(harness.keyed(body, key: expiring.key))
        #expect(try json(expired)["error"] as? String == "API key expired")
        let id = try #require(await harness.keys.list(tenant: nil).first { $0.description == "Karage POS Webhook Integration" }?.id)
        _ = await harness.keys.revoke(id: id, at: harness.clock.now())
        let revoked = await harness.receiver.receive(harness.keyed(body))
        #expect(revoked.status == 401)
        #expect(try json(revoked)["error"] as? String == "API key revoked")
        #expect(await harness.storedCount == 0)
    }

    @Test func anAPIKeyForAnotherTenantIsRefused() async throws {
        let harness = try await ReceiverHarness()
        var request = harness.keyed(try ReceiverHarness.body(.keyed))
        request.tenant = "merchant-2"
        let response = await harness.receiver.receive(request)
        #expect(response.status == 401)
        #expect(try json(response)["error"] as? String == "API key is not valid for this tenant")
    }

    @Test(arguments: SourceKind.allCases)
    func status400MalformedJSONWithItsOffset(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(harness.request(kind, Array(#"{"event_type":"transaction.created","data":{,}}"#.utf8)))
        #expect(response.status == 400)
        let body = try json(response)
        #expect(body["code"] as? String == "invalid_json")
        #expect(body["error"] as? String == "Invalid JSON: expected a string key at byte 44")
    }

    @Test(arguments: [
        (SourceKind.signed, #""transaction_id": "PWN-20251227-000142","#, "data.transaction_id"),
        (SourceKind.keyed, #""OrderDate": "2025-11-27T14:30:00","#, "OrderDate"),
    ])
    func status400MissingFieldNamesItsPath(_ kind: SourceKind, _ removed: String, _ path: String) async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(harness.request(kind, try ReceiverHarness.body(kind, [(removed, "")])))
        #expect(response.status == 400)
        let body = try json(response)
        #expect(body["code"] as? String == "missing_field")
        #expect(body["path"] as? String == path)
        #expect(body["error"] as? String == "Missing required field: \(path)")
    }

    @Test(arguments: [
        (SourceKind.signed, #""qty": 2"#, #""qty": "two""#, "data.items[0].qty"),
        (SourceKind.keyed, #""Quantity": 1,"#, #""Quantity": "one","#, "OrderItems[0].Quantity"),
    ])
    func status400InvalidFieldNamesItsPath(_ kind: SourceKind, _ old: String, _ new: String, _ path: String) async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(harness.request(kind, try ReceiverHarness.body(kind, [(old, new)])))
        #expect(response.status == 400)
        let body = try json(response)
        #expect(body["code"] as? String == "invalid_field")
        #expect(body["path"] as? String == path)
        #expect((body["error"] as? String)?.hasPrefix("Invalid field \(path): expected ") == true, "\(body)")
    }

    @Test(arguments: [
        (SourceKind.signed, [(#""qty": 2"#, #""qty": -2"#)], "line_items[0].quantity", "a quantity of zero or more in a sale; found -2"),
        (SourceKind.keyed, [(#""AmountPaid": 80.50"#, #""AmountPaid": 70.00"#)], "payments", "Order is not fully paid: payments of 80.50; found 70.00"),
        (SourceKind.keyed, [(#""OrderStatus": 103"#, #""OrderStatus": 105"#)], "source_status", #"Invalid OrderStatus: 105 not in allowed statuses (103); found "105""#),
    ])
    func status400FailedValidationWithTheRulesMessage(_ kind: SourceKind, _ edits: [(String, String)], _ path: String, _ message: String) async throws {
        let harness = try await ReceiverHarness()
        let response = await harness.receiver.receive(harness.request(kind, try ReceiverHarness.body(kind, edits)))
        #expect(response.status == 400)
        let body = try json(response)
        #expect(body["code"] as? String == "validation_failed")
        #expect(body["path"] as? String == path)
        #expect(body["error"] as? String == message)
        #expect(await harness.storedCount == 0)
        #expect(await harness.idempotency.record(forKey: ReceiverHarness.identityKey(kind)) == nil)
    }

    @Test func status400MissingEventTypeUnsupportedEventAndNonObjects() async throws {
        let harness = try await ReceiverHarness()
        let missing = await harness.receiver.receive(harness.signed(Array(#"{"data":{}}"#.utf8)))
        #expect(missing.status == 400)
        #expect(try json(missing)["path"] as? String == "event_type")
        let unsupported = await harness.receiver.receive(harness.signed(try Fixtures.pawoon(eventType: "order.deleted")))
        #expect(unsupported.status == 400)
        #expect(try json(unsupported)["code"] as? String == "unsupported_event")
        #expect(try json(unsupported)["error"] as? String == #"Unsupported event type: "order.deleted"; accepted: transaction.created"#)
        for text in ["[1,2]", "\"text\"", "null", #"{"event_type":"transaction.created"}"#] {
            #expect(await harness.receiver.receive(harness.signed(Array(text.utf8))).status == 400, "\(text)")
            #expect(await harness.receiver.receive(harness.keyed(Array(text.utf8))).status == 400, "\(text)")
        }
    }

    @Test(arguments: SourceKind.allCases)
    func status404UnknownSource(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        var request = harness.request(kind, try ReceiverHarness.body(kind))
        request.source = "pawoon-typo"
        let response = await harness.receiver.receive(request)
        #expect(response.status == 404)
        #expect(try json(response)["error"] as? String == #"Unknown source: "pawoon-typo""#)
    }

    @Test(arguments: SourceKind.allCases)
    func status413BeforeAnyParsingOrAuthentication(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness(configuration: WebhookReceiverConfiguration(maxBodyBytes: 1024))
        let big = [UInt8](repeating: UInt8(ascii: "{"), count: 1025)
        var request = harness.request(kind, big)
        request.headers = WebhookHeaders()
        let response = await harness.receiver.receive(request)
        #expect(response.status == 413)
        #expect(try json(response)["error"] as? String == "Payload too large: 1025 bytes. Maximum allowed: 1024")
        let justFits = await harness.receiver.receive(harness.request(kind, Array(big.prefix(1024))))
        #expect(justFits.status == 400)
    }

    @Test func theDefaultBodyLimitIs10MiB() {
        #expect(WebhookReceiverConfiguration().maxBodyBytes == 10 * 1024 * 1024)
    }

    @Test(arguments: SourceKind.allCases)
    func status409WhileTheSameKeyIsProcessing(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let body = try ReceiverHarness.body(kind)
        let held = await harness.idempotency.claim(IdempotencyClaim(
            key: ReceiverHarness.identityKey(kind), fingerprint: try ReceiverHarness.fingerprint(kind, body),
            token: ClaimToken(rawValue: "other-replica"), now: harness.clock.now(), processingTimeout: .seconds(300)
        ))
        #expect(held == .acquired(ClaimToken(rawValue: "other-replica")))
        let response = await harness.receiver.receive(harness.request(kind, body))
        #expect(response.status == 409)
        #expect(response.outcome == .inProgress)
        #expect(response.headers.value(of: "Retry-After") == "5")
        #expect(try json(response)["code"] as? String == "in_progress")
        #expect(await harness.storedCount == 0)
    }

    @Test(arguments: SourceKind.allCases)
    func status422SameKeyDifferentPayload(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        let first = await harness.receiver.receive(harness.request(kind, try ReceiverHarness.body(kind, id: 1), extra: [("Idempotency-Key", "k-1")]))
        #expect(first.status == 200)
        let second = await harness.receiver.receive(harness.request(kind, try ReceiverHarness.body(kind, id: 2), extra: [("Idempotency-Key", "k-1")]))
        #expect(second.status == 422)
        #expect(second.outcome == .conflict)
        #expect(try json(second)["code"] as? String == "idempotency_key_reused")
        #expect(await harness.storedCount == 1)
    }

    @Test(arguments: SourceKind.allCases)
    func status422SameOrderResentWithOtherContent(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        _ = await harness.receiver.receive(harness.request(kind, try ReceiverHarness.body(kind)))
        let edit = kind == .signed ? (#""payment_method": "qris""#, #""payment_method": "cash""#) : (#""ItemName": "Office Chair""#, #""ItemName": "Desk Chair""#)
        let changed = await harness.receiver.receive(harness.request(kind, try ReceiverHarness.body(kind, [edit])))
        #expect(changed.status == 422)
        #expect(await harness.storedCount == 1)
    }

    @Test(arguments: SourceKind.allCases)
    func status503WhenTheStoreFailsThenARetrySucceedsOnce(_ kind: SourceKind) async throws {
        let store = FaultyTransactionStore(.failing)
        let harness = try await ReceiverHarness(transactions: store)
        let body = try ReceiverHarness.body(kind)
        let failed = await harness.receiver.receive(harness.request(kind, body))
        #expect(failed.status == 503)
        #expect(failed.outcome == .unavailable)
        #expect(failed.headers.value(of: "Retry-After") == "30")
        #expect(try json(failed)["code"] as? String == "store_unavailable")
        #expect(await harness.idempotency.record(forKey: ReceiverHarness.identityKey(kind)) == nil)
        await store.set(.working)
        let retried = await harness.receiver.receive(harness.request(kind, body))
        #expect(retried.status == 200)
        #expect(retried.outcome == .processed)
        #expect(await harness.receiver.receive(harness.request(kind, body)).outcome == .duplicate)
        #expect(await store.count == 1)
    }

    @Test func anInvalidIdempotencyKeyHeaderIs400() async throws {
        let harness = try await ReceiverHarness()
        for value in [String(repeating: "k", count: 256), "has space", "tab\there", "café"] {
            let response = await harness.receiver.receive(harness.signed(try ReceiverHarness.body(.signed), extra: [("Idempotency-Key", value)]))
            #expect(response.status == 400, "\(value)")
            #expect(try json(response)["code"] as? String == "invalid_idempotency_key")
        }
    }

    @Test func headerKeysAreNamespacedByTenantAndSource() async throws {
        let harness = try await ReceiverHarness()
        _ = await harness.receiver.receive(harness.signed(try ReceiverHarness.body(.signed), extra: [("webhook-id", "msg_1")]))
        #expect(await harness.idempotency.record(forKey: "hdr/merchant-1/pawoon/msg_1") != nil)
        let entry = try #require(await harness.log.recent(limit: 1).first)
        #expect(entry.idempotencyKey == "hdr/merchant-1/pawoon/msg_1")
        let same = await harness.receiver.receive(harness.keyed(try ReceiverHarness.body(.keyed), extra: [("webhook-id", "msg_1")]))
        #expect(same.outcome == .processed)
    }

    @Test func registrationRefusesBadConfigurations() throws {
        var registry = WebhookSourceRegistry()
        #expect(throws: WebhookConfigurationError.self) {
            try registry.register(WebhookSource(name: "p", authentication: .signature(HexHMACSHA256Scheme(), secrets: []), mapper: PawoonMapper(), allowedEvents: [.transactionCreated]))
        }
        #expect(throws: WebhookConfigurationError.self) {
            try registry.register(WebhookSource(name: "p", authentication: .signature(HexHMACSHA256Scheme(), secrets: ["s"]), mapper: PawoonMapper()))
        }
        #expect(throws: WebhookConfigurationError.self) {
            try registry.register(WebhookSource(name: "p", authentication: .signature(HexHMACSHA256Scheme(), secrets: ["s"]), mapper: KarageMapper(), allowedEvents: [.inventoryUpdated]))
        }
        try registry.register(WebhookSource(name: "p", authentication: .signature(HexHMACSHA256Scheme(), secrets: ["s"]), mapper: PawoonMapper(), allowedEvents: [.transactionCreated]))
        #expect(throws: WebhookConfigurationError.self) {
            try registry.register(WebhookSource(name: "p", authentication: .signature(HexHMACSHA256Scheme(), secrets: ["t"]), mapper: PawoonMapper(), allowedEvents: [.transactionCreated]))
        }
        try registry.register(WebhookSource(name: "p", tenant: "m2", authentication: .signature(HexHMACSHA256Scheme(), secrets: ["t"]), mapper: PawoonMapper(), allowedEvents: [.transactionCreated]))
        #expect(registry.source(named: "p", tenant: "m2")?.tenant == "m2")
        #expect(registry.source(named: "p", tenant: "m3")?.tenant == nil)
        #expect(registry.source(named: "p", tenant: nil)?.tenant == nil)
        #expect(registry.source(named: "q", tenant: nil) == nil)
        #expect(registry.names == ["p"])
    }
}
