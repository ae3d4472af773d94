#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One thing the health check found, with the guide's entry that explains it.
public struct HealthFinding: Sendable, Hashable {
    /// How urgent it is.
    public enum Severity: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// Explains something normal (Moka's hourly delay).
        case info
        /// Needs attention soon (credentials expiring, data overdue, rate limited).
        case warning
        /// Syncing has stopped until someone acts (reconnect).
        case critical

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
        public var description: String { ["info", "warning", "critical"][rawValue] }
    }

    /// How urgent the finding is.
    public let severity: Severity
    /// The troubleshooting guide's symptom, cause and solution.
    public let entry: TroubleshootingEntry
    /// The facts behind the finding ("last successful sync 3 h 5 min ago; normal for Qasir is under 1 h").
    public let detail: String

    /// A finding of `entry` with the integration's own `detail`.
    public init(severity: Severity, entry: TroubleshootingEntry, detail: String) {
        self.severity = severity
        self.entry = entry
        self.detail = detail
    }
}

/// The health of one integration at one instant.
public struct IntegrationHealthReport: Sendable, Hashable {
    /// The overall verdict.
    public enum Status: String, Sendable, Hashable {
        /// Nothing needs attention (informational findings only).
        case healthy
        /// Something needs attention, but data still flows (or will resume by itself).
        case degraded
        /// Syncing has stopped until someone acts.
        case failing
        /// The merchant disconnected the integration.
        case disconnected
    }

    /// The integration reported on.
    public let integration: IntegrationID
    /// The overall status: the worst finding's.
    public let status: Status
    /// How long ago the last successful sync was, if there was one.
    public let lastSuccessAge: Duration?
    /// Findings, most severe first.
    public let findings: [HealthFinding]

    /// The codes of the findings, in order (handy for tests and metrics).
    public var codes: [String] { findings.map(\.entry.code) }
}

/// What the host knows about how an integration is used, beyond its sync state.
public struct IntegrationUsage: Sendable, Hashable {
    /// Features the merchant uses at the system (e.g. ``SystemProfile/centralKitchen``).
    public var features: Set<String>
    /// How many outlets or brands the merchant's account has at the system, when known.
    public var outletsAtSource: Int?
    /// Accounts the accounting export could not map.
    public var unmappedAccounts: [String]
    /// The webhook API keys (`X-API-KEY`) the system's deliveries use, from the host's
    /// ``APIKeyStore``: one that expires within the warning window is reported before it fails.
    public var apiKeys: [APIKeyRecord]

    /// What the host knows about how the integration is used.
    public init(
        features: Set<String> = [], outletsAtSource: Int? = nil, unmappedAccounts: [String] = [], apiKeys: [APIKeyRecord] = []
    ) {
        self.features = features
        self.outletsAtSource = outletsAtSource
        self.unmappedAccounts = unmappedAccounts
        self.apiKeys = apiKeys
    }
}

/// Turns an integration's state into findings the merchant can act on, each mapped to the
/// troubleshooting guide ("Integration Issues") — the product says what the support page says.
///
/// ```swift
/// let report = IntegrationDiagnostics().report(for: state, now: Date())
/// for finding in report.findings { print(finding.entry.symptom, "→", finding.entry.solution) }
/// ```
public struct IntegrationDiagnostics: Sendable {
    /// Profiles by source system; systems without one get a generic POS profile.
    public var profiles: [String: SystemProfile]
    /// Credentials and API keys expiring within this window are reported (default 14 days).
    public var credentialWarningWindow: Duration
    /// 429s are counted over this window…
    public var rateLimitWindow: Duration
    /// …and this many in it is "repeated rate limiting".
    public var rateLimitThreshold: Int
    /// This many failed runs in a row is "repeated failures".
    public var failureThreshold: Int

    /// Diagnostics with the built-in profiles and the guide's thresholds by default.
    public init(
        profiles: [SystemProfile] = SystemProfile.builtIn,
        credentialWarningWindow: Duration = .seconds(14 * 86_400),
        rateLimitWindow: Duration = .seconds(3600),
        rateLimitThreshold: Int = 3,
        failureThreshold: Int = 3
    ) {
        self.profiles = Dictionary(profiles.map { ($0.sourceSystem, $0) }, uniquingKeysWith: { $1 })
        self.credentialWarningWindow = credentialWarningWindow
        self.rateLimitWindow = rateLimitWindow
        self.rateLimitThreshold = max(1, rateLimitThreshold)
        self.failureThreshold = max(1, failureThreshold)
    }

    /// Sets how long `sourceSystem` may go without an accepted webhook delivery before it is
    /// reported (nil: never).
    public mutating func setExpectedDeliveryInterval(_ interval: Duration?, for sourceSystem: String) {
        var profile = profile(for: sourceSystem)
        profile.expectedDeliveryInterval = interval
        profiles[sourceSystem] = profile
    }

    /// The profile used for `sourceSystem`.
    public func profile(for sourceSystem: String) -> SystemProfile {
        profiles[sourceSystem] ?? SystemProfile.profile(for: sourceSystem)
    }

    /// The health report of one integration at `now`.
    public func report(for state: IntegrationState, now: Date, usage: IntegrationUsage = IntegrationUsage()) -> IntegrationHealthReport {
        let profile = profile(for: state.id.sourceSystem)
        let system = state.id.sourceSystem
        let age = state.lastSuccessAt.map { Duration.seconds(max(0, now.timeIntervalSince($0))) }
        guard state.connection != .disconnected else {
            return IntegrationHealthReport(integration: state.id, status: .disconnected, lastSuccessAge: age, findings: [])
        }
        var findings: [HealthFinding] = []
        func add(_ severity: HealthFinding.Severity, _ entry: TroubleshootingEntry, _ detail: String) {
            guard !findings.contains(where: { $0.entry == entry }) else { return }
            findings.append(HealthFinding(severity: severity, entry: entry, detail: detail))
        }
        let systemCredentialEntry = TroubleshootingEntry.remedy(for: .authentication, sourceSystem: system)
        let specificCredentialEntry: TroubleshootingEntry? = systemCredentialEntry == .credentialsExpired ? nil : systemCredentialEntry

        // Credentials.
        let expired = state.credentialsExpireAt.map { $0 <= now } ?? false
        if state.connection == .needsReconnect || expired {
            let why = state.connection == .needsReconnect
                ? "\(profile.displayName) rejected the credentials" + (state.lastFailure.map { " (\($0.detail))" } ?? "") + "; syncing is paused until you reconnect"
                : "the \(profile.displayName) credentials expired \(Self.describe(now.timeIntervalSince(state.credentialsExpireAt ?? now))) ago"
            add(.critical, .credentialsExpired, why)
            if let specific = specificCredentialEntry { add(.critical, specific, why) }
        } else if let expiresAt = state.credentialsExpireAt, expiresAt.timeIntervalSince(now) <= credentialWarningWindow.timeInterval {
            let detail = "the \(profile.displayName) credentials expire in \(Self.describe(expiresAt.timeIntervalSince(now)))"
            add(.warning, specificCredentialEntry ?? .credentialsExpired, detail)
        }

        // API keys the deliveries authenticate with.
        // Soonest first, so the most urgent key is the one reported.
        let keys = usage.apiKeys.sorted { ($0.expiresAt ?? .distantFuture) < ($1.expiresAt ?? .distantFuture) }
        for key in keys where key.revokedAt == nil {
            guard let expiresAt = key.expiresAt else { continue }
            let name = key.description.isEmpty ? "the webhook API key" : "the webhook API key \"\(key.description)\""
            if expiresAt <= now {
                add(.critical, .webhookAPIKeyExpiring,
                    "\(name) expired \(Self.describe(now.timeIntervalSince(expiresAt))) ago; \(profile.displayName) deliveries are refused")
            } else if expiresAt.timeIntervalSince(now) <= credentialWarningWindow.timeInterval {
                add(.warning, .webhookAPIKeyExpiring, "\(name) expires in \(Self.describe(expiresAt.timeIntervalSince(now)))")
            }
        }

        // Pushed data: the last accepted delivery.
        if let interval = profile.expectedDeliveryInterval, let lastDelivery = state.lastDeliveryAt {
            let silent = now.timeIntervalSince(lastDelivery)
            if silent > interval.timeInterval {
                add(.warning, system == "pawoon" ? .pawoonWebhookNotFiring : .noDeliveries,
                    "no delivery from \(profile.displayName) for \(Self.describe(silent)); expected at least every \(Self.describe(interval.timeInterval))")
            }
        }

        // Freshness.
        let normal = profile.normalLag.timeInterval
        if let lastSuccess = state.lastSuccessAt {
            let elapsed = now.timeIntervalSince(lastSuccess)
            if elapsed > normal {
                add(.warning, .dataNotUpdating,
                    "last successful sync \(Self.describe(elapsed)) ago; normal for \(profile.displayName) is under \(Self.describe(normal))")
            } else if elapsed > 3600, system == "moka" {
                add(.info, .mokaSlowSync, "last successful sync \(Self.describe(elapsed)) ago; Moka is polled hourly")
            } else if elapsed > 3600, system == "jurnal" {
                add(.info, .jurnalSlowSync, "last successful sync \(Self.describe(elapsed)) ago; Jurnal.id runs a batch every 4 hours")
            }
        } else if let firstAttempt = state.lastAttemptAt, now.timeIntervalSince(firstAttempt) >= 0, state.consecutiveFailures > 0 {
            add(.warning, .dataNotUpdating, "no successful sync yet; \(state.consecutiveFailures) attempt(s) failed")
        }

        // Rate limiting.
        let windowStart = now.addingTimeInterval(-rateLimitWindow.timeInterval)
        let recent429 = state.recentRateLimits.filter { $0 >= windowStart && $0 <= now }.count
        if recent429 >= rateLimitThreshold || (state.backoffUntil.map { $0 > now } ?? false) {
            var detail = "\(recent429) \"Too many requests\" answer(s) in the last \(Self.describe(rateLimitWindow.timeInterval))"
            if let until = state.backoffUntil, until > now { detail += "; sync resumes in \(Self.describe(until.timeIntervalSince(now)))" }
            add(.warning, .rateLimited, detail)
        }

        // Repeated failures.
        if state.consecutiveFailures >= failureThreshold, let failure = state.lastFailure {
            let detail = "\(state.consecutiveFailures) sync runs failed in a row; last: \(failure.detail)"
            // The general entry of the kind; the system's own credential entry is added above.
            add(failure.kind == .authentication ? .critical : .warning, .remedy(for: failure.kind, sourceSystem: ""), detail)
        }

        // How the integration is used.
        let unsupported = usage.features.intersection(profile.unsupportedFeatures)
        if unsupported.contains(SystemProfile.centralKitchen) {
            add(.warning, .olseraCentralKitchen, "central-kitchen transactions at \(profile.displayName) are not imported")
        }
        if let outlets = usage.outletsAtSource, outlets > 1, state.id.account.isEmpty {
            if system == "qasir" { add(.warning, .qasirMultipleOutlets, "the account has \(outlets) outlets; this connection covers one") }
            if system == "olsera" { add(.warning, .olseraMultiBrand, "the account has \(outlets) brands; this connection covers one") }
        }
        if !usage.unmappedAccounts.isEmpty {
            let detail = "unmapped: " + usage.unmappedAccounts.joined(separator: ", ")
            if system == "accurate" { add(.warning, .accurateChartOfAccounts, detail) }
            if system == "jurnal" { add(.warning, .jurnalJournalEntryFailed, detail) }
        }

        findings.sort { $0.severity > $1.severity }
        let worst = findings.first?.severity
        let status: IntegrationHealthReport.Status = switch worst {
        case .critical?: .failing
        case .warning?: .degraded
        default: .healthy
        }
        return IntegrationHealthReport(integration: state.id, status: status, lastSuccessAge: age, findings: findings)
    }

    /// Why a transaction the merchant expects (it happened at `occurredAt`) might be missing, per the
    /// guide's "Missing Transactions": newer than the last sync → wait for the next one; older than
    /// what was ever fetched → Historical Sync; otherwise check filters, and after 2 hours contact support.
    public func explainMissingTransaction(
        occurredAt: Date, state: IntegrationState, now: Date, historyStart: Date? = nil
    ) -> HealthFinding {
        if let start = historyStart, occurredAt < start {
            return HealthFinding(
                severity: .info, entry: .pawoonHistoricalSync,
                detail: "the transaction is older than the first synced day; run a historical sync from \(Self.day(occurredAt))")
        }
        guard let lastSuccess = state.lastSuccessAt else {
            return HealthFinding(severity: .warning, entry: .dataNotUpdating, detail: "the integration has not synced successfully yet")
        }
        if occurredAt > lastSuccess {
            return HealthFinding(
                severity: .info, entry: .transactionAfterLastSync,
                detail: "the transaction is newer than the last successful sync (\(Self.describe(now.timeIntervalSince(lastSuccess))) ago)")
        }
        let age = now.timeIntervalSince(occurredAt)
        if age < 7200 {
            return HealthFinding(
                severity: .info, entry: .transactionStillMissing,
                detail: "the transaction is \(Self.describe(age)) old; contact support only if it is still missing after 2 hours")
        }
        return HealthFinding(
            severity: .warning, entry: .transactionStillMissing,
            detail: "the transaction is \(Self.describe(age)) old and the integration has synced since: contact support")
    }

    /// "3 days", "2 h 5 min", "45 min", "30 s".
    static func describe(_ seconds: TimeInterval) -> String {
        let total = Int(max(0, seconds.rounded(.down)))
        if total >= 2 * 86_400 { return "\(total / 86_400) days" }
        if total >= 3600 {
            let minutes = (total % 3600) / 60
            return minutes == 0 ? "\(total / 3600) h" : "\(total / 3600) h \(minutes) min"
        }
        if total >= 60 { return "\(total / 60) min" }
        return "\(total) s"
    }

    static func day(_ date: Date) -> String {
        let days = Int64((date.timeIntervalSince1970 / 86_400).rounded(.down))
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}
