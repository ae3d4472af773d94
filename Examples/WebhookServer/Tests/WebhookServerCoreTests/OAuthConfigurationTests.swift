import Foundation
import PWBIIntegration
import Testing
import WebhookServerCore

/// The OAuth settings: all or nothing, secrets from files, never shown.
@Suite struct OAuthConfigurationTests {
    static let key = Data((0..<32).map { UInt8($0 + 100) }).base64EncodedString()
    static let complete = [
        "PWBI_MOKA_CLIENT_ID": "client-1", "PWBI_MOKA_CLIENT_SECRET": "very-secret-client",
        "PWBI_MOKA_REDIRECT_URI": "https://pwbi.example/api/v1/integrations/moka/callback", "PWBI_CREDENTIALS_KEY": key,
    ]

    static func configuration(_ environment: [String: String]) throws -> OAuthConfiguration {
        try ServerConfiguration(environment: environment).oauth
    }

    @Test func offWithoutAClientAndCompleteWithOne() throws {
        #expect(try Self.configuration([:]).moka == nil)
        let oauth = try Self.configuration(Self.complete)
        let moka = try #require(oauth.moka)
        #expect(moka.clientID == "client-1")
        #expect(moka.clientSecret == SensitiveString("very-secret-client"))
        #expect(moka.authorizationEndpoint == "https://api.mokapos.com/oauth/authorize")
        #expect(oauth.refreshInterval == .seconds(60) && oauth.refreshWindow == .seconds(600) && oauth.refreshSkew == .seconds(60))
    }

    @Test(arguments: [
        ("PWBI_CREDENTIALS_KEY", nil as String?, "PWBI_CREDENTIALS_KEY"),
        ("PWBI_CREDENTIALS_KEY", "c2hvcnQ=", "PWBI_CREDENTIALS_KEY must be 32 bytes"),
        ("PWBI_MOKA_REDIRECT_URI", nil, "PWBI_MOKA_REDIRECT_URI"),
        ("PWBI_MOKA_REDIRECT_URI", "javascript:alert(1)", "PWBI_MOKA_REDIRECT_URI"),
        ("PWBI_MOKA_TOKEN_URL", "ftp://x", "PWBI_MOKA_TOKEN_URL"),
        ("PWBI_OAUTH_REFRESH_SKEW_SECONDS", "600", "SKEW"),
        ("PWBI_OAUTH_REFRESH_INTERVAL_SECONDS", "0", "PWBI_OAUTH_REFRESH_INTERVAL_SECONDS"),
    ])
    func halfAConfigurationNamesWhatIsWrong(_ variable: String, _ value: String?, _ named: String) {
        var environment = Self.complete
        environment[variable] = value
        do {
            _ = try Self.configuration(environment)
            Issue.record("accepted \(variable)")
        } catch {
            #expect("\(error)".contains(named), "\(error)")
            #expect(!"\(error)".contains("very-secret-client") && !"\(error)".contains(Self.key))
        }
    }

    @Test func secretsComeFromFilesAndAreNeverShown() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-oauth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secretFile = folder.appendingPathComponent("secret"), keyFile = folder.appendingPathComponent("key")
        try "file-client-secret\n".write(to: secretFile, atomically: true, encoding: .utf8)
        try (Self.key + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        var environment = Self.complete
        environment["PWBI_MOKA_CLIENT_SECRET"] = nil
        environment["PWBI_CREDENTIALS_KEY"] = nil
        environment["PWBI_MOKA_CLIENT_SECRET_FILE"] = secretFile.path
        environment["PWBI_CREDENTIALS_KEY_FILE"] = keyFile.path
        let configuration = try ServerConfiguration(environment: environment)
        #expect(configuration.oauth.moka?.clientSecret == SensitiveString("file-client-secret"))
        #expect(configuration.oauth.keys?.currentKeyID == (try CredentialKeyRing(current: Self.key).currentKeyID))
        let shown = "\(configuration)"
        #expect(shown.contains("oauth moka client client-1 (secret set)"))
        for secret in ["file-client-secret", Self.key] { #expect(!shown.contains(secret)) }
        // Both the variable and its file is an error.
        environment["PWBI_CREDENTIALS_KEY"] = Self.key
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(environment: environment) }
    }

    @Test func anIntegrationsBaseURLMovesItsAuthorizationServer() async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        let client = AsyncHTTPClientTransport.makeClient()
        defer { Task { try await client.shutdown() } }
        let connections = try #require(OAuthConnections(
            configuration: try Self.configuration(Self.complete), database: database,
            transport: AsyncHTTPClientTransport(client: client), logger: .init(label: "test")))
        func record(baseURL: String?, settings: [String: String] = [:]) -> IntegrationRecord {
            IntegrationRecord(id: "m", tenant: "t", system: "moka", credentials: .oauth, everySeconds: 3600, baseURL: baseURL, settings: settings, createdAt: Date())
        }
        #expect(connections.provider(for: nil).tokenEndpoint == "https://api.mokapos.com/oauth/token")
        #expect(connections.provider(for: record(baseURL: nil)).tokenEndpoint == "https://api.mokapos.com/oauth/token")
        #expect(connections.provider(for: record(baseURL: "http://127.0.0.1:9/moka/")).authorizationEndpoint == "http://127.0.0.1:9/moka/oauth/authorize")
        let moved = connections.provider(for: record(baseURL: "http://127.0.0.1:9/moka", settings: ["oauth_base_url": "https://sandbox.example"]))
        #expect(moved.tokenEndpoint == "https://sandbox.example/oauth/token")
        #expect(moved.clientID == "client-1")
        await database.close()
    }
}
