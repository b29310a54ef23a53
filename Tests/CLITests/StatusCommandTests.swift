import Foundation
import TestSupport
import Testing

/// `handoff status`, run as the built binary.
@Suite struct StatusCommandTests {
    @Test func jsonCarriesEveryContractKey() throws {
        let repo = try StatusFixture()
        try repo.git("commit", "-q", "--allow-empty", "-m", "first")
        try repo.write("a.txt", "1\n2\n")
        try repo.git("add", "a.txt")
        try repo.write("b.bin", "\0binary")
        let result = try repo.handoff("status", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in [
            "branch", "detached", "unborn", "head", "upstream", "ahead", "behind", "state", "status", "staged",
            "unstaged", "log", "stash", "shallow",
        ] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["branch"] as? String == "main")
        #expect(object["upstream"] is NSNull)
        #expect(object["state"] as? String == "none")
        let status = try #require(object["status"] as? [[String: Any]])
        #expect(status.map { $0["xy"] as? String } == ["A.", "??"])
        #expect(status.map { $0["path"] as? String } == ["a.txt", "b.bin"])
        #expect(status.first?["orig"] is NSNull)
        let staged = try #require(object["staged"] as? [[String: Any]])
        #expect(staged.first?["add"] as? Int == 2 && staged.first?["del"] as? Int == 0)
        let log = try #require(object["log"] as? [[String: Any]])
        #expect(log.first?["summary"] as? String == "first")
        #expect((log.first?["oid"] as? String)?.count == 40)
    }

    @Test func logLimitAndSubdirectory() throws {
        let repo = try StatusFixture()
        for n in 1...4 { try repo.git("commit", "-q", "--allow-empty", "-m", "commit \(n)") }
        try repo.write("dir/sub/x.txt", "x\n")
        let result = try repo.handoff("status", "--json", "--log", "2", in: repo.path + "/dir/sub")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let log = try #require(object["log"] as? [[String: Any]])
        #expect(log.map { $0["summary"] as? String } == ["commit 4", "commit 3"])
        let status = try #require(object["status"] as? [[String: Any]])
        #expect(status.map { $0["path"] as? String } == ["dir/"])
    }

    /// t1510 through the binary, where git's variables come from the process environment:
    /// `GIT_DIR`, `GIT_WORK_TREE` and `GIT_CEILING_DIRECTORIES` (with and without a reachable
    /// repository) from a subfolder. handoff answers exactly where `git rev-parse` does, with the
    /// work tree git names, and refuses in one line where git refuses.
    @Test func discoveryVariablesAsGitReadsThem() throws {
        let repo = try StatusFixture()
        try repo.write("sub/a.txt", "1\n")
        try repo.git("add", ".")
        try repo.git("commit", "-q", "-m", "first")
        try repo.write("sub/new.txt", "new\n")
        let sub = repo.path + "/sub"
        let parent = (repo.path as NSString).deletingLastPathComponent
        let cases: [[String: String]] = [
            ["GIT_CEILING_DIRECTORIES": repo.path], ["GIT_CEILING_DIRECTORIES": sub],
            ["GIT_CEILING_DIRECTORIES": "/nowhere:" + repo.path], ["GIT_CEILING_DIRECTORIES": parent],
            ["GIT_DIR": "../.git"], ["GIT_DIR": "../.git", "GIT_WORK_TREE": ".."], ["GIT_WORK_TREE": ".."],
            ["GIT_DIR": "../.git", "GIT_WORK_TREE": "."], ["GIT_DIR": "../missing"],
            ["GIT_WORK_TREE": "..", "GIT_CEILING_DIRECTORIES": repo.path],
        ]
        for environment in cases {
            let git = try repo.run(
                "/usr/bin/env", ["git", "rev-parse", "--show-toplevel"], in: sub, environment: environment)
            let ours = try repo.handoff("status", "--json", in: sub, environment: environment)
            #expect((ours.status == 0) == (git.status == 0), "\(environment): \(ours.stderr) / \(git.stderr)")
            if git.status != 0 {
                #expect(ours.stderr.split(separator: "\n").count == 1, "\(environment): \(ours.stderr)")
                continue
            }
            let porcelain = try repo.run(
                "/usr/bin/env", ["git", "status", "--porcelain"], in: sub, environment: environment)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(ours.stdout.utf8)) as? [String: Any])
            let paths = (object["status"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            let gitPaths = porcelain.stdout.split(separator: "\n").map { String($0.dropFirst(3)) }
            #expect(paths == gitPaths, "\(environment)")
        }
    }

    @Test func honoursGitIndexFile() throws {
        let repo = try StatusFixture()
        try repo.git("commit", "-q", "--allow-empty", "-m", "first")
        try repo.write("staged.txt", "in the other index\n")
        try repo.git("add", "staged.txt")
        try FileManager.default.copyItem(atPath: repo.path + "/.git/index", toPath: repo.path + "/.git/other-index")
        try repo.git("reset", "-q")
        let result = try repo.handoff("status", "--json", environment: ["GIT_INDEX_FILE": ".git/other-index"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let status = try #require(object["status"] as? [[String: Any]])
        #expect(status.map { $0["xy"] as? String } == ["A."], "\(result.stderr)")
        let plain = try repo.handoff("status", "--json")
        #expect(plain.stdout.contains("\"??\""))
    }

    @Test func readableSummary() throws {
        let repo = try StatusFixture()
        try repo.git("commit", "-q", "--allow-empty", "-m", "the first commit")
        try repo.write("new.txt", "n\n")
        let result = try repo.handoff("status")
        #expect(result.status == 0)
        #expect(result.stdout.contains("on branch main"))
        #expect(result.stdout.contains("?? new.txt"))
        #expect(result.stdout.contains("the first commit"))
    }

    @Test func outsideARepositoryIsOneLineOnStderr() throws {
        let repo = try StatusFixture(initialize: false)
        let result = try repo.handoff("status", "--json")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("handoff: not a git repository"))
        #expect(result.stderr.contains(repo.path))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func corruptIndexIsOneLineOnStderr() throws {
        let repo = try StatusFixture()
        try repo.git("commit", "-q", "--allow-empty", "-m", "first")
        try repo.write(".git/index", "DIRC garbage garbage garbage garbage garbage garbage")
        let result = try repo.handoff("status")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("handoff: corrupt index \(repo.path)/.git/index"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func helpTeachesWithExamples() throws {
        let repo = try StatusFixture(initialize: false)
        let result = try repo.handoff("status", "--help")
        #expect(result.status == 0)
        #expect(result.stdout.contains("--json"))
        #expect(result.stdout.contains("Examples:"))
    }

    /// The parse skips ArgumentParser's completion-script check by giving the root command a
    /// stand-in super-command name (`CompletionScriptCheck`): it must never show in what the
    /// user reads, and the completion script must still be there when asked for.
    @Test func completionCheckSkipLeavesNoTrace() throws {
        let repo = try StatusFixture(initialize: false)
        let outputs = [
            try repo.handoff("--help"), try repo.handoff("help", "status"), try repo.handoff("status", "--help"),
            try repo.handoff("status", "--bogus"), try repo.handoff("hook", "--help"), try repo.handoff("--version"),
        ]
        for result in outputs {
            #expect(!(result.stdout + result.stderr).contains("handoff-parsing"), "\(result.stdout)\(result.stderr)")
        }
        #expect(outputs[0].stdout.contains("USAGE: handoff <subcommand>"), "\(outputs[0].stdout)")
        #expect(outputs[2].stdout.contains("USAGE: handoff status [--json]"), "\(outputs[2].stdout)")
        #expect(outputs[3].stderr.contains("Usage: handoff status [--json]"), "\(outputs[3].stderr)")
        for shell in ["bash", "zsh", "fish"] {
            let completion = try repo.handoff("--generate-completion-script", shell)
            #expect(completion.status == 0)
            #expect(completion.stdout.contains("status"), "the \(shell) script completes subcommands")
            #expect(!completion.stdout.contains("handoff-parsing"))
        }
        let equalsForm = try repo.handoff("--generate-completion-script=bash")
        #expect(equalsForm.status == 0 && equalsForm.stdout.contains("_handoff"), "\(equalsForm.stderr)")
    }

    @Test func invalidLogValueIsAUsageError() throws {
        let repo = try StatusFixture()
        let result = try repo.handoff("status", "--log", "-3")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--log"))
    }
}

/// A scratch folder, optionally a git repository, and the built binary to run in it.
private final class StatusFixture {
    let path: String

    init(initialize: Bool = true) throws {
        var template = Array((NSTemporaryDirectory() + "handoff-cli-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { throw CocoaError(.fileWriteUnknown) }
        path =
            URL(fileURLWithPath: template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
            .resolvingSymlinksInPath().path
        if initialize { try git("init", "-q", "-b", "main") }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Runs a program with extra environment variables, failing or not.
    func run(_ program: String, _ arguments: [String], in directory: String, environment: [String: String]) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        try execute(program, arguments, in: directory, extra: environment)
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let result = try execute("/usr/bin/env", ["git"] + arguments, in: path)
        guard result.status == 0 else { throw CocoaError(.executableLoad, userInfo: ["stderr": result.stderr]) }
        return result.stdout
    }

    func handoff(_ arguments: String..., in directory: String? = nil, environment: [String: String] = [:]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try execute(Self.binary, arguments, in: directory ?? path, extra: environment)
    }

    /// The `handoff` binary built beside this test bundle.
    static var binary: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // The bundle may be a directory (`*.xctest/...`) on some layouts; walk up to the build folder.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("handoff").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("handoff").path
    }

    private func execute(_ program: String, _ arguments: [String], in directory: String, extra: [String: String] = [:])
        throws -> (
            status: Int32, stdout: String, stderr: String
        )
    {
        var environment = GitEnvironment.isolated(
            globalConfig: path + "/.no-global-config", name: "Test", email: "test@example.com")
        environment["GIT_CEILING_DIRECTORIES"] = (path as NSString).deletingLastPathComponent
        let output = try runToEnd(program, arguments, in: directory, environment: environment.merging(extra) { $1 })
        return (output.status, output.standardOutput, output.standardError)
    }
}
