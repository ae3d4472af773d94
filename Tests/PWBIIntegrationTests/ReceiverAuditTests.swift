import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Testing

@Suite("Webhook receiver audit log, dead letters and hostile input")
struct ReceiverAuditTests {
    @Test func everyDeliveryIsLoggedWithoutSecretsOrBody() async throws {
        let harness = try await ReceiverHarness()
        let signedBody = try ReceiverHarness.body(.signed)
        _ = await harness.receiver.receive(harness.signed(signedBody))
        _ = await harness.receiver.receive(harness.signed(signedBody))
        _ = await harness.receiver.receive(harness.signed(signedBody, secret: "wrong"))
        _ = await harness.receiver.receive(harness.keyed(try ReceiverHarness.body(.keyed), key: harness.apiKey + "x"))
        _ = await harness.receiver.receive(harness.keyed(try ReceiverHarness.body(.keyed)))
        let entries = await harness.log.all
        #expect(entries.map(\.outcome) == [.processed, .duplicate, .rejected, .rejected, .processed])
        #expect(entries.map(\.status) == [200, 200, 401, 401, 200])
        #expect(entries.map(\.source) == ["pawoon", "pawoon", "pawoon", "karage", "karage"])
        #expect(entries[0].tenant == "merchant-1")
        #expect(entries[4].tenant == "merchant-1")
        #expect(entries[0].eventType == "transaction.created")
        #expect(entries[0].idempotencyKey == ReceiverHarness.identityKey(.signed))
        #expect(entries[0].internalID?.hasPrefix("txn_") == true)
        #expect(entries[1].internalID == entries[0].internalID)
        #expect(entries[2].errorMessage == "Invalid signature: no matching signature")
        #expect(entries[3].errorMessage == "Invalid or missing API key")
        #expect(entries.allSatisfy { $0.body == nil && $0.bodySize > 0 })
        let everything = entries.map { "\($0)" }.joined()
        #expect(!everything.contains(ReceiverHarness.secret))
        #expect(!everything.contains(harness.apiKey))
        #expect(!everything.contains(ReceiverHarness.signature(signedBody)))
    }

    @Test func bodiesAreLoggedOnlyWhenConfigured() async throws {
        let harness = try await ReceiverHarness(configuration: WebhookReceiverConfiguration(logBodies: true))
        let body = try ReceiverHarness.body(.signed)
        _ = await harness.receiver.receive(harness.signed(body))
        #expect(await harness.log.all.first?.body == body)
    }

    @Test func authenticatedFailuresAreDeadLetteredWithoutCredentials() async throws {
        let store = FaultyTransactionStore(.failing)
        let harness = try await ReceiverHarness(transactions: store)
        let good = try ReceiverHarness.body(.keyed, id: 1)
        let broken = try ReceiverHarness.body(.keyed, id: 2, [(#""Quantity": 1,"#, #""Quantity": true,"#)])
        _ = await harness.receiver.receive(harness.keyed(good))
        _ = await harness.receiver.receive(harness.keyed(broken))
        _ = await harness.receiver.receive(harness.keyed(good, key: "nope"))
        var unknown = harness.keyed(good)
        unknown.source = "nowhere"
        _ = await harness.receiver.receive(unknown)
        let letters = await harness.deadLetters.list(limit: nil)
        #expect(letters.count == 2)
        #expect(letters.map(\.body) == [good, broken])
        #expect(letters.allSatisfy { $0.tenant == "merchant-1" && $0.source == "karage" })
        #expect(letters.allSatisfy { letter in !letter.headers.contains { $0.name.lowercased() == "x-api-key" } })
        #expect(letters.allSatisfy { letter in letter.headers.contains { $0.name == "Content-Type" } })
        #expect(letters[0].reason == "503 store_unavailable: Storage is temporarily unavailable; nothing was stored, retry later")
        #expect(letters[1].reason.hasPrefix("400 invalid_field: Invalid field OrderItems[0].Quantity"))
    }

    @Test func replayStoresOnceAndRemovesTheEntryEvenWhenTheSignatureWouldNoLongerVerify() async throws {
        let store = FaultyTransactionStore(.failing)
        let harness = try await ReceiverHarness(transactions: store)
        let body = try ReceiverHarness.body(.signed)
        _ = await harness.receiver.receive(harness.signed(body))
        let letter = try #require(await harness.deadLetters.list(limit: nil).first)
        var unsigned = letter
        unsigned.headers = []
        await harness.deadLetters.enqueue(unsigned)
        await store.set(.working)
        let replayed = try #require(try await harness.receiver.replayDeadLetter(id: letter.id))
        #expect(replayed.status == 200)
        #expect(await harness.deadLetters.entry(id: letter.id) == nil)
        #expect(try await harness.receiver.replayDeadLetter(id: letter.id) == nil)
        #expect(await harness.receiver.receive(harness.signed(body)).outcome == .duplicate)
        #expect(await store.count == 1)
    }

    @Test func aReplayOfADeliveryThatGotThroughMeanwhileIsADuplicateAndRemoved() async throws {
        let store = FaultyTransactionStore(.failing)
        let harness = try await ReceiverHarness(transactions: store)
        let body = try ReceiverHarness.body(.keyed)
        _ = await harness.receiver.receive(harness.keyed(body))
        await store.set(.working)
        #expect(await harness.receiver.receive(harness.keyed(body)).outcome == .processed)
        let report = try await harness.receiver.replayDeadLetters()
        #expect(report.replayed.count == 1)
        #expect(await harness.deadLetters.count == 0)
        #expect(await store.count == 1)
    }

    /// Random damage to a correctly signed body, and random headers: never a 500, never a crash.
    @Test(arguments: SourceKind.allCases)
    func hostileInputNeverYieldsA500(_ kind: SourceKind) async throws {
        let harness = try await ReceiverHarness()
        var random = SplitMix(seed: 0x5EED)
        let base = try ReceiverHarness.body(kind)
        var statuses: Set<Int> = []
        for round in 0..<600 {
            var body = base
            switch round % 4 {
            case 0:
                for _ in 0...(random.next() % 4) { body[Int(random.next() % UInt64(body.count))] = UInt8(truncatingIfNeeded: random.next()) }
            case 1:
                body = Array(body.prefix(Int(random.next() % UInt64(body.count))))
            case 2:
                body = (0..<Int(random.next() % 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            default:
                let cut = Int(random.next() % UInt64(body.count))
                body.insert(contentsOf: Array(#"{"a":[1e999999,"\ud800",-0,{}]}"#.utf8), at: cut)
            }
            let extra: [(String, String)] = round % 5 == 0 ? [("Idempotency-Key", String(repeating: "x", count: Int(random.next() % 300)))] : []
            let response = await harness.receiver.receive(harness.request(kind, body, extra: extra))
            statuses.insert(response.status)
            #expect([200, 400, 409, 413, 422].contains(response.status), "round \(round): \(response.status) \(response.bodyText)")
            #expect((try? JSONSerialization.jsonObject(with: Data(response.body))) != nil)
        }
        #expect(statuses.contains(400))
    }
}

/// SplitMix64, a small seeded generator for reproducible random input.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
