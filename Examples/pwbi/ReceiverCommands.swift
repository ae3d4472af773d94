#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping
import PWBISignatures

/// `pwbi receive`: webhook deliveries through one in-memory receiver — the PWBIIntegration
/// receiver on the command line, and how an operator replays a day's deliveries.
let receiverCommands: [Command] = [
    Command(
        name: "receive",
        summary: "Runs webhook deliveries through one in-memory receiver and prints each status and JSON body.",
        usage: "receive --source NAME (--secret S | --api-key K) [--header 'Name: value' …] [--bulk] [--allow-status 103,106] [--print-store] [FILE …]",
        details: """
            sources: \(ReceiveCommand.sourceNames.joined(separator: ", ")) (any other name is answered 404, as a host would).
            --secret S verifies each delivery with the source's scheme under the secret S: xendit-token for xendit
            (x-callback-token), midtrans for midtrans (signature_key in the body, S is the server key), and the
            reference framework's hex-hmac-sha256 (X-Webhook-Signature) for the others. --api-key K (karage only)
            authenticates with the X-API-KEY header as Karage's guide describes: the receiver accepts the kit-issued
            key K (pwbi_<id>_<secret>) and each delivery carries it unless a --header gives X-API-KEY.
            karage, xendit and midtrans bodies are the payload itself; the others use the framework's
            {"event_type": …, "data": …} envelope. karage runs Karage's default validation rules; --allow-status
            sets the OrderStatus codes it accepts (default 103; 106 stores refunds as refunds).
            Each FILE (standard input without one) is one delivery, in order, to the same receiver, so a repeat is
            answered as a duplicate and a refund lands beside its sale. --bulk (karage only) sends each FILE to the
            bulk endpoint: a FILE holding {"orders": […]} or an array as it is, a single order as {"orders": [order]}.
            Prints per delivery the HTTP status line, then the JSON body the host would write back; with
            --print-store, then each stored transaction as one line of `pwbi map`'s unified JSON.
            Exit 0 when every delivery was answered 200, 1 otherwise (a 207 bulk answer included).
            """,
        examples: [
            "pwbi receive --source karage --secret pwbi-demo-secret --header \"$(cat Examples/Payloads/karage-order.headers)\" Examples/Payloads/karage-order.json",
            "pwbi receive --source karage --api-key \"$KEY\" --allow-status 103,106 --print-store sale.json refund.json",
        ]
    ) { arguments, io in
        let source = try arguments.required("source")
        let secret = try arguments.option("secret")
        let apiKey = try arguments.option("api-key")
        var headers = WebhookHeaders()
        for line in try arguments.options("header") {
            let (name, value) = try ReceiveCommand.header(line)
            headers.add(name, value)
        }
        let bulk = try arguments.flag("bulk")
        let statuses = try arguments.option("allow-status").map(ReceiveCommand.statuses)
        let printStore = try arguments.flag("print-store")
        let files = try arguments.positionals(max: Int.max)
        let authentication = try ReceiveCommand.authentication(source: source, secret: secret, apiKey: apiKey)
        if bulk, source != SourceSystem.karage.rawValue { throw UsageError("flag --bulk applies to --source karage only") }
        if statuses != nil, source != SourceSystem.karage.rawValue { throw UsageError("option --allow-status applies to --source karage only") }
        if let apiKey, headers[APIKeyAuthenticator.headerName] == nil { headers.add(APIKeyAuthenticator.headerName, apiKey) }

        let setup = try await ReceiveCommand.receiver(authentication, statuses: statuses)
        let bodies = try (files.isEmpty ? [nil] : files.map(Optional.some)).map { try io.readInput($0, limit: WebhookReceiverConfiguration().maxBodyBytes, what: "a webhook body") }
        var allOK = true
        for body in bodies {
            let request = WebhookRequest(source: source, headers: headers, body: bulk ? ReceiveCommand.bulkBody(body) : body)
            let response = bulk ? await setup.receiver.receiveBulk(request) : await setup.receiver.receive(request)
            io.print("\(response.status) \(ReceiveCommand.reason(response.status))")
            io.print(response.bodyText)
            allOK = allOK && response.status == 200
        }
        if printStore {
            for stored in await setup.store.all { io.print(stored.transaction.unifiedJSON()) }
        }
        return allOK ? .ok : .rejected
    },
]

enum ReceiveCommand {
    static let tenant = "cli"

    static var sourceNames: [String] { MapperRegistry.standard.sources.map(\.rawValue) }

    /// How deliveries authenticate: a secret for the sources' signature schemes, or a Karage API key.
    enum Authentication {
        case secret(String)
        case apiKey(String)
    }

    /// Exactly one of `--secret` and `--api-key`; an API key only for karage.
    static func authentication(source: String, secret: String?, apiKey: String?) throws -> Authentication {
        switch (secret, apiKey) {
        case (let secret?, nil):
            guard !secret.isEmpty else { throw UsageError("option --secret must not be empty") }
            return .secret(secret)
        case (nil, let key?):
            guard source == SourceSystem.karage.rawValue else { throw UsageError("option --api-key applies to --source karage only") }
            return .apiKey(key)
        case (nil, nil): throw UsageError("missing required option --secret (or --api-key for karage)")
        case (.some, .some): throw UsageError("options --secret and --api-key exclude each other")
        }
    }

    /// A store holding `key` for the CLI's tenant; a key the kit's authenticator would not accept
    /// (not `pwbi_<16 hex digits>_<43 base64url characters>`) is a usage error.
    static func keyStore(holding key: String) async throws -> InMemoryAPIKeyStore {
        let keys = InMemoryAPIKeyStore()
        let start = Date(timeIntervalSince1970: 0)
        let id = String(decoding: key.utf8.dropFirst(5).prefix(16), as: UTF8.self)
        _ = await keys.insert(APIKeyRecord(
            id: id, secretHash: SHA256.hash(utf8: key).hexString, description: "pwbi receive --api-key", tenant: tenant, createdAt: start))
        guard case .authenticated = try await APIKeyAuthenticator(store: keys).authenticate(key: key, now: start) else {
            throw UsageError("option --api-key expects a key of the form pwbi_<16 hex digits>_<43 base64url characters>")
        }
        return keys
    }

    /// `103,106` → `["103", "106"]`: integers, at least one.
    static func statuses(_ list: String) throws -> [String] {
        let codes = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard codes.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 9 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }) else {
            throw UsageError("option --allow-status expects OrderStatus codes such as 103,106, got '\(list)'")
        }
        return codes
    }

    /// A bulk request's body: the FILE as it is when it holds `{"orders": …}` or an array, else the
    /// single order wrapped as `{"orders":[order]}` (its bytes untouched, so it fingerprints as the single delivery would).
    static func bulkBody(_ body: [UInt8]) -> [UInt8] {
        guard let document = try? JSONDocument(parsing: body, options: JSONReaderOptions(maxBytes: max(body.count, 1))),
              document.root.kind == .object, !document.root["orders"].exists
        else { return body }
        return Array(#"{"orders":["#.utf8) + body + Array("]}".utf8)
    }

    /// The receiver and its transaction store.
    struct Setup {
        var receiver: WebhookReceiver
        var store: InMemoryTransactionStore
    }

    /// A receiver with every standard mapper registered under its system's name; karage with the
    /// API key when one is given, and with `statuses` allowed when given.
    static func receiver(_ authentication: Authentication, statuses: [String]? = nil) async throws -> Setup {
        var sources = WebhookSourceRegistry()
        let sink = InMemoryWebhookEventSink()
        var keys = InMemoryAPIKeyStore()
        if case .apiKey(let key) = authentication { keys = try await keyStore(holding: key) }
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
            let sourceAuthentication: WebhookAuthentication
            switch authentication {
            case .secret(let secret): sourceAuthentication = .signature(scheme, secrets: [secret])
            case .apiKey: sourceAuthentication = .apiKey(APIKeyAuthenticator(store: keys))
            }
            let rules: [ValidationRule] = system == .karage ? [statuses.map { .karageDefaults(statuses: $0) } ?? .karageDefaults()] : []
            try sources.register(WebhookSource(
                name: system.rawValue, tenant: tenant, authentication: sourceAuthentication,
                envelope: envelope, mapper: mapper, rules: rules, eventSink: sink
            ))
        }
        let store = InMemoryTransactionStore()
        let receiver = WebhookReceiver(sources: sources, idempotency: InMemoryIdempotencyStore(), transactions: store)
        return Setup(receiver: receiver, store: store)
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
