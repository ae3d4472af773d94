import Foundation
import PWBIMapping

/// `pwbi-bench mapping`: a 615-byte Karage order (2 line items, 2 split payments, ~10 money
/// fields) mapped to a unified transaction — bytes in, exact amounts out.
///
/// Peers in the same run: Foundation `JSONDecoder` into equivalent Codable structs with
/// `Decimal` amounts (then the same mapping), and Python `json.loads(parse_float=Decimal)` +
/// dict mapping (`Benchmarks/Scripts/mapping_peer.py`).
///
/// `PWBI_BENCH_MAPPING_COUNT=N` maps the order N times with no peers and no timing, for
/// instruction counts under callgrind: (instructions at N₂ − at N₁) / (N₂ − N₁) is the cost of
/// one order.
let mappingSuites: [Suite] = [
    Suite(name: "mapping", summary: "mapping-order: a 615-byte order → unified transaction (µs)") {
        let benchmarks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let orderURL = benchmarks.appendingPathComponent("Fixtures/karage-order-615.json")
        let orderData = try Data(contentsOf: orderURL)
        let orderBytes = [UInt8](orderData)

        let mapper = KarageMapper()
        let context = MappingContext(
            tenant: "bench", zone: ZoneRule(identifier: "Asia/Riyadh") ?? .utc, defaultCurrency: .SAR)
        // Both contestants must agree on the exact amounts before anything is timed.
        let ours = try mapper.map(body: orderBytes, event: .transactionCreated, context: context)
        if let count = ProcessInfo.processInfo.environment["PWBI_BENCH_MAPPING_COUNT"].flatMap(Int.init) {
            for _ in 0..<count {
                blackHole(try? mapper.map(body: orderBytes, event: .transactionCreated, context: context))
            }
            return [BenchmarkLine(benchmark: "mapping-order-count", unit: "orders", ours: Double(count))]
        }
        let decoder = JSONDecoder()
        let dateStyle = CodableKarage.riyadhDateStyle
        let peer = try CodableKarage.map(orderData, decoder: decoder, dateFormat: dateStyle)
        guard let transaction = ours.transactions.first,
            transaction.total.decimalValue == peer.total, transaction.paid?.decimalValue == peer.paid,
            transaction.lineItems.map(\.lineTotal?.decimalValue) == peer.lines.map({ Optional($0.lineTotal) }),
            transaction.occurredAt.instant.secondsSince1970 == Int64(peer.occurredAt.timeIntervalSince1970)
        else {
            throw MappingBenchmarkError.disagreement
        }

        let seconds = Timing.interleaved(iterations: 2_000, [
            ("ours", {
                blackHole(try? mapper.map(body: orderBytes, event: .transactionCreated, context: context))
            }),
            ("JSONDecoder", {
                blackHole(try? CodableKarage.map(orderData, decoder: decoder, dateFormat: dateStyle))
            }),
        ])
        var line = BenchmarkLine(benchmark: "mapping-order", unit: "µs", ours: (seconds["ours"] ?? .nan) * 1e6)
        line.peers.append(("JSONDecoder", (seconds["JSONDecoder"] ?? .nan) * 1e6))
        line.peers.append(("python", pythonMappingPeer(script: benchmarks.appendingPathComponent("Scripts/mapping_peer.py"), order: orderURL)))
        return [line]
    }
]

enum MappingBenchmarkError: Error, CustomStringConvertible {
    case disagreement
    var description: String { "PWBIMapping and the JSONDecoder peer disagree on the order's amounts" }
}

/// Runs the Python peer; NaN (printed as null) when Python is not available.
func pythonMappingPeer(script: URL, order: URL) -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, order.path, "2000", "15"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.standardError
    do {
        try process.run()
    } catch {
        return .nan
    }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return .nan }
    let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return Double(text) ?? .nan
}
