// swift-tools-version: 6.0
// PWBI Integration Kit — zero package dependencies: the toolchain only.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

var targets: [Target] = []

// MARK: - PWBISignatures

targets += [
    .target(name: "PWBISignatures", swiftSettings: swiftSettings),
    .testTarget(
        name: "PWBISignaturesTests",
        dependencies: ["PWBISignatures"],
        resources: [.copy("Resources")],
        swiftSettings: swiftSettings
    ),
]

// MARK: - PWBIRetry

targets += [
    .target(name: "PWBIRetry", swiftSettings: swiftSettings),
    .testTarget(
        name: "PWBIRetryTests",
        dependencies: ["PWBIRetry"],
        resources: [.copy("Resources")],
        swiftSettings: swiftSettings
    ),
]

// MARK: - PWBICSV

targets += [
    .target(name: "PWBICSV", swiftSettings: swiftSettings),
    .testTarget(
        name: "PWBICSVTests",
        dependencies: ["PWBICSV"],
        resources: [.copy("Resources")],
        swiftSettings: swiftSettings
    ),
]

// MARK: - PWBIMapping

targets += [
    .target(name: "PWBIMapping", swiftSettings: swiftSettings),
    .testTarget(
        name: "PWBIMappingTests",
        dependencies: ["PWBIMapping"],
        resources: [.copy("Resources")],
        swiftSettings: swiftSettings
    ),
]

// MARK: - PWBIIntegration

targets += [
    .target(
        name: "PWBIIntegration",
        dependencies: ["PWBIMapping", "PWBICSV", "PWBIRetry", "PWBISignatures"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "PWBIIntegrationTests",
        dependencies: ["PWBIIntegration", "PWBIMapping", "PWBICSV", "PWBIRetry", "PWBISignatures"],
        resources: [.copy("Resources")],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Accounting (Sources/PWBIMapping/Accounting, Sources/PWBIIntegration/Accounting)

targets += [
    .testTarget(
        name: "PWBIAccountingTests",
        dependencies: ["PWBIMapping", "PWBIIntegration", "PWBISignatures"],
        exclude: ["generate_fixtures.py"],
        resources: [.copy("Resources")],
        swiftSettings: swiftSettings
    ),
]

// MARK: - pwbi command-line tool

targets += [
    .executableTarget(
        name: "pwbi",
        dependencies: ["PWBIIntegration", "PWBIMapping", "PWBICSV", "PWBIRetry", "PWBISignatures"],
        path: "Examples/pwbi",
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "PWBICommandLineTests",
        dependencies: ["pwbi"],
        swiftSettings: swiftSettings
    ),
]

// MARK: - Package

let package = Package(
    name: "pwbi-integration-kit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PWBIIntegration", targets: ["PWBIIntegration"]),
        .library(name: "PWBIMapping", targets: ["PWBIMapping"]),
        .library(name: "PWBISignatures", targets: ["PWBISignatures"]),
        .library(name: "PWBIRetry", targets: ["PWBIRetry"]),
        .library(name: "PWBICSV", targets: ["PWBICSV"]),
        .executable(name: "pwbi", targets: ["pwbi"]),
    ],
    targets: targets,
    swiftLanguageModes: [.v6]
)
