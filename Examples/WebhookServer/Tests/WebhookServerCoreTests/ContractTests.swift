import Foundation
import PWBIIntegration
import Synchronization
import Testing
import WebhookServerCore

/// The kit's contract checkers against the SQL stores: SQLite always, PostgreSQL when `DATABASE_URL`
/// names a database the tests may empty (CI starts its own server for this).
@Suite struct SQLiteContractTests {
    /// A fresh in-memory SQLite database per store, migrated; closed when the test ends.
    final class Databases: Sendable {
        let opened = Mutex<[SQLiteDatabase]>([])
        func fresh() async throws -> SQLiteDatabase {
            let database = try await SQLiteDatabase.open(path: ":memory:")
            try await database.migrate(Schema.migrations(for: .sqlite))
            opened.withLock { $0.append(database) }
            return database
        }
        func closeAll() async {
            for database in opened.withLock({ $0 }) { await database.close() }
        }
    }

    @Test func idempotencyStore() async throws {
        let databases = Databases()
        let violations = await IdempotencyStoreContract.check { SQLIdempotencyStore(database: try await databases.fresh()) }
        await databases.closeAll()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func transactionStore() async throws {
        let databases = Databases()
        let violations = await TransactionStoreContract.check { SQLTransactionStore(database: try await databases.fresh()) }
        await databases.closeAll()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func deadLetterQueue() async throws {
        let databases = Databases()
        let violations = await DeadLetterQueueContract.check { SQLDeadLetterQueue(database: try await databases.fresh()) }
        await databases.closeAll()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func webhookLog() async throws {
        let databases = Databases()
        let violations = await WebhookLogContract.check { SQLWebhookLog(database: try await databases.fresh()) }
        await databases.closeAll()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func apiKeyStore() async throws {
        let databases = Databases()
        let violations = await APIKeyStoreContract.check { SQLAPIKeyStore(database: try await databases.fresh()) }
        await databases.closeAll()
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func migrationsApplyOnceToAFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-migrate-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        for _ in 0..<2 {
            let database = try await SQLiteDatabase.open(path: path)
            try await database.migrate(Schema.migrations(for: .sqlite))
            let versions = try await database.query("SELECT version FROM schema_migrations", []).map { try $0.integer(0) }
            await database.close()
            #expect(versions == Schema.migrations(for: .sqlite).map { Int64($0.version) })
            #expect(Set(versions).count == versions.count)
        }
    }
}

/// The same checkers against PostgreSQL. Each store's tables are emptied before each check.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["DATABASE_URL"] != nil, "DATABASE_URL names a PostgreSQL database for tests"))
struct PostgresContractTests {
    static func withDatabase(_ tables: [String], _ body: (() async throws -> PostgresDatabase) async throws -> Void) async throws {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        let database = try await PostgresDatabase.open(url: url, maximumConnections: 20)
        do {
            try await database.migrate(Schema.migrations(for: .postgres))
            try await body {
                try await database.query("TRUNCATE " + tables.joined(separator: ", "), [])
                return database
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    @Test func idempotencyStore() async throws {
        try await Self.withDatabase(["idempotency_records"]) { fresh in
            let violations = await IdempotencyStoreContract.check { SQLIdempotencyStore(database: try await fresh()) }
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func transactionStore() async throws {
        try await Self.withDatabase(["transactions"]) { fresh in
            let violations = await TransactionStoreContract.check { SQLTransactionStore(database: try await fresh()) }
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func deadLetterQueue() async throws {
        try await Self.withDatabase(["dead_letters"]) { fresh in
            let violations = await DeadLetterQueueContract.check { SQLDeadLetterQueue(database: try await fresh()) }
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func webhookLog() async throws {
        try await Self.withDatabase(["webhook_log"]) { fresh in
            let violations = await WebhookLogContract.check { SQLWebhookLog(database: try await fresh()) }
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func apiKeyStore() async throws {
        try await Self.withDatabase(["api_keys"]) { fresh in
            let violations = await APIKeyStoreContract.check { SQLAPIKeyStore(database: try await fresh()) }
            #expect(violations.isEmpty, "\(violations)")
        }
    }

    @Test func migrationsAreIdempotentAcrossConcurrentStarts() async throws {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    let database = try await PostgresDatabase.open(url: url, maximumConnections: 2)
                    do { try await database.migrate(Schema.migrations(for: .postgres)) } catch { await database.close(); throw error }
                    await database.close()
                }
            }
            try await group.waitForAll()
        }
    }
}
