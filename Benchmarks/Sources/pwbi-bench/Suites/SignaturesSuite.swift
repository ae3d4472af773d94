import Crypto
import Foundation
import PWBISignatures

/// `pwbi-bench signatures`: SHA-256 at 64 B, 1 KiB, 16 KiB and 1 MiB, SHA-512 at 16 KiB (MB/s),
/// HMAC-SHA256 verify of 1 KiB under a reused key (ops/s), and heap allocations per verify.
///
/// Peers: `swift-crypto` (BoringSSL, which uses the CPU's SHA extension when present) and
/// `swift-crypto-no-sha-ext` — the same code measured in a child process started with
/// `OPENSSL_ia32cap=":~0x20000000"`, which masks the SHA extension bit from BoringSSL.
let signaturesSuite = Suite(
    name: "signatures",
    summary: "SHA-256, SHA-512 and HMAC-SHA256 verify against swift-crypto (with and without the SHA extension)"
) {
    let environment = ProcessInfo.processInfo.environment
    if environment[SignaturesBench.childVariable] == "peer" {
        // Child mode: only swift-crypto, reported as the peer of each line.
        return SignaturesBench.measure(includeOurs: false)
    }
    if environment[SignaturesBench.childVariable] == "mtrace" {
        SignaturesBench.traceAllocations()
        return []
    }
    var lines = SignaturesBench.measure(includeOurs: true)
    let masked = try SignaturesBench.runChild(mode: "peer", extraEnvironment: ["OPENSSL_ia32cap": ":~0x20000000"])
    for index in lines.indices {
        if let value = masked[lines[index].benchmark] {
            lines[index].peers.append((name: "swift-crypto-no-sha-ext", value: value))
        }
    }
    if let allocations = try SignaturesBench.allocationsPerVerify() {
        lines.append(BenchmarkLine(
            benchmark: "hmac-sha256-verify-1KiB-allocations", unit: "allocs/op",
            ours: allocations.ours, peers: [(name: "swift-crypto", value: allocations.peer)]))
    }
    return lines
}

enum SignaturesBench {
    static let childVariable = "PWBI_BENCH_SIGNATURES_CHILD"
    static let verifyCount = 10_000

    static func message(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    /// One line per benchmark; `includeOurs: false` measures swift-crypto alone (child mode).
    static func measure(includeOurs: Bool) -> [BenchmarkLine] {
        var lines: [BenchmarkLine] = []
        let sizes: [(name: String, bytes: Int, iterations: Int)] = [
            ("64B", 64, 40_000), ("1KiB", 1024, 4_000), ("16KiB", 16 * 1024, 300), ("1MiB", 1 << 20, 5),
        ]
        for size in sizes {
            let data = message(size.bytes)
            var contestants: [(name: String, body: () -> Void)] = [
                ("swift-crypto", { blackHole(Crypto.SHA256.hash(data: data)) })
            ]
            if includeOurs { contestants.append(("ours", { blackHole(PWBISignatures.SHA256.hash(data: data)) })) }
            let times = Timing.interleaved(iterations: size.iterations, contestants)
            lines.append(line("sha256-\(size.name)", "MB/s", bytes: size.bytes, times, includeOurs))
        }
        do {
            let data = message(16 * 1024)
            var contestants: [(name: String, body: () -> Void)] = [
                ("swift-crypto", { blackHole(Crypto.SHA512.hash(data: data)) })
            ]
            if includeOurs { contestants.append(("ours", { blackHole(PWBISignatures.SHA512.hash(data: data)) })) }
            let times = Timing.interleaved(iterations: 300, contestants)
            lines.append(line("sha512-16KiB", "MB/s", bytes: 16 * 1024, times, includeOurs))
        }
        do {
            let data = message(1024)
            let secret = Array("whsec_benchmark-secret-used-for-every-message".utf8)
            let ourKey = HMAC<PWBISignatures.SHA256>(key: secret)
            let ourTag = ourKey.authenticationCode(for: data).bytes
            let theirKey = SymmetricKey(data: secret)
            let theirTag = Array(Crypto.HMAC<Crypto.SHA256>.authenticationCode(for: data, using: theirKey))
            precondition(ourTag == theirTag, "HMAC mismatch between ours and swift-crypto")
            var contestants: [(name: String, body: () -> Void)] = [
                ("swift-crypto", {
                    blackHole(Crypto.HMAC<Crypto.SHA256>.isValidAuthenticationCode(theirTag, authenticating: data, using: theirKey))
                })
            ]
            if includeOurs { contestants.append(("ours", { blackHole(ourKey.isValidAuthenticationCode(ourTag, for: data)) })) }
            let times = Timing.interleaved(iterations: 4_000, contestants)
            lines.append(line("hmac-sha256-verify-1KiB", "ops/s", bytes: nil, times, includeOurs))
        }
        return lines
    }

    private static func line(
        _ name: String, _ unit: String, bytes: Int?, _ times: [String: Double], _ includeOurs: Bool
    ) -> BenchmarkLine {
        func rate(_ seconds: Double?) -> Double {
            guard let seconds, seconds > 0 else { return .nan }
            return bytes.map { Double($0) / seconds / 1e6 } ?? 1 / seconds
        }
        return BenchmarkLine(
            benchmark: name, unit: unit, ours: includeOurs ? rate(times["ours"]) : .nan,
            peers: [(name: "swift-crypto", value: rate(times["swift-crypto"]))])
    }

    /// Runs this executable's `signatures` suite in a child process and returns, per benchmark,
    /// the swift-crypto figure it printed.
    static func runChild(mode: String, extraEnvironment: [String: String]) throws -> [String: Double] {
        let output = try runSelf(environment: extraEnvironment.merging([childVariable: mode]) { $1 })
        var values: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let name = object["benchmark"] as? String,
                  let peers = object["peers"] as? [String: Any],
                  let value = peers["swift-crypto"] as? Double
            else { continue }
            values[name] = value
        }
        return values
    }

    private static func runSelf(environment extra: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = ["signatures"]
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ChildFailed(status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }

    struct ChildFailed: Error { let status: Int32 }

    // MARK: Heap allocations per verify, counted by glibc's mtrace

    /// Allocations per HMAC verify, ours and swift-crypto's: a child process preloads glibc's
    /// `libc_malloc_debug.so` and brackets `verifyCount` verifies of each with `mtrace()`/`muntrace()`;
    /// every `malloc`/`calloc`/`realloc` in between is one line of the trace. Nil where unavailable.
    static func allocationsPerVerify() throws -> (ours: Double, peer: Double)? {
        let library = "/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"
        guard FileManager.default.fileExists(atPath: library) else { return nil }
        var counts: [Double] = []
        for contestant in ["ours", "swift-crypto"] {
            let trace = FileManager.default.temporaryDirectory.appendingPathComponent("pwbi-mtrace-\(getpid())-\(contestant)").path
            defer { try? FileManager.default.removeItem(atPath: trace) }
            _ = try runSelf(environment: [
                childVariable: "mtrace", "PWBI_BENCH_MTRACE_CONTESTANT": contestant,
                "LD_PRELOAD": library, "MALLOC_TRACE": trace,
            ])
            let text = (try? String(contentsOfFile: trace, encoding: .utf8)) ?? ""
            let allocations = text.split(separator: "\n").filter { $0.contains(" + ") || $0.contains(" > ") }.count
            counts.append(Double(allocations) / Double(verifyCount))
        }
        return (counts[0], counts[1])
    }

    /// Child side of ``allocationsPerVerify()``.
    static func traceAllocations() {
        typealias Hook = @convention(c) () -> Void
        guard let start = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mtrace"),
              let stop = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "muntrace") else { return }
        let mtrace = unsafeBitCast(start, to: Hook.self)
        let muntrace = unsafeBitCast(stop, to: Hook.self)
        let data = message(1024)
        let secret = Array("whsec_benchmark-secret-used-for-every-message".utf8)
        var valid = 0
        if ProcessInfo.processInfo.environment["PWBI_BENCH_MTRACE_CONTESTANT"] == "ours" {
            let key = HMAC<PWBISignatures.SHA256>(key: secret)
            let tag = key.authenticationCode(for: data).bytes
            _ = key.isValidAuthenticationCode(tag, for: data)
            mtrace()
            for _ in 0..<verifyCount where key.isValidAuthenticationCode(tag, for: data) { valid += 1 }
            muntrace()
        } else {
            let key = SymmetricKey(data: secret)
            let tag = Array(Crypto.HMAC<Crypto.SHA256>.authenticationCode(for: data, using: key))
            _ = Crypto.HMAC<Crypto.SHA256>.isValidAuthenticationCode(tag, authenticating: data, using: key)
            mtrace()
            for _ in 0..<verifyCount where Crypto.HMAC<Crypto.SHA256>.isValidAuthenticationCode(tag, authenticating: data, using: key) {
                valid += 1
            }
            muntrace()
        }
        precondition(valid == verifyCount)
    }
}
