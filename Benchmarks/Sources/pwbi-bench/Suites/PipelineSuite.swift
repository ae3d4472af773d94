import Foundation
import PWBIIntegration
import PWBIMapping
import PWBISignatures
import Synchronization

/// `pipeline`: a signed 1 KiB Karage order through verify → parse → map → validate →
/// idempotency → in-memory store → response, every delivery a new order; one task, then 100
/// concurrent tasks. Peer: the reference framework's receiver logic in Python
/// (`Scripts/receiver_peer.py`: hmac.compare_digest + json.loads + dict mapper + dict idempotency).
let pipelineSuite = Suite(
    name: "pipeline",
    summary: "signed 1 KiB order: verify → parse → map → idempotency → store (deliveries/s), single task and 100 tasks, vs Python"
) {
    let secret = "pwbi-bench-secret"
    let template = try String(contentsOfFile: PipelineBench.script("order-1KiB.json"), encoding: .utf8)
    let deliveries = 20_000
    let requests = (1...deliveries).map { number -> WebhookRequest in
        let body = Array(template.replacingOccurrences(of: "\"OrderID\": 1,", with: "\"OrderID\": \(number),").utf8)
        let mac = HMAC<SHA256>(utf8Key: secret).authenticationCode(for: body).hexString
        return WebhookRequest(source: "karage", headers: WebhookHeaders([("X-Webhook-Signature", mac)]), body: body)
    }
    guard let bodySize = requests.first?.body.count, bodySize >= 1000 else { throw BenchmarkFailure("the order is not 1 KiB") }

    // Both contestants must succeed on every delivery, or the figures mean nothing.
    let check = PipelineBench.run(requests, secret: secret, tasks: 1)
    guard check == deliveries else { throw BenchmarkFailure("only \(check) of \(deliveries) deliveries succeeded") }

    let times = Timing.interleaved(samples: 7, iterations: 1, [
        ("single", { _ = PipelineBench.run(requests, secret: secret, tasks: 1) }),
        ("concurrent", { _ = PipelineBench.run(requests, secret: secret, tasks: 100) }),
    ])
    let pythonSingle = try PipelineBench.python(template: PipelineBench.script("order-1KiB.json"), secret: secret, deliveries: deliveries, mode: "single")
    let pythonThreads = try PipelineBench.python(template: PipelineBench.script("order-1KiB.json"), secret: secret, deliveries: deliveries, mode: "threads")
    return [
        BenchmarkLine(
            benchmark: "pipeline-single", unit: "deliveries/s", ours: Double(deliveries) / (times["single"] ?? .nan),
            peers: [("python", pythonSingle)]
        ),
        BenchmarkLine(
            benchmark: "pipeline-concurrent", unit: "deliveries/s", ours: Double(deliveries) / (times["concurrent"] ?? .nan),
            peers: [("python", pythonThreads)]
        ),
    ]
}

enum PipelineBench {
    /// A file under `Benchmarks/Scripts`.
    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Scripts/\(name)")
            .standardizedFileURL.path
    }

    /// A fresh receiver (empty stores) for one sample.
    static func receiver(secret: String) -> WebhookReceiver {
        var sources = WebhookSourceRegistry()
        let riyadh = ZoneRule(identifier: "Asia/Riyadh")
        try? sources.register(WebhookSource(
            name: "karage", tenant: "merchant-1", authentication: .signature(HexHMACSHA256Scheme(), secrets: [secret]),
            envelope: .body(.transactionCreated), mapper: KarageMapper(), rules: [.karageDefaults()],
            mapping: MappingContext(tenant: "", zones: ZoneResolution(configured: riyadh), defaultCurrency: .SAR)
        ))
        return WebhookReceiver(sources: sources, idempotency: InMemoryIdempotencyStore(), transactions: InMemoryTransactionStore())
    }

    /// Delivers every request once, spread over `tasks` concurrent tasks; blocks until done and
    /// returns how many were answered 200.
    static func run(_ requests: [WebhookRequest], secret: String, tasks: Int) -> Int {
        let receiver = receiver(secret: secret)
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        Task {
            let succeeded = await withTaskGroup(of: Int.self) { group in
                for part in 0..<tasks {
                    group.addTask {
                        var ok = 0
                        var index = part
                        while index < requests.count {
                            if await receiver.receive(requests[index]).status == 200 { ok += 1 }
                            index += tasks
                        }
                        return ok
                    }
                }
                return await group.reduce(0, +)
            }
            result.set(succeeded)
            done.signal()
        }
        done.wait()
        return result.value
    }

    /// Runs the Python peer; its median deliveries per second.
    static func python(template: String, secret: String, deliveries: Int, mode: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script("receiver_peer.py"), template, secret, String(deliveries), "5", mode]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let value = Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw BenchmarkFailure("receiver_peer.py \(mode) failed (status \(process.terminationStatus))") }
        return value
    }
}

/// A value handed from the benchmark's task back to the waiting thread.
final class ResultBox: Sendable {
    private let stored = Mutex(0)
    func set(_ value: Int) { stored.withLock { $0 = value } }
    var value: Int { stored.withLock { $0 } }
}
