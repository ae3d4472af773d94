import AsyncHTTPClient
import NIOSSL

/// How the server talks to providers over HTTP: timeouts, the response size limit, an extra CA
/// for a provider behind a private CA, and the `User-Agent`.
///
/// | Variable | Default | Meaning |
/// |---|---|---|
/// | `PWBI_HTTP_CONNECT_TIMEOUT_MS` | 10000 | connecting (TCP and TLS) to a provider |
/// | `PWBI_HTTP_TIMEOUT_MS` | 30000 | one whole exchange, body included |
/// | `PWBI_HTTP_MAX_RESPONSE_BYTES` | 16777216 | a larger response body is an error |
/// | `PWBI_HTTP_CA_FILE` | — | PEM certificates trusted besides the system's roots |
/// | `PWBI_HTTP_USER_AGENT` | ``AsyncHTTPClientTransport/defaultUserAgent`` | sent when a request has none |
public struct OutboundHTTPConfiguration: Sendable {
    /// Time allowed to connect.
    public var connectTimeout: Duration
    /// The whole-exchange timeout and the response size limit.
    public var limits: AsyncHTTPClientTransport.Limits
    /// A PEM file of CA certificates trusted in addition to the system's.
    public var caFile: String?
    /// The `User-Agent` of requests without one.
    public var userAgent: String

    /// Reads the variables above; a malformed number or an unreadable CA file is an error naming
    /// the variable (never a value).
    public init(environment: [String: String]) throws(ConfigurationError) {
        let env = EnvironmentReader(environment)
        connectTimeout = .milliseconds(try env.integer("PWBI_HTTP_CONNECT_TIMEOUT_MS", 10_000, minimum: 1))
        limits = AsyncHTTPClientTransport.Limits(
            requestTimeout: .milliseconds(try env.integer("PWBI_HTTP_TIMEOUT_MS", 30_000, minimum: 1)),
            maxResponseBytes: try env.integer("PWBI_HTTP_MAX_RESPONSE_BYTES", 16 << 20, minimum: 1)
        )
        caFile = env.text("PWBI_HTTP_CA_FILE")
        if let caFile {
            let certificates: [NIOSSLCertificate]
            do { certificates = try NIOSSLCertificate.fromPEMFile(caFile) } catch {
                throw ConfigurationError("PWBI_HTTP_CA_FILE: cannot read PEM certificates from the file it names")
            }
            guard !certificates.isEmpty else { throw ConfigurationError("PWBI_HTTP_CA_FILE names a file without PEM certificates") }
        }
        let agent = env.text("PWBI_HTTP_USER_AGENT") ?? AsyncHTTPClientTransport.defaultUserAgent
        guard agent.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else {
            throw ConfigurationError("PWBI_HTTP_USER_AGENT must not contain control characters")
        }
        userAgent = agent
    }

    /// A client with these settings (the caller shuts it down).
    public func makeClient() -> HTTPClient {
        AsyncHTTPClientTransport.makeClient(
            connectTimeout: connectTimeout, tls: AsyncHTTPClientTransport.defaultTLS(additionalCAFile: caFile)
        )
    }

    /// The transport over `client` with these limits and `User-Agent`.
    public func transport(client: HTTPClient) -> AsyncHTTPClientTransport {
        AsyncHTTPClientTransport(client: client, limits: limits, userAgent: userAgent)
    }
}
