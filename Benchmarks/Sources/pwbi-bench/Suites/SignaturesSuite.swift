import Crypto
import Foundation
import PWBISignatures

/// `pwbi-bench signatures`: SHA-256 at 64 B, 1 KiB, 16 KiB and 1 MiB, SHA-512 at 16 KiB (MB/s),
/// Midtrans' one-block SHA-512 signature key (ops/s), HMAC-SHA256 verify of 1 KiB under a reused
/// key (ops/s), and heap allocations per verify (counted under valgrind, when it is installed).
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
        // Child mode: both again, interleaved, with the SHA extension masked from swift-crypto.
        return SignaturesBench.measure(includeOurs: true)
    }
    if environment[SignaturesBench.childVariable] == "count" {
        SignaturesBench.countedVerifies()
        return []
    }
    var lines = SignaturesBench.measure(includeOurs: true)
    let masked = try SignaturesBench.runChild(mode: "peer", extraEnvironment: ["OPENSSL_ia32cap": ":~0x20000000"])
    for index in lines.indices {
        guard let child = masked[lines[index].benchmark] else { continue }
        lines[index].peers.append((name: "swift-crypto-no-sha-ext", value: child.peer))
        // The masked figure comes from another process, measured at another moment; on a busy
        // machine the fair comparison is the one interleaved inside that process, so say it too.
        if let ours = child.ours {
            let note = "pwbi-bench signatures: \(lines[index].benchmark) interleaved in the masked child: ours "
                + String(format: "%.1f", ours) + ", swift-crypto-no-sha-ext " + String(format: "%.1f", child.peer)
                + " \(lines[index].unit)\n"
            FileHandle.standardError.write(Data(note.utf8))
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

    static func message(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    /// One line per benchmark; `includeOurs: false` measures swift-crypto alone.
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
            // Midtrans' signature_key: SHA-512 of order_id + status_code + gross_amount + server
            // key, one 128-byte block — what a notification's verify hashes per server key.
            let (order, status, gross, key) = ("ORDER-101-1733822400", "200", "100000.00", "SB-Mid-server-0123456789abcdefABCDEF")
            let data = Array((order + status + gross + key).utf8)
            let ours = MidtransScheme.signatureKey(orderID: order, statusCode: status, grossAmount: gross, serverKey: key)
            precondition(Array(Crypto.SHA512.hash(data: data)) == ours.bytes, "SHA-512 mismatch between ours and swift-crypto")
            var contestants: [(name: String, body: () -> Void)] = [
                ("swift-crypto", { blackHole(Crypto.SHA512.hash(data: data)) })
            ]
            if includeOurs {
                contestants.append(("ours", {
                    blackHole(MidtransScheme.signatureKey(orderID: order, statusCode: status, grossAmount: gross, serverKey: key))
                }))
            }
            let times = Timing.interleaved(iterations: 20_000, contestants)
            lines.append(line("midtrans-signature", "ops/s", bytes: nil, times, includeOurs))
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
    /// the swift-crypto figure it printed and its own.
    static func runChild(
        mode: String, extraEnvironment: [String: String]
    ) throws -> [String: (ours: Double?, peer: Double)] {
        let output = try runSelf(environment: extraEnvironment.merging([childVariable: mode]) { $1 })
        var values: [String: (ours: Double?, peer: Double)] = [:]
        for line in output.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let name = object["benchmark"] as? String,
                  let peers = object["peers"] as? [String: Any],
                  let value = peers["swift-crypto"] as? Double
            else { continue }
            values[name] = (object["ours"] as? Double, value)
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

    // MARK: Heap allocations per verify, counted by valgrind

    static let valgrind = "/usr/bin/valgrind"

    /// Allocations per HMAC verify, ours and swift-crypto's, counted by valgrind's memcheck: a
    /// child process runs `n` verifies under `valgrind`, which reports the process's total heap
    /// allocations; the difference between n = 3000 and n = 1000, divided by 2000, is the count
    /// per verify (start-up and set-up allocations cancel out). The child is a copy of this
    /// executable without DWARF (`strip --strip-debug`), which this valgrind cannot read.
    /// Nil, with a note on stderr, when valgrind or strip is missing or the count fails.
    static func allocationsPerVerify() throws -> (ours: Double, peer: Double)? {
        let strip = "/usr/bin/strip"
        let files = FileManager.default
        guard files.isExecutableFile(atPath: valgrind), files.isExecutableFile(atPath: strip) else {
            FileHandle.standardError.write(Data("pwbi-bench signatures: no valgrind/strip, allocations not counted\n".utf8))
            return nil
        }
        let copy = files.temporaryDirectory.appendingPathComponent("pwbi-bench-nodebug-\(getpid())").path
        defer { try? files.removeItem(atPath: copy) }
        try? files.removeItem(atPath: copy)
        try files.copyItem(atPath: URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path, toPath: copy)
        let stripping = try Process.run(URL(fileURLWithPath: strip), arguments: ["--strip-debug", copy])
        stripping.waitUntilExit()
        var perVerify: [Double] = []
        for contestant in ["ours", "swift-crypto"] {
            var totals: [Int] = []
            for count in [1000, 3000] {
                let report = try runUnderValgrind(executable: copy, environment: [
                    childVariable: "count", "PWBI_BENCH_VERIFY_CONTESTANT": contestant,
                    "PWBI_BENCH_VERIFY_COUNT": String(count),
                ])
                guard let total = heapAllocations(in: report) else {
                    FileHandle.standardError.write(Data("pwbi-bench signatures: valgrind gave no heap summary\n".utf8))
                    return nil
                }
                totals.append(total)
            }
            perVerify.append(Double(totals[1] - totals[0]) / 2000)
        }
        return (perVerify[0], perVerify[1])
    }

    /// "total heap usage: 1,234 allocs, …" → 1234.
    private static func heapAllocations(in report: String) -> Int? {
        guard let range = report.range(of: "total heap usage: ") else { return nil }
        let digits = report[range.upperBound...].prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)
        return Int(digits)
    }

    private static func runUnderValgrind(executable: String, environment extra: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: valgrind)
        process.arguments = ["--tool=memcheck", "--leak-check=no", executable, "signatures"]
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Child side of ``allocationsPerVerify()``: `PWBI_BENCH_VERIFY_COUNT` verifies of one contestant.
    static func countedVerifies() {
        let environment = ProcessInfo.processInfo.environment
        let count = Int(environment["PWBI_BENCH_VERIFY_COUNT"] ?? "") ?? 0
        let data = message(1024)
        let secret = Array("whsec_benchmark-secret-used-for-every-message".utf8)
        var valid = 0
        if environment["PWBI_BENCH_VERIFY_CONTESTANT"] == "ours" {
            let key = HMAC<PWBISignatures.SHA256>(key: secret)
            let tag = key.authenticationCode(for: data).bytes
            for _ in 0..<count where key.isValidAuthenticationCode(tag, for: data) { valid += 1 }
        } else {
            let key = SymmetricKey(data: secret)
            let tag = Array(Crypto.HMAC<Crypto.SHA256>.authenticationCode(for: data, using: key))
            for _ in 0..<count where Crypto.HMAC<Crypto.SHA256>.isValidAuthenticationCode(tag, authenticating: data, using: key) {
                valid += 1
            }
        }
        precondition(valid == count)
    }
}
