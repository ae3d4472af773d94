// swift-tools-version: 6.0
// A real host for the PWBI Integration Kit: a Hummingbird server storing in SQLite (default)
// or PostgreSQL (`DATABASE_URL`), safe to run as several replicas over one PostgreSQL.
// Its own package, so the kit's root package keeps zero dependencies.
import Foundation
import PackageDescription

/// A path dependency's identity is its folder's name, which differs between clones
/// (`main`, a worktree, CI's checkout), so it is read from where this manifest lives.
let kit = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "pwbi-webhook-server",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .target(
            name: "WebhookServerCore",
            dependencies: [
                .product(name: "PWBIIntegration", package: kit),
                .product(name: "PWBIMapping", package: kit),
                .product(name: "PWBISignatures", package: kit),
                .product(name: "PWBICSV", package: kit),
                .product(name: "PWBIRetry", package: kit),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // A stand-in for the providers the outbound half talks to (Qasir, Moka, an OAuth server,
        // Accurate, Jurnal, a downstream receiver), with faults injected on request: for tests,
        // CI scenarios and the demo. Never linked into the server.
        .target(
            name: "FakeProviderCore",
            dependencies: [
                .product(name: "PWBIIntegration", package: kit),
                .product(name: "PWBIMapping", package: kit),
                .product(name: "PWBISignatures", package: kit),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "FakeProvider", dependencies: ["FakeProviderCore"]),
        .executableTarget(name: "WebhookServer", dependencies: ["WebhookServerCore"]),
        .executableTarget(name: "WebhookLoad", dependencies: ["WebhookServerCore"]),
        .testTarget(
            name: "WebhookServerCoreTests",
            dependencies: ["WebhookServerCore", "FakeProviderCore"],
            exclude: ["Resources"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
