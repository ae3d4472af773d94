/// The demo's metrics in a few rows: each counter series with its value, each histogram series as
/// its count, p50 and p99 (the upper bound of the bucket that holds each rank, as Prometheus'
/// buckets allow no finer). Read back from the Prometheus exposition the host would serve, so the
/// summary shows exactly what `GET /metrics` says; `pwbi demo --metrics` prints the exposition itself.
enum MetricsSummary {
    /// `[metric, labels, value]` rows in the exposition's order.
    static func rows(exposition: String) -> [[String]] {
        var histograms: Set<String> = []
        var rows: [[String]] = []
        var buckets: [(bound: String, cumulative: UInt64)] = []
        for line in exposition.split(separator: "\n") {
            if line.hasPrefix("# TYPE "), line.hasSuffix(" histogram") {
                histograms.insert(String(line.dropFirst(7).dropLast(10)))
                continue
            }
            guard !line.hasPrefix("#"), let sample = Sample(line) else { continue }
            if family(of: sample.name, suffix: "_bucket", in: histograms) != nil {
                let bound = sample.labels.first { $0.name == "le" }.map { String($0.value) } ?? "+Inf"
                buckets.append((bound, UInt64(sample.value) ?? 0))
            } else if let family = family(of: sample.name, suffix: "_count", in: histograms) {
                let count = UInt64(sample.value) ?? 0
                rows.append([
                    family, labelText(sample.labels),
                    "count \(count), p50 \(quantile(0.5, count: count, buckets)), p99 \(quantile(0.99, count: count, buckets))",
                ])
                buckets = []
            } else if family(of: sample.name, suffix: "_sum", in: histograms) == nil {
                rows.append([String(sample.name), labelText(sample.labels), sample.value])
            }
        }
        return rows
    }

    /// The bucket bound below which at least `q` of the `count` observations fall (`≤ 0.5s`).
    static func quantile(_ q: Double, count: UInt64, _ buckets: [(bound: String, cumulative: UInt64)]) -> String {
        guard count > 0 else { return "-" }
        let rank = max(1, UInt64((q * Double(count)).rounded(.up)))
        guard let bucket = buckets.first(where: { $0.cumulative >= rank }) else { return "-" }
        if bucket.bound == "+Inf" { return "> \(buckets.dropLast().last?.bound ?? "0")s" }
        return "≤ \(bucket.bound)s"
    }

    private static func family(of name: Substring, suffix: String, in histograms: Set<String>) -> String? {
        guard name.hasSuffix(suffix) else { return nil }
        let family = String(name.dropLast(suffix.count))
        return histograms.contains(family) ? family : nil
    }

    private static func labelText(_ labels: [(name: Substring, value: Substring)]) -> String {
        labels.filter { $0.name != "le" }.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }

    /// One exposition line: `name{label="value",…} value`. The demo's label values hold no quotes
    /// or commas, so a plain split is enough here (the exposition itself escapes them).
    struct Sample {
        let name: Substring
        let labels: [(name: Substring, value: Substring)]
        let value: String

        init?(_ line: Substring) {
            guard let space = line.lastIndex(of: " ") else { return nil }
            value = String(line[line.index(after: space)...])
            let series = line[..<space]
            guard let open = series.firstIndex(of: "{") else {
                name = series
                labels = []
                return
            }
            name = series[..<open]
            labels = series[series.index(after: open)...].dropLast().split(separator: ",").compactMap { pair in
                guard let equals = pair.firstIndex(of: "=") else { return nil }
                return (pair[..<equals], pair[pair.index(after: equals)...].dropFirst().dropLast())
            }
        }
    }
}
