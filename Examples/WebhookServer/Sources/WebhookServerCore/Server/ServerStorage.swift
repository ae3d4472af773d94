#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration

/// The database and every store over it, migrated and ready.
public struct ServerStorage: Sendable {
    public let database: any SQLDatabase
    public let idempotency: SQLIdempotencyStore
    public let transactions: SQLTransactionStore
    /// Dead letters, headers filtered to ``StorableHeaders`` before they are written.
    public let deadLetters: CredentialFreeDeadLetterQueue
    public let log: SQLWebhookLog
    public let apiKeys: SQLAPIKeyStore
    public let events: SQLWebhookEventSink
    /// The configured integrations (the outbound half's schedules read them).
    public let integrations: SQLIntegrationStore
    /// Leases that keep each schedule on one replica at a time.
    public let leases: SQLLeases
    /// Deliveries of transactions claimed, stored, completed and audited in one step.
    public let deliveries: SQLDeliveryCommitStore

    public init(database: any SQLDatabase) {
        self.database = database
        idempotency = SQLIdempotencyStore(database: database)
        transactions = SQLTransactionStore(database: database)
        deadLetters = CredentialFreeDeadLetterQueue(SQLDeadLetterQueue(database: database))
        log = SQLWebhookLog(database: database)
        apiKeys = SQLAPIKeyStore(database: database)
        events = SQLWebhookEventSink(database: database)
        integrations = SQLIntegrationStore(database: database)
        leases = SQLLeases(database: database)
        deliveries = SQLDeliveryCommitStore(database: database)
    }

    /// Opens PostgreSQL when `databaseURL` is set, else the SQLite file, and applies the migrations.
    public static func open(_ configuration: ServerConfiguration, logger: Logger) async throws -> ServerStorage {
        let database: any SQLDatabase
        if let url = configuration.databaseURL {
            database = try await PostgresDatabase.open(
                url: url, settings: configuration.postgresSettings, startupTimeout: configuration.startupTimeout, logger: logger
            )
        } else {
            database = try await SQLiteDatabase.open(path: configuration.sqlitePath)
        }
        do {
            try await database.migrate(Schema.migrations(for: database.dialect))
        } catch {
            await database.close()
            throw error
        }
        return ServerStorage(database: database)
    }
}

extension ServerConfiguration {
    /// The pool and timeouts of the PostgreSQL client.
    public var postgresSettings: PostgresDatabase.Settings {
        var settings = PostgresDatabase.Settings()
        settings.maximumConnections = databasePoolSize
        settings.connectTimeout = connectTimeout
        settings.queryTimeout = queryTimeout
        settings.statementTimeout = statementTimeout
        settings.lockTimeout = lockTimeout
        return settings
    }
}
