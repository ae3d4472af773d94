#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import Metrics
import PWBIMapping
import Synchronization
import PWBIIntegration

extension WebhookServerApp {
    /// Runs one delivery through `receive` inside a ``DeliveryUnit`` (claims committed fenced,
    /// with their audit record) under the request deadline.
    ///
    /// - Committed: the receiver's response (ids corrected for rows stored before ids were derived).
    /// - Not committed (database failure, claim taken over) or past the deadline: 503 with
    ///   `Retry-After`, every claim of the request released, logged with its reason.
    public func process(
        source: String, requestID: String, logger: Logger,
        _ receive: @escaping @Sendable () async -> WebhookResponse
    ) async -> WebhookResponse {
        var logger = logger
        if logger[metadataKey: "hb.request.id"] == nil { logger[metadataKey: "request_id"] = "\(requestID)" }
        let unit = DeliveryUnit(database: storage.database)
        let finished: WebhookResponse?
        do {
            finished = try await withDeadline(configuration.requestDeadline) {
                await DeliveryUnit.$current.withValue(unit) {
                    let response = await receive()
                    await unit.commitReady()
                    return response
                }
            }
        } catch {
            finished = nil
        }
        for failure in unit.sideFailures {
            logger.error("write failed", metadata: ["source": "\(source)", "what": "\(failure)"])
        }
        guard let response = finished else {
            releaseInBackground(unit.close("request deadline passed"), logger: logger)
            logger.warning("503: request deadline passed, claims released", metadata: [
                "source": "\(source)", "deadline": "\(configuration.requestDeadline)",
            ])
            return unavailable(reason: "deadline")
        }
        // Claims the receiver neither completed nor released (it was interrupted) are given back.
        let leftover = unit.uncommittedClaims()
        if !leftover.isEmpty { releaseInBackground(leftover, logger: logger) }
        switch unit.outcome {
        case .committed:
            guard leftover.isEmpty else { return unavailable(reason: "interrupted") }
            if response.status == 503 {
                // The receiver's own 503: a claim or API-key lookup the database failed.
                Counter(label: "pwbi_unavailable_responses", dimensions: [("reason", "store")]).increment()
                logger.warning("503: the store failed before anything was claimed", metadata: [
                    "source": "\(source)", "error": "\(String(decoding: response.body.prefix(300), as: UTF8.self))",
                ])
            }
            var response = response
            response.body = unit.correctedBody(response.body)
            return response
        case .fencedOut(let key):
            logger.warning("503: the claim was taken over before it was committed; nothing written", metadata: [
                "source": "\(source)", "idempotency_key": "\(key)",
            ])
            return unavailable(reason: "fenced_out")
        case .failed(let reason):
            // The failed commit rolled back: its claim is still ours and processing (a completed one is left alone).
            releaseInBackground(unit.close(reason), logger: logger)
            logger.error("503: the delivery's commit failed; nothing written", metadata: [
                "source": "\(source)", "reason": "\(reason)",
            ])
            return unavailable(reason: "commit_failed")
        }
    }

    /// Releases `claims` after the answer is on its way (the answer must not wait for a database
    /// that may be away): each bounded by the query timeout, a failure logged — the claim then
    /// expires after the processing timeout. Tracked in ``releases`` (drained at shutdown).
    func releaseInBackground(_ claims: [(key: String, token: ClaimToken)], logger: Logger) {
        guard !claims.isEmpty else { return }
        releases.add(Task { await release(claims, logger: logger) })
    }

    /// Releases what an abandoned unit holds in the background, once its running claim queries
    /// have answered (each is bounded by the query timeout).
    func releaseInBackground(_ abandoned: DeliveryUnit.Abandoned, logger: Logger) {
        guard !abandoned.acquired.isEmpty || !abandoned.attempts.isEmpty else { return }
        releases.add(Task { await release(await abandoned.claims(), logger: logger) })
    }

    /// Releases `claims`, each bounded by the query timeout; a failure is logged.
    func release(_ claims: [(key: String, token: ClaimToken)], logger: Logger) async {
        let store = storage.idempotency
        for claim in claims {
            do {
                _ = try await withDeadline(configuration.queryTimeout) { try await store.release(key: claim.key, token: claim.token) }
            } catch {
                logger.error("releasing a claim failed", metadata: ["idempotency_key": "\(claim.key)", "error": "\(error)"])
            }
        }
    }

    /// 503 with `Retry-After`, in the receiver's error shape; counted by `reason` in
    /// `pwbi_unavailable_responses`.
    func unavailable(reason: String) -> WebhookResponse {
        Counter(label: "pwbi_unavailable_responses", dimensions: [("reason", reason)]).increment()
        var json = JSONWriter()
        json.beginObject()
        json.key("success"); json.bool(false)
        json.member("status", "error")
        json.member("error", DeliveryUnit.unavailableMessage)
        json.member("code", "store_unavailable")
        json.endObject()
        return WebhookResponse(
            status: 503,
            headers: [HTTPHeaderField("Content-Type", "application/json"), HTTPHeaderField("Retry-After", String(configuration.retryAfterSeconds))],
            body: json.bytes, outcome: .unavailable
        )
    }
}

/// Claim releases still running after their requests were answered.
public final class PendingReleases: Sendable {
    private let tasks = Mutex<[Int: Task<Void, Never>]>([:])
    private let counter = Atomic<Int>(0)

    /// No release pending.
    public init() {}

    func add(_ task: Task<Void, Never>) {
        let id = counter.wrappingAdd(1, ordering: .relaxed).newValue
        tasks.withLock { $0[id] = task }
        Task {
            await task.value
            _ = tasks.withLock { $0.removeValue(forKey: id) }
        }
    }

    /// Waits until every release started so far has ended (each is bounded by the query timeout).
    public func drain() async {
        for task in tasks.withLock({ Array($0.values) }) { await task.value }
    }
}
