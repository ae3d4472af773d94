#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration

/// Turns an integration's credential reference into the `Authorization` header of its requests,
/// reading the secret when a run starts (so a rotated file or variable is picked up) and never
/// keeping, logging or echoing it.
///
/// `env:NAME` and `file:/path` hold the API key or access token sent as `Bearer`; `oauth` asks
/// the server's OAuth token manager, when one is configured.
public struct PollingCredentials: Sendable {
    /// The headers for an integration whose credentials are `oauth`; nil when the server has no OAuth flow.
    public let oauthAuthorizer: (@Sendable (IntegrationID) async throws -> [HTTPHeaderField])?
    let environment: [String: String]
    let readFile: @Sendable (String) throws -> String

    /// Credentials read from `environment` and with `readFile`.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: @escaping @Sendable (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) },
        oauthAuthorizer: (@Sendable (IntegrationID) async throws -> [HTTPHeaderField])?
    ) {
        self.environment = environment
        self.readFile = readFile
        self.oauthAuthorizer = oauthAuthorizer
    }

    /// The authorizer for `reference`, or why there is none (the reason never holds the secret).
    public func authorizer(for reference: CredentialReference) throws(PollingCredentialError) -> @Sendable (IntegrationID) async throws -> [HTTPHeaderField] {
        let secret: String
        switch reference {
        case .oauth:
            guard let oauthAuthorizer else {
                throw PollingCredentialError("credentials oauth: this server has no OAuth connect flow configured")
            }
            return oauthAuthorizer
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw PollingCredentialError("credentials env:\(name): the variable is not set")
            }
            secret = value
        case .file(let path):
            let content: String
            do { content = try readFile(path) } catch { throw PollingCredentialError("credentials file:\(path): cannot read the file") }
            guard content.utf8.count <= 16_384 else { throw PollingCredentialError("credentials file:\(path): larger than 16 KiB, not a key") }
            secret = String(content.reversed().drop { $0 == "\n" || $0 == "\r" }.reversed())
            guard !secret.isEmpty else { throw PollingCredentialError("credentials file:\(path): the file is empty") }
        }
        guard !secret.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw PollingCredentialError("credentials \(reference): the secret contains a control character")
        }
        let headers = [HTTPHeaderField("Authorization", "Bearer " + secret)]
        return { _ in headers }
    }
}

/// Why an integration's credentials cannot be used now; names the reference, never the secret.
public struct PollingCredentialError: Error, Sendable, CustomStringConvertible {
    /// The reason.
    public let description: String
    /// An error with the given reason.
    public init(_ description: String) { self.description = description }
}
