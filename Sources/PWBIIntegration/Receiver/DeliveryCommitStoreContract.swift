#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIMapping

/// The behavioural contract of ``DeliveryCommitStore``, runnable against any implementation,
/// read back through the stores it shares its records with.
///
/// ```swift
/// @Test func oneStepStoreHonoursTheContract() async {
///     let violations = await DeliveryCommitStoreContract.check {
///         let (idempotency, transactions, log) = (InMemoryIdempotencyStore(), InMemoryTransactionStore(), InMemoryWebhookLog())
///         return DeliveryCommitStoreContract.Subject(
///             store: StagedDeliveryCommitStore(idempotency: idempotency, transactions: transactions, log: log),
///             idempotency: idempotency, transactions: transactions, log: log
///         )
///     }
///     #expect(violations.isEmpty, "\(violations)")
/// }
/// ```
public enum DeliveryCommitStoreContract {
    /// A store under check and the stores it writes to, fresh and empty.
    public struct Subject: Sendable {
        /// The store under check.
        public var store: any DeliveryCommitStore
        /// The idempotency records it claims and completes.
        public var idempotency: any IdempotencyStore
        /// The transactions it upserts.
        public var transactions: any TransactionStore
        /// The audit trail it appends to.
        public var log: any WebhookLog

        /// A subject: `store` writing to `idempotency`, `transactions` and `log`.
        public init(store: any DeliveryCommitStore, idempotency: any IdempotencyStore, transactions: any TransactionStore, log: any WebhookLog) {
            self.store = store
            self.idempotency = idempotency
            self.transactions = transactions
            self.log = log
        }
    }

    /// Runs every check, each against a fresh subject from `makeSubject`, and returns the
    /// violations (empty when the implementation conforms). All times are the checker's own.
    ///
    /// - Parameters:
    ///   - concurrency: how many concurrent commits race for one key in the atomicity check.
    ///   - makeSubject: returns a fresh, empty subject; called once per check.
    public static func check(concurrency: Int = 50, _ makeSubject: () async throws -> Subject) async -> [ContractViolation] {
        var report = ContractReport("DeliveryCommitStore")
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let a = PayloadFingerprint(rawValue: String(repeating: "a", count: 64))
        let b = PayloadFingerprint(rawValue: String(repeating: "b", count: 64))
        let sample: UnifiedTransaction
        do {
            sample = try TransactionStoreContract.sampleTransaction()
        } catch {
            return [ContractViolation(contract: "DeliveryCommitStore", check: "sample", detail: "\(error)")]
        }
        var tokens = TokenSequence()
        func variant(_ externalID: String) -> UnifiedTransaction {
            var transaction = sample
            transaction.externalID = externalID
            return transaction
        }
        func delivery(_ key: String, _ fingerprint: PayloadFingerprint, _ transactions: [UnifiedTransaction], at now: Date, audited: Bool = true) -> DeliveryCommit {
            DeliveryCommit(
                claim: IdempotencyClaim(key: key, fingerprint: fingerprint, token: tokens.next(), now: now, processingTimeout: .seconds(300)),
                transactions: transactions,
                audit: audited ? WebhookLogEntry(
                    receivedAt: now, source: "karage", tenant: sample.tenant, outcome: .processed, status: 200,
                    duration: .milliseconds(3), idempotencyKey: key, eventType: "transaction.created", bodySize: 615
                ) : nil,
                render: { ids in StoredResponse(status: 200, body: Array("{\"key\":\"\(key)\",\"ids\":\"\(ids.joined(separator: ","))\"}".utf8)) }
            )
        }

        await report.run("a fresh key is stored, completed with the ids the rows have, and audited") {
            let subject = try await makeSubject()
            let first = variant("D-1"), second = variant("D-2")
            let commit = delivery("k", a, [first, second], at: t0)
            guard case .committed(let ids, let response) = try await subject.store.commit(commit) else { return "not committed" }
            guard ids.count == 2, Set(ids).count == 2 else { return "ids \(ids) for two transactions" }
            guard response == commit.render(ids) else { return "the response is not render(ids)" }
            for (transaction, id) in zip([first, second], ids) {
                guard let stored = try await subject.transactions.transaction(for: TransactionKey(transaction)) else { return "\(transaction.externalID) not stored" }
                guard stored.internalID == id, stored.transaction == transaction else { return "\(transaction.externalID) stored as \(stored.internalID), answered \(id)" }
            }
            guard case .completed(let kept)? = try await subject.idempotency.record(forKey: "k")?.state, kept == response else {
                return "the key is not completed with the response"
            }
            let audit = try await subject.log.recent(limit: 10)
            guard audit.count == 1, audit[0].internalID == ids[0], audit[0].idempotencyKey == "k" else { return "audit records \(audit)" }
            return nil
        }

        await report.run("a completed key replays its response and writes nothing") {
            let subject = try await makeSubject()
            guard case .committed(_, let response) = try await subject.store.commit(delivery("k", a, [variant("D-1")], at: t0)) else { return "not committed" }
            var changed = variant("D-1")
            changed.sourceStatus = "104"
            let again = try await subject.store.commit(delivery("k", a, [changed], at: t0.addingTimeInterval(10 * 86_400)))
            guard again == .completed(response) else { return "expected completed(response), got \(again)" }
            let stored = try await subject.transactions.transaction(for: TransactionKey(changed))
            guard stored?.transaction.sourceStatus == "103" else { return "a replay changed the stored transaction" }
            let audit = try await subject.log.recent(limit: 10)
            return audit.count == 1 ? nil : "\(audit.count) audit records after a replay (the receiver writes the replay's own)"
        }

        await report.run("another payload under a used key is a mismatch and writes nothing") {
            let subject = try await makeSubject()
            _ = try await subject.store.commit(delivery("k", a, [variant("D-1")], at: t0))
            let other = try await subject.store.commit(delivery("k", b, [variant("D-9")], at: t0.addingTimeInterval(1)))
            guard other == .fingerprintMismatch else { return "expected fingerprintMismatch, got \(other)" }
            return try await subject.transactions.transaction(for: TransactionKey(variant("D-9"))) == nil ? nil : "the mismatched delivery was stored"
        }

        await report.run("a key processing under a staged claim is in progress and nothing is written") {
            let subject = try await makeSubject()
            let claim = IdempotencyClaim(key: "k", fingerprint: a, token: tokens.next(), now: t0, processingTimeout: .seconds(300))
            guard case .acquired = try await subject.idempotency.claim(claim) else { return "the staged claim was not acquired" }
            let result = try await subject.store.commit(delivery("k", a, [variant("D-1")], at: t0.addingTimeInterval(1)))
            guard result == .inProgress(since: t0) else { return "expected inProgress(since: t0), got \(result)" }
            let stored = try await subject.transactions.transaction(for: TransactionKey(variant("D-1")))
            let audit = try await subject.log.recent(limit: 10)
            return stored == nil && audit.isEmpty ? nil : "a delivery in progress wrote a transaction or an audit record"
        }

        await report.run("an abandoned staged claim is taken over; its owner can no longer complete it") {
            let subject = try await makeSubject()
            let owner = tokens.next()
            let stale = IdempotencyClaim(key: "k", fingerprint: a, token: owner, now: t0, processingTimeout: .seconds(300))
            _ = try await subject.idempotency.claim(stale)
            let result = try await subject.store.commit(delivery("k", a, [variant("D-1")], at: t0.addingTimeInterval(301)))
            guard case .committed(_, let response) = result else { return "expected the takeover to commit, got \(result)" }
            let late = try await subject.idempotency.complete(key: "k", token: owner, response: StoredResponse(status: 200, body: []), now: t0.addingTimeInterval(302))
            guard late == .notOwner else { return "the abandoned owner completed the key after the takeover" }
            guard case .completed(let kept)? = try await subject.idempotency.record(forKey: "k")?.state, kept == response else { return "the takeover's response is not kept" }
            return nil
        }

        await report.run("a transaction stored earlier keeps its id, and the stored response names it") {
            let subject = try await makeSubject()
            let before = try await subject.transactions.upsert(variant("D-1"), now: t0)
            var changed = variant("D-1")
            changed.sourceStatus = "104"
            let commit = delivery("k", a, [changed], at: t0.addingTimeInterval(1))
            guard case .committed(let ids, let response) = try await subject.store.commit(commit) else { return "not committed" }
            guard ids == [before.internalID] else { return "answered \(ids), the row has \(before.internalID)" }
            guard response == commit.render(ids), case .completed(let kept)? = try await subject.idempotency.record(forKey: "k")?.state, kept == response else {
                return "the stored response does not name the row's id"
            }
            let stored = try await subject.transactions.transaction(for: TransactionKey(changed))
            return stored?.transaction.sourceStatus == "104" ? nil : "the upsert did not update the row"
        }

        await report.run("of \(concurrency) concurrent commits of one key exactly one commits, and writes once") {
            let subject = try await makeSubject()
            let commits = (0..<concurrency).map { delivery("k", a, [variant("D-1")], at: t0.addingTimeInterval(Double($0) / 1000)) }
            let store = subject.store
            let results = try await withThrowingTaskGroup(of: DeliveryCommitResult.self) { group in
                for commit in commits { group.addTask { try await store.commit(commit) } }
                var results: [DeliveryCommitResult] = []
                for try await result in group { results.append(result) }
                return results
            }
            let committed = results.filter { if case .committed = $0 { return true } else { return false } }
            let wrong = results.filter { result in
                switch result {
                case .committed, .completed, .inProgress: return false
                case .fingerprintMismatch: return true
                }
            }
            guard committed.count == 1, wrong.isEmpty else { return "\(committed.count) commits, \(wrong.count) mismatches" }
            let audit = try await subject.log.recent(limit: concurrency + 1)
            return audit.count == 1 ? nil : "\(audit.count) audit records for one committed delivery"
        }

        await report.run("a commit without an audit record appends none") {
            let subject = try await makeSubject()
            guard case .committed = try await subject.store.commit(delivery("k", a, [variant("D-1")], at: t0, audited: false)) else { return "not committed" }
            return try await subject.log.recent(limit: 10).isEmpty ? nil : "an audit record was appended"
        }

        return report.violations
    }
}
