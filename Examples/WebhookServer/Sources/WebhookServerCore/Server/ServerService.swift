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
        let storage = ServerStorage(database: database)
        let client = configuration.outboundHTTP.makeClient()
        let transport = configuration.outboundHTTP.transport(client: client)
        // Failure notices (PWBI_NOTIFY_URL): told by the receivers and the outbound jobs, posted by a service.
        let notifier = HostFailureNotifier.make(
            configuration.forwarding, transport: transport, deadLetters: storage.deadLetters,
            clock: ContinuousClock(), logger: logger
        )
        let server = try WebhookServerApp(configuration: configuration, storage: storage, logger: logger, failureNotifier: notifier)
        server.logStartup()
        var connections = OAuthConnections(
            configuration: configuration.oauth, database: database, transport: transport, metrics: server.metrics, logger: logger)
        connections?.integrationStates = SQLIntegrationStateStore(database: database)
        let app = server.with(oauth: connections)
        let ports = PortsReported(onListening)
        let serving = app.application { port in await ports.serving(port) }
        let admin = app.adminApplication(prometheus: prometheus) { port in await ports.admin(port) }
        let outbound = OutboundJobs.services(OutboundContext(
            configuration: configuration, storage: app.storage, transport: transport,
            metrics: app.metrics, owner: "\(configuration.replica)-\(UUID().uuidString.prefix(8))", logger: logger,
            oauthAuthorizer: app.oauth?.authorizer, failureNotifier: notifier
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
