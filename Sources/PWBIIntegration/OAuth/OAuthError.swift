/// Why an OAuth step failed. No case ever carries a token, a secret, a code or a response body.
public enum OAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why a callback's `state` was refused.
    public enum StateProblem: String, Sendable, Hashable {
        /// Never issued here, or purged.
        case unknown
        /// Issued more than its time-to-live ago.
        case expired
        /// Already used by an earlier callback (a replay).
        case alreadyUsed = "already used"
        /// Issued for another system or tenant than the callback claims.
        case mismatch
    }

    /// The callback carried no `state` parameter.
    case missingState
    /// The callback's `state` was refused.
    case invalidState(StateProblem)
    /// The provider redirected back with an `error` (the merchant denied access, …).
    case authorizationDenied(error: String, description: String?)
    /// The callback carried no `code` parameter.
    case missingCode
    /// The token endpoint answered with an error status (and, usually, an RFC 6749 §5.2 error code).
    case tokenEndpointRejected(status: Int, error: String?, description: String?)
    /// The token endpoint's answer could not be used (not JSON, no `access_token`, …).
    case invalidTokenResponse(reason: String)
    /// No response from the token endpoint (timeout, connection failure).
    case transportFailed(reason: String)
    /// The integration has no stored credentials.
    case notConnected(IntegrationID)
    /// The credentials cannot be renewed (no refresh token, or it was refused): the merchant must reconnect.
    case reconnectRequired(IntegrationID)

    public var description: String {
        switch self {
        case .missingState: "Invalid state token: the callback has no state parameter"
        case .invalidState(let problem): "Invalid state token: \(problem.rawValue)"
        case .authorizationDenied(let error, let description):
            "Authorization denied by the provider: \(error)" + (description.map { " (\($0))" } ?? "")
        case .missingCode: "The callback has no authorization code"
        case .tokenEndpointRejected(let status, let error, let description):
            "Token exchange failed: HTTP \(status)" + (error.map { " \($0)" } ?? "") + (description.map { " (\($0))" } ?? "")
        case .invalidTokenResponse(let reason): "Token exchange failed: \(reason)"
        case .transportFailed(let reason): "Token exchange failed: \(reason)"
        case .notConnected(let id): "\(id) is not connected"
        case .reconnectRequired(let id): "Authentication failed for \(id): disconnect and connect again"
        }
    }

    /// Provider-supplied text, cut to a sane length and stripped of control characters.
    static func sanitized(_ text: String?) -> String? {
        guard let text else { return nil }
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(200)))
        return clean.isEmpty ? nil : clean
    }
}
