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

/// `WebhookServer` — serve (default) · `migrate` · `issue-key` · `list-keys` · `revoke-key` · `integration` · `export`.
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
    let storage: ServerStorage
    do {
        storage = try await ServerStorage.open(configuration, logger: logger)
    } catch {
        fail("cannot open the database \(configuration.databaseDescription): \(error)", code: 1)
    }
    let code = await KeyCommands.run(arguments, storage: storage)
    await storage.database.close()
    if code == 2 { writeError(usage + "\n") }
    exit(code)
case "integration":
    let storage: ServerStorage
    do {
        storage = try await ServerStorage.open(configuration, logger: logger)
    } catch {
        fail("cannot open the database \(configuration.databaseDescription): \(error)", code: 1)
    }
    let code = await IntegrationCommands.run(arguments, store: storage.integrations)
    await storage.database.close()
    if code == 2 { writeError(usage + "\n") }
    exit(code)
case "export":
    let storage: ServerStorage
    do {
        storage = try await ServerStorage.open(configuration, logger: logger)
    } catch {
        fail("cannot open the database \(configuration.databaseDescription): \(error)", code: 1)
    }
    let code = await ExportCommands.run(arguments, storage: storage, configuration: configuration.export, logger: logger)
    await storage.database.close()
    if code == 2 { writeError(usage + "\n") }
    exit(code)
default:
    fail(usage, code: 2)
}
