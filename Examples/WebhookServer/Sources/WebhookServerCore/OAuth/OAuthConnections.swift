#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import PWBIIntegration

/// The host's side of OAuth connect for Moka (see the README's "OAuth connect"): starting a connect
/// for an `integrations` row, finishing it on the callback, handing out (and refreshing) its
/// access token, and telling which connections need the merchant to reconnect.
///
/// An integration's tokens are stored under `IntegrationID(tenant, "moka", account: <row id>)`;
/// a poller asking for any of the row's outlets (``IntegrationRecord/integrationIDs``) gets them.
public struct OAuthConnections: Sendable {
    /// The settings (Moka's client, keys, refresh schedule).
    public let configuration: OAuthConfiguration
    /// Pending connects.
    public let states: SQLOAuthStateStore
    /// The encrypted tokens and each connection's status.
    public let credentials: SQLCredentialStore
    /// The configured integrations.
    public let integrations: SQLIntegrationStore
    /// Where a completed connect and a refused refresh are also recorded, per polled integration
    /// (the polling area's store), if anywhere.
    public var integrationStates: (any IntegrationStateStore)?
    let transport: any HTTPTransport
    let metrics: any IntegrationMetrics
    let managers: TokenManagers
    let logger: Logger
    let now: @Sendable () -> Date
    let randomBytes: (@Sendable (Int) -> [UInt8])?

    /// The connections over `database`, or nil when OAuth is not configured (no Moka client or no key).
    public init?(
        configuration: OAuthConfiguration, database: any SQLDatabase, transport: any HTTPTransport,
        metrics: any IntegrationMetrics = DiscardingIntegrationMetrics(), logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }, randomBytes: (@Sendable (Int) -> [UInt8])? = nil
    ) {
        guard configuration.moka != nil, let keys = configuration.keys else { return nil }
        self.configuration = configuration
        states = SQLOAuthStateStore(database: database)
        credentials = SQLCredentialStore(database: database, keys: keys)
        integrations = SQLIntegrationStore(database: database)
        self.transport = transport
        self.metrics = metrics
        self.logger = logger
        self.now = now
        self.randomBytes = randomBytes
        managers = TokenManagers()
    }

    /// Why a connect cannot start: the status and the error shape's code and message.
    public struct Refusal: Error, Sendable, Hashable {
        /// The HTTP status.
        public var status: Int
        /// The machine-readable code.
        public var code: String
        /// What is wrong, in words.
        public var message: String
    }

    /// Starts connecting the integration `id` of `tenant`: its authorization URL (state + PKCE, stored, 10 minutes).
    public func start(integration id: String, tenant: String) async throws -> OAuthAuthorizationFlow.Start {
        guard let record = try await integrations.record(id: id), record.tenant == tenant else {
            throw Refusal(status: 404, code: "unknown_integration", message: "Unknown integration: \(id)")
        }
        guard record.system == "moka", record.credentials == .oauth else {
            throw Refusal(
                status: 400, code: "not_oauth",
                message: "Integration \(id) does not connect through OAuth (it needs system moka and credentials oauth)")
        }
        return try await flow(for: record).start(for: Self.credentialID(record))
    }

    /// Finishes a connect from the callback's query: state checked and consumed, code exchanged,
    /// tokens stored encrypted, connection time recorded. The answer is the merchant's message.
    public func finish(query: String) async -> OAuthConnectionMessage {
        do {
            let parameters = FormEncoding.decode(query)
            // The state names the integration, whose record says where its authorization server is;
            // the flow then consumes the state atomically (an unknown one is refused there).
            let state = parameters.first { $0.name == "state" }?.value ?? ""
            var record: IntegrationRecord?
            if let pending = try await states.integration(forState: state) {
                record = try await integrations.record(id: pending.account)
                guard let found = record, Self.credentialID(found) == pending, found.credentials == .oauth else {
                    // The integration was removed (or changed) since the connect started: nothing to store it for.
                    _ = try await states.consume(state: state, now: now())
                    throw OAuthError.invalidState(.mismatch)
                }
            }
            let connected = try await flow(for: record).handleCallback(parameters: parameters)
            try await credentials.recordConnection(for: connected.integration, at: connected.connectedAt)
            if let record, let integrationStates {
                for polled in record.integrationIDs {
                    try? await integrationStates.recordConnection(for: polled, at: connected.connectedAt, credentialsExpireAt: connected.credentials.expiresAt)
                }
            }
            logger.info("oauth: connected", metadata: ["integration": "\(connected.integration.account)", "tenant": "\(connected.integration.tenant)"])
            return OAuthConnectionMessage.connected(sourceSystem: "moka")
        } catch {
            logger.warning("oauth: connect failed", metadata: ["reason": "\(error)"])
            return OAuthConnectionMessage.failed(error, sourceSystem: "moka")
        }
    }

    /// The provider for `record`: Moka's client from the settings; the authorization server under
    /// the record's `oauth_base_url` setting, else its `base_url` (a sandbox, the fake provider),
    /// else the settings' endpoints.
    public func provider(for record: IntegrationRecord?) -> OAuthProvider {
        // `init` refuses a configuration without Moka's client.
        var provider = configuration.moka ?? .moka(clientID: "", clientSecret: nil, redirectURI: "")
        if let base = record?.settings["oauth_base_url"] ?? record?.baseURL, OAuthConfiguration.isHTTPURL(base) {
            let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            provider.authorizationEndpoint = trimmed + "/oauth/authorize"
            provider.tokenEndpoint = trimmed + "/oauth/token"
        }
        return provider
    }

    func flow(for record: IntegrationRecord?) -> OAuthAuthorizationFlow {
        OAuthAuthorizationFlow(
            provider: provider(for: record), states: states, credentials: credentials, transport: transport,
            now: now, randomBytes: randomBytes)
    }

    /// The `Authorization` header for a request of `integration` (the row's id as account, or one of
    /// its outlets), refreshing the token first when it is about to expire. A connection that needs
    /// reconnecting is refused without asking the provider.
    public func authorization(for integration: IntegrationID) async throws -> [HTTPHeaderField] {
        let record = try await record(for: integration)
        let id = Self.credentialID(record)
        guard let connection = try await credentials.connection(for: id) else { throw OAuthError.notConnected(integration) }
        guard connection.status == .active else { throw OAuthError.reconnectRequired(integration) }
        do {
            return [try await manager(for: record).validCredentials(for: id).authorizationHeader]
        } catch OAuthError.reconnectRequired {
            await markNeedsReconnect(record, readAt: connection.obtainedAt)
            throw OAuthError.reconnectRequired(integration)
        }
    }

    /// ``authorization(for:)`` as the outbound context's `oauthAuthorizer`.
    public var authorizer: @Sendable (IntegrationID) async throws -> [HTTPHeaderField] {
        { id in try await self.authorization(for: id) }
    }

    /// The `integrations` row `integration` belongs to: the row whose id is its account, else the one
    /// OAuth row of its tenant and system listing the account as an outlet (or having none).
    func record(for integration: IntegrationID) async throws -> IntegrationRecord {
        if let record = try await integrations.record(id: integration.account), record.tenant == integration.tenant,
           record.system == integration.sourceSystem, record.credentials == .oauth {
            return record
        }
        let candidates = try await integrations.list(tenant: integration.tenant).filter {
            $0.system == integration.sourceSystem && $0.credentials == .oauth
                && ($0.outlets.contains(integration.account) || ($0.outlets.isEmpty && integration.account.isEmpty))
        }
        guard candidates.count == 1, let record = candidates.first else { throw OAuthError.notConnected(integration) }
        return record
    }

    func manager(for record: IntegrationRecord) async -> OAuthTokenManager {
        await managers.manager(for: provider(for: record)) { provider in
            OAuthTokenManager(
                provider: provider, credentials: credentials, transport: transport,
                refreshSkew: configuration.refreshSkew, metrics: metrics, now: now)
        }
    }

    /// Marks `record`'s connection as needing a reconnect, unless credentials newer than `readAt`
    /// were saved meanwhile (another replica refreshed them); also in the polled integrations' state.
    func markNeedsReconnect(_ record: IntegrationRecord, readAt: Date) async {
        let id = Self.credentialID(record)
        let reason = "\(TroubleshootingEntry.credentialsExpired.cause): the refresh token was refused"
        do {
            guard try await credentials.markNeedsReconnect(id, reason: reason, at: now(), unlessObtainedAfter: readAt) else { return }
            logger.error("oauth: refresh refused, the merchant must reconnect", metadata: ["integration": "\(record.id)", "tenant": "\(record.tenant)"])
            guard let integrationStates else { return }
            for polled in record.integrationIDs {
                var state = try await integrationStates.state(for: polled) ?? IntegrationState(id: polled)
                state.connection = .needsReconnect
                try await integrationStates.save(state)
            }
        } catch {
            logger.warning("oauth: cannot record that a reconnect is needed", metadata: ["integration": "\(record.id)", "reason": "\(error)"])
        }
    }

    /// Every connection's state (no tokens), for the health reports.
    public func connections() async throws -> [OAuthConnection] {
        try await credentials.connections()
    }

    /// Where `record`'s tokens are stored.
    public static func credentialID(_ record: IntegrationRecord) -> IntegrationID {
        IntegrationID(tenant: record.tenant, sourceSystem: record.system, account: record.id)
    }
}

/// One ``OAuthTokenManager`` per provider (so concurrent requests share one refresh).
actor TokenManagers {
    private var managers: [OAuthProvider: OAuthTokenManager] = [:]

    func manager(for provider: OAuthProvider, make: (OAuthProvider) -> OAuthTokenManager) -> OAuthTokenManager {
        if let manager = managers[provider] { return manager }
        let manager = make(provider)
        managers[provider] = manager
        return manager
    }
}
