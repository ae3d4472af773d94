/// Where the pipelines report what they do: counters and histograms with labels.
///
/// The host adapts it to its metrics system (swift-metrics, OpenTelemetry, StatsD…) or uses
/// ``InMemoryIntegrationMetrics``, which renders the Prometheus text format. Labels not declared
/// by the metric are ignored; a declared label left out is recorded as the empty string.
/// Implementations must be cheap and must never throw: metrics never fail a pipeline.
public protocol IntegrationMetrics: Sendable {
    /// Adds `amount` to the counter's series for `labels`.
    func increment(_ counter: CounterMetric, labels: [String: String], by amount: UInt64)
    /// Records one observation in the histogram's series for `labels`.
    func observe(_ histogram: HistogramMetric, labels: [String: String], value: Double)
}

extension IntegrationMetrics {
    /// Adds one to the counter's series for `labels`.
    public func increment(_ counter: CounterMetric, labels: [String: String]) {
        increment(counter, labels: labels, by: 1)
    }

    /// Records a duration, in seconds.
    public func observe(_ histogram: HistogramMetric, labels: [String: String], duration: Duration) {
        observe(histogram, labels: labels, value: duration.metricSeconds)
    }
}

/// Metrics that go nowhere: the default when the host supplies none.
public struct DiscardingIntegrationMetrics: IntegrationMetrics {
    /// Metrics that record nothing.
    public init() {}
    public func increment(_ counter: CounterMetric, labels: [String: String], by amount: UInt64) {}
    public func observe(_ histogram: HistogramMetric, labels: [String: String], value: Double) {}
}

extension Duration {
    /// The duration in seconds, as a floating-point value (for metrics only).
    var metricSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
