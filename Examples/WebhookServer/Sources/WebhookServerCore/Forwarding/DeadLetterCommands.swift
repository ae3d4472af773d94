#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// `dead-letters list|replay`: the dead-letter queue from the command line.
/// Output on standard output, errors on standard error; exit codes 0 done, 1 refused/failed, 2 bad usage or settings.
///
///     dead-letters list [--source NAME] [--limit N]
///     dead-letters replay ID|--all
///
/// `list` prints one tab-separated line per entry, oldest first: `id`, `source`, `tenant`,
/// `attempts`, `failed_at` (ISO 8601, UTC), `webhook_id` (the `X-Webhook-ID` kept, `-` if none) and
/// `reason`. `replay` sends outgoing webhooks again — source `forward` (needs `PWBI_FORWARD_URL` and
/// its secret) and `failure-notifications` (needs `PWBI_NOTIFY_URL` and its secret) — with the same
/// id and body, freshly signed, under the sender's retries: delivered, the entry is removed and
/// the outbox row marked sent; failed again, the entry records the new failure and stays.
/// Incoming deliveries (a webhook source's name) are not replayed here: the sender re-posts them.
public enum DeadLetterCommands {
    /// Runs `arguments` (`dead-letters` first); the exit code.
    public static func run<C: Clock>(
        _ arguments: [String], storage: ServerStorage, forwarding: ForwardingConfiguration, transport: any HTTPTransport,
        clock: C, now: @escaping @Sendable () -> Date = { Date() },
        print output: @Sendable (String) -> Void = { Swift.print($0) }, error: @Sendable (String) -> Void = { writeError($0 + "\n") }
    ) async -> Int32 where C.Duration == Duration {
        guard arguments.first == "dead-letters", arguments.count >= 2 else { return 2 }
        let rest = Array(arguments.dropFirst(2))
        switch arguments[1] {
        case "list":
            let options: [String: [String]]
            do {
                options = try IntegrationCommands.parse(rest, allowed: ["--source", "--limit"])
            } catch let usage {
                error("dead-letters list: \(usage)")
                return 2
            }
            var limit: Int?
            if let text = options["--limit"]?.last {
                guard let value = Int(text), value >= 1 else {
                    error("dead-letters list: --limit must be a whole number ≥ 1")
                    return 2
                }
                limit = value
            }
            let source = options["--source"]?.last
            do {
                var letters = try await storage.deadLetters.list(limit: source == nil ? limit : nil)
                if let source { letters = Array(letters.filter { $0.source == source }.prefix(limit ?? Int.max)) }
                output("id\tsource\ttenant\tattempts\tfailed_at\twebhook_id\treason")
                for letter in letters {
                    output([
                        letter.id, letter.source, letter.tenant ?? "-", String(letter.attempts), KeyCommands.day(letter.failedAt),
                        letter.headers.value(of: OutgoingWebhook.idHeader) ?? "-", letter.reason,
                    ].map(KeyCommands.oneLine).joined(separator: "\t"))
                }
                return 0
            } catch let failure {
                error("cannot list dead letters: \(failure)")
                return 1
            }
        case "replay":
            guard rest.count == 1, !rest[0].isEmpty else { return 2 }
            let destinations = [forwarding.destination, forwarding.notifyDestination].compactMap { $0 }
            let sender = WebhookSender(transport: transport, deadLetters: storage.deadLetters, clock: clock, wallClock: now)
            let outbox = SQLOutbox(database: storage.database)
            do {
                let letters: [DeadLetter]
                if rest[0] == "--all" {
                    letters = try await storage.deadLetters.list(limit: nil).filter { letter in destinations.contains { $0.name == letter.source } }
                    if letters.isEmpty {
                        output("nothing to replay")
                        return 0
                    }
                } else {
                    guard let letter = try await storage.deadLetters.entry(id: rest[0]) else {
                        error("no dead letter with id \(KeyCommands.oneLine(rest[0]))")
                        return 1
                    }
                    letters = [letter]
                }
                var failed = 0
                for letter in letters {
                    guard let destination = destinations.first(where: { $0.name == letter.source }) else {
                        return refuse(letter, forwarding: forwarding, error: error)
                    }
                    let report = try await sender.replay(deadLetterID: letter.id, to: destination)
                    let webhookID = letter.headers.value(of: OutgoingWebhook.idHeader) ?? letter.id
                    switch report.outcome {
                    case .delivered(let status):
                        if destination.name == ForwardingConfiguration.destinationName {
                            _ = try await outbox.markReplayed(deliveryID: webhookID, now: now())
                            ForwardingMetrics.replayed.increment()
                        }
                        output("replayed \(KeyCommands.oneLine(letter.id)) (\(KeyCommands.oneLine(webhookID))): HTTP \(status)")
                    case .replayFailed(_, let reason):
                        failed += 1
                        error("replay of \(KeyCommands.oneLine(letter.id)) failed: \(reason)")
                    default:
                        failed += 1
                        error("replay of \(KeyCommands.oneLine(letter.id)) did not complete: \(report.outcome)")
                    }
                }
                return failed == 0 ? 0 : 1
            } catch let failure {
                error("cannot replay: \(failure)")
                return 1
            }
        default:
            return 2
        }
    }

    /// Why `letter` cannot be replayed here: exit 2 when its destination is not configured, 1 when it
    /// is not an outgoing webhook at all.
    static func refuse(_ letter: DeadLetter, forwarding: ForwardingConfiguration, error: @Sendable (String) -> Void) -> Int32 {
        let id = KeyCommands.oneLine(letter.id)
        switch letter.source {
        case ForwardingConfiguration.destinationName:
            error("dead letter \(id) is a forwarded webhook: set PWBI_FORWARD_URL and PWBI_FORWARD_SECRET (or …_FILE) to replay it")
            return 2
        case ForwardingConfiguration.notifyDestinationName:
            error("dead letter \(id) is a failure notice: set PWBI_NOTIFY_URL and PWBI_NOTIFY_SECRET (or …_FILE) to replay it")
            return 2
        default:
            error("dead letter \(id) is an incoming \(KeyCommands.oneLine(letter.source)) delivery: ask the sender to post it again")
            return 1
        }
    }
}
