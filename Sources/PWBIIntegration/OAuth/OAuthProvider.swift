/// One OAuth 2.0 authorization server as the host registered with it: endpoints, client
/// credentials, redirect URI and scope.
public struct OAuthProvider: Sendable, Hashable {
    /// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
    public enum ClientAuthentication: Sendable, Hashable {
        /// `client_id` and `client_secret` in the form body (what the reference framework does).
        case requestBody
        /// HTTP Basic with the form-encoded client id and secret.
        case httpBasic
    }

    /// The source system this provider connects (`pawoon`, `moka`, …); callbacks must match it.
    public var sourceSystem: String
    /// The authorization endpoint, e.g. `https://auth.pawoon.com/oauth/authorize`.
    public var authorizationEndpoint: String
    /// The token endpoint, e.g. `https://auth.pawoon.com/oauth/token`.
    public var tokenEndpoint: String
    /// The client id the provider issued.
    public var clientID: String
    /// The client secret, for confidential clients (nil for public clients, which rely on PKCE).
    public var clientSecret: SensitiveString?
    /// The redirect URI registered with the provider.
    public var redirectURI: String
    /// The scopes requested, joined with spaces.
    public var scopes: [String]
    /// How the client authenticates at the token endpoint.
    public var clientAuthentication: ClientAuthentication
    /// Whether to send a PKCE S256 challenge (on by default; harmless where the server ignores it).
    public var usesPKCE: Bool

    /// A provider the built-in ones do not cover.
    public init(
        sourceSystem: String,
        authorizationEndpoint: String,
        tokenEndpoint: String,
        clientID: String,
        clientSecret: SensitiveString?,
        redirectURI: String,
        scopes: [String],
        clientAuthentication: ClientAuthentication = .requestBody,
        usesPKCE: Bool = true
    ) {
        self.sourceSystem = sourceSystem
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.clientAuthentication = clientAuthentication
        self.usesPKCE = usesPKCE
    }

    /// Pawoon, with the endpoints and scope of the reference framework.
    public static func pawoon(clientID: String, clientSecret: SensitiveString?, redirectURI: String) -> OAuthProvider {
        OAuthProvider(
            sourceSystem: "pawoon",
            authorizationEndpoint: "https://auth.pawoon.com/oauth/authorize",
            tokenEndpoint: "https://auth.pawoon.com/oauth/token",
            clientID: clientID, clientSecret: clientSecret, redirectURI: redirectURI, scopes: ["read_transactions"])
    }

    /// Moka, with the endpoints and scope of the reference framework.
    public static func moka(clientID: String, clientSecret: SensitiveString?, redirectURI: String) -> OAuthProvider {
        OAuthProvider(
            sourceSystem: "moka",
            authorizationEndpoint: "https://api.mokapos.com/oauth/authorize",
            tokenEndpoint: "https://api.mokapos.com/oauth/token",
            clientID: clientID, clientSecret: clientSecret, redirectURI: redirectURI, scopes: ["transactions"])
    }
}
