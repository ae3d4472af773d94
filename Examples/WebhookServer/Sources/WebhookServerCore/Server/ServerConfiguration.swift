#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The server's settings, read from environment variables (see the example's README).
/// Its description never contains a secret or the database password.
public struct ServerConfiguration: Sendable, CustomStringConvertible {
    /// Interface to listen on (`PWBI_HOST`, default `127.0.0.1`).
    public var host: String
    /// Port (`PORT`, default 8080; 0 picks a free one).
    public var port: Int
    /// Interface of the admin listener (`PWBI_ADMIN_HOST`, default `127.0.0.1`).
    public var adminHost: String
    /// Port of the admin listener — `/metrics`, `/health` (`PWBI_ADMIN_PORT`, default 9090; 0 picks a free one).
    public var adminPort: Int
    /// Bearer token the admin routes require when set (`PWBI_ADMIN_TOKEN` or `PWBI_ADMIN_TOKEN_FILE`).
    public var adminToken: String?
    /// PostgreSQL URL (`DATABASE_URL` or `DATABASE_URL_FILE`); nil means SQLite.
    public var databaseURL: String?
    /// SQLite file (`PWBI_SQLITE_PATH`, default `pwbi-webhooks.sqlite` in the working directory).
    public var sqlitePath: String
    /// Most PostgreSQL connections per replica (`PWBI_DB_POOL_SIZE`, default twice the cores, at least 4).
    public var databasePoolSize: Int
    /// Connecting to the database, each attempt (`PWBI_DB_CONNECT_TIMEOUT_MS`, default 5000).
    public var connectTimeout: Duration
    /// Start-up gives up with the database's reason after this long (`PWBI_STARTUP_TIMEOUT_SECONDS`, default 30).
    public var startupTimeout: Duration
    /// One store statement, client side (`PWBI_QUERY_TIMEOUT_MS`, default 5000).
    public var queryTimeout: Duration
    /// PostgreSQL `statement_timeout` of every connection (`PWBI_STATEMENT_TIMEOUT_MS`, default 4000).
    public var statementTimeout: Duration
    /// PostgreSQL `lock_timeout` of every connection (`PWBI_LOCK_TIMEOUT_MS`, default 2000).
    public var lockTimeout: Duration
    /// A delivery not answered by then gets 503 with `Retry-After`, its claims released (`PWBI_REQUEST_DEADLINE_MS`, default 10000).
    public var requestDeadline: Duration
    /// Reading a request body, after its headers (`PWBI_BODY_TIMEOUT_MS`, default 10000): 408 after.
    public var bodyTimeout: Duration
    /// A connection that sends nothing (idle, or stalled inside its headers) is closed (`PWBI_IDLE_TIMEOUT_SECONDS`, default 30).
    public var idleTimeout: Duration
    /// Most open client connections; more are closed at once (`PWBI_MAX_CONNECTIONS`, default 1024).
    public var maxConnections: Int
    /// On SIGTERM/SIGINT: in-flight requests get this long, then are cancelled (`PWBI_SHUTDOWN_TIMEOUT_SECONDS`, default 15).
    public var shutdownTimeout: Duration
    /// `Retry-After` seconds on a 503 (`PWBI_RETRY_AFTER_SECONDS`, default 5).
    public var retryAfterSeconds: Int
    /// The tenant signed webhooks belong to (`PWBI_TENANT`, default `default`).
    public var tenant: String
    /// Secrets per source from `PWBI_WEBHOOK_SECRET_<SOURCE>` or the file `PWBI_WEBHOOK_SECRET_<SOURCE>_FILE` names
    /// (comma-separated for rotation).
    public var secrets: [String: [String]]
    /// Whether sources without a configured secret use the public demo secret (`PWBI_DEMO_SECRETS=1`; default off).
    public var demoSecrets: Bool
    /// Largest webhook body (`PWBI_MAX_BODY_BYTES`, default 10 MiB).
    public var maxBodyBytes: Int
    /// Largest CSV upload (`PWBI_MAX_UPLOAD_BYTES`, default 50 MiB).
    public var maxUploadBytes: Int
    /// Outbound HTTP to providers (`PWBI_HTTP_*`, see ``OutboundHTTPConfiguration``).
    public var outboundHTTP: OutboundHTTPConfiguration
    /// Idempotency processing timeout (`PWBI_PROCESSING_TIMEOUT_SECONDS`, default 300); longer than the request deadline.
    public var processingTimeout: Duration
    /// Idempotency record and audit log retention (`PWBI_RETENTION_DAYS`, default 30; 0 keeps everything).
    public var retention: Duration
    /// How often the retention purge runs (`PWBI_PURGE_INTERVAL_SECONDS`, default 3600).
    public var purgeInterval: Duration
    /// Name of this replica in logs and `/health` (`PWBI_REPLICA`, default `host:port`).
    public var replica: String
    /// Log level (`LOG_LEVEL`, default `info`).
    public var logLevel: String
    /// Log format (`PWBI_LOG_FORMAT`: `json`, the default, or `text`).
    public var logFormat: String
    /// Polling of Qasir and Moka (`PWBI_POLLING`, `PWBI_POLL_…`).
    public var polling: PollingSettings
    /// Forwarding to a downstream receiver and failure notifications (`PWBI_FORWARD_…`, `PWBI_NOTIFY_…`).
    public var forwarding: ForwardingConfiguration
    /// OAuth connect: Moka's client, the credentials key, the refresh schedule (`PWBI_MOKA_*`, `PWBI_CREDENTIALS_*`, `PWBI_OAUTH_*`).
    public var oauth: OAuthConfiguration
    /// The accounting export's settings (`PWBI_EXPORT_…`).
    public var export: ExportConfiguration

    /// The public demo secret that sources fall back to only with `PWBI_DEMO_SECRETS=1`.
    /// Documented in the README; never logged.
    public static let demoSecret = "pwbi-demo-secret"

    /// Reads the environment; a malformed number is an error naming the variable. `readFile` reads
    /// the files `…_FILE` variables name (a trailing newline is dropped).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: @escaping (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(ConfigurationError) {
        let env = EnvironmentReader(environment, readFile: readFile)
        host = env.text("PWBI_HOST") ?? "127.0.0.1"
        port = try env.integer("PORT", 8080)
        adminHost = env.text("PWBI_ADMIN_HOST") ?? "127.0.0.1"
        adminPort = try env.integer("PWBI_ADMIN_PORT", 9090)
        guard port <= 65_535, adminPort <= 65_535 else { throw ConfigurationError("PORT and PWBI_ADMIN_PORT must be at most 65535") }
        guard port == 0 || port != adminPort || host != adminHost else { throw ConfigurationError("PWBI_ADMIN_PORT must differ from PORT") }
        adminToken = try env.secret("PWBI_ADMIN_TOKEN")
        databaseURL = try env.secret("DATABASE_URL")
        sqlitePath = env.text("PWBI_SQLITE_PATH") ?? "pwbi-webhooks.sqlite"
        databasePoolSize = try env.integer("PWBI_DB_POOL_SIZE", max(4, 2 * ProcessInfo.processInfo.activeProcessorCount), minimum: 1)
        connectTimeout = try env.milliseconds("PWBI_DB_CONNECT_TIMEOUT_MS", 5000)
        startupTimeout = .seconds(try env.integer("PWBI_STARTUP_TIMEOUT_SECONDS", 30, minimum: 1))
        queryTimeout = try env.milliseconds("PWBI_QUERY_TIMEOUT_MS", 5000)
        statementTimeout = try env.milliseconds("PWBI_STATEMENT_TIMEOUT_MS", 4000)
        lockTimeout = try env.milliseconds("PWBI_LOCK_TIMEOUT_MS", 2000)
        requestDeadline = try env.milliseconds("PWBI_REQUEST_DEADLINE_MS", 10_000)
        bodyTimeout = try env.milliseconds("PWBI_BODY_TIMEOUT_MS", 10_000)
        idleTimeout = .seconds(try env.integer("PWBI_IDLE_TIMEOUT_SECONDS", 30, minimum: 1))
        maxConnections = try env.integer("PWBI_MAX_CONNECTIONS", 1024, minimum: 1)
        shutdownTimeout = .seconds(try env.integer("PWBI_SHUTDOWN_TIMEOUT_SECONDS", 15, minimum: 1))
        retryAfterSeconds = try env.integer("PWBI_RETRY_AFTER_SECONDS", 5, minimum: 1)
        tenant = env.text("PWBI_TENANT") ?? "default"
        var secrets: [String: [String]] = [:]
        let prefix = "PWBI_WEBHOOK_SECRET_"
        for name in environment.keys where name.hasPrefix(prefix) {
            let base = name.hasSuffix("_FILE") ? String(name.dropLast(5)) : name
            let source = base.dropFirst(prefix.count).lowercased().replacing("_", with: "-")
            guard !source.isEmpty, secrets[source] == nil, let value = try env.secret(base) else { continue }
            let list = value.split(separator: ",").map { String($0) }.filter { !$0.isEmpty }
            if !list.isEmpty { secrets[source] = list }
        }
        self.secrets = secrets
        switch env.text("PWBI_DEMO_SECRETS")?.lowercased() {
        case nil, "0", "false", "no", "off": demoSecrets = false
        case "1", "true", "yes", "on": demoSecrets = true
        default: throw ConfigurationError("PWBI_DEMO_SECRETS must be 1 or 0")
        }
        maxBodyBytes = try env.integer("PWBI_MAX_BODY_BYTES", 10 << 20, minimum: 1)
        maxUploadBytes = try env.integer("PWBI_MAX_UPLOAD_BYTES", 50 << 20, minimum: 1)
        outboundHTTP = try OutboundHTTPConfiguration(environment: environment)
        processingTimeout = .seconds(try env.integer("PWBI_PROCESSING_TIMEOUT_SECONDS", 300, minimum: 1))
        guard requestDeadline < processingTimeout else {
            throw ConfigurationError("PWBI_REQUEST_DEADLINE_MS must be shorter than PWBI_PROCESSING_TIMEOUT_SECONDS")
        }
        retention = .seconds(try env.integer("PWBI_RETENTION_DAYS", 30) * 86_400)
        purgeInterval = .seconds(try env.integer("PWBI_PURGE_INTERVAL_SECONDS", 3600, minimum: 1))
        replica = env.text("PWBI_REPLICA") ?? "\(host):\(port)"
        logLevel = env.text("LOG_LEVEL") ?? "info"
        logFormat = env.text("PWBI_LOG_FORMAT") ?? "json"
        guard logFormat == "json" || logFormat == "text" else { throw ConfigurationError("PWBI_LOG_FORMAT must be json or text") }
        polling = try PollingSettings(environment: environment)
        forwarding = try ForwardingConfiguration(env)
        oauth = try OAuthConfiguration(env)
        export = try ExportConfiguration(environment: environment)
    }

    /// The secrets for `source`: configured, else the demo secret when allowed, else none.
    public func secrets(for source: String) -> (secrets: [String], demo: Bool)? {
        if let configured = secrets[source] { return (configured, false) }
        return demoSecrets ? ([Self.demoSecret], true) : nil
    }

    /// Where the data lives, without credentials.
    public var databaseDescription: String {
        if let databaseURL, let url = try? DatabaseURL(databaseURL) {
            return "postgresql://\(url.host):\(url.port)/\(url.database ?? "")"
        }
        return databaseURL == nil ? "sqlite:\(sqlitePath)" : "postgresql (unparsable DATABASE_URL)"
    }

    public var description: String {
        "replica \(replica) on \(host):\(port) (admin \(adminHost):\(adminPort)\(adminToken == nil ? "" : ", token")), "
            + "database \(databaseDescription) (pool \(databasePoolSize)), tenant \(tenant), max body \(maxBodyBytes) B, "
            + "request deadline \(requestDeadline), query timeout \(queryTimeout), processing timeout \(processingTimeout), "
            + "retention \(retention), secrets configured for [\(secrets.keys.sorted().joined(separator: ", "))], "
            + "demo secrets \(demoSecrets ? "on" : "off"), \(oauth)"
    }
}

/// A setting that cannot be used; the message names the variable, never its value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
