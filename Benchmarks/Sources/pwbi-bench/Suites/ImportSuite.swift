import Foundation
import PWBIIntegration
import PWBIMapping

/// `pwbi-bench import`: a generated ~100 MB Pawoon POS export imported end to end — file →
/// PWBICSV streaming reader → Pawoon row mapper → ``BenchmarkTransactionStore`` (a lock, a
/// dictionary and an array: the importer is measured, not the library's plain reference store).
///
/// - `import-rows`: rows per second (goal ≥ 500 000), median of 3 runs, each into a fresh store.
/// - `import-peak-rss`: peak resident memory of the process during one import, MiB (the store
///   keeps every transaction, so this is mostly the store, not the importer).
///
/// `PWBI_BENCH_IMPORT_MB` sets a smaller file (e.g. 4) for runs under callgrind.
let importSuite = Suite(name: "import", summary: "100 MB POS export → CSV reader → row mapper → benchmark store") {
    let path = NSTemporaryDirectory() + "pwbi-bench-import-\(getpid()).csv"
    defer { unlink(path) }
    let megabytes = ProcessInfo.processInfo.environment["PWBI_BENCH_IMPORT_MB"].flatMap(Int.init) ?? 100
    let rows = try ImportBenchmark.generate(path: path, bytes: megabytes << 20)
    var imported = 0
    let seconds = Timing.interleaved(samples: 3, iterations: 1, warmup: 0, [
        ("ours", { imported = ImportBenchmark.importFile(path, rows: rows) }),
    ])["ours"] ?? .nan
    guard imported == rows else { throw BenchmarkFailure("imported \(imported) of \(rows) rows") }
    let peak = try PeakMemory.measure { _ = ImportBenchmark.importFile(path, rows: rows) }
    return [
        BenchmarkLine(benchmark: "import-rows", unit: "rows/s", ours: Double(rows) / seconds),
        BenchmarkLine(benchmark: "import-peak-rss", unit: "MiB", ours: peak),
    ]
}

enum ImportBenchmark {
    /// Writes a Pawoon export of about `bytes` bytes; returns its data rows.
    static func generate(path: String, bytes: Int) throws -> Int {
        guard let file = fopen(path, "wb") else { throw BenchmarkFailure("cannot write \(path)") }
        defer { fclose(file) }
        var written = 0
        func write(_ text: String) {
            var text = text
            text.withUTF8 { written += fwrite($0.baseAddress, 1, $0.count, file) }
        }
        write("Date,Transaction ID,Total,Tax,Items\n")
        let items = ["Nasi Goreng x1", "\"Es Teh, manis x2\"", "Kopi Susu x1", "\"Ayam Geprek x2\nSambal extra\"", "Mie Ayam x1"]
        var rows = 0
        while written < bytes {
            rows += 1
            let minute = rows % 60, second = (rows / 60) % 60
            let total = 10_000 + (rows * 7919) % 2_000_000
            let amount = total >= 1000 ? "\"\(Self.grouped(total))\"" : String(total)
            write("2025-12-27 10:\(String(minute).leftPadded(to: 2)):\(String(second).leftPadded(to: 2)),PWN-\(rows),\(amount),\(total / 11),\(items[rows % items.count])\n")
        }
        return rows
    }

    /// `1234567` → `1,234,567`: thousands grouped the way POS exports write them.
    static func grouped(_ value: Int) -> String {
        var digits = String(value % 1000), rest = value / 1000
        while rest > 0 {
            digits = (String(rest % 1000).leftPadded(to: rest >= 1000 ? 3 : 0)) + "," + digits.leftPadded(to: 3)
            rest /= 1000
        }
        return digits
    }

    /// Imports the file of `rows` rows into a fresh benchmark store; returns the rows stored.
    static func importFile(_ path: String, rows: Int) -> Int {
        let report = runBlocking {
            await CSVImporter(store: BenchmarkTransactionStore(capacity: rows))
                .importFile(atPath: path, using: PawoonExportRowMapper(), context: MappingContext(tenant: "bench"))
        }
        blackHole(report)
        return report.imported
    }
}
