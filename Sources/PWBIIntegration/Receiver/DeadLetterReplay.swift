import PWBISignatures
import PWBIMapping

/// What replaying the dead-letter queue did.
public struct DeadLetterReplayReport: Sendable, Hashable {
    /// Ids replayed successfully (stored now or found already stored) and removed from the queue.
    public var replayed: [String] = []
    /// Ids that failed again (kept, with the attempt counted and the new reason).
    public var failed: [String] = []
}

extension WebhookReceiver {
    /// Replays dead letter `id` through the pipeline. Authentication is not checked again — only
    /// authenticated deliveries are dead-lettered, and a timestamped signature would have expired by
    /// now — but everything after it is: mapping, validation, idempotency and the store. A success
    /// (or a duplicate of a delivery that got through meanwhile) removes the entry; a failure counts
    /// an attempt. Returns nil when there is no queue or no such entry.
    public func replayDeadLetter(id: String) async throws -> WebhookResponse? {
        guard let deadLetters, let letter = try await deadLetters.entry(id: id) else { return nil }
        let request = WebhookRequest(
            source: letter.source, headers: WebhookHeaders(letter.headers.map { ($0.name, $0.value) }),
            body: letter.body, tenant: letter.tenant
        )
        let response = await run(request, trusted: true) { (trace: inout Trace) async throws(WebhookRejection) -> WebhookResponse in
            try await deliverSingle(request, trusted: true, trace: &trace)
        }
        if response.status == 200 {
            _ = try await deadLetters.remove(id: id)
        } else {
            _ = try await deadLetters.recordFailure(id: id, reason: "replay: \(response.status) \(Self.errorMessage(in: response.body) ?? "")", at: now())
        }
        return response
    }

    /// Replays up to `limit` dead letters, oldest first.
    public func replayDeadLetters(limit: Int? = nil) async throws -> DeadLetterReplayReport {
        guard let deadLetters else { return DeadLetterReplayReport() }
        var report = DeadLetterReplayReport()
        for letter in try await deadLetters.list(limit: limit) {
            guard let response = try await replayDeadLetter(id: letter.id) else { continue }
            if response.status == 200 { report.replayed.append(letter.id) } else { report.failed.append(letter.id) }
        }
        return report
    }

    static func errorMessage(in body: [UInt8]) -> String? {
        guard let document = try? JSONDocument(parsing: body) else { return nil }
        return try? document.root["error"].string()
    }
}
