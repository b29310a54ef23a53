// swift-tools-version:6.0
import PackageDescription

// The fuzz targets: one libFuzzer executable over handoff's parsers of bytes it did not write.
// A package of its own so the product's Package.swift stays as it is; `scripts/fuzz` builds it with
// `-sanitize=fuzzer,address` (debug, so `@testable import` reaches the parsers' internals).
let package = Package(
    name: "handoff-fuzz",
    dependencies: [
        .package(name: "handoff", path: ".."),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(name: "CFuzzer"),
        .executableTarget(
            name: "HandoffFuzz",
            dependencies: [
                "CFuzzer",
                .product(name: "GitState", package: "handoff"),
                .product(name: "Handoff", package: "handoff"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        )
    ],
    // Swift 5 mode: a fuzz executable is one thread, and its tables of targets are plain globals.
    swiftLanguageModes: [.v5]
)
