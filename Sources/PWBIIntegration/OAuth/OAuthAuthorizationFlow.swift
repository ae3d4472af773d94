#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PWBISignatures

/// The authorization-code flow for one provider: start (authorization URL with state and PKCE),
/// then callback (state check, code exchange through the host's transport, credentials stored).
///
/// ```swift
/// let flow = OAuthAuthorizationFlow(provider: .moka(clientID: id, clientSecret: secret, redirectURI: callback),
///                                   states: stateStore, credentials: credentialStore, transport: transport)
/// let start = try await flow.start(for: IntegrationID(tenant: "t-42", sourceSystem: "moka", account: "outlet-7"))
/// // redirect the merchant to start.url; later, on GET /oauth/callback?code=…&state=…:
/// let connected = try await flow.handleCallback(query: request.query)
/// ```
public struct OAuthAuthorizationFlow: Sendable {
    /// What ``start(for:)`` returns: the URL to redirect to and the state it carries.
    public struct Start: Sendable, Hashable {
        /// The authorization URL to redirect the merchant to.
        public let url: String
        /// The state the URL carries (stored, single use).
        public let state: String
        /// When the state stops being accepted.
        public let expiresAt: Date
    }

    /// A finished connection: which integration, its stored credentials, when, and what to tell the merchant.
    public struct Connected: Sendable, Hashable {
        /// The integration that was connected.
        public let integration: IntegrationID
        /// The credentials now stored for it.
        public let credentials: OAuthCredentials
        /// When the connection completed (also ``IntegrationState/connectedAt``).
        public let connectedAt: Date

        /// `Moka connected successfully`: the reference's answer to a completed connect.
        public var message: String { OAuthConnectionMessage.connected(sourceSystem: integration.sourceSystem).message }
    }

    /// The provider's endpoints, client and scopes.
    public let provider: OAuthProvider
    /// Where pending authorizations are kept until the callback.
    public let states: any OAuthStateStore
    /// Where the obtained credentials are stored.
    public let credentials: any CredentialStore
    /// The host's HTTP client, for the token exchange.
    public let transport: any HTTPTransport
    /// How long a state is accepted: 10 minutes, as in the reference framework.
    public let stateTimeToLive: Duration
    /// Where a completed connect is recorded (``IntegrationState/connectedAt``, connection active), if anywhere.
    public let integrationStates: (any IntegrationStateStore)?
    private let now: @Sendable () -> Date
    private let random: @Sendable (Int) -> [UInt8]

    /// A flow; `now` and `randomBytes` default to the system's clock and CSPRNG (inject both in tests).
    /// With `integrationStates`, a completed connect is recorded in the integration's state.
    public init(
        provider: OAuthProvider,
        states: any OAuthStateStore,
        credentials: any CredentialStore,
        transport: any HTTPTransport,
        stateTimeToLive: Duration = .seconds(600),
        now: @escaping @Sendable () -> Date = { Date() },
        randomBytes: (@Sendable (Int) -> [UInt8])? = nil,
        integrationStates: (any IntegrationStateStore)? = nil
    ) {
        self.integrationStates = integrationStates
        self.provider = provider
        self.states = states
        self.credentials = credentials
        self.transport = transport
        self.stateTimeToLive = stateTimeToLive
        self.now = now
        self.random = randomBytes ?? { count in
            var generator = SystemRandomNumberGenerator()
            return secureRandomBytes(count, using: &generator)
        }
    }

    /// Starts connecting `integration`: a fresh 256-bit state and PKCE verifier, stored with their
    /// time-to-live, and the authorization URL that carries them.
    public func start(for integration: IntegrationID) async throws -> Start {
        let state = Base64URL.encode(random(32))
        let pkce: PKCE? = provider.usesPKCE ? try PKCE(verifier: Base64URL.encode(random(32))) : nil
        let created = now()
        let expires = created.addingTimeInterval(stateTimeToLive.timeInterval)
        try await states.insert(PendingAuthorization(
            state: state, integration: integration, codeVerifier: pkce?.verifier,
            redirectURI: provider.redirectURI, createdAt: created, expiresAt: expires))
        return Start(url: provider.authorizationURL(state: state, pkce: pkce), state: state, expiresAt: expires)
    }

    /// Handles the redirect back from the provider, given its query string (`code=…&state=…`).
    public func handleCallback(query: String, expectedTenant: String? = nil) async throws -> Connected {
        try await handleCallback(parameters: FormEncoding.decode(query), expectedTenant: expectedTenant)
    }

    /// Handles the redirect back from the provider, given its query parameters.
    ///
    /// The state is consumed first, whatever else the callback says, so it can never be used twice.
    /// Refused: no state, a state unknown/expired/already used, one issued for another system or
    /// (when `expectedTenant` is given) another tenant, a provider `error`, a missing code.
    /// Then the code is exchanged, the credentials stored and, with ``integrationStates``, the
    /// connection recorded. ``OAuthConnectionMessage`` turns the result (or the error) into the
    /// merchant's message.
    public func handleCallback(parameters: [(name: String, value: String)], expectedTenant: String? = nil) async throws -> Connected {
        func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
        guard let state = parameter("state"), !state.isEmpty else { throw OAuthError.missingState }
        let pending: PendingAuthorization
        switch try await states.consume(state: state, now: now()) {
        case .valid(let found): pending = found
        case .expired: throw OAuthError.invalidState(.expired)
        case .alreadyUsed: throw OAuthError.invalidState(.alreadyUsed)
        case .unknown: throw OAuthError.invalidState(.unknown)
        }
        guard pending.integration.sourceSystem == provider.sourceSystem,
              expectedTenant == nil || expectedTenant == pending.integration.tenant else {
            throw OAuthError.invalidState(.mismatch)
        }
        if let error = parameter("error") {
            throw OAuthError.authorizationDenied(
                error: OAuthError.sanitized(error) ?? "error", description: OAuthError.sanitized(parameter("error_description")))
        }
        guard let code = parameter("code"), !code.isEmpty else { throw OAuthError.missingCode }
        let request = provider.tokenExchangeRequest(code: code, codeVerifier: pending.codeVerifier)
        let response: TransportResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw OAuthError.transportFailed(reason: OAuthError.transportReason(error))
        }
        let token = try OAuthTokenResponse.parse(response)
        let connectedAt = now()
        let stored = token.credentials(obtainedAt: connectedAt)
        try await credentials.save(stored, for: pending.integration)
        // The credentials are stored: the connect succeeded even if recording it fails.
        try? await integrationStates?.recordConnection(for: pending.integration, at: connectedAt, credentialsExpireAt: stored.expiresAt)
        return Connected(integration: pending.integration, credentials: stored, connectedAt: connectedAt)
    }
}

extension OAuthError {
    /// A transport failure described without anything from the request.
    static func transportReason(_ error: any Error) -> String {
        if let transport = error as? HTTPTransportError { return transport.description }
        if error is CancellationError { return "cancelled" }
        return "connection failed"
    }
}
