#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOSSL
import PostgresNIO

/// The parts of a `postgres://` URL.
public struct DatabaseURL: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String?
    /// libpq's `sslmode`: `disable`, `allow`, `prefer` (the default), `require`, `verify-ca`, `verify-full`.
    public var sslMode: String?
    /// libpq's `sslrootcert`: a PEM file of the CA(s) to trust instead of the system's.
    public var sslRootCert: String?

    public init(host: String, port: Int, user: String, password: String?, database: String?, sslMode: String?, sslRootCert: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    /// Parses `postgres://user[:password]@host[:port][/database][?sslmode=…&sslrootcert=…]` (also `postgresql://`).
    /// The error never repeats the URL (it may hold a password).
    public init(_ text: String) throws(SQLStoreError) {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql",
              let host = components.host, !host.isEmpty
        else {
            throw .database("DATABASE_URL is not a postgres://user:password@host:port/database URL")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        self.password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
        self.sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value
        self.sslRootCert = components.queryItems?.first(where: { $0.name == "sslrootcert" })?.value.flatMap { $0.isEmpty ? nil : $0 }
        _ = try tlsMode()
    }

    /// What TLS the `sslmode` asks for, as libpq defines it.
    public enum TLSMode: Sendable, Hashable {
        /// `disable`: never.
        case disable
        /// `allow` / `prefer`: if the server offers it, without verifying the certificate; else plain.
        case prefer
        /// `require`: TLS, the certificate not verified — unless `sslrootcert` is given, then as `verify-ca`.
        case require
        /// `verify-ca`: TLS, the chain verified against the root(s), not the host name.
        case verifyCA
        /// `verify-full`: TLS, the chain and the host name verified.
        case verifyFull
    }

    /// The `sslmode`, checked; an unknown value is an error naming the accepted ones.
    public func tlsMode() throws(SQLStoreError) -> TLSMode {
        switch sslMode ?? "prefer" {
        case "disable": .disable
        case "allow", "prefer": .prefer
        case "require": sslRootCert == nil ? .require : .verifyCA
        case "verify-ca": .verifyCA
        case "verify-full": .verifyFull
        default: throw .database("sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
        }
    }

    /// The client's TLS setting for ``tlsMode()`` and ``sslRootCert``.
    func tls() throws(SQLStoreError) -> PostgresClient.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let sslRootCert { configuration.trustRoots = .file(sslRootCert) }
        switch try tlsMode() {
        case .disable:
            return .disable
        case .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: configuration) } catch {
            throw .database("TLS: cannot use sslrootcert (\(error))")
        }
        _ = context
        return try tlsMode() == .prefer ? .prefer(configuration) : .require(configuration)
    }
}
