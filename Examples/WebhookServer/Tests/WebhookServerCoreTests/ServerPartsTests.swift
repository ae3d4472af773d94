import Foundation
import PWBIIntegration
import Testing
import WebhookServerCore

@Suite struct MultipartFormTests {
    /// A body as curl -F sends it: a text field, then a file with CRLF lines and a non-ASCII byte.
    static let boundary = "------------------------d74496d66958873e"
    static let body = Array((
        "--\(boundary)\r\n"
        + "Content-Disposition: form-data; name=\"source_system\"\r\n\r\n"
        + "generic\r\n"
        + "--\(boundary)\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"sales.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n"
        + "Date,Amount,Transaction ID\r\n2025-11-27,\"1.234.567,00\",T-1 café\r\n"
        + "--\(boundary)--\r\n"
    ).utf8)

    @Test func splitsFieldsAndFilesExactly() throws {
        let form = try MultipartForm(contentType: "multipart/form-data; boundary=\(Self.boundary)", body: Self.body)
        #expect(form.parts.map(\.name) == ["source_system", "file"])
        #expect(form.text("source_system") == "generic")
        let file = try #require(form.part(named: "file"))
        #expect(file.filename == "sales.csv")
        #expect(file.contentType == "text/csv")
        // The CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1), not to the content.
        #expect(file.body == Array("Date,Amount,Transaction ID\r\n2025-11-27,\"1.234.567,00\",T-1 café".utf8))
    }

    @Test func quotedBoundaryParameter() throws {
        let form = try MultipartForm(contentType: "multipart/form-data; boundary=\"\(Self.boundary)\"", body: Self.body)
        #expect(form.parts.count == 2)
    }

    @Test(arguments: [
        ("text/csv", "expected Content-Type multipart/form-data with a boundary"),
        ("multipart/form-data", "expected Content-Type multipart/form-data with a boundary"),
    ])
    func rejectsWrongContentType(contentType: String, message: String) {
        #expect(throws: MultipartError(message)) { try MultipartForm(contentType: contentType, body: Self.body) }
    }

    @Test(arguments: [0, 10, 60, 100, 150])
    func truncatedBodiesAreErrorsNotCrashes(length: Int) {
        let cut = Array(Self.body.prefix(length))
        #expect(throws: MultipartError.self) { try MultipartForm(contentType: "multipart/form-data; boundary=\(Self.boundary)", body: cut) }
    }
}

@Suite struct SQLPartsTests {
    @Test(arguments: [
        ("SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT * FROM t WHERE a = ?1 AND b = ?2"),
        ("VALUES ($1, $2, $10, $10)", "VALUES (?1, ?2, ?10, ?10)"),
        ("SELECT '$1', \"$2\" WHERE x = $3", "SELECT '$1', \"$2\" WHERE x = ?3"),
    ])
    func sqliteParameters(postgres: String, sqlite: String) {
        #expect(SQLiteDatabase.sqliteParameters(postgres) == sqlite)
    }

    @Test func headerCodingRoundTripsExactly() throws {
        let headers = [
            HTTPHeaderField("Content-Type", "application/json"), HTTPHeaderField("x-repeated", "1"), HTTPHeaderField("x-repeated", "2"),
            HTTPHeaderField("X-Note", "café: 12:30 ☕"), HTTPHeaderField("X-Empty", ""),
        ]
        #expect(try HeaderCoding.decode(HeaderCoding.encode(headers)) == headers)
        #expect(try HeaderCoding.decode([]) == [])
    }

    @Test(arguments: ["5:abc", "x:abc", "3:abc", "3:abc2:d"])
    func corruptHeaderBytesAreErrors(text: String) {
        #expect(throws: SQLStoreError.self) { try HeaderCoding.decode(Array(text.utf8)) }
    }

    @Test func databaseURLParts() throws {
        let url = try DatabaseURL("postgres://pwbi:s3cret@127.0.0.1:54329/pwbi_test?sslmode=disable")
        #expect(url == DatabaseURL(host: "127.0.0.1", port: 54329, user: "pwbi", password: "s3cret", database: "pwbi_test", sslMode: "disable"))
        #expect(throws: SQLStoreError.self) { try DatabaseURL("mysql://root@localhost/db") }
    }
}

@Suite struct ServerConfigurationTests {
    @Test func defaultsNeedNoSetUp() throws {
        let configuration = try ServerConfiguration(environment: [:])
        #expect(configuration.port == 8080)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.databaseURL == nil)
        #expect(configuration.sqlitePath == "pwbi-webhooks.sqlite")
        #expect(configuration.processingTimeout == .seconds(300))
        #expect(configuration.retention == .seconds(30 * 86_400))
        #expect(configuration.secrets(for: "karage") == nil)
        #expect(configuration.adminPort == 9090)
        #expect(configuration.requestDeadline == .seconds(10))
        #expect(configuration.requestDeadline < configuration.processingTimeout)
    }

    @Test func aRequestDeadlineAtLeastTheProcessingTimeoutIsRefused() {
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(environment: ["PWBI_PROCESSING_TIMEOUT_SECONDS": "5", "PWBI_REQUEST_DEADLINE_MS": "5000"])
        }
    }

    @Test(arguments: [
        ("disable", DatabaseURL.TLSMode.disable), ("allow", .prefer), ("prefer", .prefer), ("require", .require),
        ("verify-ca", .verifyCA), ("verify-full", .verifyFull),
    ])
    func sslModesAsLibpqDefinesThem(mode: String, expected: DatabaseURL.TLSMode) throws {
        #expect(try DatabaseURL("postgres://u@h/d?sslmode=\(mode)").tlsMode() == expected)
    }

    @Test func requireWithARootCertificateVerifiesTheChainAndAnUnknownModeIsRefused() throws {
        let url = try DatabaseURL("postgres://u@h/d?sslmode=require&sslrootcert=/etc/ca.pem")
        #expect(url.sslRootCert == "/etc/ca.pem")
        #expect(try url.tlsMode() == .verifyCA)
        #expect(try DatabaseURL("postgres://u@h/d").tlsMode() == .prefer)
        #expect(throws: SQLStoreError.self) { try DatabaseURL("postgres://u:pw@h/d?sslmode=strict") }
    }

    @Test func secretsPerSourceWithRotationAndNoLeak() throws {
        let configuration = try ServerConfiguration(environment: [
            "PWBI_WEBHOOK_SECRET_KARAGE": "new-secret,old-secret",
            "PWBI_DEMO_SECRETS": "0",
            "DATABASE_URL": "postgres://pwbi:hunter2@db.internal:5432/pwbi",
        ])
        #expect(configuration.secrets(for: "karage")?.secrets == ["new-secret", "old-secret"])
        #expect(configuration.secrets(for: "moka") == nil)
        let text = configuration.description
        for secret in ["new-secret", "old-secret", "hunter2", ServerConfiguration.demoSecret] {
            #expect(!text.contains(secret), "description leaks \(secret)")
        }
        #expect(text.contains("postgresql://db.internal:5432/pwbi"))
    }

    @Test(arguments: [
        "PORT", "PWBI_MAX_BODY_BYTES", "PWBI_PROCESSING_TIMEOUT_SECONDS", "PWBI_RETENTION_DAYS", "PWBI_REQUEST_DEADLINE_MS",
        "PWBI_QUERY_TIMEOUT_MS", "PWBI_STATEMENT_TIMEOUT_MS", "PWBI_LOCK_TIMEOUT_MS", "PWBI_MAX_CONNECTIONS", "PWBI_SHUTDOWN_TIMEOUT_SECONDS",
    ])
    func malformedNumbersNameTheVariable(name: String) {
        do {
            _ = try ServerConfiguration(environment: [name: "12abc"])
            Issue.record("\(name)=12abc was accepted")
        } catch {
            #expect(error.description.hasPrefix(name))
            #expect(!error.description.contains("12abc"))
        }
    }
}
