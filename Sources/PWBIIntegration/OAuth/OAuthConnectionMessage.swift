#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PWBIMapping

/// What the merchant is told when an OAuth connect ends: `Moka connected successfully` (the
/// reference's answer), or why it failed in the reference's and the troubleshooting guide's
/// words (`Invalid state token`, `Token exchange failed`, `"Connection timeout" error`…) with
/// what to do. Never carries a token, a code or a provider's response body.
public struct OAuthConnectionMessage: Sendable, Hashable {
    /// Whether the integration is now connected.
    public var succeeded: Bool
    /// The status a callback route answers: 200, or 400 as the reference's callback does for a
    /// refused state or a failed token exchange (500 when the kit's own store failed).
    public var status: Int
    /// The short reason (`Invalid state token`), or `Moka connected successfully`.
    public var headline: String
    /// The guide's entry when it has one for the failure.
    public var guide: TroubleshootingEntry?
    /// What to do, for a failure.
    public var solution: String?

    /// The whole line: `Moka connected successfully`, or `Moka connection failed: Invalid state token. Start connecting again…`.
    public var message: String {
        guard !succeeded else { return headline }
        return "\(systemName) connection failed: \(headline)" + (solution.map { ". \($0)" } ?? "")
    }

    private let systemName: String

    private init(sourceSystem: String, succeeded: Bool, status: Int, headline: String, guide: TroubleshootingEntry? = nil, solution: String? = nil) {
        self.systemName = SystemProfile.profile(for: sourceSystem).displayName
        self.succeeded = succeeded
        self.status = status
        self.headline = headline
        self.guide = guide
        self.solution = solution ?? guide?.solution
    }

    /// `{Source} connected successfully` for `sourceSystem` (`Moka connected successfully`).
    public static func connected(sourceSystem: String) -> OAuthConnectionMessage {
        let name = SystemProfile.profile(for: sourceSystem).displayName
        return OAuthConnectionMessage(sourceSystem: sourceSystem, succeeded: true, status: 200, headline: "\(name) connected successfully")
    }

    /// Why connecting `sourceSystem` failed with `error` (what ``OAuthAuthorizationFlow/handleCallback(parameters:expectedTenant:)`` threw).
    public static func failed(_ error: any Error, sourceSystem: String) -> OAuthConnectionMessage {
        let name = SystemProfile.profile(for: sourceSystem).displayName
        func failure(_ headline: String, _ status: Int = 400, guide: TroubleshootingEntry? = nil, solution: String? = nil) -> OAuthConnectionMessage {
            OAuthConnectionMessage(sourceSystem: sourceSystem, succeeded: false, status: status, headline: headline, guide: guide, solution: solution)
        }
        let again = "Start connecting again: Settings → Integrations → Connect"
        guard let error = error as? OAuthError else {
            return failure("the connection could not be saved", 500, guide: .repeatedFailures)
        }
        switch error {
        case .missingState, .invalidState:
            return failure("Invalid state token", solution: again + " (the link is valid for 10 minutes and once)")
        case .missingCode:
            return failure("\(name) sent no authorization code", solution: again)
        case .authorizationDenied:
            return failure("access was not granted at \(name)", solution: again + ", and allow access when \(name) asks")
        case .tokenEndpointRejected(let status, _, _) where status == 401 || status == 403:
            return failure("Token exchange failed (\(TroubleshootingEntry.credentialsExpired.symptom))", guide: .credentialsExpired)
        case .tokenEndpointRejected, .invalidTokenResponse:
            return failure("Token exchange failed", guide: .repeatedFailures)
        case .transportFailed:
            return failure("Token exchange failed (\(TroubleshootingEntry.apiDown.symptom))", guide: .apiDown)
        case .notConnected, .reconnectRequired:
            return failure(TroubleshootingEntry.credentialsExpired.symptom, guide: .credentialsExpired)
        }
    }

    /// `{"success":true,"message":"Moka connected successfully"}` (the reference's body), or
    /// `{"success":false,"error":"Invalid state token","message":…,"solution":…}`.
    public var jsonBody: [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("success")
        writer.bool(succeeded)
        if !succeeded {
            writer.key("error")
            writer.string(headline)
        }
        writer.key("message")
        writer.string(message)
        if let solution, !succeeded {
            writer.key("solution")
            writer.string(solution)
        }
        if let code = guide?.code {
            writer.key("code")
            writer.string(code)
        }
        writer.endObject()
        return writer.bytes
    }
}

extension IntegrationStateStore {
    /// Records a completed connect of `integration` at `instant`: ``IntegrationState/connectedAt``
    /// set, the connection ``ConnectionStatus/active`` again (a reconnect ends `needs_reconnect`),
    /// the failure count reset, and the new credentials' expiry when known. Other fields are kept.
    public func recordConnection(for integration: IntegrationID, at instant: Date, credentialsExpireAt: Date? = nil) async throws {
        var state = try await state(for: integration) ?? IntegrationState(id: integration)
        state.connectedAt = instant
        state.connection = .active
        state.consecutiveFailures = 0
        state.credentialsExpireAt = credentialsExpireAt
        try await save(state)
    }
}
