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
import PWBIIntegration
import WebhookServerCore

/// `WebhookServer` — serve (default); `WebhookServer issue-key --tenant T --description D [--expires-days N]`
/// prints a new API key once (only its hash is stored); `WebhookServer migrate` applies the schema and exits.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: WebhookServer [serve]
           WebhookServer issue-key --tenant TENANT --description TEXT [--expires-days N]
           WebhookServer migrate
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
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
    return handler
}
let logger = Logger(label: "pwbi.webhook-server")

let storage: ServerStorage
do {
    storage = try await ServerStorage.open(configuration, logger: logger)
} catch {
    fail("cannot open the database \(configuration.databaseDescription): \(error)", code: 1)
}

switch arguments.first {
case nil, "serve":
    let app: WebhookServerApp
    do {
        app = try WebhookServerApp(configuration: configuration, storage: storage, logger: logger)
    } catch {
        await storage.database.close()
        fail("configuration: \(error)", code: 2)
    }
    logger.info("starting", metadata: ["configuration": "\(configuration)"])
    if !app.demoSecretSources.isEmpty {
        logger.warning(
            "sources using the built-in demo secret (see README; set PWBI_WEBHOOK_SECRET_<SOURCE> or PWBI_DEMO_SECRETS=0)",
            metadata: ["sources": "\(app.demoSecretSources.joined(separator: ","))"]
        )
    }
    let application = app.application { port in
        logger.info("listening", metadata: ["address": "http://\(configuration.host):\(port.map(String.init) ?? "?")"])
    }
    await withTaskGroup(of: Void.self) { group in
        group.addTask { await app.runPurgeJob() }
        do {
            // SIGTERM/SIGINT: stop accepting, let in-flight deliveries finish (they complete or release their claims).
            try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            logger.error("server stopped", metadata: ["error": "\(error)"])
        }
        group.cancelAll()
    }
    await storage.database.close()
    logger.info("stopped")
case "migrate":
    await storage.database.close()
    print("schema up to date: \(configuration.databaseDescription)")
case "issue-key":
    guard let tenant = option("--tenant"), !tenant.isEmpty, let description = option("--description"), !description.isEmpty else {
        await storage.database.close()
        fail(usage, code: 2)
    }
    var expires: Date?
    if let days = option("--expires-days") {
        guard let count = Int(days), count > 0 else {
            await storage.database.close()
            fail("--expires-days must be a positive integer", code: 2)
        }
        expires = Date().addingTimeInterval(Double(count) * 86_400)
    }
    do {
        let issued = try await APIKeyIssuer(store: storage.apiKeys).issue(description: description, tenant: tenant, expiresAt: expires, now: Date())
        await storage.database.close()
        // Shown once, on standard output only: the database keeps its SHA-256.
        print(issued.key)
    } catch {
        await storage.database.close()
        fail("cannot issue a key: \(error)", code: 1)
    }
default:
    await storage.database.close()
    fail(usage, code: 2)
}
