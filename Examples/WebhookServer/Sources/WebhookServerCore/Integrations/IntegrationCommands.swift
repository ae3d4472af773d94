#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `integration add|list|remove`: the configured integrations, from the command line.
/// Output on standard output, errors on standard error; exit codes 0 done, 1 refused/failed, 2 bad usage.
///
///     integration add --id ID --tenant TENANT --system SYSTEM --credentials env:VAR|file:/path|oauth
///                     [--every SECONDS] [--outlets A,B] [--zone ZONE] [--currency CUR]
///                     [--base-url URL] [--setting NAME=VALUE]…
///     integration list [--tenant TENANT]
///     integration remove ID
public enum IntegrationCommands {
    /// The interval used when `--every` is not given, per system (the reference framework's).
    public static func defaultInterval(for system: String) -> Int {
        switch system {
        case "qasir": 300
        case "moka": 3600
        default: 86_400
        }
    }

    /// Runs `arguments` (`integration` first) against `store`; the exit code.
    public static func run(
        _ arguments: [String], store: SQLIntegrationStore, now: Date = Date(),
        print output: @Sendable (String) -> Void = { Swift.print($0) }, error: @Sendable (String) -> Void = { writeError($0 + "\n") }
    ) async -> Int32 {
        guard arguments.first == "integration", arguments.count >= 2 else { return 2 }
        let rest = Array(arguments.dropFirst(2))
        switch arguments[1] {
        case "add":
            let options: [String: [String]]
            do {
                options = try parse(rest, allowed: ["--id", "--tenant", "--system", "--credentials", "--every", "--outlets", "--zone", "--currency", "--base-url", "--setting"])
            } catch let usage {
                error("\(usage)")
                return 2
            }
            func one(_ name: String) -> String? { options[name]?.last }
            guard let id = one("--id"), let tenant = one("--tenant"), let system = one("--system"), let reference = one("--credentials") else {
                error("integration add needs --id, --tenant, --system and --credentials")
                return 2
            }
            do {
                var settings: [String: String] = [:]
                for pair in options["--setting"] ?? [] {
                    guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex, !pair.contains("\n") else {
                        throw IntegrationRecordError(field: "setting", reason: "NAME=VALUE on one line")
                    }
                    settings[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
                }
                var every = defaultInterval(for: system)
                if let text = one("--every") {
                    guard let seconds = Int(text) else { throw IntegrationRecordError(field: "every", reason: "whole seconds") }
                    every = seconds
                }
                let record = IntegrationRecord(
                    id: id, tenant: tenant, system: system, credentials: try CredentialReference(parsing: reference), everySeconds: every,
                    zone: one("--zone") ?? "Asia/Jakarta", currency: one("--currency") ?? "IDR",
                    outlets: one("--outlets").map { $0.split(separator: ",").map(String.init) } ?? [],
                    baseURL: one("--base-url"), settings: settings, createdAt: now
                )
                try record.validate()
                guard try await store.add(record) else {
                    error("an integration with id \(KeyCommands.oneLine(id)) exists; remove it first")
                    return 1
                }
                output("added \(id)")
                return 0
            } catch let invalid as IntegrationRecordError {
                error("integration add: \(invalid)")
                return 2
            } catch let failure {
                error("cannot add the integration: \(failure)")
                return 1
            }
        case "list":
            guard rest.isEmpty || (rest.count == 2 && rest[0] == "--tenant") else { return 2 }
            do {
                let records = try await store.list(tenant: rest.count == 2 ? rest[1] : nil)
                output("id\ttenant\tsystem\toutlets\tevery\tzone\tcurrency\tcredentials\tbase_url")
                for record in records {
                    output([
                        record.id, record.tenant, record.system, record.outlets.isEmpty ? "-" : record.outlets.joined(separator: ","),
                        String(record.everySeconds), record.zone, record.currency, record.credentials.description, record.baseURL ?? "-",
                    ].map(KeyCommands.oneLine).joined(separator: "\t"))
                }
                return 0
            } catch let failure {
                error("cannot list integrations: \(failure)")
                return 1
            }
        case "remove":
            guard rest.count == 1, !rest[0].isEmpty else { return 2 }
            do {
                guard try await store.remove(id: rest[0]) else {
                    error("no integration with id \(KeyCommands.oneLine(rest[0]))")
                    return 1
                }
                output("removed \(rest[0])")
                return 0
            } catch let failure {
                error("cannot remove the integration: \(failure)")
                return 1
            }
        default:
            return 2
        }
    }

    /// `--name value` pairs (repeatable), every name in `allowed`.
    static func parse(_ arguments: [String], allowed: Set<String>) throws -> [String: [String]] {
        var options: [String: [String]] = [:]
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard allowed.contains(name) else { throw IntegrationRecordError(field: name, reason: "unknown option") }
            guard index + 1 < arguments.count else { throw IntegrationRecordError(field: name, reason: "needs a value") }
            options[name, default: []].append(arguments[index + 1])
            index += 2
        }
        return options
    }
}
