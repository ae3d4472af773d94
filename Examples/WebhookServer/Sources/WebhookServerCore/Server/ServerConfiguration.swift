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
    /// PostgreSQL URL (`DATABASE_URL`); nil means SQLite.
    public var databaseURL: String?
    /// SQLite file (`PWBI_SQLITE_PATH`, default `pwbi-webhooks.sqlite` in the working directory).
    public var sqlitePath: String
    /// Most PostgreSQL connections per replica (`PWBI_DB_POOL_SIZE`, default 20).
    public var databasePoolSize: Int
    /// The tenant signed webhooks belong to (`PWBI_TENANT`, default `default`).
    public var tenant: String
    /// Secrets per source from `PWBI_WEBHOOK_SECRET_<SOURCE>` (comma-separated for rotation).
    public var secrets: [String: [String]]
    /// Whether sources without a configured secret use the built-in demo secret (`PWBI_DEMO_SECRETS`, default on).
    public var demoSecrets: Bool
    /// Largest webhook body (`PWBI_MAX_BODY_BYTES`, default 10 MiB).
    public var maxBodyBytes: Int
    /// Largest CSV upload (`PWBI_MAX_UPLOAD_BYTES`, default 50 MiB).
    public var maxUploadBytes: Int
    /// Idempotency processing timeout (`PWBI_PROCESSING_TIMEOUT_SECONDS`, default 300).
    public var processingTimeout: Duration
    /// Idempotency record and audit log retention (`PWBI_RETENTION_DAYS`, default 30; 0 keeps everything).
    public var retention: Duration
    /// How often the retention purge runs (`PWBI_PURGE_INTERVAL_SECONDS`, default 3600).
    public var purgeInterval: Duration
    /// Name of this replica in logs and `/health` (`PWBI_REPLICA`, default `host:port`).
    public var replica: String
    /// Log level (`LOG_LEVEL`, default `info`).
    public var logLevel: String

    /// The demo secret that sources fall back to when `PWBI_DEMO_SECRETS` is on and no secret is set.
    /// Documented in the README; never logged.
    public static let demoSecret = "pwbi-demo-secret"

    /// Reads the environment; a malformed number is an error naming the variable.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        func integer(_ name: String, _ fallback: Int, minimum: Int = 0) throws(ConfigurationError) -> Int {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let value = Int(text), value >= minimum else { throw ConfigurationError("\(name) must be an integer ≥ \(minimum)") }
            return value
        }
        host = environment["PWBI_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = try integer("PORT", 8080)
        guard port <= 65_535 else { throw ConfigurationError("PORT must be at most 65535") }
        databaseURL = environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        sqlitePath = environment["PWBI_SQLITE_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "pwbi-webhooks.sqlite"
        databasePoolSize = try integer("PWBI_DB_POOL_SIZE", 20, minimum: 1)
        tenant = environment["PWBI_TENANT"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        var secrets: [String: [String]] = [:]
        let prefix = "PWBI_WEBHOOK_SECRET_"
        for (name, value) in environment where name.hasPrefix(prefix) {
            let source = name.dropFirst(prefix.count).lowercased().replacing("_", with: "-")
            let list = value.split(separator: ",").map { String($0) }.filter { !$0.isEmpty }
            if !list.isEmpty { secrets[source] = list }
        }
        self.secrets = secrets
        switch environment["PWBI_DEMO_SECRETS"]?.lowercased() {
        case nil, "", "1", "true", "yes", "on": demoSecrets = true
        case "0", "false", "no", "off": demoSecrets = false
        default: throw ConfigurationError("PWBI_DEMO_SECRETS must be 1 or 0")
        }
        maxBodyBytes = try integer("PWBI_MAX_BODY_BYTES", 10 << 20, minimum: 1)
        maxUploadBytes = try integer("PWBI_MAX_UPLOAD_BYTES", 50 << 20, minimum: 1)
        processingTimeout = .seconds(try integer("PWBI_PROCESSING_TIMEOUT_SECONDS", 300, minimum: 1))
        retention = .seconds(try integer("PWBI_RETENTION_DAYS", 30) * 86_400)
        purgeInterval = .seconds(try integer("PWBI_PURGE_INTERVAL_SECONDS", 3600, minimum: 1))
        replica = environment["PWBI_REPLICA"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(host):\(port)"
        logLevel = environment["LOG_LEVEL"].flatMap { $0.isEmpty ? nil : $0 } ?? "info"
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
        "replica \(replica) on \(host):\(port), database \(databaseDescription), tenant \(tenant), "
            + "max body \(maxBodyBytes) B, processing timeout \(processingTimeout), retention \(retention), "
            + "secrets configured for [\(secrets.keys.sorted().joined(separator: ", "))], demo secrets \(demoSecrets ? "on" : "off")"
    }
}

/// A setting that cannot be used; the message names the variable, never its value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
