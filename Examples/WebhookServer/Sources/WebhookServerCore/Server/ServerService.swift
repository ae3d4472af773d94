#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import Logging
import ServiceLifecycle

/// The server as one `Service` of the service group, after the PostgreSQL pool (which the group
/// runs, and shuts down after this one): checks the database within the start-up timeout (failing
/// with its reason), migrates, then serves the serving and admin listeners and the retention purge
/// until graceful shutdown.
public struct ServerService: Service {
    let configuration: ServerConfiguration
    let database: any SQLDatabase
    let logger: Logger
    let prometheus: (@Sendable () -> String)?
    let onListening: @Sendable (_ serving: Int?, _ admin: Int?) async -> Void

    /// The server over `database` (its pool run elsewhere, in the same service group).
    public init(
        configuration: ServerConfiguration, database: any SQLDatabase, logger: Logger,
        prometheus: (@Sendable () -> String)? = nil,
        onListening: @escaping @Sendable (_ serving: Int?, _ admin: Int?) async -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.database = database
        self.logger = logger
        self.prometheus = prometheus
        self.onListening = onListening
    }

    public func run() async throws {
        if let postgres = database as? PostgresDatabase {
            try await postgres.waitUntilReachable(within: configuration.startupTimeout)
        }
        try await database.migrate(Schema.migrations(for: database.dialect))
        let server = try WebhookServerApp(configuration: configuration, storage: ServerStorage(database: database), logger: logger)
        server.logStartup()
        let client = AsyncHTTPClientTransport.makeClient()
        let app = server.with(oauth: OAuthConnections(
            configuration: configuration.oauth, database: database, transport: AsyncHTTPClientTransport(client: client),
            metrics: server.metrics, logger: logger))
        let ports = PortsReported(onListening)
        let serving = app.application { port in await ports.serving(port) }
        let admin = app.adminApplication(prometheus: prometheus) { port in await ports.admin(port) }
        let outbound = OutboundJobs.services(OutboundContext(
            configuration: configuration, storage: app.storage, transport: AsyncHTTPClientTransport(client: client),
            metrics: app.metrics, owner: "\(configuration.replica)-\(UUID().uuidString.prefix(8))", logger: logger,
            oauthAuthorizer: app.oauth?.authorizer
        ))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await serving.run() }
                group.addTask { try await admin.run() }
                group.addTask {
                    // The purge stops at graceful shutdown as well as on cancellation.
                    await cancelWhenGracefulShutdown { await app.runPurgeJob() }
                }
                for service in outbound { group.addTask { try await service.run() } }
                // Each ends at graceful shutdown; a failure (a port in use) ends the scope, cancelling the others.
                for try await _ in group {}
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        // Releases of claims whose requests were answered 503 just before the listeners stopped.
        await app.releases.drain()
    }
}

/// Calls back once both listeners are up.
actor PortsReported {
    let callback: @Sendable (Int?, Int?) async -> Void
    var servingPort: Int??
    var adminPort: Int??

    init(_ callback: @escaping @Sendable (Int?, Int?) async -> Void) { self.callback = callback }

    func serving(_ port: Int?) async {
        servingPort = .some(port)
        await report()
    }

    func admin(_ port: Int?) async {
        adminPort = .some(port)
        await report()
    }

    func report() async {
        guard let servingPort, let adminPort else { return }
        await callback(servingPort, adminPort)
    }
}

extension WebhookServerApp {
    /// The start-up lines: the configuration (no secret), the sources served with the demo secret,
    /// and the sources not served because they have no secret.
    public func logStartup() {
        logger.info("starting", metadata: ["configuration": "\(configuration)"])
        if !demoSecretSources.isEmpty {
            logger.warning(
                "sources served with the PUBLIC demo secret (PWBI_DEMO_SECRETS=1): anyone can sign for them",
                metadata: ["sources": "\(demoSecretSources.joined(separator: ","))"]
            )
        }
        if !unservedSources.isEmpty {
            logger.warning(
                "sources not served: no secret configured (PWBI_WEBHOOK_SECRET_<SOURCE> or …_FILE)",
                metadata: ["sources": "\(unservedSources.joined(separator: ","))"]
            )
        }
    }
}
