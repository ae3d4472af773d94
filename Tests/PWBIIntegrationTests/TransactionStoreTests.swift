import Foundation
import PWBIIntegration
import PWBIMapping
import Testing

@Suite("Transaction store")
struct TransactionStoreTests {
    @Test func inMemoryTransactionStoreConforms() async {
        let violations = await TransactionStoreContract.check { InMemoryTransactionStore() }
        #expect(violations.isEmpty, "\(violations)")
    }

    static let catches: [BrokenTransactionStore.Flaw: String] = [
        .checkThenInsert: "concurrent upserts of one new key: exactly one insert, one id",
        .neverUnchanged: "the same content again is unchanged, with the same id and times",
        .ignoresOutlet: "the same receipt number at another outlet is another transaction",
        .newIDOnUpdate: "changed content is updated in place, keeping the id and insert time",
        .dropsNotes: "a new key is inserted and comes back intact",
        .emptyOutletDistinct: "no outlet and an empty outlet are the same key",
        .batchAgainstSnapshot: "a batch upsert is single upserts in order: in-batch repeats are unchanged or updated, not inserted twice",
        .ignoresKind: "a sale, its refund and its void of one order id are three transactions (sale, refund, void)",
    ]

    @Test(arguments: BrokenTransactionStore.Flaw.allCases)
    func brokenTransactionStoreIsCaught(_ flaw: BrokenTransactionStore.Flaw) async throws {
        let violations = await TransactionStoreContract.check { BrokenTransactionStore(flaw) }
        let expected = try #require(Self.catches[flaw])
        #expect(violations.contains { $0.check == expected }, "flaw \(flaw) not caught by '\(expected)'; got \(violations)")
    }

    @Test(arguments: [
        (TransactionKey(tenant: "t1", source: .karage, outlet: nil, externalID: "2001"), "t1/karage/-/2001"),
        (TransactionKey(tenant: "t1", source: .pawoon, outlet: "", externalID: "INV/001"), "t1/pawoon/-/INV%2F001"),
        (TransactionKey(tenant: "a/b", source: .moka, outlet: "-", externalID: "100%"), "a%2Fb/moka/%2D/100%25"),
        (TransactionKey(tenant: "t1", source: .qasir, outlet: "Outlet Bandung", externalID: "R-1"), "t1/qasir/Outlet Bandung/R-1"),
        (TransactionKey(tenant: "t1", source: .moka, outlet: "O/1", externalID: "R-2"), "t1/moka/O%2F1/R-2"),
        (TransactionKey(tenant: "toko-ü", source: .karage, outlet: "-x", externalID: "ü%"), "toko-ü/karage/-x/ü%25"),
    ])
    func keysPrintUnambiguously(_ key: TransactionKey, _ expected: String) {
        #expect(key.description == expected)
    }

    @Test func anEmptyOutletIsNoOutlet() {
        #expect(TransactionKey(tenant: "t", source: .karage, outlet: "", externalID: "1") == TransactionKey(tenant: "t", source: .karage, externalID: "1"))
    }

    /// Enough transactions to fill several storage chunks and grow the index many times, half
    /// stored one by one and half in batches; every one found again under its own id.
    @Test func manyTransactionsAreFoundUnderTheirIDs() async throws {
        let store = InMemoryTransactionStore()
        let now = Date(timeIntervalSince1970: 1_764_000_000)
        let sample = try TransactionStoreContract.sampleTransaction()
        let transactions = (0..<10_000).map { index in
            var copy = sample
            copy.externalID = "R-\(index)"
            copy.outlet = index.isMultiple(of: 3) ? nil : "outlet-\(index % 7)"
            return copy
        }
        var ids: [String] = []
        for transaction in transactions.prefix(5_000) { ids.append(await store.upsert(transaction, now: now).internalID) }
        for start in stride(from: 5_000, to: transactions.count, by: 1_000) {
            let results = try await store.upsert(contentsOf: Array(transactions[start..<start + 1_000]), now: now)
            #expect(results.allSatisfy { $0.outcome == .inserted })
            ids += results.map(\.internalID)
        }
        #expect(ids == (1...10_000).map { "txn_" + String(repeating: "0", count: 16 - String($0, radix: 16).count) + String($0, radix: 16) })
        #expect(await store.count == 10_000)
        let again = try await store.upsert(contentsOf: transactions, now: now.addingTimeInterval(60))
        #expect(again.map(\.internalID) == ids)
        #expect(again.allSatisfy { $0.outcome == .unchanged })
        for (index, transaction) in transactions.enumerated() where index.isMultiple(of: 97) {
            let found = await store.transaction(for: TransactionKey(transaction))
            #expect(found == StoredTransaction(internalID: ids[index], transaction: transaction, insertedAt: now, updatedAt: now))
        }
        #expect(await store.all.map(\.internalID) == ids)
        #expect(await store.transaction(for: TransactionKey(tenant: sample.tenant, source: sample.sourceSystem, externalID: "R-10000")) == nil)
    }

    @Test func internalIDsAreSequentialAndStable() async throws {
        let store = InMemoryTransactionStore()
        let now = Date(timeIntervalSince1970: 1_764_000_000)
        var sample = try TransactionStoreContract.sampleTransaction()
        let first = await store.upsert(sample, now: now)
        sample.externalID = "2002"
        let second = await store.upsert(sample, now: now)
        #expect(first == UpsertResult(outcome: .inserted, internalID: "txn_0000000000000001"))
        #expect(second == UpsertResult(outcome: .inserted, internalID: "txn_0000000000000002"))
        #expect(await store.count == 2)
        #expect(await store.all.map(\.internalID) == ["txn_0000000000000001", "txn_0000000000000002"])
    }
}
