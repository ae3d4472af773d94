#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Where the library dead-letters, it tells the optional notifier; these keep that to one line each.

extension WebhookSender {
    /// Tells ``failureNotifier`` how a delivery to `destination` ended: dead-lettered (or not
    /// even storable) is a failure of the tenant's integration with the destination; delivered heals it.
    func notify(_ report: WebhookDeliveryReport, of webhook: OutgoingWebhook, to destination: WebhookDestination, at time: Date) async {
        guard let failureNotifier else { return }
        let integration = IntegrationID(tenant: webhook.tenant ?? "", sourceSystem: destination.name)
        switch report.outcome {
        case .delivered:
            await failureNotifier.succeeded(integration, at: time)
        case .deadLettered(_, let reason), .notStored(let reason):
            let kind = Self.failureKind(lastAttempt: report.attempts.last?.outcome)
            await failureNotifier.failed(IntegrationFailure(integration: integration, kind: kind, detail: reason, at: time))
        case .replayFailed, .notSigned, .cancelled:
            break
        }
    }

    /// The failure class of an attempt's outcome (`401`, `429`, `503`, `timeout`, `connection_error`).
    static func failureKind(lastAttempt outcome: String?) -> SyncFailureKind {
        switch outcome {
        case "timeout": .timeout
        case "connection_error": .connection
        case "401", "403": .authentication
        case "429": .rateLimited
        default: .serverError
        }
    }
}

extension WebhookReceiver {
    /// Tells ``failureNotifier`` that a delivery of `source` for `tenant` was dead-lettered with
    /// `rejection` (503: the store failed; 400: the payload could not be used).
    func notifyDeadLettered(source: String, tenant: String?, _ rejection: WebhookRejection, at time: Date) async {
        guard let failureNotifier else { return }
        let kind: SyncFailureKind = rejection.status == 503 ? .storage : .invalidResponse
        await failureNotifier.failed(IntegrationFailure(
            integration: IntegrationID(tenant: tenant ?? "", sourceSystem: source), kind: kind, detail: rejection.description, at: time))
    }
}

extension PollingDependencies {
    /// Tells ``failureNotifier`` how a run ended: a failed run, or elements dead-lettered because
    /// they did not map, is a failure; a clean run heals the integration.
    func notify(_ report: SyncRunReport, at time: Date) async {
        guard let failureNotifier else { return }
        switch report.outcome {
        case .failed(let failure):
            await failureNotifier.failed(IntegrationFailure(integration: report.integration, kind: failure.kind, detail: failure.detail, at: failure.at))
        case .succeeded where report.deadLettered > 0:
            let detail = "\(report.deadLettered) element\(report.deadLettered == 1 ? "" : "s") did not map and went to the dead-letter queue"
            await failureNotifier.failed(IntegrationFailure(integration: report.integration, kind: .invalidResponse, detail: detail, at: time))
        case .succeeded:
            await failureNotifier.succeeded(report.integration, at: time)
        case .skipped, .superseded, .cancelled:
            break
        }
    }
}
