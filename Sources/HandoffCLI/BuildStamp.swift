/// The version `handoff --version` prints, and the commit the binary was built from.
///
/// The product never runs git, so the commit is written in at build time: `scripts/run`,
/// `scripts/install` and `scripts/package` generate `BuildStamp+Commit.swift` beside this file
/// (ignored by git), whose `BuildStamp.commit` is the type's own member and so is chosen over the
/// protocol extension's `nil` below. A plain `swift build` has no such file and says
/// "unknown commit".
enum BuildStamp: CommitStamped {
    static let version = "0.1.0"

    /// `0.1.0 (commit 9344448)`, or `0.1.0 (unknown commit)`.
    static var versionLine: String {
        "\(version) (\(commit.map { "commit \($0)" } ?? "unknown commit"))"
    }
}

/// Gives `BuildStamp.commit` its default, `nil`, when no stamp was generated.
protocol CommitStamped {}

extension CommitStamped {
    static var commit: String? { nil }
}
