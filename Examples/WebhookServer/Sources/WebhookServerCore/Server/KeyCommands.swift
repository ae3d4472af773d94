#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The operator's one-shot commands: `migrate`, `issue-key`, `list-keys`, `revoke-key`.
/// Output on standard output, errors on standard error; exit codes 0 done, 1 refused/failed, 2 bad usage.
public enum KeyCommands {
    /// Runs `arguments` (the command first) against `storage`; the exit code.
    public static func run(
        _ arguments: [String], storage: ServerStorage, now: Date = Date(),
        print output: @Sendable (String) -> Void = { Swift.print($0) }, error: @Sendable (String) -> Void = { writeError($0 + "\n") }
    ) async -> Int32 {
        func option(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), arguments.indices.contains(index + 1) else { return nil }
            return arguments[index + 1]
        }
        switch arguments.first {
        case "migrate":
            output("schema up to date")
            return 0
        case "issue-key":
            guard let tenant = option("--tenant"), !tenant.isEmpty, let description = option("--description"), !description.isEmpty else { return 2 }
            var expires: Date?
            if let days = option("--expires-days") {
                guard let count = Int(days), count > 0, count <= 36_500 else {
                    error("--expires-days must be a positive integer (at most 36500)")
                    return 2
                }
                expires = now.addingTimeInterval(Double(count) * 86_400)
            }
            do {
                let issued = try await APIKeyIssuer(store: storage.apiKeys).issue(description: description, tenant: tenant, expiresAt: expires, now: now)
                // Shown once, on standard output only: the database keeps its SHA-256.
                output(issued.key)
                return 0
            } catch let failure {
                error("cannot issue a key: \(failure)")
                return 1
            }
        case "list-keys":
            do {
                let records = try await storage.apiKeys.list(tenant: option("--tenant"))
                output("id\ttenant\tcreated\texpires\trevoked\tdescription")
                for record in records {
                    output([
                        record.id, record.tenant, Self.day(record.createdAt), record.expiresAt.map(Self.day) ?? "-",
                        record.revokedAt.map(Self.day) ?? "-", Self.oneLine(record.description),
                    ].joined(separator: "\t"))
                }
                return 0
            } catch let failure {
                error("cannot list keys: \(failure)")
                return 1
            }
        case "revoke-key":
            guard arguments.count == 2, !arguments[1].isEmpty else { return 2 }
            do {
                guard try await storage.apiKeys.revoke(id: arguments[1], at: now) else {
                    error("no key with id \(Self.oneLine(arguments[1]))")
                    return 1
                }
                output("revoked \(arguments[1])")
                return 0
            } catch let failure {
                error("cannot revoke the key: \(failure)")
                return 1
            }
        default:
            return 2
        }
    }

    static func day(_ date: Date) -> String { date.formatted(.iso8601) }

    /// Tabs and line breaks as spaces, so one record stays one line.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
