// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "handoff",
    products: [
        .executable(name: "handoff", targets: ["HandoffCLI"]),
        .library(name: "GitState", targets: ["GitState"]),
        .library(name: "Handoff", targets: ["Handoff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "GitState", dependencies: ["CLibGit2"]),
        .target(
            name: "Handoff",
            dependencies: ["GitState", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .executableTarget(
            name: "HandoffCLI",
            dependencies: [
                "GitState",
                "Handoff",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GitStateTests", dependencies: ["GitState"]),
        .testTarget(name: "HandoffTests", dependencies: ["Handoff", "GitState"], exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
