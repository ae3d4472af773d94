#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// One configured integration, as the `integrations` table keeps it: which tenant's account at which
/// system, where its credentials are (by reference, never the secret itself), how often it runs, and
/// the zone and currency its data is read in.
public struct IntegrationRecord: Sendable, Hashable {
    /// The operator's name for it, unique (e.g. `acme-qasir`).
    public var id: String
    /// The tenant (merchant) the data belongs to.
    public var tenant: String
    /// The system: `qasir`, `moka`, `accurate`, `jurnal`, …
    public var system: String
    /// Where the credentials are: `env:VARIABLE`, `file:/path` or `oauth` (tokens from the connect flow).
    public var credentials: CredentialReference
    /// Seconds between two runs.
    public var everySeconds: Int
    /// The IANA zone the system's local times are read in (e.g. `Asia/Jakarta`).
    public var zone: String
    /// The ISO 4217 currency amounts are in.
    public var currency: String
    /// The outlets (or brands) polled, one integration run each; empty when the system has one account.
    public var outlets: [String]
    /// The provider's base URL, when not the system's public one (a sandbox, the fake provider).
    public var baseURL: String?
    /// System-specific settings (e.g. `api_version=v1`), names and values as given.
    public var settings: [String: String]
    /// When it was added.
    public var createdAt: Date

    /// A record; see ``validate()`` for what is accepted.
    public init(
        id: String, tenant: String, system: String, credentials: CredentialReference, everySeconds: Int,
        zone: String = "Asia/Jakarta", currency: String = "IDR", outlets: [String] = [], baseURL: String? = nil,
        settings: [String: String] = [:], createdAt: Date
    ) {
        self.id = id
        self.tenant = tenant
        self.system = system
        self.credentials = credentials
        self.everySeconds = everySeconds
        self.zone = zone
        self.currency = currency
        self.outlets = outlets
        self.baseURL = baseURL
        self.settings = settings
        self.createdAt = createdAt
    }

    /// The kit's integration ids this record polls: one per outlet, or one for the whole account.
    public var integrationIDs: [IntegrationID] {
        outlets.isEmpty
            ? [IntegrationID(tenant: tenant, sourceSystem: system, account: "")]
            : outlets.map { IntegrationID(tenant: tenant, sourceSystem: system, account: $0) }
    }

    /// Throws ``IntegrationRecordError`` naming the first field that cannot be used.
    public func validate() throws(IntegrationRecordError) {
        func identifier(_ value: String, _ field: String) throws(IntegrationRecordError) {
            guard !value.isEmpty, value.utf8.count <= 128,
                  value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0)) })
            else { throw IntegrationRecordError(field: field, reason: "1–128 ASCII letters, digits, '-', '_' or '.'") }
        }
        try identifier(id, "id")
        try identifier(tenant, "tenant")
        try identifier(system, "system")
        for outlet in outlets { try identifier(outlet, "outlets") }
        guard Set(outlets).count == outlets.count else { throw IntegrationRecordError(field: "outlets", reason: "an outlet is listed twice") }
        guard (1...86_400 * 7).contains(everySeconds) else { throw IntegrationRecordError(field: "every", reason: "1 to 604800 seconds") }
        guard TimeZone(identifier: zone) != nil else { throw IntegrationRecordError(field: "zone", reason: "not an IANA zone: \(zone)") }
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw IntegrationRecordError(field: "currency", reason: "three upper-case letters (ISO 4217)")
        }
        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            throw IntegrationRecordError(field: "base-url", reason: "an http(s) URL")
        }
    }
}

/// Where an integration's credentials are. The table stores the reference; the secret is read
/// when it is needed, so it never reaches the database, a log or `integration list`.
public enum CredentialReference: Sendable, Hashable, CustomStringConvertible {
    /// The value of an environment variable.
    case environment(String)
    /// The content of a file (a container secret), trailing newline removed.
    case file(String)
    /// Tokens obtained through the OAuth connect flow, stored encrypted in the database.
    case oauth

    /// Parses `env:NAME`, `file:/path` or `oauth`.
    public init(parsing text: String) throws(IntegrationRecordError) {
        if text == "oauth" {
            self = .oauth
        } else if text.hasPrefix("env:"), text.count > 4 {
            self = .environment(String(text.dropFirst(4)))
        } else if text.hasPrefix("file:/") {
            self = .file(String(text.dropFirst(5)))
        } else {
            throw IntegrationRecordError(field: "credentials", reason: "env:VARIABLE, file:/absolute/path or oauth")
        }
    }

    public var description: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        case .oauth: "oauth"
        }
    }
}

/// An integration record that cannot be used, naming the field.
public struct IntegrationRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field (as the command line names it).
    public var field: String
    /// What is expected.
    public var reason: String

    public var description: String { "\(field): \(reason)" }
}
