// swift-tools-version:6.0
import PackageDescription

/// `HANDOFF_STATIC_LIBGIT2=1` (exported by scripts/run, test, install, bench and fuzz): release
/// builds link libgit2 and its libraries statically into the executables, with linker flags
/// SwiftPM calls unsafe. Without it (a package that depends on GitState or Handoff by version,
/// a plain `swift build`), GitState links the shared libgit2 in every configuration and the
/// manifest has no unsafe flags, which SwiftPM refuses in a dependency.
let linksLibgit2Statically = Context.environment["HANDOFF_STATIC_LIBGIT2"] == "1"

/// The shared libraries: libgit2, and zlib and libdeflate (GitState's one-shot inflate, and
/// OneShotInflateTests, which compare it with zlib).
func sharedLibgit2(_ condition: BuildSettingCondition? = nil) -> [LinkerSetting] {
    ["git2", "z", "deflate"].map { .linkedLibrary($0, condition) }
}

/// Debug builds and tests: the shared libraries. Release builds: libgit2 and the libraries it
/// needs, linked statically. Loading the shared libgit2 and its eighteen dependencies costs ~2 ms
/// of every start, more than git's own `status` takes on a small repository. The `--wrap`s route
/// libgit2's TLS set-up and streams, its HTTP Negotiate authentication and its SSH set-up to
/// NoNetwork.swift, so GSSAPI (which Debian ships only as a shared library, with six more behind
/// it) is not linked at all. zlib's `inflate` goes to OneShotInflate.swift, which inflates whole
/// objects with libdeflate.
let staticLibgit2: [LinkerSetting] =
    sharedLibgit2(.when(configuration: .debug)) + [
        .unsafeFlags(
            [
                "--wrap=git_mbedtls_stream_global_init", "--wrap=git_mbedtls_stream_new",
                "--wrap=git_mbedtls_stream_wrap", "--wrap=git_mbedtls__set_cert_location",
                "--wrap=git_http_auth_negotiate", "--wrap=git_transport_ssh_global_init", "--wrap=inflate",
                "-Bstatic", "-lgit2", "-lmbedtls", "-lmbedx509", "-lmbedcrypto", "-lhttp_parser",
                "-lssh2", "-lpcre2-8", "-lz", "-ldeflate", "-lcrypto",
                "-Bdynamic",
            ].flatMap { ["-Xlinker", $0] },
            .when(configuration: .release))
    ]

let package = Package(
    name: "handoff",
    products: [
        .executable(name: "handoff", targets: ["HandoffCLI"]),
        .executable(name: "handoff-mcp", targets: ["HandoffMCP"]),
        .library(name: "GitState", targets: ["GitState"]),
        .library(name: "Handoff", targets: ["Handoff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // libgit2's headers (Debian's libgit2-dev; `scripts/ensure-deps` installs it). The module map
        // links nothing: GitState says how libgit2 is linked, per configuration.
        .systemLibrary(name: "CLibGit2"),
        // What Swift's Glibc module does not declare (thread placement, getdents64, malloc_trim)
        // and the one-shot inflate wrapper, in C; it links nothing itself (GitState does).
        .target(name: "CPlatform"),
        .target(
            name: "GitState",
            dependencies: ["CLibGit2", "CPlatform"],
            swiftSettings: linksLibgit2Statically ? [.define("LIBGIT2_STATIC", .when(configuration: .release))] : [],
            linkerSettings: linksLibgit2Statically ? staticLibgit2 : sharedLibgit2()
        ),
        .target(name: "Handoff", dependencies: ["GitState"]),
        .executableTarget(
            name: "HandoffCLI",
            dependencies: [
                "GitState",
                "Handoff",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A position-dependent executable: with the Swift runtime linked statically
            // (`--static-swift-stdlib`), a PIE binary makes the dynamic loader apply ~100,000
            // relative relocations on every start, about 2 ms of a hook's or `status`'s budget.
            // The trade-off: no address randomisation of the executable itself (libraries,
            // stack and heap keep theirs).
            linkerSettings: linksLibgit2Statically
                ? [.unsafeFlags(["-Xlinker", "-no-pie"], .when(configuration: .release))] : []
        ),
        // The MCP server is an executable of its own: the SDK needs the whole of Foundation, which
        // `handoff` does not link (see HandoffCLI's start-up). Only the SDK's MCP library is built
        // (with swift-system and swift-log), not swift-nio, which only its examples use. Its HTTP
        // transports bring FoundationNetworking, which links libcurl (`scripts/ensure-deps` installs
        // libcurl4-openssl-dev for release builds, where the Swift libraries are linked statically).
        .executableTarget(
            name: "HandoffMCP",
            dependencies: ["GitState", "Handoff", .product(name: "MCP", package: "swift-sdk")]
        ),
        // What the three test targets share: running a program to its end, git's isolated
        // environment, a seeded random generator. Foundation only, so CLITests stays free of
        // the libraries it tests through the binary.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GitStateTests", dependencies: ["GitState", "CPlatform", "TestSupport"]),
        // swift-mustache (and through it Foundation) only for the tests: the oracle that
        // Handoff's own template renderer (SectionTemplate) must match.
        .testTarget(
            name: "HandoffTests",
            dependencies: [
                "Handoff", "GitState", "TestSupport", .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
