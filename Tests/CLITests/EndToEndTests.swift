import Foundation
import TestSupport
import Testing

/// Runs the built `handoff` binary in temporary repositories made with the git CLI.
///
/// The binary sits next to the test bundle (`swift build --build-tests` builds it first).
@Suite struct EndToEndTests {
    static let binary: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("handoff").path
    }()

    @Test func binaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "missing \(Self.binary)")
    }

    @Test func writesTheHandoffAndNumbersTheNextOne() throws {
        let repo = try TestRepository()
        try repo.commitFile("README.md", "hello\n", message: "Initial commit")
        let start = try repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.write("README.md", "hello\nworld\n")
        try repo.write("notes.txt", "new\n")

        let first = try repo.handoff(
            "--done", "Wrote the reader", "--wip", "Fit @ Sources/Fit.swift:40", "--tests", "3 passed, 1 failed",
            "--decision", "Link: never overwrites; trade-off: temp file", "--file", "README.md: second line",
            "--next", "finish the fitter")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.isEmpty)
        let day = try #require(
            first.stdout.firstMatch(of: /Handoff saved to \.claude\/handoffs\/handoff-(\d{4}-\d{2}-\d{2})\.md\n/))
        #expect(first.stdout == "Handoff saved to .claude/handoffs/handoff-\(day.1).md\n")

        let text = try #require(repo.read(".claude/handoffs/handoff-\(day.1).md"))
        #expect(text.hasPrefix("# Session Handoff — \(day.1) "))
        #expect(
            text.contains(
                "> ⚠️ **Incomplete work — do not merge yet**\n> - 1 of 4 tests failing\n> - 1 item marked in progress"))
        #expect(text.contains("- **Branch**: `main`"))
        #expect(text.contains("- **Uncommitted changes**: 0 staged, 1 unstaged, 1 untracked, 0 conflicted"))
        #expect(text.contains("| `README.md` | +1 −0 | unstaged | second line |"))
        #expect(text.contains("| `notes.txt` | — | untracked | new file |"), "git says what changed where no note does")
        #expect(!text.contains(".claude"), "the tool's own folder is not reported")
        #expect(text.contains("- Fit — resume at `Sources/Fit.swift:40`"))
        #expect(
            text.contains(
                "> Continue on main. 0 commits this session, 2 uncommitted files, 1 of 4 tests failing. Next step: finish the fitter."
            ))

        #expect(text.contains("<!-- handoff:head \(start) \(day.1)T"))

        try repo.git("add", "README.md")
        try repo.git("commit", "-q", "-m", "Second line")
        let second = try repo.handoff("--compact")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == "Handoff saved to .claude/handoffs/handoff-\(day.1)-2.md\n")
        let compact = try #require(repo.read(".claude/handoffs/handoff-\(day.1)-2.md"))
        #expect(
            compact.contains(
                "- **Commits this session**: 1 since the last handoff (handoff-\(day.1).md at `\(start.prefix(7))`)"))
        #expect(!compact.contains("## What's Done"))
        #expect(repo.read(".claude/handoffs/handoff-\(day.1).md") == text, "the first handoff is untouched")

        let third = try repo.handoff("--format", "json")
        #expect(third.stdout == "Handoff saved to .claude/handoffs/handoff-\(day.1).json\n")
        let fourth = try repo.handoff("--output", "-")
        #expect(
            fourth.stdout.contains("- **Commits this session**: 0 since the last handoff (handoff-\(day.1).json at "))
        let json = try #require(repo.read(".claude/handoffs/handoff-\(day.1).json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "handoff/1")
    }

    @Test func twentyBinariesAtOnceWriteTwentyFiles() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let processes = try (1...20).map { index in try repo.start(["--done", "writer \(index)"]) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let names = repo.list(".claude/handoffs").sorted()
        #expect(names.count == 20, "\(names)")
        var writers: Set<String> = []
        for name in names {
            let text = try #require(repo.read(".claude/handoffs/" + name))
            #expect(text.hasSuffix(" -->\n"), "\(name) is complete")
            if let match = text.firstMatch(of: /- (writer \d+)\n/) { writers.insert(String(match.1)) }
        }
        #expect(writers.count == 20)
    }

    @Test func markdownAndJSONCarryTheSameResumeCommand() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let markdown = try repo.handoff("--output", "-", "--context", "Parser done", "--next", "write docs")
        let json = try repo.handoff(
            "--output", "-", "--format", "json", "--context", "Parser done", "--next", "write docs")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let resume = try #require(object["resume_command"] as? String)
        #expect(resume == "Continue on main. Parser done. Next step: write docs.")
        #expect(markdown.stdout.contains("## Resume Command\n> \(resume)\n"))
        #expect(repo.list(".claude/handoffs").isEmpty, "--output - writes nothing to disk")
    }

    @Test func notesFromStandardInput() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let notes = "## What's Done\n- Parsed stdin\n## Gotchas for Next Session\n- Watch the | pipes\n"
        let result = try repo.handoff("--notes", "-", "--output", "-", input: notes)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("## What's Done\n- Parsed stdin\n"))
        #expect(result.stdout.contains("## Gotchas for Next Session\n- Watch the | pipes\n"))
        let json = try repo.handoff("--notes", "-", "--output", "-", input: #"{"todo": ["From JSON"]}"#)
        #expect(json.stdout.contains("## What's Pending\n- From JSON\n"))
    }

    @Test func junitReport() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.write(
            "report.xml", #"<testsuite><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>"#)
        let result = try repo.handoff("--junit", "report.xml", "--output", "-")
        #expect(result.stdout.contains("- **Tests**: ❌ 1 failing, 1 passing"))
    }

    @Test func clearErrorsAndNothingWritten() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.write("bad.json", "{\n  \"done\": [1,\n}")
        try repo.write("template.md", "$DATE $NOPE\n")
        let cases: [([String], String)] = [
            (["--notes", "missing.md"], "handoff: \(repo.path)/missing.md: no such file\n"),
            (
                ["--notes", "bad.json"],
                "handoff: \(repo.path)/bad.json: invalid JSON at line 3, column 1: expected a value, found '}'\n"
            ),
            (["--template", "template.md"], "handoff: template.md:1: unknown placeholder $NOPE"),
            (["--blocked", "no reason"], "handoff: --blocked needs \"item: reason\", got \"no reason\"\n"),
            (
                ["--done", "token ghp_" + String(repeating: "x1", count: 18), "--fail-on-secret"],
                "handoff: 1 possible secret found (github-token ×1); nothing written (--fail-on-secret)\n"
            ),
            (["--compact", "--full"], "handoff: --compact and --full cannot be combined\n"),
            (["--tests", "1 passed", "--junit", "r.xml"], "handoff: --tests and --junit cannot be combined\n"),
            (
                ["--dir", "a.txt/sub"],
                "handoff: cannot create folder \(repo.path)/a.txt/sub: \(repo.path)/a.txt is a file\n"
            ),
        ]
        for (arguments, message) in cases {
            let result = try repo.handoff(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.hasPrefix(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(repo.list(".claude").isEmpty, "nothing written")
        #expect(repo.list("a.txt").isEmpty)
    }

    @Test func existingOutputIsNeverOverwritten() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.write("out.md", "keep me")
        let result = try repo.handoff("--output", "out.md")
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "handoff: \(repo.path)/out.md already exists; not overwriting it (choose another --output)\n")
        #expect(repo.read("out.md") == "keep me")
    }

    @Test func inspectingNeverWritesToTheRepository() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.write("a.txt", "changed\n")
        try repo.write("staged.txt", "s\n")
        try repo.git("add", "staged.txt")
        let before = try repo.fingerprint(".git")
        let result = try repo.handoff("--done", "x", "--full")
        #expect(result.status == 0, "\(result.stderr)")
        let after = try repo.fingerprint(".git")
        #expect(after == before)
        #expect(repo.read("a.txt") == "changed\n")
    }

    @Test func helpTeachesWithExamples() throws {
        let repo = try TestRepository()
        let help = try repo.handoff("create", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("--max-chars <n>"))
        #expect(help.stdout.contains("--notes <file>"))
    }

    @Test func repositoryTemplateIsUsed() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.write(
            ".claude/templates/handoff.md", "# $DATE on $BRANCH\n{{#DONE}}Done:\n{{DONE}}\n{{/DONE}}$RESUME_COMMAND\n")
        let result = try repo.handoff("--done", "Templated", "--output", "-")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("# 20") && lines[0].hasSuffix(" on main"))
        #expect(lines[1...2] == ["Done:", "- Templated"])
        #expect(lines[3].hasPrefix("> Continue on main. "))
        // The template folder is the user's content: `.claude/` stays reported as untracked.
        #expect(lines[3].contains("1 uncommitted file"))
    }

    @Test func customFolderInsideTheWorkTreeIsNotReportedAsWork() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let first = try repo.handoff("--dir", "docs/handoffs")
        #expect(first.stdout.hasPrefix("Handoff saved to docs/handoffs/handoff-"))
        let second = try repo.handoff("--dir", "docs/handoffs", "--output", "-")
        #expect(second.stdout.contains("- **Uncommitted changes**: none"), "\(second.stdout)")
        #expect(second.stdout.contains("since the last handoff (handoff-"))
    }

    @Test func sinceARevision() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.commitFile("b.txt", "b\n", message: "Add b")
        try repo.commitFile("c.txt", "c\n", message: "Add c")
        let result = try repo.handoff("--since", "HEAD~2", "--output", "-")
        #expect(result.stdout.contains("- **Commits this session**: 2 since `HEAD~2` at `"))
        #expect(result.stdout.contains(" Add c\n  - `"))
        #expect(result.stdout.contains(" Add b\n"))
        let bad = try repo.handoff("--since", "no-such-branch")
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("handoff: --since no-such-branch: not a date"))
    }

    @Test func maxCharsAndWarnings() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        var arguments = [
            "--output", "-", "--max-chars", "700", "--wip", "keep me", "--learned",
            "[X] " + String(repeating: "long ", count: 60),
        ]
        for index in 1...6 { arguments += ["--done", "done \(index)"] }
        let result = try repo.handoff(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.count <= 700)
        #expect(result.stdout.contains("## What's In Progress\n- keep me"))
        #expect(result.stdout.contains("_Cut to fit 700 characters: Learnings Captured"))
        #expect(result.stderr.contains("handoff: warning: What's Done has 6 items"))
    }
}

/// A scratch git repository driven by the git CLI with a fixed identity and no user config.
final class TestRepository: @unchecked Sendable {
    let root: String
    let path: String

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/handoff-cli-" + UUID().uuidString
        path = root + "/repo"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var environment: [String: String] {
        GitEnvironment.isolated(globalConfig: root + "/home/.gitconfig", home: root + "/home")
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func list(_ relative: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relative)) ?? []
    }

    func commitFile(_ relative: String, _ text: String, message: String) throws {
        try write(relative, text)
        try git("add", relative)
        try git("commit", "-q", "-m", message)
    }

    /// Every regular file under `relative` with its size, modification time and contents' hash.
    func fingerprint(_ relative: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let base = path + "/" + relative
        let enumerator = FileManager.default.enumerator(atPath: base)
        while let name = enumerator?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: base + "/" + name)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let data = FileManager.default.contents(atPath: base + "/" + name) ?? Data()
            result[name] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? "") \(data.hashValue)"
        }
        return result
    }

    @discardableResult
    func git(_ arguments: String..., in directory: String? = nil) throws -> String {
        let result = try run("/usr/bin/env", ["git"] + arguments, in: directory)
        guard result.status == 0 else { throw CLIError(message: "git \(arguments): \(result.stderr)") }
        return result.stdout
    }

    func handoff(_ arguments: String..., input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String)
    {
        try handoff(arguments, input: input)
    }

    func handoff(_ arguments: [String], input: String? = nil, in directory: String? = nil) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try run(EndToEndTests.binary, arguments, input: input, in: directory)
    }

    /// Starts the binary without waiting (output discarded).
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func run(_ executable: String, _ arguments: [String], input: String? = nil, in directory: String? = nil)
        throws -> (status: Int32, stdout: String, stderr: String)
    {
        let output = try runToEnd(
            executable, arguments, in: directory ?? path, environment: environment, input: Data((input ?? "").utf8))
        return (output.status, output.standardOutput, output.standardError)
    }
}

struct CLIError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
