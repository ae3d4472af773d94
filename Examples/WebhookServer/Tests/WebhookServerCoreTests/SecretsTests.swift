import Foundation
import Logging
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Testing
import WebhookServerCore

/// No credential of any scheme is written to `dead_letters` or `webhook_log`, and no source is
/// served with the public demo secret unless asked for.
@Suite struct SecretsTests {
    static let secret = "s3cret-for-every-source"

    static func app(_ environment: [String: String]) async throws -> WebhookServerApp {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        try await database.migrate(Schema.migrations(for: .sqlite))
        return try WebhookServerApp(configuration: try ServerConfiguration(environment: environment), storage: ServerStorage(database: database), logger: Logger(label: "test"))
    }

    /// Credential headers of every scheme the kit knows, sent along with each delivery.
    static let credentialHeaders = [
        ("Authorization", "Bearer bearer-credential"), ("X-API-KEY", "api-key-credential"), ("Stripe-Signature", "t=1,v1=stripe-credential"),
        ("webhook-signature", "v1,standard-credential"), ("X-Hub-Signature-256", "sha256=github-credential"), ("Cookie", "session=cookie-credential"),
    ]

    @Test func oneDeadLetterPerSourceKeepsNoCredential() async throws {
        let sources = MapperRegistry.standard.sources.map(\.rawValue)
        var environment = ["PWBI_DEMO_SECRETS": "0"]
        for source in sources { environment["PWBI_WEBHOOK_SECRET_" + source.uppercased().replacing("-", with: "_")] = Self.secret }
        let app = try await Self.app(environment)
        var signatures: [String] = []
        for source in sources {
            // Authenticated, then refused by the mapper (400): dead-lettered.
            let request: WebhookRequest
            if source == "midtrans" {
                let key = MidtransScheme.signatureKey(orderID: "o-1", statusCode: "200", grossAmount: "1.00", serverKey: Self.secret).hexString
                signatures.append(key)
                let body = Array(#"{"order_id":"o-1","status_code":"200","gross_amount":"1.00","signature_key":"\#(key)"}"#.utf8)
                request = WebhookRequest(source: source, headers: WebhookHeaders(Self.credentialHeaders), body: body)
            } else {
                let body = Array(#"{"unexpected":true}"#.utf8)
                let scheme: any WebhookSignatureScheme = source == "xendit" ? XenditCallbackTokenScheme() : HexHMACSHA256Scheme()
                let signed = try scheme.sign(body: body, secret: Self.secret, id: nil, timestamp: nil).headers
                signatures += signed.fields.map(\.value)
                request = WebhookRequest(source: source, headers: WebhookHeaders(signed.fields.map { ($0.name, $0.value) } + Self.credentialHeaders), body: body)
            }
            let response = await app.process(source: source, requestID: source, logger: Logger(label: "test")) { await app.signed.receive(request) }
            #expect(response.status == 400, "\(source): \(response.bodyText)")
        }
        let letters = try await app.storage.deadLetters.list(limit: nil)
        #expect(Set(letters.map(\.source)) == Set(sources))
        let forbidden = [Self.secret] + signatures.filter { $0 != Self.secret } + Self.credentialHeaders.map(\.1)
        let stored = try await app.storage.database.query("SELECT headers, reason FROM dead_letters", [])
            + app.storage.database.query("SELECT COALESCE(error_message, ''), COALESCE(idempotency_key, '') FROM webhook_log", [])
        for row in stored {
            let text = row.values.map { value -> String in
                switch value {
                case .text(let text): text
                case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
                default: ""
                }
            }.joined(separator: " ")
            for credential in forbidden { #expect(!text.contains(credential), "stored: \(credential)") }
        }
        // What is kept is the allowlist: the content type, say.
        #expect(letters.allSatisfy { $0.headers.allSatisfy { StorableHeaders.allowed.contains($0.name.lowercased()) } })
        await app.storage.database.close()
    }

    @Test func aDefaultStartServesNoSourceWithTheDemoSecret() async throws {
        let app = try await Self.app([:])
        #expect(app.demoSecretSources.isEmpty)
        #expect(Set(app.unservedSources) == Set(MapperRegistry.standard.sources.map(\.rawValue)))
        let body = ReceiverWiringTests.order
        let response = await app.signed.receive(WebhookRequest(source: "karage", headers: try ReceiverWiringTests.signed(body, secret: ServerConfiguration.demoSecret), body: body))
        #expect(response.status == 404)
        await app.storage.database.close()
    }

    @Test func theDemoSecretOnlyWhenAskedFor() async throws {
        let app = try await Self.app(["PWBI_DEMO_SECRETS": "1", "PWBI_WEBHOOK_SECRET_KARAGE": "own"])
        #expect(!app.demoSecretSources.contains("karage"))
        #expect(app.demoSecretSources.contains("moka"))
        #expect(app.unservedSources.isEmpty)
        await app.storage.database.close()
    }

    @Test func secretsFromFiles() throws {
        let files = ["/run/secrets/karage": "from-file\n", "/run/secrets/db": "postgres://u:p@db/x\n", "/run/secrets/admin": "admin-token"]
        let read: (String) throws -> String = { path in
            guard let content = files[path] else { throw CocoaError(.fileNoSuchFile) }
            return content
        }
        let configuration = try ServerConfiguration(environment: [
            "PWBI_WEBHOOK_SECRET_KARAGE_FILE": "/run/secrets/karage", "DATABASE_URL_FILE": "/run/secrets/db", "PWBI_ADMIN_TOKEN_FILE": "/run/secrets/admin",
        ], readFile: read)
        #expect(configuration.secrets(for: "karage")?.secrets == ["from-file"])
        #expect(configuration.databaseURL == "postgres://u:p@db/x")
        #expect(configuration.adminToken == "admin-token")
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(environment: ["PWBI_WEBHOOK_SECRET_KARAGE": "a", "PWBI_WEBHOOK_SECRET_KARAGE_FILE": "/run/secrets/karage"], readFile: read)
        }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(environment: ["PWBI_WEBHOOK_SECRET_KARAGE_FILE": "/missing"], readFile: read)
        }
    }
}
