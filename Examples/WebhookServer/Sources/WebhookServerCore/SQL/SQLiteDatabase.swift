#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import SQLiteNIO

/// A ``SQLDatabase`` over one SQLite connection (sqlite-nio): a file under the working directory
/// by default, in WAL mode with a busy timeout, so several processes may share the file.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    let connection: SQLiteConnection
    private let gate = StatementGate()

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating if needed) the database at `path`, or a private in-memory database for `":memory:"`.
    public static func open(path: String) async throws -> SQLiteDatabase {
        let storage: SQLiteConnection.Storage = path == ":memory:" ? .memory : .file(path: path)
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage)
        } catch {
            throw SQLStoreError.database("cannot open the SQLite database: \(error)")
        }
        let database = SQLiteDatabase(connection: connection)
        // busy_timeout replaces the driver's spinning busy handler with SQLite's sleeping one.
        try await database.query("PRAGMA busy_timeout = 10000", [])
        if path != ":memory:" {
            try await database.query("PRAGMA journal_mode = WAL", [])
            try await database.query("PRAGMA synchronous = NORMAL", [])
        }
        return database
    }

    /// Runs one statement. Statements on this connection run one at a time: two overlapping on one
    /// connection would share an implicit read transaction, and its upgrade to a write can fail with
    /// SQLITE_BUSY at once (no busy wait) when another process wrote meanwhile. A statement still
    /// refused as busy is retried a few times; it did nothing, so retrying is safe.
    @discardableResult
    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let statement = Self.sqliteParameters(sql)
        let data = binds.map(Self.data)
        var attempt = 0
        while true {
            await gate.acquire()
            do {
                let rows = try await connection.query(statement, data)
                await gate.release()
                return rows.map { row in SQLRow(row.columns.map { Self.value($0.data) }) }
            } catch let error as SQLiteError where (error.reason == .busy || error.reason == .busyInSnapshot) && attempt < 20 {
                await gate.release()
                attempt += 1
                try? await Task.sleep(for: .milliseconds(5 * attempt))
            } catch {
                await gate.release()
                throw SQLStoreError.database("\(error)")
            }
        }
    }

    /// A statement runner inside ``transaction(_:)``.
    public typealias TransactionQuery = @Sendable (_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, no other statement of this connection in
    /// between; commits when `body` says so, else (or when it throws) rolls back.
    public func transaction<T: Sendable>(_ body: (TransactionQuery) async throws -> (T, commit: Bool)) async throws -> T {
        await gate.acquire()
        let connection = self.connection
        let run: TransactionQuery = { sql, binds in
            do {
                let rows = try await connection.query(Self.sqliteParameters(sql), binds.map(Self.data))
                return rows.map { row in SQLRow(row.columns.map { Self.value($0.data) }) }
            } catch let error as SQLStoreError {
                throw error
            } catch {
                throw SQLStoreError.database("\(error)")
            }
        }
        do {
            var attempt = 0
            while true {
                do {
                    _ = try await run("BEGIN IMMEDIATE", [])
                    break
                } catch where attempt < 20 {
                    attempt += 1
                    try? await Task.sleep(for: .milliseconds(5 * attempt))
                }
            }
            let (value, commit) = try await body(run)
            _ = try await run(commit ? "COMMIT" : "ROLLBACK", [])
            await gate.release()
            return value
        } catch {
            _ = try? await run("ROLLBACK", [])
            await gate.release()
            throw error
        }
    }

    public func migrate(_ migrations: [Migration]) async throws {
        try await query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)", [])
        // BEGIN IMMEDIATE takes the write lock: another process migrating waits (busy_timeout), then sees the versions.
        try await query("BEGIN IMMEDIATE", [])
        do {
            let applied = Set(try await query("SELECT version FROM schema_migrations", []).map { try $0.integer(0) })
            for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(Int64(migration.version)) {
                for statement in migration.statements { try await query(statement, []) }
                try await query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [.int(migration.version), .instant(Date())])
            }
            try await query("COMMIT", [])
        } catch {
            _ = try? await query("ROLLBACK", [])
            throw error
        }
    }

    public func close() async {
        try? await connection.close()
    }

    /// `$n` → `?n` (SQLite's numbered parameter), outside of quoted literals.
    public static func sqliteParameters(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count)
        var quote: Character?
        var previous: Character = " "
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                out.append(character)
            } else if character == "$", previous != "$" {
                out.append("?")
            } else {
                out.append(character)
            }
            previous = character
        }
        return out
    }

    static func data(_ value: SQLValue) -> SQLiteData {
        switch value {
        case .integer(let value): .integer(SQLiteInt64(value))
        case .real(let value): .float(value)
        case .text(let value): .text(value)
        case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
        case .null: .null
        }
    }

    static func value(_ data: SQLiteData) -> SQLValue {
        switch data {
        case .integer(let value): .integer(Int64(value))
        case .float(let value): .real(value)
        case .text(let value): .text(value)
        case .blob(let buffer): .blob(Array(buffer.readableBytesView))
        case .null: .null
        }
    }
}

/// A first-in, first-out lock for async code: one holder at a time, waiters resumed in order.
actor StatementGate {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
