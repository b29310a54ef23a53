import Foundation
import TestSupport

/// A scratch git repository built with the git CLI (fixed identity, no user configuration),
/// removed when released.
final class GitFixture: @unchecked Sendable {
    let root: String
    let path: String
    /// Commit times advance one minute per commit from this Unix time, so log order is stable.
    private var clock = 1_773_500_000

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/handoff-git-" + UUID().uuidString
        path = root + "/repo"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Writes, stages and commits one file; returns the new HEAD.
    @discardableResult
    func commit(_ relative: String, _ text: String, message: String) throws -> String {
        try write(relative, text)
        try git("add", relative)
        try git("commit", "-q", "-m", message)
        return try head()
    }

    func head() throws -> String { try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines) }

    @discardableResult
    func git(_ arguments: String..., in directory: String? = nil) throws -> String {
        try run(arguments, in: directory, allowingFailure: false)
    }

    /// `git ARGS`' output whatever its exit status (`git diff --check` exits 2 on what it finds).
    func gitOutput(_ arguments: String...) throws -> String {
        try run(arguments, in: nil, allowingFailure: true)
    }

    private func run(_ arguments: [String], in directory: String?, allowingFailure: Bool) throws -> String {
        clock += 60
        var environment = GitEnvironment.isolated(globalConfig: root + "/gitconfig")
        environment["GIT_AUTHOR_DATE"] = "@\(clock) +0000"
        environment["GIT_COMMITTER_DATE"] = "@\(clock) +0000"
        let output = try runToEnd("/usr/bin/env", ["git"] + arguments, in: directory ?? path, environment: environment)
        guard output.status == 0 || allowingFailure else {
            throw GitFixtureError(description: "git \(arguments): \(output.standardError)")
        }
        return output.standardOutput
    }
}

struct GitFixtureError: Error, CustomStringConvertible {
    let description: String
}
