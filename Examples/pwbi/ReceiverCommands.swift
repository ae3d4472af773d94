import PWBIIntegration
import PWBIMapping
import PWBISignatures

/// `pwbi receive`: one webhook delivery through an in-memory receiver — the PWBIIntegration
/// receiver on the command line.
let receiverCommands: [Command] = [
    Command(
        name: "receive",
        summary: "Runs one webhook delivery through an in-memory receiver and prints the status and the JSON body.",
        usage: "receive --source NAME --secret S [--header 'Name: value' …] [FILE]",
        details: """
            sources: \(ReceiveCommand.sourceNames.joined(separator: ", ")) (any other name is answered 404, as a host would).
            The delivery is verified with the source's scheme under the secret S: xendit-token for xendit
            (x-callback-token), midtrans for midtrans (signature_key in the body, S is the server key), and the
            reference framework's hex-hmac-sha256 (X-Webhook-Signature) for the others. karage, xendit and midtrans
            bodies are the payload itself; the others use the framework's {"event_type": …, "data": …} envelope.
            karage runs Karage's default validation rules (status 103, fully paid, …).
            Prints the HTTP status line, then the JSON body the host would write back.
            Exit 0 for a 2xx answer, 1 for any other.
            """,
        examples: [
            "pwbi receive --source karage --secret pwbi-demo-secret --header \"$(cat Examples/Payloads/karage-order.headers)\" Examples/Payloads/karage-order.json"
        ]
    ) { arguments, io in
        let source = try arguments.required("source")
        let secret = try arguments.required("secret")
        guard !secret.isEmpty else { throw UsageError("option --secret must not be empty") }
        var headers = WebhookHeaders()
        for line in try arguments.options("header") {
            let (name, value) = try ReceiveCommand.header(line)
            headers.add(name, value)
        }
        let file = try arguments.file()
        let body = try io.readInput(file)
        let receiver = try ReceiveCommand.receiver(secret: secret)
        let response = await receiver.receive(WebhookRequest(source: source, headers: headers, body: body))
        io.print("\(response.status) \(ReceiveCommand.reason(response.status))")
        io.print(response.bodyText)
        return (200..<300).contains(response.status) ? .ok : .rejected
    },
]

enum ReceiveCommand {
    static let tenant = "cli"

    static var sourceNames: [String] { MapperRegistry.standard.sources.map(\.rawValue) }

    /// A receiver with every standard mapper registered under its system's name.
    static func receiver(secret: String) throws -> WebhookReceiver {
        var sources = WebhookSourceRegistry()
        let sink = InMemoryWebhookEventSink()
        for system in MapperRegistry.standard.sources {
            let mapper = try MapperRegistry.standard.mapper(for: system)
            let scheme: any WebhookSignatureScheme
            let envelope: WebhookEnvelope
            switch system {
            case .xendit:
                (scheme, envelope) = (XenditCallbackTokenScheme(), .body(.paymentNotification))
            case .midtrans:
                (scheme, envelope) = (MidtransScheme(), .body(.paymentNotification))
            case .karage:
                (scheme, envelope) = (HexHMACSHA256Scheme(), .body(.transactionCreated))
            default:
                (scheme, envelope) = (HexHMACSHA256Scheme(), .eventField())
            }
            try sources.register(WebhookSource(
                name: system.rawValue, tenant: tenant, authentication: .signature(scheme, secrets: [secret]),
                envelope: envelope, mapper: mapper, rules: system == .karage ? [.karageDefaults()] : [],
                eventSink: sink
            ))
        }
        return WebhookReceiver(sources: sources, idempotency: InMemoryIdempotencyStore(), transactions: InMemoryTransactionStore())
    }

    /// `Name: value` → (name, value), the name a non-empty HTTP token.
    static func header(_ line: String) throws -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else {
            throw UsageError("option --header expects 'Name: value', got '\(line)'")
        }
        let name = String(line[..<colon])
        let token = Set("!#$%&'*+-.^_`|~".utf8)
        guard !name.isEmpty, name.utf8.allSatisfy({ byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || token.contains(byte)
        }) else {
            throw UsageError("option --header expects 'Name: value' with a header name before the colon")
        }
        return (name, String(line[line.index(after: colon)...]))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 207: "Multi-Status"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 503: "Service Unavailable"
        default: ""
        }
    }
}
