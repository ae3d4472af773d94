// swift-tools-version: 6.0
// Benchmarks for the PWBI Integration Kit: each hot path beside its peers, in one run.
// This is the only package in the repository that depends on other packages.
import Foundation
import PackageDescription

/// A path dependency's identity is its folder's name, which differs between clones
/// (`main`, a worktree, CI's checkout), so it is read from where this manifest lives.
let kit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "pwbi-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "pwbi-bench",
            dependencies: [
                .product(name: "PWBISignatures", package: kit),
                .product(name: "PWBIRetry", package: kit),
                .product(name: "PWBICSV", package: kit),
                .product(name: "PWBIMapping", package: kit),
                .product(name: "PWBIIntegration", package: kit),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
