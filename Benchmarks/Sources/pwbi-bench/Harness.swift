import Foundation

/// One line of `pwbi-bench` output: `{"benchmark":…,"unit":…,"ours":…,"peers":{…}}`.
struct BenchmarkLine {
    let benchmark: String
    let unit: String
    let ours: Double
    var peers: [(name: String, value: Double)] = []

    /// The JSON line, keys in a fixed order, peers in the order given.
    var json: String {
        let peerText = peers.map { "\(quoted($0.name)):\(number($0.value))" }.joined(separator: ",")
        return "{\"benchmark\":\(quoted(benchmark)),\"unit\":\(quoted(unit)),\"ours\":\(number(ours)),\"peers\":{\(peerText)}}"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return value >= 100 ? String(format: "%.1f", value) : String(format: "%.4g", value)
    }
}

/// A named suite of benchmarks (`pwbi-bench signatures`).
struct Suite: Sendable {
    let name: String
    let summary: String
    let run: @Sendable () throws -> [BenchmarkLine]
}

/// Timing helpers: medians over repeated samples, contestants interleaved so that
/// drift (frequency scaling, a noisy neighbour) affects every contestant alike.
enum Timing {
    /// Monotonic now, in nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Seconds per call of each contestant: the median of `samples` samples, each timing
    /// `iterations` calls; one sample of every contestant per round.
    static func interleaved(
        samples: Int = 15,
        iterations: Int,
        warmup: Int = 1,
        _ contestants: [(name: String, body: () -> Void)]
    ) -> [String: Double] {
        var times: [String: [Double]] = [:]
        for round in 0..<(samples + warmup) {
            for contestant in contestants {
                let start = now()
                for _ in 0..<iterations { contestant.body() }
                let elapsed = Double(now() - start) / 1e9 / Double(iterations)
                if round >= warmup { times[contestant.name, default: []].append(elapsed) }
            }
        }
        return times.mapValues(median)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// A benchmark that could not measure what it should (a peer missing, a wrong result).
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs async work to completion from the synchronous benchmark harness.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let semaphore = DispatchSemaphore(value: 0)
    let box = BlockingResult<T>()
    Task.detached {
        box.value = await body()
        semaphore.signal()
    }
    semaphore.wait()
    guard let value = box.value else { preconditionFailure("runBlocking: no value") }
    return value
}

/// Hands a value from the detached task to the waiting thread (the semaphore orders the accesses).
final class BlockingResult<T>: @unchecked Sendable {
    var value: T?
}
