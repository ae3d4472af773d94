#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import PWBIMapping

/// The behavioural contract of ``TransactionStore``, runnable against any implementation.
public enum TransactionStoreContract {
    /// Runs every check, each against a fresh, empty store from `makeStore`, and returns the violations.
    ///
    /// - Parameters:
    ///   - concurrency: how many concurrent upserts race in the atomicity checks.
    ///   - makeStore: returns a fresh, empty store; called once per check.
    public static func check(
        concurrency: Int = 200,
        _ makeStore: () async throws -> any TransactionStore
    ) async -> [ContractViolation] {
        var report = ContractReport("TransactionStore")
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let t1 = t0.addingTimeInterval(3_600)
        let sample: UnifiedTransaction
        do {
            sample = try Self.sampleTransaction()
        } catch {
            return [ContractViolation(contract: "TransactionStore", check: "sample", detail: "could not build the sample: \(error)")]
        }
        func variant(_ change: (inout UnifiedTransaction) -> Void) -> UnifiedTransaction {
            var copy = sample
            change(&copy)
            return copy
        }

        await report.run("a new key is inserted and comes back intact") {
            let store = try await makeStore()
            let result = try await store.upsert(sample, now: t0)
            guard result.outcome == .inserted, !result.internalID.isEmpty else { return "expected inserted with an id, got \(result)" }
            let found = try await store.transaction(for: TransactionKey(sample))
            let expected = StoredTransaction(internalID: result.internalID, transaction: sample, insertedAt: t0, updatedAt: t0)
            return found == expected ? nil : "expected \(expected), got \(String(describing: found))"
        }

        await report.run("the same content again is unchanged, with the same id and times") {
            let store = try await makeStore()
            let first = try await store.upsert(sample, now: t0)
            let again = try await store.upsert(sample, now: t1)
            guard again == UpsertResult(outcome: .unchanged, internalID: first.internalID) else {
                return "expected unchanged(\(first.internalID)), got \(again)"
            }
            let found = try await store.transaction(for: TransactionKey(sample))
            return found?.updatedAt == t0 ? nil : "an unchanged upsert moved updatedAt to \(String(describing: found?.updatedAt))"
        }

        await report.run("changed content is updated in place, keeping the id and insert time") {
            let store = try await makeStore()
            let first = try await store.upsert(sample, now: t0)
            let changed = variant { $0.status = .refunded; $0.total = ExactDecimal(86_500) }
            let result = try await store.upsert(changed, now: t1)
            guard result == UpsertResult(outcome: .updated, internalID: first.internalID) else {
                return "expected updated(\(first.internalID)), got \(result)"
            }
            let found = try await store.transaction(for: TransactionKey(sample))
            let expected = StoredTransaction(internalID: first.internalID, transaction: changed, insertedAt: t0, updatedAt: t1)
            return found == expected ? nil : "expected \(expected), got \(String(describing: found))"
        }

        await report.run("a change deep inside (a line's quantity) is an update") {
            let store = try await makeStore()
            _ = try await store.upsert(sample, now: t0)
            let changed = variant { $0.lineItems[0].quantity = ExactDecimal(3) }
            let result = try await store.upsert(changed, now: t1)
            return result.outcome == .updated ? nil : "expected updated, got \(result)"
        }

        await report.run("the same receipt number at another outlet is another transaction") {
            let store = try await makeStore()
            let first = try await store.upsert(sample, now: t0)
            let other = variant { $0.outlet = "outlet-bandung" }
            let second = try await store.upsert(other, now: t0)
            guard second.outcome == .inserted, second.internalID != first.internalID else {
                return "expected a second insert with a new id, got \(second) (first \(first.internalID))"
            }
            let stillFirst = try await store.transaction(for: TransactionKey(sample))
            return stillFirst?.transaction == sample ? nil : "the first outlet's transaction changed"
        }

        await report.run("tenant and source are part of the key") {
            let store = try await makeStore()
            let first = try await store.upsert(sample, now: t0)
            for other in [variant { $0.tenant = "tenant-2" }, variant { $0.sourceSystem = .moka }] {
                let result = try await store.upsert(other, now: t0)
                guard result.outcome == .inserted, result.internalID != first.internalID else {
                    return "\(TransactionKey(other)) was not a new transaction: \(result)"
                }
            }
            return nil
        }

        // A Karage refund (and a void) carries its sale's OrderID: three records, none overwriting another.
        let refund = variant { $0.kind = .refund; $0.originalExternalID = sample.externalID; $0.sourceStatus = "106" }
        let void = variant { $0.kind = .void; $0.status = .voided }
        for (name, order) in [("sale, refund, void", [sample, refund, void]), ("void, refund, sale", [void, refund, sample])] {
            await report.run("a sale, its refund and its void of one order id are three transactions (\(name))") {
                let store = try await makeStore()
                var ids: Set<String> = []
                for transaction in order {
                    let result = try await store.upsert(transaction, now: t0)
                    guard result.outcome == .inserted else { return "the \(transaction.kind) was \(result.outcome), not inserted" }
                    ids.insert(result.internalID)
                }
                guard ids.count == 3 else { return "three kinds shared ids: \(ids.sorted())" }
                for transaction in order {
                    let found = try await store.transaction(for: TransactionKey(transaction))
                    guard found?.transaction == transaction else {
                        return "the \(transaction.kind) came back as \(String(describing: found?.transaction.kind))"
                    }
                }
                return nil
            }
        }

        await report.run("a batch with a sale and its refund inserts both") {
            let store = try await makeStore()
            let results = try await store.upsert(contentsOf: [refund, sample, refund], now: t0)
            let outcomes = results.map(\.outcome)
            guard outcomes == [.inserted, .inserted, .unchanged], results[0].internalID != results[1].internalID,
                  results[2].internalID == results[0].internalID
            else { return "expected [inserted, inserted, unchanged] with two ids, got \(results)" }
            let sale = try await store.transaction(for: TransactionKey(sample))
            return sale?.transaction == sample ? nil : "the sale came back as \(String(describing: sale?.transaction))"
        }

        await report.run("no outlet and an empty outlet are the same key") {
            let store = try await makeStore()
            let none = variant { $0.outlet = nil }
            let first = try await store.upsert(none, now: t0)
            let empty = variant { $0.outlet = "" }
            let second = try await store.upsert(empty, now: t0)
            return second.internalID == first.internalID && second.outcome != .inserted
                ? nil : "an empty outlet made another transaction: \(second) vs \(first)"
        }

        await report.run("an unknown key has no transaction") {
            let store = try await makeStore()
            _ = try await store.upsert(sample, now: t0)
            let missing = TransactionKey(tenant: sample.tenant, source: sample.sourceSystem, outlet: sample.outlet, externalID: "nope")
            let found = try await store.transaction(for: missing)
            return found == nil ? nil : "found \(String(describing: found))"
        }

        await report.run("concurrent upserts of one new key: exactly one insert, one id") {
            let store = try await makeStore()
            let count = max(2, concurrency)
            let results = try await withThrowingTaskGroup(of: UpsertResult.self) { group in
                for _ in 0..<count { group.addTask { try await store.upsert(sample, now: t0) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let inserted = results.filter { $0.outcome == .inserted }.count
            let ids = Set(results.map(\.internalID))
            guard inserted == 1, ids.count == 1, results.allSatisfy({ $0.outcome != .updated }) else {
                return "\(count) concurrent upserts: \(inserted) inserted, \(ids.count) distinct ids, outcomes \(Set(results.map(\.outcome)))"
            }
            return nil
        }

        await report.run("concurrent upserts of distinct keys: every one inserted with its own id") {
            let store = try await makeStore()
            let count = max(2, concurrency)
            let results = try await withThrowingTaskGroup(of: UpsertResult.self) { group in
                for index in 0..<count {
                    let transaction = variant { $0.externalID = "R-\(index)" }
                    group.addTask { try await store.upsert(transaction, now: t0) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let inserted = results.filter { $0.outcome == .inserted }.count
            let ids = Set(results.map(\.internalID)).count
            return inserted == count && ids == count ? nil : "\(count) distinct upserts: \(inserted) inserted, \(ids) distinct ids"
        }

        await report.run("a batch upsert is single upserts in order: in-batch repeats are unchanged or updated, not inserted twice") {
            let store = try await makeStore()
            let before = try await store.upsert(variant { $0.externalID = "B-0" }, now: t0)
            let otherOutlet = variant { $0.outlet = "outlet-bandung" }
            let changed = variant { $0.status = .refunded; $0.total = ExactDecimal(86_500) }
            let batch = [sample, otherOutlet, sample, changed, variant { $0.externalID = "B-0" }]
            let results = try await store.upsert(contentsOf: batch, now: t1)
            guard results.count == batch.count else { return "\(batch.count) transactions, \(results.count) results" }
            let outcomes = results.map(\.outcome)
            guard outcomes == [.inserted, .inserted, .unchanged, .updated, .unchanged] else {
                return "expected [inserted, inserted, unchanged, updated, unchanged], got \(outcomes)"
            }
            guard results[2].internalID == results[0].internalID, results[3].internalID == results[0].internalID,
                  results[1].internalID != results[0].internalID, results[4].internalID == before.internalID
            else { return "ids do not follow the keys: \(results.map(\.internalID)), earlier \(before.internalID)" }
            let found = try await store.transaction(for: TransactionKey(sample))
            let expected = StoredTransaction(internalID: results[0].internalID, transaction: changed, insertedAt: t1, updatedAt: t1)
            return found == expected ? nil : "after the batch expected \(expected), got \(String(describing: found))"
        }

        await report.run("an empty batch stores nothing") {
            let store = try await makeStore()
            let results = try await store.upsert(contentsOf: [], now: t0)
            let found = try await store.transaction(for: TransactionKey(sample))
            return results.isEmpty && found == nil ? nil : "an empty batch returned \(results), stored \(String(describing: found))"
        }

        await report.run("concurrent batches holding one new key: exactly one insert, one id") {
            let store = try await makeStore()
            let count = max(2, concurrency / 4)
            let results = try await withThrowingTaskGroup(of: [UpsertResult].self) { group in
                for index in 0..<count {
                    let own = variant { $0.externalID = "C-\(index)" }
                    group.addTask { try await store.upsert(contentsOf: [own, sample], now: t0) }
                }
                return try await group.reduce(into: []) { $0.append(contentsOf: $1) }
            }
            guard results.count == 2 * count else { return "\(count) batches of 2 gave \(results.count) results" }
            let own = stride(from: 0, to: results.count, by: 2).map { results[$0] }
            let shared = stride(from: 1, to: results.count, by: 2).map { results[$0] }
            let inserted = shared.filter { $0.outcome == .inserted }.count
            let ids = Set(shared.map(\.internalID)).count
            guard own.allSatisfy({ $0.outcome == .inserted }), Set(own.map(\.internalID)).count == count else {
                return "\(count) batches: their own new keys were not all inserted with distinct ids"
            }
            return inserted == 1 && ids == 1 ? nil : "\(count) concurrent batches: the shared key inserted \(inserted) times with \(ids) distinct ids"
        }

        return report.violations
    }

    /// The checker's sample: a Karage sale in SAR with two lines (one fractional, one with a
    /// 6-decimal unit price and a non-ASCII note) and a split payment — handy for a host's own tests.
    public static func sampleTransaction() throws -> UnifiedTransaction {
        UnifiedTransaction(
            tenant: "tenant-1", sourceSystem: .karage, externalID: "2001", outlet: "outlet-jakarta",
            kind: .sale, status: .completed, sourceStatus: "103",
            occurredAt: ZonedTimestamp(
                instant: Timestamp(secondsSince1970: 1_764_232_200), utcOffsetSeconds: 10_800,
                zoneDecision: .configured(identifier: "Asia/Riyadh")
            ),
            currency: .SAR,
            subtotal: try ExactDecimal(significand: 7_000, scale: 2),
            discount: .zero,
            tax: try ExactDecimal(significand: 1_050, scale: 2),
            taxRatePercent: ExactDecimal(15),
            total: try ExactDecimal(significand: 8_050, scale: 2),
            paid: try ExactDecimal(significand: 8_050, scale: 2),
            lineItems: [
                LineItem(
                    name: "Office Chair", references: [ProductReference(scheme: "OdooItemID", value: "5")],
                    quantity: ExactDecimal(1), unitPrice: try ExactDecimal(significand: 5_000, scale: 2)
                ),
                LineItem(
                    name: "Fuchs Oil 5W30 — 1.5 L", references: [ProductReference(scheme: "ItemName", value: "Fuchs Oil 5W30")],
                    quantity: try ExactDecimal(significand: 15, scale: 1), unitPrice: try ExactDecimal(significand: 13_333_333, scale: 6),
                    discount: .zero, note: "café ☕"
                ),
            ],
            payments: [
                Payment(method: .cash, rawCode: "1", label: "Cash", amount: try ExactDecimal(significand: 5_050, scale: 2)),
                Payment(method: .buyNowPayLater, rawCode: "5", label: "Tabby", amount: ExactDecimal(30), reference: "TB-1"),
            ]
        )
    }
}
