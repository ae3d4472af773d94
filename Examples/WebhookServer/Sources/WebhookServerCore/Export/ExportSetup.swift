#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIMapping

/// What an accounting integration (`system` `accurate` or `jurnal`) exports through: the kit's
/// request builder with the credentials read from their references, the account mapping, the zone
/// whose local days are exported and the summary period.
///
/// Settings of the integration (`--setting NAME=VALUE`):
/// - `mapping=/path/mapping.json` — the account mapping (required; see Docs/Accounting.md);
/// - `from=YYYY-MM-DD` — the first day to export, at most 10 years before the integration was added
///   (default: the day before it was added);
/// - `period=day|4h` — one summary per outlet and day (default) or per 4-hour batch (Jurnal.id's rhythm);
/// - Accurate: `signature_secret=env:VAR|file:/path` (required: the API token is the credentials),
///   `branch.<OUTLET>=<branch name>`; the base URL is the data-usaha host (`https://zeus.accurate.id`);
/// - Jurnal.id: `access_token=env:VAR|file:/path` when the account uses one; the base URL defaults to
///   `https://api.jurnal.id/core/api/v1`.
public struct ExportSetup: Sendable {
    /// How entries are posted.
    public enum Poster: Sendable {
        /// Accurate Online journal vouchers (`bulk-save.do`).
        case accurate(AccurateExport)
        /// Jurnal.id journal entries.
        case jurnal(JurnalExport)
    }

    /// The integration.
    public let integration: IntegrationRecord
    /// The ledger target (`accurate`, `jurnal`).
    public let target: AccountingTarget
    /// The request builder.
    public let poster: Poster
    /// Builds the day's entries.
    public let builder: JournalBuilder
    /// One entry per outlet and this period.
    public let period: JournalPeriod
    /// The zone whose local days are exported.
    public let zone: ZoneRule
    /// The first day exported.
    public let firstDay: LedgerDate

    /// The systems this export serves.
    public static let systems: Set<String> = ["accurate", "jurnal"]

    /// The setup of `record`; secrets and the mapping file are read now (`readFile` reads both).
    public init(
        _ record: IntegrationRecord, environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(ExportSetupError) {
        func secret(_ reference: CredentialReference, _ field: String) throws(ExportSetupError) -> String {
            switch reference {
            case .environment(let name):
                guard let value = environment[name], !value.isEmpty else { throw ExportSetupError(field: field, reason: "the variable \(name) is not set") }
                return value
            case .file(let path):
                let content: String
                do { content = try readFile(path) } catch { throw ExportSetupError(field: field, reason: "cannot read \(path)") }
                let trimmed = String(content.reversed().drop { $0 == "\n" || $0 == "\r" }.reversed())
                guard !trimmed.isEmpty else { throw ExportSetupError(field: field, reason: "\(path) is empty") }
                return trimmed
            case .oauth:
                throw ExportSetupError(field: field, reason: "the export reads an API token or key: env:VAR or file:/path, not oauth")
            }
        }
        func reference(_ name: String) throws(ExportSetupError) -> CredentialReference? {
            guard let text = record.settings[name] else { return nil }
            do { return try CredentialReference(parsing: text) } catch { throw ExportSetupError(field: name, reason: "env:VAR or file:/path") }
        }

        guard let zone = ZoneRule(identifier: record.zone) else { throw ExportSetupError(field: "zone", reason: "not an IANA zone: \(record.zone)") }
        guard let mappingPath = record.settings["mapping"] else { throw ExportSetupError(field: "mapping", reason: "set --setting mapping=/path/mapping.json") }
        var mapping: AccountMapping
        do {
            mapping = try AccountMapping(json: Array(try readFile(mappingPath).utf8))
        } catch let error as MappingError {
            throw ExportSetupError(field: "mapping", reason: "\(mappingPath): \(error)")
        } catch {
            throw ExportSetupError(field: "mapping", reason: "cannot read \(mappingPath)")
        }
        if mapping.timeZone == nil { mapping.timeZone = zone }

        switch record.settings["period"] ?? "day" {
        case "day": period = .day
        case "4h": period = .fourHours
        default: throw ExportSetupError(field: "period", reason: "day or 4h")
        }
        if let text = record.settings["from"] {
            guard let day = ExportDays.parse(text) else { throw ExportSetupError(field: "from", reason: "a date YYYY-MM-DD") }
            let added = LedgerDate((try? Timestamp(record.createdAt)) ?? Timestamp(secondsSince1970: 0), in: zone)
            guard ExportDays.adding(3660, to: day) >= added else {
                throw ExportSetupError(field: "from", reason: "at most 10 years before the integration was added")
            }
            firstDay = day
        } else {
            let added = LedgerDate((try? Timestamp(record.createdAt)) ?? Timestamp(secondsSince1970: 0), in: zone)
            firstDay = ExportDays.adding(-1, to: added)
        }

        let credential = try secret(record.credentials, "credentials")
        switch record.system {
        case "accurate":
            guard let host = record.baseURL else { throw ExportSetupError(field: "base-url", reason: "the Accurate data-usaha host, e.g. https://zeus.accurate.id") }
            guard let signing = try reference("signature_secret") else {
                throw ExportSetupError(field: "signature_secret", reason: "set --setting signature_secret=env:VAR|file:/path")
            }
            var branches: [String: String] = [:]
            for (name, value) in record.settings where name.hasPrefix("branch.") { branches[String(name.dropFirst(7))] = value }
            poster = .accurate(AccurateExport(
                host: host, credentials: .apiToken(credential, signatureSecret: try secret(signing, "signature_secret")), branches: branches))
            target = .accurate
        case "jurnal":
            let token = try reference("access_token")
            poster = .jurnal(JurnalExport(
                apiKey: credential, accessToken: try token.map { (reference) throws(ExportSetupError) in try secret(reference, "access_token") },
                baseURL: record.baseURL ?? JurnalExport.defaultBaseURL))
            target = .jurnal
        default:
            throw ExportSetupError(field: "system", reason: "the export posts to accurate or jurnal, not \(record.system)")
        }
        integration = record
        builder = JournalBuilder(mapping: mapping)
        self.zone = zone
    }

    /// The library's idempotent run of `entries`: skips what `ledger` holds, records each confirmed save.
    func export(_ entries: [JournalEntry], via transport: some HTTPTransport, ledger: some AccountingExportLedger, now: @escaping @Sendable () -> Date)
        async throws -> AccountingExportReport
    {
        switch poster {
        case .accurate(let accurate): try await accurate.export(entries, via: transport, ledger: ledger, now: now)
        case .jurnal(let jurnal): try await jurnal.export(entries, via: transport, ledger: ledger, now: now)
        }
    }
}

/// An accounting integration that cannot be exported as configured, naming the setting.
public struct ExportSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field or setting (as the command line names it).
    public var field: String
    /// What is wrong or expected (never a secret's value).
    public var reason: String

    public var description: String { "\(field): \(reason)" }
}

/// Local-day arithmetic for the export (days as the kit's ``LedgerDate``).
public enum ExportDays {
    /// `YYYY-MM-DD`, or nil.
    public static func parse(_ text: String) -> LedgerDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return LedgerDate(year: year, month: month, day: day)
    }

    /// `day` moved by `count` days.
    public static func adding(_ count: Int, to day: LedgerDate) -> LedgerDate {
        let seconds = CivilDateTime(year: day.year, month: day.month, day: day.day).secondsSinceEpoch
        return LedgerDate(local: CivilDateTime(secondsSinceEpoch: seconds + Int64(count) * 86_400))
    }

    /// The last local day in `zone` that is closed at `now`: the day before the one `closeAfter` ago.
    public static func lastClosed(now: Date, closeAfter: Duration, zone: ZoneRule) -> LedgerDate {
        let then = now.addingTimeInterval(-closeAfter.seconds)
        return adding(-1, to: LedgerDate((try? Timestamp(then)) ?? Timestamp(secondsSince1970: 0), in: zone))
    }
}
