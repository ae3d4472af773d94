import Foundation
import PWBIMapping

/// `pwbi-bench accounting`: a trading day of 2 000 rupiah transactions (split tenders, change,
/// discounts, service charge, PB1, refunds, two outlets) posted through an account mapping — one
/// balanced entry per transaction, and one summary per outlet and day — beside a Python peer
/// doing the same posting with `Decimal` (`Scripts/accounting_peer.py`).
let accountingSuite = Suite(name: "accounting", summary: "journal entries and day summaries from unified transactions vs Python Decimal") {
    let transactions = try AccountingBench.day(count: 2_000)
    let mapping = try AccountMapping(json: Array(AccountingBench.mappingJSON.utf8))
    let builder = JournalBuilder(mapping: mapping)

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-bench-accounting-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let transactionsFile = directory.appendingPathComponent("day.ndjson")
    let mappingFile = directory.appendingPathComponent("mapping.json")
    try Data(transactions.map { UnifiedJSON.encode($0) }.joined(separator: "\n").utf8).write(to: transactionsFile)
    try Data(AccountingBench.mappingJSON.utf8).write(to: mappingFile)

    var lines: [BenchmarkLine] = []
    for (name, mode, body) in [
        ("journal-entries", "entries", { blackHole(try? builder.entries(for: transactions)) } as () -> Void),
        ("journal-summary-day", "summary", { blackHole(try? builder.summaries(for: transactions, period: .day)) } as () -> Void),
    ] {
        let times = Timing.interleaved(samples: 9, iterations: 5, [("ours", body)])
        let ours = (times["ours"] ?? .nan) / Double(transactions.count) * 1e6
        let python = AccountingBench.python(transactionsFile.path, mappingFile.path, mode)
        lines.append(BenchmarkLine(benchmark: name, unit: "µs/transaction", ours: ours, peers: [("python", python)]))
    }
    return lines
}

enum AccountingBench {
    static let mappingJSON = """
        {"time_zone": "Asia/Jakarta", "payments": {"cash": "1101", "card": "1102", "QRIS": "1103"},
         "revenue": "4101", "tax_kind": "PB1", "tax_payable": {"PB1": "2104"}, "service_charge_income": "4103",
         "discounts": "4104", "rounding": "6901", "refunds": "4105", "rounding_tolerance": "100"}
        """

    /// A seeded trading day (the same every run).
    static func day(count: Int) throws -> [UnifiedTransaction] {
        var state: UInt64 = 2025
        func next(_ range: ClosedRange<Int>) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
        func money(_ text: String) throws -> Money { try Money(parsing: text) }
        var result: [UnifiedTransaction] = []
        for index in 0..<count {
            let subtotal = Money(next(1...500) * 1000)
            let discount = next(0...1) == 1 ? try subtotal * money("0.20") : .zero
            let service = try subtotal * money("0.05")
            let tax = try (subtotal - discount + service) * money("0.10")
            let total = try subtotal - discount + service + tax
            let refund = next(0...6) == 0
            var payments = [Payment(method: .card, amount: total)]
            var change: Money? = nil
            if !refund, next(0...1) == 1 {
                let tendered = try total + Money(next(0...20) * 1000)
                payments = [Payment(method: .cash, amount: tendered)]
                change = try tendered - total
            } else if !refund, next(0...1) == 1 {
                let cash = Money(next(0...Int(total.significand) / 1000) * 1000)
                payments = [Payment(method: .cash, amount: cash), Payment(method: .qr, label: "QRIS", amount: try total - cash)]
            }
            result.append(UnifiedTransaction(
                tenant: "resto-1", sourceSystem: .karage, externalID: "B\(index)", outlet: next(0...1) == 0 ? "JKT-01" : "JKT-02",
                kind: refund ? .refund : .sale,
                occurredAt: ZonedTimestamp(instant: Timestamp(secondsSince1970: 1_766_768_400 + Int64(next(0...60_000))),
                                           utcOffsetSeconds: 25_200, zoneDecision: .explicit),
                currency: .IDR, subtotal: subtotal, discount: discount.isZero ? nil : discount, serviceCharge: service,
                tax: tax, total: total, change: change, payments: payments))
        }
        return result
    }

    /// The Python peer's median µs per transaction, or NaN when python3 is not there.
    static func python(_ transactions: String, _ mapping: String, _ mode: String) -> Double {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../Scripts/accounting_peer.py").standardizedFileURL.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, transactions, mapping, mode]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return .nan }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Double(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan
    }
}
