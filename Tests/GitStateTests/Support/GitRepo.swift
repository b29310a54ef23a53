import Foundation

/// A real repository built with the git CLI in a scratch folder.
///
/// Every git call runs with a fixed identity, no system or global config, and
/// a clock that advances one minute per commit, so histories are reproducible.
final class GitRepo: @unchecked Sendable {
    let scratch: Scratch
    /// The work tree (or, for a bare repository, the git directory).
    let path: String
    private var clock = 1_700_000_000
    /// More variables for git's commands (`WatchmanServer.environment`, for git's fsmonitor hook).
    var extraEnvironment: [String: String] = [:]

    init(bare: Bool = false, branch: String = "main", in scratch: Scratch? = nil, name: String = "repo") throws {
        self.scratch = try scratch ?? Scratch()
        path = self.scratch.path + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", branch] + (bare ? ["--bare"] : []))
    }

    /// Wraps an existing directory (a clone or a worktree made by git).
    init(existing path: String, scratch: Scratch) {
        self.scratch = scratch
        self.path = path
    }

    var environment: [String: String] {
        var environment = [
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": scratch.path + "/gitconfig",
            "HOME": scratch.path,
            "GIT_AUTHOR_NAME": "Ada Lovelace",
            "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Ada Lovelace",
            "GIT_COMMITTER_EMAIL": "ada@example.com",
            "GIT_AUTHOR_DATE": "\(clock) +0100",
            "GIT_COMMITTER_DATE": "\(clock) +0100",
            "LC_ALL": "C",
            "GIT_EDITOR": "true",
            "GIT_SEQUENCE_EDITOR": "true",
            "GIT_MERGE_AUTOEDIT": "no",
            "GIT_PROTOCOL_FROM_USER": "1",
        ]
        environment.merge(extraEnvironment) { $1 }
        return environment
    }

    /// Runs git in the repository and returns stdout as text.
    @discardableResult
    func git(_ arguments: [String], in directory: String? = nil, allowFailure: Bool = false, input: String? = nil)
        throws -> String
    {
        let result = try run(
            ["git", "-c", "protocol.file.allow=always"] + arguments, in: directory ?? path, environment: environment,
            input: input.map { Data($0.utf8) }, allowFailure: allowFailure)
        return String(decoding: result.stdout, as: UTF8.self)
    }

    /// Raw stdout bytes of a git call (for `-z` output).
    func gitData(_ arguments: [String]) throws -> Data {
        try run(["git", "--no-optional-locks"] + arguments, in: path, environment: environment).stdout
    }

    func write(_ relativePath: String, _ contents: String) throws {
        try write(relativePath, data: Data(contents.utf8))
    }

    func write(_ relativePath: String, data: Data) throws {
        let full = path + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
    }

    func append(_ relativePath: String, _ contents: String) throws {
        let full = path + "/" + relativePath
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: full))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(contents.utf8))
        try handle.close()
    }

    func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + relativePath)
    }

    func symlink(_ relativePath: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relativePath, withDestinationPath: target)
    }

    func chmod(_ relativePath: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path + "/" + relativePath)
    }

    /// Commits everything staged (or `--allow-empty`) at the next tick of the clock.
    @discardableResult
    func commit(_ message: String, all: Bool = true, allowEmpty: Bool = false) throws -> String {
        tick()
        if all { try git(["add", "-A"]) }
        try git(["commit", "-q", "-m", message] + (allowEmpty ? ["--allow-empty"] : []))
        return try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a file and commits it.
    @discardableResult
    func commitFile(_ relativePath: String, _ contents: String, message: String? = nil) throws -> String {
        try write(relativePath, contents)
        try git(["add", "--", relativePath])
        return try commit(message ?? "change \(relativePath)", all: false)
    }

    func tick(_ seconds: Int = 60) { clock += seconds }

    /// Freezes the clock so several commits share one timestamp.
    func setClock(_ value: Int) { clock = value }

    /// A repository with one committed file and a submodule `lib` (itself a repository
    /// with one commit of `lib.txt`), and that submodule's checkout.
    static func withSubmodule() throws -> (repo: GitRepo, submodule: GitRepo) {
        let scratch = try Scratch()
        let library = try GitRepo(in: scratch, name: "library")
        try library.commitFile("lib.txt", "v1\n")
        let repo = try GitRepo(in: scratch, name: "repo")
        try repo.commitFile("main.txt", "main\n")
        try repo.git(["submodule", "add", "-q", library.path, "lib"])
        try repo.commit("add submodule")
        return (repo, GitRepo(existing: repo.path + "/lib", scratch: scratch))
    }

    /// A clone of this repository in the same scratch folder.
    func clone(_ name: String, arguments: [String] = []) throws -> GitRepo {
        try git(["clone", "-q"] + arguments + [path, scratch.path + "/" + name], in: scratch.path)
        return GitRepo(existing: scratch.path + "/" + name, scratch: scratch)
    }
}
