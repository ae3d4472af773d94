#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBISignatures

/// Where stored transactions are forwarded and where failure notices go, read from the environment
/// (see the README's `## Forwarding`). Its description never contains a secret.
public struct ForwardingConfiguration: Sendable, CustomStringConvertible {
    /// The downstream receiver (`PWBI_FORWARD_URL`); nil: nothing is forwarded (the outbox still fills).
    public var url: String?
    /// The signing secret of the forwarded webhooks (`PWBI_FORWARD_SECRET` or `PWBI_FORWARD_SECRET_FILE`).
    public var secret: SensitiveString?
    /// The pause between two forwarding runs once the outbox is drained (`PWBI_FORWARD_INTERVAL_MS`, default 1000).
    public var interval: Duration
    /// Outbox rows read per batch (`PWBI_FORWARD_BATCH`, default 100).
    public var batchSize: Int
    /// Transactions sent at once (`PWBI_FORWARD_CONCURRENCY`, default 1; a transaction's revisions
    /// always go in order).
    public var concurrency: Int
    /// The forwarder's lease: another replica takes over this long after the holder died (`PWBI_FORWARD_LEASE_SECONDS`, default 30).
    public var leaseDuration: Duration
    /// Where failure notices are posted (`PWBI_NOTIFY_URL`); nil: nobody is notified.
    public var notifyURL: String?
    /// The signing secret of the notices (`PWBI_NOTIFY_SECRET` or `PWBI_NOTIFY_SECRET_FILE`).
    public var notifySecret: SensitiveString?
    /// One notice per integration and kind per this period (`PWBI_NOTIFY_QUIET_SECONDS`, default 3600).
    public var notifyQuietPeriod: Duration

    /// The dead-letter source (and metrics label) of forwarded webhooks.
    public static let destinationName = "forward"
    /// The dead-letter source (and metrics label) of failure notices.
    public static let notifyDestinationName = "failure-notifications"

    /// Reads the settings; `secret` reads a variable or the file its `_FILE` twin names
    /// (``ServerConfiguration``'s reader). A URL without its secret, or the reverse, is an error.
    public init(_ environment: EnvironmentReader) throws(ConfigurationError) {
        func destination(_ urlName: String, _ secretName: String) throws(ConfigurationError) -> (String, SensitiveString)? {
            let url = environment.text(urlName)
            let key = try environment.secret(secretName)
            switch (url, key) {
            case (nil, nil): return nil
            case (.some, nil): throw ConfigurationError("\(urlName) needs \(secretName) or \(secretName)_FILE")
            case (nil, .some): throw ConfigurationError("\(secretName) is set but \(urlName) is not")
            case (.some(let url), .some(let key)):
                guard Self.isHTTPURL(url) else { throw ConfigurationError("\(urlName) must be an http:// or https:// URL") }
                return (url, SensitiveString(key))
            }
        }
        let forward = try destination("PWBI_FORWARD_URL", "PWBI_FORWARD_SECRET")
        url = forward?.0
        self.secret = forward?.1
        interval = .milliseconds(try environment.integer("PWBI_FORWARD_INTERVAL_MS", 1000, minimum: 10, maximum: 3_600_000))
        batchSize = try environment.integer("PWBI_FORWARD_BATCH", 100, minimum: 1, maximum: 10_000)
        concurrency = try environment.integer("PWBI_FORWARD_CONCURRENCY", 1, minimum: 1, maximum: 64)
        leaseDuration = .seconds(try environment.integer("PWBI_FORWARD_LEASE_SECONDS", 30, minimum: 3, maximum: 3600))
        let notify = try destination("PWBI_NOTIFY_URL", "PWBI_NOTIFY_SECRET")
        notifyURL = notify?.0
        notifySecret = notify?.1
        notifyQuietPeriod = .seconds(try environment.integer("PWBI_NOTIFY_QUIET_SECONDS", 3600, minimum: 0, maximum: 604_800))
    }

    /// Whether `text` is an absolute http(s) URL with a host and nothing that could split a request line.
    static func isHTTPURL(_ text: String) -> Bool {
        guard !text.contains(where: { $0.isWhitespace || $0.isNewline }), let url = URL(string: text),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return true
    }

    /// The forwarding destination, when configured: signed with the kit's scheme (`X-Webhook-Signature`).
    public var destination: WebhookDestination? {
        guard let url, let secret else { return nil }
        return WebhookDestination(name: Self.destinationName, url: url, scheme: HexHMACSHA256Scheme(), secret: secret)
    }

    /// The failure notices' destination, when configured: signed with the kit's scheme.
    public var notifyDestination: WebhookDestination? {
        guard let notifyURL, let notifySecret else { return nil }
        return WebhookDestination(name: Self.notifyDestinationName, url: notifyURL, scheme: HexHMACSHA256Scheme(), secret: notifySecret)
    }

    public var description: String {
        "forward \(url.map { "to \(Self.redacted($0))" } ?? "off"), notify \(notifyURL.map { "to \(Self.redacted($0))" } ?? "off")"
    }

    /// `url` without its user info, query and fragment (which may carry tokens).
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "(unparsable URL)" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? "(unparsable URL)"
    }
}
