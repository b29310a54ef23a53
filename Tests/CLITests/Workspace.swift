import Foundation
import TestSupport

/// A scratch folder for tests that need several repositories (a bare remote and its clones),
/// with git and the built `handoff` run in any of them under a fixed identity and no user config.
final class Workspace: @unchecked Sendable {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/handoff-ws-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    typealias Result = (status: Int32, stdout: String, stderr: String)

    /// The test environment, without any CI or git variables of the machine running the tests.
    var environment: [String: String] {
        GitEnvironment.isolated(globalConfig: root + "/home/.gitconfig", home: root + "/home")
    }

    /// `git ARGS` in `directory` (relative to the root); throws when git fails.
    @discardableResult
    func git(_ arguments: String..., in directory: String = "", extra: [String: String] = [:]) throws -> String {
        let result = try run("/usr/bin/env", ["git"] + arguments, in: directory, extra: extra)
        guard result.status == 0 else { throw CLIError(message: "git \(arguments): \(result.stderr)") }
        return result.stdout
    }

    /// `git ARGS` without throwing, for commands expected to fail (a rejected push).
    func tryGit(_ arguments: String..., in directory: String = "", extra: [String: String] = [:]) throws -> Result {
        try run("/usr/bin/env", ["git"] + arguments, in: directory, extra: extra)
    }

    func handoff(_ arguments: [String], in directory: String, extra: [String: String] = [:], input: String? = nil)
        throws
        -> Result
    {
        try run(EndToEndTests.binary, arguments, in: directory, extra: extra, input: input)
    }

    func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    func write(_ relative: String, _ text: String, mode: Int? = nil) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path) }
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    func list(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).sorted()
    }

    func exists(_ relative: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(relative), isDirectory: &isDirectory)
    }

    func mode(_ relative: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path(relative))[.posixPermissions] as? Int) ?? -1
    }

    /// A bare `remote.git` whose `main` has `commits` commits, and a clone of it in `clone`.
    func remoteAndClone(commits: Int = 1) throws {
        try git("init", "-q", "--bare", "-b", "main", "remote.git")
        try git("init", "-q", "-b", "main", "seed")
        for index in 1...commits {
            try write("seed/file\(index).txt", "\(index)\n")
            try git("add", ".", in: "seed")
            try git("commit", "-q", "-m", "Seed \(index)", in: "seed")
        }
        try git("push", "-q", path("remote.git"), "main", in: "seed")
        try git("clone", "-q", path("remote.git"), "clone")
    }

    func commit(_ file: String, _ text: String, message: String, in directory: String = "clone") throws {
        try write(directory + "/" + file, text)
        try git("add", file, in: directory)
        try git("commit", "-q", "-m", message, in: directory)
    }

    func run(
        _ executable: String, _ arguments: [String], in directory: String, extra: [String: String] = [:],
        input: String? = nil
    ) throws -> Result {
        let output = try runToEnd(
            executable, arguments, in: path(directory), environment: environment.merging(extra) { $1 },
            input: Data((input ?? "").utf8))
        return (output.status, output.standardOutput, output.standardError)
    }

    /// Starts the binary without waiting, output discarded.
    func start(_ arguments: [String], in directory: String, extra: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path(directory))
        process.environment = environment.merging(extra) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
