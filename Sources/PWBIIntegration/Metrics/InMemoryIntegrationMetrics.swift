import Synchronization

/// ``IntegrationMetrics`` kept in memory and rendered in the Prometheus text exposition format
/// (version 0.0.4), ready to serve on `/metrics`.
///
/// ```swift
/// let metrics = InMemoryIntegrationMetrics()
/// metrics.increment(.syncTotal, labels: ["source_system": "qasir", "status": "success"])
/// print(metrics.prometheusText())
/// // # HELP integration_sync_total Total integration syncs
/// // # TYPE integration_sync_total counter
/// // integration_sync_total{source_system="qasir",status="success"} 1
/// ```
public final class InMemoryIntegrationMetrics: IntegrationMetrics {
    private struct HistogramSeries {
        var bucketCounts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    private struct State {
        var counters: [String: (metric: CounterMetric, series: [[String]: UInt64])] = [:]
        var histograms: [String: (metric: HistogramMetric, series: [[String]: HistogramSeries])] = [:]
    }

    private let state = Mutex(State())

    /// Metrics with no sample recorded yet.
    public init() {}

    public func increment(_ counter: CounterMetric, labels: [String: String], by amount: UInt64) {
        let key = counter.labelNames.map { labels[$0] ?? "" }
        state.withLock { state in
            var family = state.counters[counter.name] ?? (counter, [:])
            let (sum, overflow) = family.series[key, default: 0].addingReportingOverflow(amount)
            family.series[key] = overflow ? .max : sum
            state.counters[counter.name] = family
        }
    }

    public func observe(_ histogram: HistogramMetric, labels: [String: String], value: Double) {
        guard !value.isNaN else { return }
        let key = histogram.labelNames.map { labels[$0] ?? "" }
        state.withLock { state in
            var family = state.histograms[histogram.name] ?? (histogram, [:])
            var series = family.series[key] ?? HistogramSeries(bucketCounts: Array(repeating: 0, count: histogram.buckets.count))
            if let index = histogram.buckets.firstIndex(where: { value <= $0 }) {
                series.bucketCounts[index] += 1
            }
            series.sum += value
            series.count += 1
            family.series[key] = series
            state.histograms[histogram.name] = family
        }
    }

    /// The current value of one counter series (0 when never incremented).
    public func value(of counter: CounterMetric, labels: [String: String]) -> UInt64 {
        let key = counter.labelNames.map { labels[$0] ?? "" }
        return state.withLock { $0.counters[counter.name]?.series[key] ?? 0 }
    }

    /// How many observations one histogram series holds, and their sum.
    public func observations(of histogram: HistogramMetric, labels: [String: String]) -> (count: UInt64, sum: Double) {
        let key = histogram.labelNames.map { labels[$0] ?? "" }
        return state.withLock { state in
            guard let series = state.histograms[histogram.name]?.series[key] else { return (0, 0) }
            return (series.count, series.sum)
        }
    }

    /// Everything recorded, in the Prometheus text exposition format: families sorted by name,
    /// series by label values, label values escaped (`\\`, `\"`, `\n`).
    public func prometheusText() -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        var names = Array(snapshot.counters.keys) + Array(snapshot.histograms.keys)
        names.sort()
        for name in names {
            if let family = snapshot.counters[name] {
                let metric = family.metric
                out += "# HELP \(name) \(Self.escapeHelp(metric.help))\n# TYPE \(name) counter\n"
                for key in family.series.keys.sorted(by: Self.lexicographic) {
                    out += name + Self.labelText(metric.labelNames, key) + " \(family.series[key] ?? 0)\n"
                }
            } else if let family = snapshot.histograms[name] {
                let metric = family.metric
                out += "# HELP \(name) \(Self.escapeHelp(metric.help))\n# TYPE \(name) histogram\n"
                for key in family.series.keys.sorted(by: Self.lexicographic) {
                    guard let series = family.series[key] else { continue }
                    var cumulative: UInt64 = 0
                    let withLE = metric.labelNames + ["le"]
                    for (bound, count) in zip(metric.buckets, series.bucketCounts) {
                        cumulative += count
                        out += name + "_bucket" + Self.labelText(withLE, key + [Self.number(bound)]) + " \(cumulative)\n"
                    }
                    out += name + "_bucket" + Self.labelText(withLE, key + ["+Inf"]) + " \(series.count)\n"
                    out += name + "_sum" + Self.labelText(metric.labelNames, key) + " \(Self.number(series.sum))\n"
                    out += name + "_count" + Self.labelText(metric.labelNames, key) + " \(series.count)\n"
                }
            }
        }
        return out
    }

    private static func lexicographic(_ a: [String], _ b: [String]) -> Bool {
        a.lexicographicallyPrecedes(b)
    }

    private static func labelText(_ names: [String], _ values: [String]) -> String {
        guard !names.isEmpty else { return "" }
        return "{" + zip(names, values).map { "\($0)=\"\(escapeLabelValue($1))\"" }.joined(separator: ",") + "}"
    }

    /// A label value escaped for the text format: backslash, double quote and line feed.
    public static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    private static func escapeHelp(_ help: String) -> String {
        var out = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value.isNaN { return "NaN" }
        return "\(value)"
    }
}
