#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// The OAuth connect settings (see the README's "OAuth connect"): Moka's client, where its
/// authorization server is, the redirect URI registered with it, the keys tokens are encrypted
/// with, and how tokens are refreshed. Off (``moka`` nil) unless `PWBI_MOKA_CLIENT_ID` is set.
/// Its description never shows the client secret or a key.
public struct OAuthConfiguration: Sendable, CustomStringConvertible {
    /// Moka's OAuth client, when configured.
    public var moka: OAuthProvider?
    /// The keys tokens are encrypted with (`PWBI_CREDENTIALS_KEY`/`_FILE`, `PWBI_CREDENTIALS_OLD_KEYS`/`_FILE`).
    public var keys: CredentialKeyRing?
    /// How often the refresh job looks for tokens about to expire (`PWBI_OAUTH_REFRESH_INTERVAL_SECONDS`, default 60).
    public var refreshInterval: Duration
    /// Tokens expiring within this are refreshed by the job (`PWBI_OAUTH_REFRESH_WINDOW_SECONDS`, default 600).
    public var refreshWindow: Duration
    /// A request about to use a token expiring within this refreshes it first (`PWBI_OAUTH_REFRESH_SKEW_SECONDS`,
    /// default 60; shorter than the window, so the job normally refreshes first).
    public var refreshSkew: Duration
    /// How long the refresh job's lease lasts unless renewed (`PWBI_OAUTH_LEASE_SECONDS`, default 60).
    public var leaseDuration: Duration

    /// Reads the settings; `secret` reads a variable or the file its `_FILE` twin names (as
    /// ``ServerConfiguration`` does for its secrets). Half a configuration is an error naming what is missing.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        refreshInterval = try environment.seconds("PWBI_OAUTH_REFRESH_INTERVAL_SECONDS", 60)
        refreshWindow = try environment.seconds("PWBI_OAUTH_REFRESH_WINDOW_SECONDS", 600)
        refreshSkew = try environment.seconds("PWBI_OAUTH_REFRESH_SKEW_SECONDS", 60)
        leaseDuration = try environment.seconds("PWBI_OAUTH_LEASE_SECONDS", 60)
        guard refreshSkew < refreshWindow else {
            throw ConfigurationError("PWBI_OAUTH_REFRESH_SKEW_SECONDS must be shorter than PWBI_OAUTH_REFRESH_WINDOW_SECONDS")
        }
        if let current = try environment.secret("PWBI_CREDENTIALS_KEY") {
            let old = try environment.secret("PWBI_CREDENTIALS_OLD_KEYS")?.split(separator: ",").map(String.init) ?? []
            keys = try CredentialKeyRing(current: current, old: old)
        } else {
            guard try environment.secret("PWBI_CREDENTIALS_OLD_KEYS") == nil else {
                throw ConfigurationError("PWBI_CREDENTIALS_OLD_KEYS is set without PWBI_CREDENTIALS_KEY")
            }
            keys = nil
        }
        guard let clientID = environment.text("PWBI_MOKA_CLIENT_ID") else {
            moka = nil
            return
        }
        guard keys != nil else {
            throw ConfigurationError("PWBI_MOKA_CLIENT_ID is set: set PWBI_CREDENTIALS_KEY (or _FILE) to encrypt the tokens")
        }
        guard let redirectURI = environment.text("PWBI_MOKA_REDIRECT_URI"), Self.isHTTPURL(redirectURI) else {
            throw ConfigurationError("PWBI_MOKA_REDIRECT_URI must be the http(s) callback URL registered with Moka")
        }
        var provider = OAuthProvider.moka(clientID: clientID, clientSecret: try environment.secret("PWBI_MOKA_CLIENT_SECRET").map(SensitiveString.init), redirectURI: redirectURI)
        if let base = environment.text("PWBI_MOKA_OAUTH_BASE_URL") {
            guard Self.isHTTPURL(base) else { throw ConfigurationError("PWBI_MOKA_OAUTH_BASE_URL must be an http(s) URL") }
            let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
            provider.authorizationEndpoint = trimmed + "/oauth/authorize"
            provider.tokenEndpoint = trimmed + "/oauth/token"
        }
        for (name, apply) in [
            ("PWBI_MOKA_AUTHORIZE_URL", { (url: String) in provider.authorizationEndpoint = url }),
            ("PWBI_MOKA_TOKEN_URL", { (url: String) in provider.tokenEndpoint = url }),
        ] as [(String, (String) -> Void)] {
            guard let url = environment.text(name) else { continue }
            guard Self.isHTTPURL(url) else { throw ConfigurationError("\(name) must be an http(s) URL") }
            apply(url)
        }
        moka = provider
    }

    /// OAuth off: no provider, no keys, the default intervals.
    public static var off: OAuthConfiguration { OAuthConfiguration() }

    private init() {
        refreshInterval = .seconds(60)
        refreshWindow = .seconds(600)
        refreshSkew = .seconds(60)
        leaseDuration = .seconds(60)
    }

    static func isHTTPURL(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://")) && !text.contains(where: { $0.isWhitespace || $0 == "#" })
    }

    public var description: String {
        guard let moka else { return "oauth off" + (keys == nil ? "" : " (credentials key \(keys?.currentKeyID ?? ""))") }
        return "oauth moka client \(moka.clientID) (secret \(moka.clientSecret == nil ? "none" : "set")), authorize \(moka.authorizationEndpoint), "
            + "token \(moka.tokenEndpoint), redirect \(moka.redirectURI), credentials key \(keys?.currentKeyID ?? "-") "
            + "(\((keys?.keyIDs.count ?? 1) - 1) old), refresh every \(refreshInterval) within \(refreshWindow)"
    }
}
