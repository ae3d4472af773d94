#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PWBIMapping
import PWBISignatures

extension OAuthProvider {
    /// The authorization URL the merchant's browser is sent to (RFC 6749 §4.1.1, RFC 7636 §4.3):
    /// `client_id`, `redirect_uri`, `response_type=code`, `scope`, `state` and, with PKCE,
    /// `code_challenge` and `code_challenge_method=S256`.
    public func authorizationURL(state: String, pkce: PKCE?) -> String {
        var items: [(name: String, value: String)] = [
            ("client_id", clientID),
            ("redirect_uri", redirectURI),
            ("response_type", "code"),
        ]
        if !scopes.isEmpty { items.append(("scope", scopes.joined(separator: " "))) }
        items.append(("state", state))
        if let pkce {
            items.append(("code_challenge", pkce.challenge))
            items.append(("code_challenge_method", pkce.method))
        }
        let separator = authorizationEndpoint.contains("?") ? "&" : "?"
        return authorizationEndpoint + separator + FormEncoding.encode(items)
    }

    /// The token request that exchanges an authorization `code` (RFC 6749 §4.1.3, RFC 7636 §4.5).
    public func tokenExchangeRequest(code: String, codeVerifier: SensitiveString?) -> TransportRequest {
        var items: [(name: String, value: String)] = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirectURI),
        ]
        if let codeVerifier { items.append(("code_verifier", codeVerifier.revealed)) }
        return tokenRequest(items)
    }

    /// The token request that renews tokens with a refresh token (RFC 6749 §6).
    public func refreshRequest(refreshToken: SensitiveString) -> TransportRequest {
        tokenRequest([("grant_type", "refresh_token"), ("refresh_token", refreshToken.revealed)])
    }

    private func tokenRequest(_ grant: [(name: String, value: String)]) -> TransportRequest {
        var items = grant
        var headers = [
            HTTPHeaderField("Content-Type", "application/x-www-form-urlencoded"),
            HTTPHeaderField("Accept", "application/json"),
        ]
        switch clientAuthentication {
        case .requestBody:
            items.append(("client_id", clientID))
            if let clientSecret { items.append(("client_secret", clientSecret.revealed)) }
        case .httpBasic:
            if let clientSecret {
                let pair = FormEncoding.percentEncode(clientID) + ":" + FormEncoding.percentEncode(clientSecret.revealed)
                headers.append(HTTPHeaderField("Authorization", "Basic " + Base64.encode(Array(pair.utf8))))
            } else {
                items.append(("client_id", clientID))
            }
        }
        return TransportRequest(method: "POST", url: tokenEndpoint, headers: headers, body: Array(FormEncoding.encode(items).utf8))
    }
}

/// A successful token endpoint answer (RFC 6749 §5.1).
public struct OAuthTokenResponse: Sendable, Hashable {
    /// `access_token`.
    public var accessToken: SensitiveString
    /// `token_type` (`Bearer` when the provider leaves it out).
    public var tokenType: String
    /// `refresh_token`, when issued (a new one means the old one was rotated out).
    public var refreshToken: SensitiveString?
    /// `expires_in`, in seconds.
    public var expiresIn: Int?
    /// `scope`, when the provider says.
    public var scope: String?

    /// A token endpoint's answer.
    public init(accessToken: SensitiveString, tokenType: String = "Bearer", refreshToken: SensitiveString? = nil, expiresIn: Int? = nil, scope: String? = nil) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.scope = scope
    }

    /// Reads a token endpoint response: 2xx with a JSON object holding `access_token`, or the
    /// provider's error (`error`, `error_description`) as ``OAuthError/tokenEndpointRejected(status:error:description:)``.
    /// Errors name the field at fault, never the body's content.
    public static func parse(_ response: TransportResponse) throws(OAuthError) -> OAuthTokenResponse {
        let document: JSONDocument?
        do {
            document = try JSONDocument(parsing: response.body)
        } catch {
            document = nil
        }
        guard response.isSuccess else {
            let root = document?.root
            let code = try? root?["error"].string()
            let description = try? root?["error_description"].string()
            throw .tokenEndpointRejected(status: response.status, error: OAuthError.sanitized(code), description: OAuthError.sanitized(description))
        }
        guard let root = document?.root, root.kind == .object else {
            throw .invalidTokenResponse(reason: "the response is not a JSON object")
        }
        do {
            let access = try root["access_token"].string()
            guard !access.isEmpty else { throw OAuthError.invalidTokenResponse(reason: "access_token is empty") }
            let type = try root["token_type"].ifPresent().map { try $0.string() } ?? "Bearer"
            let refresh = try root["refresh_token"].ifPresent().map { try $0.string() }
            let scope = try root["scope"].ifPresent().map { try $0.string() }
            var expiresIn: Int?
            if let value = try root["expires_in"].ifPresent() {
                if value.kind == .string, let parsed = Int(try value.string()) {
                    expiresIn = parsed
                } else {
                    expiresIn = try value.int()
                }
                if let seconds = expiresIn, seconds < 0 {
                    throw OAuthError.invalidTokenResponse(reason: "expires_in is negative")
                }
            }
            return OAuthTokenResponse(
                accessToken: SensitiveString(access), tokenType: type,
                refreshToken: refresh.flatMap { $0.isEmpty ? nil : SensitiveString($0) },
                expiresIn: expiresIn, scope: scope)
        } catch let error as OAuthError {
            throw error
        } catch let error as MappingError {
            let problem = switch error.kind {
            case .missingField: "missing"
            case .typeMismatch: "of the wrong type"
            default: "invalid"
            }
            throw .invalidTokenResponse(reason: "\(error.path) is \(problem), expected \(error.expected)")
        } catch {
            throw .invalidTokenResponse(reason: "unreadable token response")
        }
    }

    /// The credentials to store: expiry made absolute from `obtainedAt`, and the refresh token
    /// carried over from `previous` when the provider did not rotate it.
    public func credentials(obtainedAt: Date, previous: OAuthCredentials? = nil) -> OAuthCredentials {
        OAuthCredentials(
            accessToken: accessToken,
            tokenType: tokenType,
            refreshToken: refreshToken ?? previous?.refreshToken,
            expiresAt: expiresIn.map { obtainedAt.addingTimeInterval(TimeInterval($0)) },
            scope: scope ?? previous?.scope,
            obtainedAt: obtainedAt)
    }
}
