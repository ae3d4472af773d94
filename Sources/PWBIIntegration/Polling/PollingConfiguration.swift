public import PWBIRetry

/// How one integration is polled.
public struct PollingConfiguration: Sendable {
    /// Time between scheduled runs (Qasir every 5 minutes, Moka hourly).
    public var interval: Duration
    /// How far before the cursor each run starts reading again, so transactions that reach the
    /// source late (offline tills, clock skew) are not missed; the store deduplicates the re-read.
    public var overlap: Duration
    /// How far back the first run of a new integration reads (older data: ``PollingSynchronizer/syncHistorical(_:from:to:chunk:)``).
    public var initialLookback: Duration
    /// The longest window one run reads; a longer gap is caught up over several runs, back to back.
    public var maximumWindow: Duration
    /// How long to wait after a 429 that carried no `Retry-After` ("Wait 1 hour, sync will auto-resume").
    public var rateLimitBackoff: Duration
    /// The longest `Retry-After` honoured between runs.
    public var maximumRateLimitBackoff: Duration
    /// Retries within one run: timeouts, connection failures and 5xx retry; 429 waits its
    /// `Retry-After`; 401 and other 4xx stop at once.
    public var retryPolicy: RetryPolicy

    /// A schedule; the defaults are the reference framework's (10-minute overlap, one hour after a rate limit, `RetryPolicy.referenceAPICall`).
    public init(
        interval: Duration,
        overlap: Duration = .seconds(600),
        initialLookback: Duration = .seconds(86_400),
        maximumWindow: Duration = .seconds(86_400),
        rateLimitBackoff: Duration = .seconds(3600),
        maximumRateLimitBackoff: Duration = .seconds(86_400),
        retryPolicy: RetryPolicy = .referenceAPICall
    ) {
        self.interval = interval
        self.overlap = overlap
        self.initialLookback = initialLookback
        self.maximumWindow = maximumWindow
        self.rateLimitBackoff = rateLimitBackoff
        self.maximumRateLimitBackoff = maximumRateLimitBackoff
        self.retryPolicy = retryPolicy
    }

    /// Qasir: every 5 minutes, as the reference framework schedules it.
    public static let qasir = PollingConfiguration(interval: .seconds(300))
    /// Moka: hourly ("Moka polls hourly (normal delay)").
    public static let moka = PollingConfiguration(interval: .seconds(3600))
}
