#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PWBIIntegration
import PWBIRetry

/// How the server polls Qasir and Moka, read from the environment (see the README's `## Polling`).
/// Named `PollingSettings` because the kit's per-integration schedule is already `PollingConfiguration`.
public struct PollingSettings: Sendable {
    /// Whether the polling schedules run at all (`PWBI_POLLING`, default on; `0` turns them off).
    public var enabled: Bool
    /// How often the `integrations` table is checked for changes (`PWBI_POLL_RELOAD_SECONDS`, default 30).
    public var reloadInterval: Duration
    /// How long a replica's lease on one integration lasts unless renewed (`PWBI_POLL_LEASE_SECONDS`, default 60):
    /// the longest a dead replica holds an integration up.
    public var leaseDuration: Duration
    /// How far before the cursor each run reads again (`PWBI_POLL_OVERLAP_SECONDS`, default 600).
    public var overlap: Duration
    /// How far back the first run of a new integration reads (`PWBI_POLL_LOOKBACK_SECONDS`, default 86400).
    public var initialLookback: Duration
    /// The longest window one run reads; longer gaps are caught up run after run (`PWBI_POLL_MAX_WINDOW_SECONDS`, default 86400).
    public var maximumWindow: Duration
    /// Wait after a 429 without `Retry-After` (`PWBI_POLL_RATE_LIMIT_BACKOFF_SECONDS`, default 3600).
    public var rateLimitBackoff: Duration
    /// Retries within a run (timeouts, connection failures, 5xx, 429 after `Retry-After`): the
    /// reference framework's `RetryPolicy.referenceAPICall` unless a test replaces it.
    public var retryPolicy: RetryPolicy

    /// The defaults: enabled, the reference framework's windows and retries.
    public init(
        enabled: Bool = true, reloadInterval: Duration = .seconds(30), leaseDuration: Duration = .seconds(60),
        overlap: Duration = .seconds(600), initialLookback: Duration = .seconds(86_400), maximumWindow: Duration = .seconds(86_400),
        rateLimitBackoff: Duration = .seconds(3600), retryPolicy: RetryPolicy = .referenceAPICall
    ) {
        self.enabled = enabled
        self.reloadInterval = reloadInterval
        self.leaseDuration = leaseDuration
        self.overlap = overlap
        self.initialLookback = initialLookback
        self.maximumWindow = maximumWindow
        self.rateLimitBackoff = rateLimitBackoff
        self.retryPolicy = retryPolicy
    }

    /// Reads the `PWBI_POLL…` variables of `environment`; a malformed value is an error naming the variable.
    public init(environment: [String: String]) throws(ConfigurationError) {
        let env = EnvironmentReader(environment)
        func seconds(_ name: String, _ fallback: Int, minimum: Int = 1) throws(ConfigurationError) -> Duration {
            .seconds(try env.integer(name, fallback, minimum: minimum, maximum: 366 * 86_400, unit: "whole seconds"))
        }
        self.init()
        switch environment["PWBI_POLLING"]?.lowercased() {
        case nil, "", "1", "true", "yes", "on": enabled = true
        case "0", "false", "no", "off": enabled = false
        default: throw ConfigurationError("PWBI_POLLING must be 1 or 0")
        }
        reloadInterval = try seconds("PWBI_POLL_RELOAD_SECONDS", 30)
        leaseDuration = try seconds("PWBI_POLL_LEASE_SECONDS", 60, minimum: 3)
        overlap = try seconds("PWBI_POLL_OVERLAP_SECONDS", 600, minimum: 0)
        initialLookback = try seconds("PWBI_POLL_LOOKBACK_SECONDS", 86_400)
        maximumWindow = try seconds("PWBI_POLL_MAX_WINDOW_SECONDS", 86_400, minimum: 60)
        rateLimitBackoff = try seconds("PWBI_POLL_RATE_LIMIT_BACKOFF_SECONDS", 3600)
    }

    /// The kit's schedule for one integration polled every `everySeconds`.
    public func configuration(everySeconds: Int) -> PollingConfiguration {
        PollingConfiguration(
            interval: .seconds(everySeconds), overlap: overlap, initialLookback: initialLookback, maximumWindow: maximumWindow,
            rateLimitBackoff: rateLimitBackoff, retryPolicy: retryPolicy)
    }
}
