#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Hummingbird
import Logging
import Metrics
import PWBIIntegration
import Prometheus
import ServiceLifecycle
import WebhookServerCore

/// `WebhookServer` — serve (default) · `migrate` · `issue-key` · `list-keys` · `revoke-key` · `integration` ·
/// `backfill` · `reconnect` · `sync-status` · `dead-letters` · `export`.
/// Exit codes: 0 done, 1 the database refused or could not be reached (with its reason), 2 bad usage or settings.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: WebhookServer [serve]
           WebhookServer migrate
           WebhookServer issue-key --tenant TENANT --description TEXT [--expires-days N]
           WebhookServer list-keys [--tenant TENANT]
           WebhookServer revoke-key ID
           WebhookServer integration add --id ID --tenant TENANT --system SYSTEM --credentials env:VAR|file:/path|oauth
                         [--every SECONDS] [--outlets A,B] [--zone ZONE] [--currency CUR] [--base-url URL] [--setting NAME=VALUE]…
           WebhookServer integration list [--tenant TENANT]
           WebhookServer integration remove ID
           WebhookServer backfill --integration ID --from YYYY-MM-DD --to YYYY-MM-DD [--outlet OUTLET]
           WebhookServer reconnect --integration ID
           WebhookServer sync-status [--integration ID]
           WebhookServer dead-letters list [--source NAME] [--limit N]
           WebhookServer dead-letters replay ID|--all
           WebhookServer export run --integration ID [--day YYYY-MM-DD]
           WebhookServer export list --integration ID
    configuration: environment variables, see Examples/WebhookServer/README.md
    """

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), arguments.indices.contains(index + 1) else { return nil }
    return arguments[index + 1]
}

func fail(_ message: String, code: Int32) -> Never {
    writeError(message + "\n")
    exit(code)
}

/// Opens the database for an operator command, or exits 1 with the reason.
func openStorage(_ configuration: ServerConfiguration, logger: Logger) async -> ServerStorage {
    do {
        return try await ServerStorage.open(configuration, logger: logger)
    } catch {
        fail("cannot open the database \(configuration.databaseDescription): \(error)", code: 1)
    }
}

/// Ends an operator command: closes the database, prints the usage after a usage error, exits with `code`.
func finish(_ code: Int32, storage: ServerStorage) async -> Never {
    await storage.database.close()
    if code == 2 { writeError(usage + "\n") }
    exit(code)
}

let configuration: ServerConfiguration
do {
    configuration = try ServerConfiguration()
} catch {
    fail("configuration: \(error)", code: 2)
}
let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
LoggingSystem.bootstrap { label in
    if configuration.logFormat == "text" {
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
    return JSONLogHandler(label: label, level: level)
}
let logger: Logger = {
    var logger = Logger(label: "pwbi.webhook-server")
    logger[metadataKey: "replica"] = "\(configuration.replica)"
    return logger
}()

switch arguments.first {
case nil, "serve":
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
    let database: any SQLDatabase
    do {
        if let url = configuration.databaseURL {
            let postgres = try PostgresDatabase.make(url: url, settings: configuration.postgresSettings, logger: logger)
            services.append(.init(service: postgres.client, serviceName: "postgres"))
            database = postgres
        } else {
            database = try await SQLiteDatabase.open(path: configuration.sqlitePath)
        }
    } catch {
        fail("cannot open the database \(configuration.databaseDescription): \(error)", code: 1)
    }
    let server = ServerService(configuration: configuration, database: database, logger: logger, prometheus: { registry.emitToString() }) { serving, admin in
        logger.info("listening", metadata: [
            "address": "http://\(configuration.host):\(serving.map(String.init) ?? "?")",
            "admin": "http://\(configuration.adminHost):\(admin.map(String.init) ?? "?")",
        ])
    }
    services.append(.init(service: server, serviceName: "server"))
    var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
    // Stop accepting, let in-flight requests end (each is bounded by the request deadline), then cancel.
    group.maximumGracefulShutdownDuration = configuration.shutdownTimeout
    group.maximumCancellationDuration = .seconds(5)
    do {
        try await ServiceGroup(configuration: group).run()
    } catch {
        await database.close()
        fail("stopped: \(error)", code: 1)
    }
    await database.close()
    logger.info("stopped")
    exit(0)
case "migrate", "issue-key", "list-keys", "revoke-key":
    let storage = await openStorage(configuration, logger: logger)
    await finish(await KeyCommands.run(arguments, storage: storage), storage: storage)
case "integration":
    let storage = await openStorage(configuration, logger: logger)
    await finish(await IntegrationCommands.run(arguments, store: storage.integrations), storage: storage)
case "backfill", "reconnect", "sync-status":
    let storage = await openStorage(configuration, logger: logger)
    let client = configuration.outboundHTTP.makeClient()
    let transport = configuration.outboundHTTP.transport(client: client)
    // Integrations connected through OAuth use (and refresh) their stored tokens, as a replica would.
    var connections = OAuthConnections(configuration: configuration.oauth, database: storage.database, transport: transport, logger: logger)
    connections?.integrationStates = SQLIntegrationStateStore(database: storage.database)
    let code = await PollingCommands.run(
        arguments, storage: storage, transport: transport, settings: configuration.polling,
        credentials: PollingCredentials(oauthAuthorizer: connections?.authorizer), owner: "backfill-\(UUID().uuidString.prefix(8))",
        clock: ContinuousClock(), logger: logger)
    try? await client.shutdown().get()
    await finish(code, storage: storage)
case "dead-letters":
    let storage = await openStorage(configuration, logger: logger)
    let client = configuration.outboundHTTP.makeClient()
    let code = await DeadLetterCommands.run(
        arguments, storage: storage, forwarding: configuration.forwarding, transport: configuration.outboundHTTP.transport(client: client),
        clock: ContinuousClock()
    )
    try? await client.shutdown().get()
    await finish(code, storage: storage)
case "export":
    let storage = await openStorage(configuration, logger: logger)
    await finish(await ExportCommands.run(arguments, storage: storage, configuration: configuration.export, logger: logger), storage: storage)
default:
    fail(usage, code: 2)
}
