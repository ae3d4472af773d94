/// The accounting export's settings, from the server's environment:
///
/// - `PWBI_EXPORT_CHECK_SECONDS` (60): how often each replica looks for due exports.
/// - `PWBI_EXPORT_CLOSE_AFTER_MINUTES` (60): how long after local midnight a day counts as closed
///   (late webhooks and the last polls land first).
/// - `PWBI_EXPORT_REQUEST_TIMEOUT_SECONDS` (30): the bound on one request to Accurate or Jurnal.id.
/// - `PWBI_EXPORT_LEASE_SECONDS` (120): the lease an export run holds, renewed every third.
/// - `PWBI_EXPORT_MAX_DAYS` (31): at most this many days per run, oldest first.
/// - `PWBI_EXPORT_SETTLE_SECONDS` (300): how long a post left without an answer is left alone before
///   the system is asked whether it saved it (a request the client gave up on may still be processed).
public struct ExportConfiguration: Sendable, Hashable {
    /// The pause between two looks for due exports.
    public var checkInterval: Duration
    /// How long after local midnight a day is closed.
    public var closeAfter: Duration
    /// The bound on one request.
    public var requestTimeout: Duration
    /// The lease of one integration's run.
    public var leaseDuration: Duration
    /// Days exported per run at most.
    public var maxDaysPerRun: Int
    /// How long an unanswered post is left to settle before it is looked up.
    public var settle: Duration

    /// Settings with the defaults above.
    public init(
        checkInterval: Duration = .seconds(60), closeAfter: Duration = .seconds(3600), requestTimeout: Duration = .seconds(30),
        leaseDuration: Duration = .seconds(120), maxDaysPerRun: Int = 31, settle: Duration = .seconds(300)
    ) {
        self.checkInterval = checkInterval
        self.closeAfter = closeAfter
        self.requestTimeout = requestTimeout
        self.leaseDuration = leaseDuration
        self.maxDaysPerRun = maxDaysPerRun
        self.settle = settle
    }

    /// Reads the variables above from `environment`; a malformed one is an error naming it.
    public init(environment: [String: String]) throws(ConfigurationError) {
        let env = EnvironmentReader(environment)
        func integer(_ name: String, _ fallback: Int, minimum: Int) throws(ConfigurationError) -> Int {
            try env.integer(name, fallback, minimum: minimum, maximum: 31_536_000)
        }
        self.init(
            checkInterval: .seconds(try integer("PWBI_EXPORT_CHECK_SECONDS", 60, minimum: 1)),
            closeAfter: .seconds(try integer("PWBI_EXPORT_CLOSE_AFTER_MINUTES", 60, minimum: 0) * 60),
            requestTimeout: .seconds(try integer("PWBI_EXPORT_REQUEST_TIMEOUT_SECONDS", 30, minimum: 1)),
            leaseDuration: .seconds(try integer("PWBI_EXPORT_LEASE_SECONDS", 120, minimum: 3)),
            maxDaysPerRun: try integer("PWBI_EXPORT_MAX_DAYS", 31, minimum: 1),
            settle: .seconds(try integer("PWBI_EXPORT_SETTLE_SECONDS", 300, minimum: 0))
        )
    }
}
