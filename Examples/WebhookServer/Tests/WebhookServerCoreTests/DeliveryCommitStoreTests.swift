import Foundation
import PWBIIntegration
import PWBIMapping
import Testing
import WebhookServerCore

/// ``SQLDeliveryCommitStore``: the kit's contract on SQLite and (with `DATABASE_URL`) PostgreSQL,
/// and what the contract leaves to the host — rows stored before ids were derived, repeated keys.
@Suite struct SQLiteDeliveryCommitStoreTests {
    static func subject(_ database: any SQLDatabase) -> DeliveryCommitStoreContract.Subject {
        DeliveryCommitStoreContract.Subject(
            store: SQLDeliveryCommitStore(database: database), idempotency: SQLIdempotencyStore(database: database),
            transactions: SQLTransactionStore(database: database), log: SQLWebhookLog(database: database)
        )
    }

    @Test func honoursTheContract() async throws {
        let databases = SQLiteContractTests.Databases()
        let violations = await DeliveryCommitStoreContract.check { Self.subject(try await databases.fresh()) }
        await databases.closeAll()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func aRowStoredUnderARandomIdKeepsItAndTheStoredResponseNamesIt() async throws {
        let databases = SQLiteContractTests.Databases()
        let database = try await databases.fresh()
        try await DeliveryCommitChecks.legacyRowKeepsItsID(database)
        await databases.closeAll()
    }

    @Test func aKeyRepeatedInOneDeliveryIsWrittenOnceWithItsLastDocument() async throws {
        let databases = SQLiteContractTests.Databases()
        let database = try await databases.fresh()
        try await DeliveryCommitChecks.repeatedKeyWrittenOnce(database)
        await databases.closeAll()
    }
}

@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["DATABASE_URL"] != nil, "DATABASE_URL names a PostgreSQL database for tests"))
struct PostgresDeliveryCommitStoreTests {
    /// `body` with a database of its own (`<name>_onestep`), its tables emptied on each `fresh()`.
    static func withDatabase(_ body: (() async throws -> PostgresDatabase) async throws -> Void) async throws {
        let database = try await Backend.postgres(suffix: "onestep", maximumConnections: 20)
        do {
            try await body {
                try await database.query("TRUNCATE idempotency_records, transactions, webhook_log", [])
                return database
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    @Test func honoursTheContract() async throws {
        try await Self.withDatabase { fresh in
            let violations = await DeliveryCommitStoreContract.check { SQLiteDeliveryCommitStoreTests.subject(try await fresh()) }
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func aRowStoredUnderARandomIdKeepsItAndTheStoredResponseNamesIt() async throws {
        try await Self.withDatabase { fresh in try await DeliveryCommitChecks.legacyRowKeepsItsID(try await fresh()) }
    }

    @Test func aKeyRepeatedInOneDeliveryIsWrittenOnceWithItsLastDocument() async throws {
        try await Self.withDatabase { fresh in try await DeliveryCommitChecks.repeatedKeyWrittenOnce(try await fresh()) }
    }
}

enum DeliveryCommitChecks {
    static let t0 = Date(timeIntervalSince1970: 1_764_232_200)

    static func delivery(_ key: String, _ transactions: [UnifiedTransaction], audited: Bool = true) -> DeliveryCommit {
        DeliveryCommit(
            claim: IdempotencyClaim(
                key: key, fingerprint: PayloadFingerprint(rawValue: String(repeating: "c", count: 64)), token: ClaimToken(rawValue: "t"),
                now: t0, processingTimeout: .seconds(300)
            ),
            transactions: transactions,
            audit: audited ? WebhookLogEntry(receivedAt: t0, source: "karage", outcome: .processed, status: 200, duration: .milliseconds(2), idempotencyKey: key, bodySize: 10) : nil,
            render: { ids in StoredResponse(status: 200, body: Array("{\"internal_ids\":[\"\(ids.joined(separator: "\",\""))\"]}".utf8)) }
        )
    }

    /// A row inserted by the staged store (random id) keeps it: the answer, the stored response
    /// and the audit record name that id, not the derived one.
    static func legacyRowKeepsItsID(_ database: any SQLDatabase) async throws {
        let sample = try TransactionStoreContract.sampleTransaction()
        let legacy = try await SQLTransactionStore(database: database, makeID: { "txn_legacy_1" }).upsert(sample, now: t0)
        let result = try await SQLDeliveryCommitStore(database: database).commit(delivery("tx/k", [sample]))
        let expected = StoredResponse(status: 200, body: Array(#"{"internal_ids":["txn_legacy_1"]}"#.utf8))
        #expect(legacy.internalID == "txn_legacy_1")
        #expect(result == .committed(internalIDs: ["txn_legacy_1"], response: expected))
        let record = try await SQLIdempotencyStore(database: database).record(forKey: "tx/k")
        #expect(record?.state == .completed(expected))
        #expect(try await SQLWebhookLog(database: database).recent(limit: 5).map(\.internalID) == ["txn_legacy_1"])
    }

    /// One delivery naming one transaction twice (a report page repeating an order) writes it
    /// once, with the later document, and answers its id in both places.
    static func repeatedKeyWrittenOnce(_ database: any SQLDatabase) async throws {
        let first = try TransactionStoreContract.sampleTransaction()
        var later = first
        later.sourceStatus = "104"
        var other = first
        other.externalID = "0001"
        let result = try await SQLDeliveryCommitStore(database: database).commit(delivery("txs/k", [first, other, later]))
        guard case .committed(let ids, _) = result else {
            Issue.record("not committed: \(result)")
            return
        }
        #expect(ids.count == 3 && ids[0] == ids[2] && ids[0] != ids[1])
        #expect(ids.allSatisfy { $0.hasPrefix("txn_") && $0.count == 36 })
        let stored = try await SQLTransactionStore(database: database).transaction(for: TransactionKey(first))
        #expect(stored?.transaction.sourceStatus == "104")
        #expect(try await SQLTransactionStore(database: database).count() == 2)
        #expect(try await SQLWebhookLog(database: database).recent(limit: 5).map(\.internalID) == [ids[0]])
    }
}
