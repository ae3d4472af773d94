#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import Metrics
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// A ``SQLDatabase`` over a PostgreSQL connection pool (postgres-nio's `PostgresClient`).
/// Several server replicas share one database: every store statement is atomic on its own.
///
/// Every statement is bounded by the client-side query timeout, and every connection carries
/// `statement_timeout` and `lock_timeout`, so a database that stops answering turns into errors
/// within a bound, never into requests that wait forever.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    /// The pool; a `Service`: run it in the service group (``run()``) or with ``start()``.
    public let client: PostgresClient
    private let runner = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger
    /// The client-side bound of one statement.
    public let queryTimeout: Duration
    /// The pool's gauges in `/metrics`.
    public let pool: PoolMetrics

    /// The timeouts and pool of a ``PostgresDatabase``.
    public struct Settings: Sendable {
        /// Most connections in the pool: twice the cores, at least 4 (PostgreSQL on the same
        /// machine works while a statement waits on the network).
        public var maximumConnections = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
        /// Connecting, each attempt.
        public var connectTimeout: Duration = .seconds(5)
        /// One statement, client side.
        public var queryTimeout: Duration = .seconds(5)
        /// PostgreSQL `statement_timeout`.
        public var statementTimeout: Duration = .seconds(4)
        /// PostgreSQL `lock_timeout`.
        public var lockTimeout: Duration = .seconds(2)

        /// Defaults: a pool of twice the cores (at least 4), 5 s connect and query, 4 s statement, 2 s lock timeout.
        public init() {}
    }

    init(client: PostgresClient, queryTimeout: Duration, pool: PoolMetrics, logger: Logger) {
        self.client = client
        self.queryTimeout = queryTimeout
        self.pool = pool
        self.logger = logger
    }

    /// A pool for the database named by `url` (`postgres://user:password@host:port/database?sslmode=…&sslrootcert=…`),
    /// not running yet: run ``client`` in the service group, or call ``start()``.
    public static func make(url: String, settings: Settings = Settings(), logger: Logger = Logger(label: "pwbi.postgres")) throws -> PostgresDatabase {
        let target = try DatabaseURL(url)
        var configuration = PostgresClient.Configuration(
            host: target.host, port: target.port, username: target.user, password: target.password, database: target.database,
            tls: try target.tls()
        )
        configuration.options.maximumConnections = max(1, settings.maximumConnections)
        configuration.options.connectTimeout = settings.connectTimeout
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", "\(Self.milliseconds(settings.statementTimeout))ms"),
            ("lock_timeout", "\(Self.milliseconds(settings.lockTimeout))ms"),
            ("application_name", "pwbi-webhook-server"),
        ]
        let pool = PoolMetrics(maximumConnections: configuration.options.maximumConnections)
        // The pool reports its connections to its background logger: counted, then passed on at the logger's level.
        let background = Logger(label: logger.label) { _ in PoolEventLogHandler(upstream: logger, metrics: pool) }
        return PostgresDatabase(
            client: PostgresClient(configuration: configuration, backgroundLogger: background), queryTimeout: settings.queryTimeout,
            pool: pool, logger: logger
        )
    }

    /// Opens, starts and checks the database (the form tests and one-shot commands use): fails
    /// within `startupTimeout` with the database's reason.
    public static func open(
        url: String, settings: Settings = Settings(), startupTimeout: Duration = .seconds(30), logger: Logger = Logger(label: "pwbi.postgres")
    ) async throws -> PostgresDatabase {
        let database = try make(url: url, settings: settings, logger: logger)
        database.start()
        do {
            try await database.waitUntilReachable(within: startupTimeout)
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Opens with the pool size only (defaults otherwise).
    public static func open(url: String, maximumConnections: Int, logger: Logger = Logger(label: "pwbi.postgres")) async throws -> PostgresDatabase {
        var settings = Settings()
        settings.maximumConnections = maximumConnections
        return try await open(url: url, settings: settings, logger: logger)
    }

    /// Runs the pool in a task of its own until ``close()`` (when no service group runs it).
    public func start() {
        let client = self.client
        runner.withLock { task in
            if task == nil { task = Task { await client.run() } }
        }
    }

    /// `SELECT 1` until it answers; a reason that retrying cannot fix (credentials, database name,
    /// TLS) fails at once, anything else (refused, timed out) is retried until `limit` has passed,
    /// then fails with the last reason.
    public func waitUntilReachable(within limit: Duration) async throws {
        let clock = ContinuousClock()
        let end = clock.now + limit
        var attempt = 0
        while true {
            do {
                try await query("SELECT 1", [])
                return
            } catch let error as SQLStoreError {
                let permanent: Bool
                if case .database(let message) = error { permanent = Self.isPermanent(message) } else { permanent = true }
                attempt += 1
                guard !permanent, clock.now < end else { throw SQLStoreError.database("database unreachable: \(error.description.dropFirst("database error: ".count))") }
                logger.warning("database not reachable yet, retrying", metadata: ["attempt": "\(attempt)", "reason": "\(error)"])
                try await Task.sleep(for: min(.milliseconds(250 * attempt), .seconds(2), end - clock.now))
            }
        }
    }

    /// Reasons that another attempt cannot fix: authentication (SQLSTATE 28…), an unknown database
    /// (3D000), TLS failures and protocol mismatches.
    static func isPermanent(_ message: String) -> Bool {
        ["SQLSTATE 28", "SQLSTATE 3D", "SQLSTATE 42501", "sslUnsupported", "TLS", "SSL", "handshake", "certificate", "authMechanism", "sasl"]
            .contains { message.localizedCaseInsensitiveContains($0) }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    @discardableResult
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let query = PostgresQuery(unsafeSQL: sql, binds: Self.bindings(binds))
        let client = self.client
        let logger = self.logger
        return try await bounded { try await client.query(query, logger: logger).collect() }.map(Self.row)
    }

    /// Runs `statement` prepared (parsed and planned once per connection), bounded and counted as ``query(_:_:)``.
    func execute<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] where Statement.Row: Sendable {
        let client = self.client
        let logger = self.logger
        return try await bounded {
            var rows: [Statement.Row] = []
            for try await row in try await client.execute(statement, logger: logger) { rows.append(row) }
            return rows
        }
    }

    /// `operation` within the query timeout, its failure as a ``SQLStoreError`` counted in `pwbi_db_errors`.
    func bounded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            guard let value = try await pool.statement({ try await withDeadline(queryTimeout, operation) }) else {
                pool.countError("timeout")
                throw SQLStoreError.database("no answer within the query timeout (\(queryTimeout))")
            }
            return value
        } catch let error as SQLStoreError {
            throw error
        } catch let error as PSQLError {
            pool.countError(error.serverInfo?[.sqlState] ?? "\(error.code)")
            throw SQLStoreError.database(Self.describe(error))
        } catch {
            pool.countError("other")
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

    /// Stops the pool started by ``start()`` (a service group stops its own).
    public func close() async {
        let task = runner.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
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

    /// The server's message and SQLSTATE, or the client's code and the underlying cause (refused,
    /// TLS, …) — never the query's bound values.
    static func describe(_ error: PSQLError) -> String {
        if let server = error.serverInfo {
            return [server[.sqlState].map { "SQLSTATE \($0)" }, server[.message]].compactMap { $0 }.joined(separator: ": ")
        }
        return ["\(error.code)", error.underlying.map { "\($0)" }].compactMap { $0 }.joined(separator: ": ")
    }
}
