#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FakeProviderCore
import Hummingbird
import Logging

/// `FakeProvider [--port N] [--host H]` — serves the fake systems until SIGTERM/SIGINT; prints
/// `listening <port>` on standard output once it accepts connections (scripts wait for that line).
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), arguments.indices.contains(index + 1) else { return nil }
    return arguments[index + 1]
}
let port = option("--port").flatMap(Int.init) ?? 8090
let host = option("--host") ?? "127.0.0.1"
let systems: [any FakeSystem] = FakeSystems.all
let provider = FakeProvider(systems: systems)
let app = provider.application(host: host, port: port) { bound in
    print("listening \(bound)")
    fflush(nil)
}
try await app.runService()
