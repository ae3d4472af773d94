#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIRetry
import PWBISignatures
import Synchronization

/// Pushes signed webhooks to other systems: signs each attempt with the destination's scheme,
/// sends through the host's ``HTTPTransport``, retries per policy — by default the reference
/// framework's 1 s, 2 s, 4 s (`RetryPolicy.referenceWebhookSender`), honouring a `Retry-After`
/// — and after the last attempt stores the webhook in the ``DeadLetterQueue`` with the reason
/// (`Max retries exceeded: HTTP 503 after 4 attempts`, as the reference's sender reports it),
/// from where ``replay(deadLetterID:to:)`` sends it again.
///
/// ```swift
/// let sender = WebhookSender(transport: client, deadLetters: queue, clock: ContinuousClock())
/// let report = await sender.deliver(OutgoingWebhook(id: "evt_1", body: json), to: erp)
/// ```
public struct WebhookSender<C: Clock>: Sendable where C.Duration == Duration {
    /// The host's HTTP client.
    public let transport: any HTTPTransport
    /// Where webhooks go after the last failed attempt.
    public let deadLetters: any DeadLetterQueue
    /// The clock attempts sleep on.
    public let clock: C
    /// When to retry and how long to wait.
    public let policy: RetryPolicy
    private let wallClock: @Sendable () -> Date
    private let metrics: any IntegrationMetrics
    /// Told when a delivery is dead-lettered and when a destination accepts again, if anyone is.
    public let failureNotifier: (any FailureNotifier)?

    /// The reference sender policy (4 attempts: waits of 1 s, 2 s, 4 s; 10 s per attempt), with
    /// every non-2xx answer retried and a `Retry-After` honoured (up to 60 s), as the reference's
    /// `send_webhook_with_retry` retries every failure.
    public static var defaultPolicy: RetryPolicy {
        var policy = RetryPolicy.referenceWebhookSender
        policy.classifier = FailureClassifier { error, context in
            guard let failure = error as? any HTTPFailure else { return nil }
            if let header = failure.retryAfterHeader, let delay = RetryAfter.delay(header: header, now: context.now) {
                return .retryAfter(delay)
            }
            return .retry
        }.orElse(.retryAll)
        return policy
    }

    /// A sender; the policy defaults to the reference's (1 s, 2 s, 4 s, then dead letter). A
    /// `failureNotifier` hears of every dead-lettered delivery and every accepted one.
    public init(
        transport: any HTTPTransport,
        deadLetters: any DeadLetterQueue,
        clock: C,
        policy: RetryPolicy = WebhookSender.defaultPolicy,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        metrics: any IntegrationMetrics = DiscardingIntegrationMetrics(),
        failureNotifier: (any FailureNotifier)? = nil
    ) {
        self.failureNotifier = failureNotifier
        self.transport = transport
        self.deadLetters = deadLetters
        self.clock = clock
        var policy = policy
        policy.wallClock = wallClock
        self.policy = policy
        self.wallClock = wallClock
        self.metrics = metrics
    }

    /// Delivers `webhook` to `destination`, retrying per policy; dead-letters it when every attempt fails.
    public func deliver(_ webhook: OutgoingWebhook, to destination: WebhookDestination) async -> WebhookDeliveryReport {
        var (report, failure) = await attempt(webhook, to: destination)
        guard let reason = failure else {
            await notify(report, of: webhook, to: destination, at: wallClock())
            return report
        }
        let letter = DeadLetter(
            source: destination.name, tenant: webhook.tenant,
            headers: destination.headers + [HTTPHeaderField(OutgoingWebhook.idHeader, webhook.id)],
            body: webhook.body, reason: reason, attempts: report.attempts.count, failedAt: wallClock())
        do {
            try await deadLetters.enqueue(letter)
            report.outcome = .deadLettered(deadLetterID: letter.id, reason: reason)
            metrics.increment(.webhookDeliveries, labels: ["destination": destination.name, "status": "dead_lettered"])
        } catch {
            report.outcome = .notStored(reason: reason + "; the dead-letter queue failed (\(type(of: error)))")
            metrics.increment(.webhookDeliveries, labels: ["destination": destination.name, "status": "not_stored"])
        }
        await notify(report, of: webhook, to: destination, at: wallClock())
        return report
    }

    /// Sends a dead-lettered webhook again (same id, same body, freshly signed), under the policy.
    /// Delivered: the entry is removed. Failed again: the entry records the new failure and stays.
    public func replay(deadLetterID: String, to destination: WebhookDestination) async throws -> WebhookDeliveryReport {
        guard let letter = try await deadLetters.entry(id: deadLetterID) else {
            throw WebhookSenderError.unknownDeadLetter(deadLetterID)
        }
        let id = letter.headers.value(of: OutgoingWebhook.idHeader) ?? letter.id
        var (report, failure) = await attempt(OutgoingWebhook(id: id, body: letter.body, tenant: letter.tenant), to: destination)
        if let reason = failure {
            _ = try await deadLetters.recordFailure(id: deadLetterID, reason: reason, at: wallClock())
            report.outcome = .replayFailed(deadLetterID: deadLetterID, reason: reason)
        } else if report.isDelivered {
            _ = try await deadLetters.remove(id: deadLetterID)
        }
        return report
    }

    /// Replays every dead-lettered webhook of `destination` (oldest first), each under the policy.
    public func replayAll(to destination: WebhookDestination, limit: Int? = nil) async throws -> [WebhookDeliveryReport] {
        var reports: [WebhookDeliveryReport] = []
        for letter in try await deadLetters.list(limit: nil) where letter.source == destination.name {
            if let limit, reports.count >= limit { break }
            reports.append(try await replay(deadLetterID: letter.id, to: destination))
        }
        return reports
    }

    /// Runs the attempts. A final failure comes back as its reason, for the caller to dead-letter
    /// (or record on the entry being replayed); the report's outcome is then still `.cancelled`.
    private func attempt(_ webhook: OutgoingWebhook, to destination: WebhookDestination) async -> (WebhookDeliveryReport, failure: String?) {
        let labels = ["destination": destination.name]
        let start = clock.now
        let attempts = Mutex<[WebhookDeliveryReport.Attempt]>([])
        let transport = self.transport
        let clock = self.clock
        let wallClock = self.wallClock
        let metrics = self.metrics

        // Sign once up front to fail fast on a secret the scheme cannot use.
        do {
            let signature = try destination.scheme.sign(
                body: webhook.body, secret: destination.secret.revealed, id: webhook.id, timestamp: Int64(wallClock().timeIntervalSince1970))
            guard signature.bodyFields.isEmpty else {
                return (WebhookDeliveryReport(
                    destination: destination.name, webhookID: webhook.id,
                    outcome: .notSigned(reason: "scheme \(destination.scheme.name) signs inside the body; the sender signs headers only"),
                    attempts: [], totalDelay: .zero), nil)
            }
        } catch {
            return (WebhookDeliveryReport(
                destination: destination.name, webhookID: webhook.id, outcome: .notSigned(reason: "\(error)"), attempts: [], totalDelay: .zero), nil)
        }

        let result = await policy.execute(on: clock) {
            let number = attempts.withLock { $0.count + 1 }
            let startedAfter = start.duration(to: clock.now)
            // Sign every attempt: timestamped schemes then carry the attempt's own time.
            let signature = try destination.scheme.sign(
                body: webhook.body, secret: destination.secret.revealed, id: webhook.id,
                timestamp: Int64(wallClock().timeIntervalSince1970))
            var headers = destination.headers
            headers.append(HTTPHeaderField(OutgoingWebhook.idHeader, webhook.id))
            for field in signature.headers { headers.append(HTTPHeaderField(field.name, field.value)) }
            let request = TransportRequest(method: "POST", url: destination.url, headers: headers, body: webhook.body)
            func record(_ outcome: String) {
                attempts.withLock { $0.append(.init(number: number, startedAfter: startedAfter, outcome: outcome)) }
                metrics.increment(.webhookAttempts, labels: labels.merging(["outcome": outcome]) { $1 })
            }
            let response: TransportResponse
            do {
                response = try await transport.send(request)
            } catch let error as HTTPTransportError {
                record(error == .timeout ? "timeout" : "connection_error")
                throw error.retryTransportError
            } catch let error as TransportError {
                record(error.kind == .timeout ? "timeout" : "connection_error")
                throw error
            } catch {
                record("connection_error")
                throw error
            }
            record(String(response.status))
            guard response.isSuccess else {
                throw HTTPStatusError(statusCode: response.status, retryAfterHeader: response.header("Retry-After"))
            }
            return response.status
        }
        let made = attempts.withLock { $0 }
        var report = WebhookDeliveryReport(
            destination: destination.name, webhookID: webhook.id, outcome: .cancelled, attempts: made, totalDelay: result.totalDelay)
        metrics.observe(.webhookDeliveryDuration, labels: labels, duration: start.duration(to: clock.now))
        switch result.outcome {
        case .success(let status):
            report.outcome = .delivered(status: status)
            metrics.increment(.webhookDeliveries, labels: labels.merging(["status": "delivered"]) { $1 })
            return (report, nil)
        case .failure(let error):
            if error is CancellationError { return (report, nil) }
            return (report, Self.reason(result.stopReason, error, attempts: made.count))
        }
    }

    /// The dead letter's reason: why the sender stopped, in the reference's words when every attempt
    /// was used (`Max retries exceeded: HTTP 503 after 4 attempts`), then the last failure and the count.
    static func reason(_ stop: RetryStopReason?, _ error: any Error, attempts: Int) -> String {
        let why = switch stop {
        case .attemptsExhausted, nil: "Max retries exceeded"
        case .notRetryable: "Not retryable"
        case .deadlineExceeded: "Deadline exceeded"
        case .budgetExhausted: "Retry budget exhausted"
        case .circuitOpen: "Circuit open"
        case .cancelled: "Cancelled"
        }
        return "\(why): \(describe(error)) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
    }

    private static func describe(_ error: any Error) -> String {
        if let status = error as? HTTPStatusError { return "HTTP \(status.statusCode)" }
        if let transport = error as? TransportError { return transport.kind == .timeout ? "Connection timeout" : "Connection failed (\(transport.kind.rawValue))" }
        if error is AttemptTimeoutError { return "Connection timeout" }
        if let signing = error as? WebhookSignatureError { return "signing failed: \(signing)" }
        return "delivery failed (\(type(of: error)))"
    }
}

/// A sender call that could not start.
public enum WebhookSenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No dead-letter entry has this id.
    case unknownDeadLetter(String)

    public var description: String {
        switch self {
        case .unknownDeadLetter(let id): "no dead-lettered webhook with id \(id)"
        }
    }
}
