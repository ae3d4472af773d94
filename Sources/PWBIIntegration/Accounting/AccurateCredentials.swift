#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import PWBIMapping
import PWBISignatures

/// How requests to Accurate Online are authorised.
///
/// - ``apiToken(_:signatureSecret:timestampFormat:)``: the API-token flow — `Authorization: Bearer`
///   with the user's API token, `X-Api-Timestamp`, and `X-Api-Signature` = base64(HMAC-SHA256 of
///   the timestamp text under the application's signature secret), computed with the kit's own
///   `HMAC` (Accurate rejects timestamps more than 600 s from its clock, so sign at send time).
/// - ``oauth(accessToken:sessionID:)``: the OAuth flow — `Authorization: Bearer` with the access
///   token and `X-Session-ID` from `/api/open-db.do` (the token expires: refresh it every 6 months
///   at the latest, as the troubleshooting guide says).
///
/// Printing a value never shows the token or secret.
public struct AccurateCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    enum Kind: Sendable {
        case apiToken(token: String, signer: HMAC<SHA256>, format: AccurateTimestampFormat)
        case oauth(accessToken: String, sessionID: String)
    }

    let kind: Kind

    /// API-token authorisation; the signature secret is keyed once here and reused for every request.
    public static func apiToken(
        _ token: String, signatureSecret: String, timestampFormat: AccurateTimestampFormat = .iso8601
    ) -> AccurateCredentials {
        AccurateCredentials(kind: .apiToken(token: token, signer: HMAC<SHA256>(utf8Key: signatureSecret), format: timestampFormat))
    }

    /// OAuth authorisation with a data-usaha session.
    public static func oauth(accessToken: String, sessionID: String) -> AccurateCredentials {
        AccurateCredentials(kind: .oauth(accessToken: accessToken, sessionID: sessionID))
    }

    /// The authorisation headers for a request sent at `instant`.
    public func headers(at instant: Date) -> [HTTPHeaderField] {
        switch kind {
        case .apiToken(let token, let signer, let format):
            // A clock never gives NaN; if it did, the epoch is sent and the server rejects the stale timestamp.
            let timestamp = format.render((try? Timestamp(instant)) ?? Timestamp(secondsSince1970: 0))
            return [
                HTTPHeaderField("Authorization", "Bearer " + token),
                HTTPHeaderField("X-Api-Timestamp", timestamp),
                HTTPHeaderField("X-Api-Signature", AccurateCredentials.signature(timestamp, signer: signer)),
            ]
        case .oauth(let accessToken, let sessionID):
            return [
                HTTPHeaderField("Authorization", "Bearer " + accessToken),
                HTTPHeaderField("X-Session-ID", sessionID),
            ]
        }
    }

    /// base64(HMAC-SHA256(secret, timestamp)): the `X-Api-Signature` of a timestamp text.
    public static func signature(timestamp: String, signatureSecret: String) -> String {
        signature(timestamp, signer: HMAC<SHA256>(utf8Key: signatureSecret))
    }

    static func signature(_ timestamp: String, signer: HMAC<SHA256>) -> String {
        signer.authenticationCode(for: timestamp.utf8).base64String
    }

    public var description: String {
        switch kind {
        case .apiToken: "AccurateCredentials.apiToken(<redacted>)"
        case .oauth: "AccurateCredentials.oauth(<redacted>)"
        }
    }

    public var debugDescription: String { description }
}

/// How the `X-Api-Timestamp` header is written (Accurate accepts both).
public enum AccurateTimestampFormat: Sendable, Hashable {
    /// ISO 8601 in UTC: `2025-12-27T05:30:00Z` — unambiguous, the default.
    case iso8601
    /// `dd/MM/yyyy HH:mm:ss` on the wall clock of `zone` (Accurate's own example format).
    case dayMonthYear(ZoneRule)

    /// The header text for `instant`.
    public func render(_ instant: Timestamp) -> String {
        switch self {
        case .iso8601:
            let t = instant.utcComponents
            return "\(digits(t.year, 4))-\(digits(t.month, 2))-\(digits(t.day, 2))T\(digits(t.hour, 2)):\(digits(t.minute, 2)):\(digits(t.second, 2))Z"
        case .dayMonthYear(let zone):
            let seconds = instant.secondsSince1970
            let t = CivilDateTime(secondsSinceEpoch: seconds + Int64(zone.offset(at: seconds)))
            return "\(digits(t.day, 2))/\(digits(t.month, 2))/\(digits(t.year, 4)) \(digits(t.hour, 2)):\(digits(t.minute, 2)):\(digits(t.second, 2))"
        }
    }
}

func digits(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
