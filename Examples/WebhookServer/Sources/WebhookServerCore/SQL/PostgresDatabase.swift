#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// A ``SQLDatabase`` over a PostgreSQL connection pool (postgres-nio's `PostgresClient`).
/// Several server replicas share one database: every store statement is atomic on its own.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    /// Connects to the database named by `url` (`postgres://user:password@host:port/database?sslmode=disable`).
    /// The pool keeps at most `maximumConnections` connections.
    public static func open(url: String, maximumConnections: Int = 20, logger: Logger = Logger(label: "pwbi.postgres")) async throws -> PostgresDatabase {
        let target = try DatabaseURL(url)
        let tls: PostgresClient.Configuration.TLS
        switch target.sslMode {
        case "disable":
            tls = .disable
        case "require", "verify-ca", "verify-full":
            tls = .require(.makeClientConfiguration())
        default:
            tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: target.host, port: target.port, username: target.user, password: target.password, database: target.database, tls: tls
        )
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = .seconds(10)
        let database = PostgresDatabase(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
        // Fail fast (and readably) when the server is not there.
        do {
            try await database.query("SELECT 1", [])
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    @discardableResult
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let query = PostgresQuery(unsafeSQL: sql, binds: Self.bindings(binds))
        do {
            let rows = try await client.query(query, logger: logger).collect()
            return try rows.map(Self.row)
        } catch let error as SQLStoreError {
            throw error
        } catch let error as PSQLError {
            throw SQLStoreError.database(Self.describe(error))
        } catch {
            throw SQLStoreError.database("\(error)")
        }
    }

    public func migrate(_ migrations: [Migration]) async throws {
        let logger = self.logger
        do {
            try await client.withTransaction(logger: logger) { connection in
                // One migrator at a time across replicas; the lock ends with the transaction.
                try await connection.query("SELECT pg_advisory_xact_lock(727100)", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)",
                    logger: logger
                )
                var applied: Set<Int64> = []
                for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger).decode(Int64.self) {
                    applied.insert(version)
                }
                for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(Int64(migration.version)) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    var binds = PostgresBindings()
                    binds.append(Int64(migration.version))
                    binds.append(Date().timeIntervalSinceReferenceDate)
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", binds: binds),
                        logger: logger
                    )
                }
            }
        } catch let error as PSQLError {
            throw SQLStoreError.database("migration failed: " + Self.describe(error))
        }
    }

    public func close() async {
        runner.cancel()
        await runner.value
    }

    static func bindings(_ values: [SQLValue]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
            case .null: binds.appendNull()
            }
        }
        return binds
    }

    static func row(_ row: PostgresRow) throws -> SQLRow {
        var values: [SQLValue] = []
        for cell in row {
            guard cell.bytes != nil else {
                values.append(.null)
                continue
            }
            switch cell.dataType {
            case .int8: values.append(.integer(try cell.decode(Int64.self)))
            case .int4: values.append(.integer(Int64(try cell.decode(Int32.self))))
            case .int2: values.append(.integer(Int64(try cell.decode(Int16.self))))
            case .float8: values.append(.real(try cell.decode(Double.self)))
            case .text, .varchar, .name, .bpchar: values.append(.text(try cell.decode(String.self)))
            case .bytea: values.append(.blob(Array(try cell.decode(ByteBuffer.self).readableBytesView)))
            case .bool: values.append(.integer(try cell.decode(Bool.self) ? 1 : 0))
            case .void: values.append(.null)
            default: throw SQLStoreError.unexpectedRow("column \(cell.columnName) has an unsupported type \(cell.dataType)")
            }
        }
        return SQLRow(values)
    }

    /// The server's message and SQLSTATE, never the query's bound values.
    static func describe(_ error: PSQLError) -> String {
        if let server = error.serverInfo {
            return [server[.sqlState].map { "SQLSTATE \($0)" }, server[.message]].compactMap { $0 }.joined(separator: ": ")
        }
        return "\(error.code)"
    }
}

/// The parts of a `postgres://` URL.
public struct DatabaseURL: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String?
    public var sslMode: String?

    public init(host: String, port: Int, user: String, password: String?, database: String?, sslMode: String?) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    /// Parses `postgres://user[:password]@host[:port][/database][?sslmode=…]` (also `postgresql://`).
    /// The error never repeats the URL (it may hold a password).
    public init(_ text: String) throws(SQLStoreError) {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql",
              let host = components.host, !host.isEmpty
        else {
            throw .database("DATABASE_URL is not a postgres://user:password@host:port/database URL")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        self.password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
        self.sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value
    }
}
