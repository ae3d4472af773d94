/// A counter: a value that only goes up (syncs run, rows imported, deliveries made).
public struct CounterMetric: Sendable, Hashable {
    /// The metric name, e.g. `integration_sync_total`.
    public let name: String
    /// One line of help text for `# HELP`.
    public let help: String
    /// The label names, in the order they are rendered.
    public let labelNames: [String]

    /// A counter; the names must be valid Prometheus metric and label names.
    public init(name: String, help: String, labelNames: [String]) throws(MetricDefinitionError) {
        try MetricDefinitionError.check(name: name, labelNames: labelNames, histogram: false)
        self.init(unchecked: name, help: help, labelNames: labelNames)
    }

    init(unchecked name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }
}

/// A histogram: observations (durations, sizes) counted into cumulative buckets.
public struct HistogramMetric: Sendable, Hashable {
    /// The metric name, e.g. `integration_sync_duration_seconds`.
    public let name: String
    /// One line of help text for `# HELP`.
    public let help: String
    /// The label names, in the order they are rendered (`le` is added for buckets).
    public let labelNames: [String]
    /// The finite upper bounds of the buckets, strictly increasing; `+Inf` is implicit.
    public let buckets: [Double]

    /// A histogram; names must be valid, `le` is reserved, buckets finite and strictly increasing.
    public init(name: String, help: String, labelNames: [String], buckets: [Double]) throws(MetricDefinitionError) {
        try MetricDefinitionError.check(name: name, labelNames: labelNames, histogram: true)
        guard !buckets.isEmpty, buckets.allSatisfy(\.isFinite),
              zip(buckets, buckets.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .badBuckets(name)
        }
        self.init(unchecked: name, help: help, labelNames: labelNames, buckets: buckets)
    }

    init(unchecked name: String, help: String, labelNames: [String], buckets: [Double]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.buckets = buckets
    }

    /// Bucket bounds for durations of calls to remote systems, 5 ms to 5 min.
    public static let durationBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]
}

/// A metric defined with an invalid name, label name or bucket list.
public enum MetricDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The metric name is not a valid Prometheus name.
    case invalidMetricName(String)
    /// A label name is not a valid Prometheus label name.
    case invalidLabelName(String)
    /// A label name appears twice.
    case duplicateLabelName(String)
    /// The histogram buckets are empty, not finite or not increasing.
    case badBuckets(String)

    public var description: String {
        switch self {
        case .invalidMetricName(let name): "invalid metric name '\(name)' (expected [a-zA-Z_:][a-zA-Z0-9_:]*)"
        case .invalidLabelName(let name): "invalid label name '\(name)' (expected [a-zA-Z_][a-zA-Z0-9_]*, not __-prefixed, not 'le' on a histogram)"
        case .duplicateLabelName(let name): "label '\(name)' declared twice"
        case .badBuckets(let name): "histogram '\(name)' needs finite, strictly increasing bucket bounds"
        }
    }

    static func check(name: String, labelNames: [String], histogram: Bool) throws(MetricDefinitionError) {
        guard isValidName(name, colons: true) else { throw .invalidMetricName(name) }
        var seen: Set<String> = []
        for label in labelNames {
            guard isValidName(label, colons: false), !label.hasPrefix("__"), !(histogram && label == "le") else {
                throw .invalidLabelName(label)
            }
            guard seen.insert(label).inserted else { throw .duplicateLabelName(label) }
        }
    }

    private static func isValidName(_ name: String, colons: Bool) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ b: UInt8) -> Bool {
            (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_") || (colons && b == UInt8(ascii: ":"))
        }
        guard letter(first) else { return false }
        return name.utf8.allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) }
    }
}

// MARK: - The pipelines' metrics

extension CounterMetric {
    /// `integration_sync_total{source_system,status}` — polling runs, `status` `success` or `failure`
    /// (the reference framework's counter).
    public static let syncTotal = CounterMetric(
        unchecked: "integration_sync_total", help: "Total integration syncs", labelNames: ["source_system", "status"])

    /// `integration_sync_transactions_total{source_system,outcome}` — transactions a sync stored,
    /// `outcome` `inserted`, `updated` or `unchanged`.
    public static let syncTransactions = CounterMetric(
        unchecked: "integration_sync_transactions_total", help: "Transactions stored by polling syncs",
        labelNames: ["source_system", "outcome"])

    /// `integration_webhook_deliveries_total{destination,status}` — outgoing webhooks, `status`
    /// `delivered` or `dead_lettered`.
    public static let webhookDeliveries = CounterMetric(
        unchecked: "integration_webhook_deliveries_total", help: "Outgoing webhook deliveries by final outcome",
        labelNames: ["destination", "status"])

    /// `integration_webhook_attempts_total{destination,outcome}` — every outgoing attempt, `outcome`
    /// the status code, `timeout` or `connection_error`.
    public static let webhookAttempts = CounterMetric(
        unchecked: "integration_webhook_attempts_total", help: "Outgoing webhook attempts",
        labelNames: ["destination", "outcome"])

    /// `integration_webhook_received_total{source_system,status}` — incoming webhooks by response status.
    public static let webhookReceived = CounterMetric(
        unchecked: "integration_webhook_received_total", help: "Incoming webhooks by response status",
        labelNames: ["source_system", "status"])

    /// `integration_csv_imports_total{source_system,status}` — CSV uploads, `status` `success`,
    /// `partial` (some rows failed) or `failure` (the file was rejected).
    public static let csvImports = CounterMetric(
        unchecked: "integration_csv_imports_total", help: "CSV imports by outcome", labelNames: ["source_system", "status"])

    /// `integration_csv_rows_total{source_system,result}` — CSV rows, `result` `imported`, `updated`,
    /// `unchanged`, `duplicate` (repeated within the file) or `failed`.
    public static let csvRows = CounterMetric(
        unchecked: "integration_csv_rows_total", help: "CSV rows by result", labelNames: ["source_system", "result"])

    /// `integration_oauth_refresh_total{source_system,status}` — token refreshes, `success` or `failure`.
    public static let oauthRefreshes = CounterMetric(
        unchecked: "integration_oauth_refresh_total", help: "OAuth token refreshes", labelNames: ["source_system", "status"])
}

extension HistogramMetric {
    /// `integration_sync_duration_seconds{source_system}` — how long one polling run took
    /// (the reference framework's histogram).
    public static let syncDuration = HistogramMetric(
        unchecked: "integration_sync_duration_seconds", help: "Integration sync duration",
        labelNames: ["source_system"], buckets: durationBuckets)

    /// `integration_webhook_delivery_duration_seconds{destination}` — from first attempt to final outcome.
    public static let webhookDeliveryDuration = HistogramMetric(
        unchecked: "integration_webhook_delivery_duration_seconds", help: "Outgoing webhook delivery duration including retries",
        labelNames: ["destination"], buckets: durationBuckets)
}
