import Testing
import PWBIIntegration

@Suite("Prometheus metrics")
struct MetricsTests {
    @Test func syncCounterAndHistogramParseBack() throws {
        let metrics = InMemoryIntegrationMetrics()
        metrics.increment(.syncTotal, labels: ["source_system": "qasir", "status": "success"])
        metrics.increment(.syncTotal, labels: ["source_system": "qasir", "status": "success"])
        metrics.increment(.syncTotal, labels: ["source_system": "moka", "status": "failure"], by: 3)
        metrics.observe(.syncDuration, labels: ["source_system": "qasir"], duration: .milliseconds(40))
        metrics.observe(.syncDuration, labels: ["source_system": "qasir"], duration: .seconds(2))
        metrics.observe(.syncDuration, labels: ["source_system": "qasir"], value: 1000)

        let families = try PrometheusTextParser.parse(metrics.prometheusText())
        let sync = try #require(families["integration_sync_total"])
        #expect(sync.type == "counter")
        #expect(sync.help == "Total integration syncs")
        #expect(sync.samples == [
            PrometheusSample(name: "integration_sync_total", labels: ["source_system": "moka", "status": "failure"], value: "3"),
            PrometheusSample(name: "integration_sync_total", labels: ["source_system": "qasir", "status": "success"], value: "2"),
        ])

        let duration = try #require(families["integration_sync_duration_seconds"])
        #expect(duration.type == "histogram")
        let buckets = duration.samples.filter { $0.name.hasSuffix("_bucket") }
        #expect(buckets.count == HistogramMetric.durationBuckets.count + 1)
        func bucket(_ le: String) -> String? { buckets.first { $0.labels["le"] == le }?.value }
        #expect(bucket("0.025") == "0")
        #expect(bucket("0.05") == "1")
        #expect(bucket("1.0") == "1")
        #expect(bucket("2.5") == "2")
        #expect(bucket("300.0") == "2")
        #expect(bucket("+Inf") == "3")
        let cumulative = buckets.compactMap { Int($0.value) }
        #expect(cumulative == cumulative.sorted())
        #expect(duration.samples.first { $0.name.hasSuffix("_count") }?.value == "3")
        let sum = try #require(duration.samples.first { $0.name.hasSuffix("_sum") }.flatMap { Double($0.value) })
        #expect(abs(sum - 1002.04) < 1e-9)
        #expect(buckets.allSatisfy { $0.labels["source_system"] == "qasir" })
    }

    @Test(arguments: [
        "plain", "quote\"inside", "back\\slash", "line\nbreak", "all \\\" \n together", "Warung Kopi, Jl. Sudirman {1}", "ÜTF-8 ☕️", "",
    ])
    func labelValuesRoundTrip(_ value: String) throws {
        let metrics = InMemoryIntegrationMetrics()
        metrics.increment(.csvRows, labels: ["source_system": value, "result": "imported"], by: 7)
        let text = metrics.prometheusText()
        #expect(!text.dropLast().contains("\n\n"))
        let families = try PrometheusTextParser.parse(text)
        let sample = try #require(families["integration_csv_rows_total"]?.samples.first)
        #expect(sample.labels == ["source_system": value, "result": "imported"])
        #expect(sample.value == "7")
    }

    @Test func escapingIsExact() {
        #expect(InMemoryIntegrationMetrics.escapeLabelValue(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
    }

    @Test func undeclaredLabelsAreIgnoredAndMissingOnesEmpty() throws {
        let metrics = InMemoryIntegrationMetrics()
        metrics.increment(.webhookDeliveries, labels: ["destination": "erp", "extra": "x"])
        let families = try PrometheusTextParser.parse(metrics.prometheusText())
        let sample = try #require(families["integration_webhook_deliveries_total"]?.samples.first)
        #expect(sample.labels == ["destination": "erp", "status": ""])
        #expect(metrics.value(of: .webhookDeliveries, labels: ["destination": "erp"]) == 1)
    }

    @Test func familiesAreSortedAndEmptyOutputIsEmpty() throws {
        let metrics = InMemoryIntegrationMetrics()
        #expect(metrics.prometheusText() == "")
        metrics.increment(.webhookAttempts, labels: ["destination": "a", "outcome": "500"])
        metrics.increment(.csvImports, labels: ["source_system": "moka", "status": "success"])
        metrics.observe(.webhookDeliveryDuration, labels: ["destination": "a"], value: 7)
        let names = metrics.prometheusText().split(separator: "\n").filter { $0.hasPrefix("# TYPE") }.map { $0.split(separator: " ")[2] }
        #expect(names == ["integration_csv_imports_total", "integration_webhook_attempts_total", "integration_webhook_delivery_duration_seconds"])
    }

    @Test func concurrentIncrementsAreAllCounted() async {
        let metrics = InMemoryIntegrationMetrics()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for _ in 0..<1000 {
                        metrics.increment(.syncTotal, labels: ["source_system": task.isMultiple(of: 2) ? "a" : "b", "status": "success"])
                    }
                }
            }
        }
        #expect(metrics.value(of: .syncTotal, labels: ["source_system": "a", "status": "success"]) == 4000)
        #expect(metrics.value(of: .syncTotal, labels: ["source_system": "b", "status": "success"]) == 4000)
    }

    @Test(arguments: [
        ("bad-name", ["ok"]), ("9starts", ["ok"]), ("ok_name", ["bad-label"]), ("ok_name", ["__reserved"]), ("ok_name", ["a", "a"]), ("", []),
    ])
    func invalidDefinitionsAreRejected(_ name: String, _ labels: [String]) {
        #expect(throws: MetricDefinitionError.self) { try CounterMetric(name: name, help: "h", labelNames: labels) }
    }

    @Test func histogramDefinitionRules() throws {
        #expect(throws: MetricDefinitionError.invalidLabelName("le")) {
            try HistogramMetric(name: "h_seconds", help: "h", labelNames: ["le"], buckets: [1])
        }
        #expect(throws: MetricDefinitionError.badBuckets("h_seconds")) {
            try HistogramMetric(name: "h_seconds", help: "h", labelNames: [], buckets: [1, 1])
        }
        #expect(throws: MetricDefinitionError.badBuckets("h_seconds")) {
            try HistogramMetric(name: "h_seconds", help: "h", labelNames: [], buckets: [1, .infinity])
        }
        let custom = try HistogramMetric(name: "rows:per_file", help: "multi\nline \\ help", labelNames: [], buckets: [10, 100])
        let metrics = InMemoryIntegrationMetrics()
        metrics.observe(custom, labels: [:], value: 50)
        let text = metrics.prometheusText()
        #expect(text.contains("# HELP rows:per_file multi\\nline \\\\ help\n"))
        let family = try #require(try PrometheusTextParser.parse(text)["rows:per_file"])
        #expect(family.help == "multi\nline \\ help")
        #expect(family.samples.map(\.value) == ["0", "1", "1", "50.0", "1"])
    }
}
