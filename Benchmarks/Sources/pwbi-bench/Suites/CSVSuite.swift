import Foundation
import PWBICSV

/// `pwbi-bench csv`: PWBICSV against Python's csv module, CSV.swift 2.5.2 and SwiftCSV 0.10.0
/// on a generated ~100 MB POS export (8 columns, quoted amounts with thousands commas,
/// ~8% fields with doubled quotes, ~1% quoted newlines, CRLF), written to a temporary
/// directory at run time and removed afterwards. `PWBI_BENCH_CSV_MB` changes the size.
///
/// - `csv-bytes`: records as zero-copy byte views (``CSVRecordView``), MB/s.
/// - `csv-strings`: records as owned `String` fields (``CSVRecord``), MB/s.
/// - `csv-stream-peak-rss`: peak resident memory while streaming the file from disk, MiB.
///
/// Every peer produces `String` fields (none offers byte views), so the same peer figure
/// stands beside both throughput lines. Peer time includes decoding the bytes to text.
let csvSuite = Suite(name: "csv", summary: "CSV reader vs Python csv, CSV.swift, SwiftCSV on a ~100 MB POS export") {
    let megabytes = ProcessInfo.processInfo.environment["PWBI_BENCH_CSV_MB"].flatMap(Int.init) ?? 100
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-bench-csv-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("pos-export.csv").path
    let expectedRecords = try POSExportGenerator.write(to: path, megabytes: megabytes)

    // Peak memory first, before anything large is allocated in this process.
    let options = CSVReaderOptions(dialect: CSVDialect(delimiter: .comma))
    let ourPeak = try PeakMemory.measure {
        var reader = try CSVReader(contentsOfFile: path, options: options)
        var records = 0
        try reader.forEachRecord { view in records += view.count > 0 ? 1 : 0 }
        precondition(records == expectedRecords, "streamed \(records) records, expected \(expectedRecords)")
    }
    let yaslabPeak = try PeakMemory.measure {
        let rows = try YaslabCSVPeer.streamRecords(path: path)
        precondition(rows == expectedRecords + 1, "CSV.swift streamed \(rows) rows")
    }
    let swiftCSVPeak = try PeakMemory.measure {
        let rows = try SwiftCSVPeer.records(path: path)
        precondition(rows == expectedRecords, "SwiftCSV read \(rows) rows")
    }
    let pythonPeak = try PythonCSVPeer.run(["rss", path])["peak_mib"] ?? .nan

    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let size = Double(bytes.count) / 1e6

    let ours = Timing.interleaved(samples: 7, iterations: 1, [
        ("bytes", {
            var reader = CSVReader(bytes: bytes, options: options)
            var fields = 0
            var length = 0
            try? reader.forEachRecord { view in
                fields += view.count
                length &+= view[view.count - 1].count
            }
            precondition(fields == expectedRecords * 8)
            blackHole(length)
        }),
        ("strings", {
            var reader = CSVReader(bytes: bytes, options: options)
            var records = 0
            while let record = try? reader.next() {
                records += 1
                blackHole(record)
            }
            precondition(records == expectedRecords)
        }),
    ])
    let peers = Timing.interleaved(samples: 1, iterations: 1, warmup: 0, [
        ("CSV.swift", { precondition((try? YaslabCSVPeer.records(bytes: bytes)) == expectedRecords + 1) }),
        ("SwiftCSV", { precondition((try? SwiftCSVPeer.records(bytes: bytes)) == expectedRecords) }),
    ])
    let python = try PythonCSVPeer.run(["throughput", path, "3"])["seconds"] ?? .nan

    func rate(_ seconds: Double?) -> Double { size / (seconds ?? .nan) }
    let peerRates: [(name: String, value: Double)] = [
        ("python-csv", size / python),
        ("CSV.swift", rate(peers["CSV.swift"])),
        ("SwiftCSV", rate(peers["SwiftCSV"])),
    ]
    return [
        BenchmarkLine(benchmark: "csv-bytes", unit: "MB/s", ours: rate(ours["bytes"]), peers: peerRates),
        BenchmarkLine(benchmark: "csv-strings", unit: "MB/s", ours: rate(ours["strings"]), peers: peerRates),
        BenchmarkLine(benchmark: "csv-stream-peak-rss", unit: "MiB", ours: ourPeak, peers: [
            ("python-csv", pythonPeak), ("CSV.swift", yaslabPeak), ("SwiftCSV", swiftCSVPeak),
        ]),
    ]
}

/// Writes the benchmark's POS export: deterministic (seeded), streamed to disk in 1 MiB pieces.
enum POSExportGenerator {
    /// Writes about `megabytes` MB to `path`; returns the number of data records.
    static func write(to path: String, megabytes: Int) throws -> Int {
        guard let file = fopen(path, "wb") else { throw BenchmarkFailure("cannot create \(path)") }
        defer { fclose(file) }
        var random = BenchRandom(seed: 0x5EED_C5F)
        let target = megabytes * 1_000_000
        var written = 0
        var records = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        func flush() {
            buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
        buffer.append(contentsOf: "Receipt Number,Date,Time,Outlet,Item,Quantity,Gross Sales,Note\r\n".utf8)
        let outlets = ["Kopi Kenangan Sudirman", "Warung Makan Bu Tini", "Toko Roti Sari", "Bakmi GM Kemang", "Cafe Lumbung, Bandung"]
        let items = ["Es Kopi Susu", "Nasi Goreng Spesial", "Roti Bakar Coklat", "Teh Tarik", "Mie Ayam Bakso", "Croissant"]
        let notes = ["", "", "", "tanpa gula", "extra pedas", "bungkus", "meja 12", "promo 11.11"]
        while written + buffer.count < target {
            records += 1
            let day = 1 + Int(random.next() % 28)
            let cents = Int(random.next() % 5_000_000) * 100
            var line = "MK-\(String(records).leftPadded(to: 8)),2025-12-\(String(day).leftPadded(to: 2)),"
            line += "\(String(Int(random.next() % 24)).leftPadded(to: 2)):\(String(Int(random.next() % 60)).leftPadded(to: 2)):00,"
            let outlet = outlets[Int(random.next() % UInt64(outlets.count))]
            line += outlet.contains(",") ? "\"\(outlet)\"," : outlet + ","
            let item = items[Int(random.next() % UInt64(items.count))]
            line += random.next() % 100 < 8 ? "\"\(item) \"\"Gula Aren\"\"\"," : item + ","
            line += "\(1 + random.next() % 5),\"\(grouped(cents))\","
            let roll = random.next() % 100
            if roll == 0 {
                line += "\"catatan:\nkirim jam 5\""
            } else {
                line += notes[Int(random.next() % UInt64(notes.count))]
            }
            line += "\r\n"
            buffer.append(contentsOf: line.utf8)
            if buffer.count >= 1 << 20 { flush() }
        }
        flush()
        return records
    }

    /// `1234500` → `1,234,500`.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var result: [Character] = []
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return String(result)
    }
}

struct BenchRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    /// Left-padded with zeros to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Peak resident memory of this process during a piece of work (Linux: resets VmHWM
/// through /proc/self/clear_refs, then reads it back), in MiB.
enum PeakMemory {
    static func measure(_ work: () throws -> Void) throws -> Double {
        guard let clear = fopen("/proc/self/clear_refs", "w") else { throw BenchmarkFailure("cannot reset peak RSS (/proc/self/clear_refs)") }
        fputs("5", clear)
        fclose(clear)
        try work()
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { throw BenchmarkFailure("no VmHWM in /proc/self/status") }
        return kib / 1024
    }
}

/// Runs `Benchmarks/Scripts/csv_peer.py` and returns its JSON numbers.
enum PythonCSVPeer {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/csv_peer.py").path

    static func run(_ arguments: [String]) throws -> [String: Double] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: output) as? [String: Any]
        else { throw BenchmarkFailure("python csv peer failed: \(String(decoding: output, as: UTF8.self))") }
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}
