import Foundation
import Testing

/// `handoff-mcp` driven by the official Python MCP client (`MCPClient`), each answer compared
/// with what the `handoff` CLI prints in the same repository and state.
///
/// Each test prepares its own repository and session (its `…Session()` function), but every
/// session of the suite runs in one client process, started once, before the first test reads
/// its answers; each test then checks its own session, so a failure still names what broke.
@Suite struct MCPServerTests {
    typealias Answer = MCPClient.Answer

    /// Every session of this suite, by name, run once.
    static let sessions: [String: Result<MCPSession, CLIError>] = {
        let preparations: [(String, () throws -> MCPSession)] = [
            ("listing", MCPServerTests.listingSession), ("every tool", MCPServerTests.everyToolSession),
            ("stale verify", MCPServerTests.staleVerifySession), ("failures", MCPServerTests.failuresSession),
            ("outside", MCPServerTests.outsideSession), ("registered", MCPServerTests.registeredSession),
            ("wrap up and notes", MCPServerTests.wrapUpAndNotesSession),
        ]
        var sessions: [String: Result<MCPSession, CLIError>] = [:]
        for (name, prepare) in preparations {
            do {
                let session = try prepare()
                precondition(session.name == name, "session \(session.name) is prepared as \(name)")
                sessions[name] = .success(session)
            } catch {
                sessions[name] = .failure(CLIError(message: "preparing session \(name) failed: \(error)"))
            }
        }
        MCPClient.run(sessions.values.compactMap { try? $0.get() })
        return sessions
    }()

    /// The session `name` and its answers, one per step, after the server's own checks.
    func outcome(of name: String) throws -> (session: MCPSession, answers: [Answer]) {
        let session = try #require(Self.sessions[name], "no session \(name)").get()
        let answers = try session.answers.get()
        #expect(answers.count == session.steps.count + 1)
        #expect((answers.first?["server"] as? Answer)?["name"] as? String == "handoff")
        return (session, Array(answers.dropFirst()))
    }

    static func call(_ name: String, _ arguments: Answer = [:]) -> Answer {
        ["op": "call", "name": name, "arguments": arguments]
    }

    static func cli(_ arguments: String...) -> Answer { ["op": "run", "argv": [EndToEndTests.binary] + arguments] }

    static func read(_ uri: String) -> Answer { ["op": "read", "uri": uri] }

    /// A tool's answer, which must be a success.
    func text(_ answer: Answer) -> String? {
        #expect(answer["is_error"] as? Bool == false, "\(answer)")
        return answer["text"] as? String
    }

    /// A CLI run's standard output, which must be a success.
    func stdout(_ answer: Answer) -> String? {
        #expect(answer["status"] as? Int == 0, "\(answer)")
        return answer["stdout"] as? String
    }

    func resourceText(_ answer: Answer) -> String? {
        ((answer["contents"] as? [Answer])?.first)?["text"] as? String
    }

    static func repositoryWithChanges() throws -> TestRepository {
        let repo = try TestRepository()
        try repo.commitFile("README.md", "hello\n", message: "Initial commit")
        try repo.commitFile("Sources/Fit.swift", "let fit = 1\n", message: "Add the fitter")
        try repo.write("README.md", "hello\nworld\n")
        try repo.write("notes.txt", "new\n")
        try repo.git("add", "notes.txt")
        try repo.write("scratch.txt", "untracked\n")
        return repo
    }

    static func listingSession() throws -> MCPSession {
        MCPSession(
            "listing", try repositoryWithChanges(),
            [
                ["op": "list_tools"], ["op": "list_resources"], ["op": "list_resource_templates"],
                ["op": "list_prompts"], ["op": "get_prompt", "name": "handoff", "arguments": ["options": "--compact"]],
            ])
    }

    @Test func listsItsToolsResourcesAndPrompt() throws {
        let answers = try outcome(of: "listing").answers
        let tools = try #require(answers[0]["tools"] as? [Answer])
        #expect(
            tools.compactMap { $0["name"] as? String }
                == ["status", "note", "create", "wrap_up", "verify", "resume", "replay", "list", "show"])
        for tool in tools {
            let schema = try #require(tool["inputSchema"] as? Answer, "\(tool)")
            #expect(schema["type"] as? String == "object")
            #expect(schema["additionalProperties"] as? Bool == false)
            #expect(schema["properties"] is Answer)
            #expect((tool["description"] as? String)?.isEmpty == false)
        }
        let create = try #require(tools.first { $0["name"] as? String == "create" }?["inputSchema"] as? Answer)
        let properties = try #require(create["properties"] as? Answer)
        #expect((properties["done"] as? Answer)?["type"] as? String == "array")
        #expect((properties["compact"] as? Answer)?["type"] as? String == "boolean")
        #expect((properties["next"] as? Answer)?["type"] as? String == "string")

        // No handoff yet: only the journal.
        let resources = try #require(answers[1]["resources"] as? [Answer])
        #expect(resources.compactMap { $0["uri"] as? String } == ["handoff://journal"])
        let templates = try #require(answers[2]["templates"] as? [Answer])
        #expect(templates.compactMap { $0["uriTemplate"] as? String } == ["handoff://handoffs/{name}"])
        let prompts = try #require(answers[3]["prompts"] as? [Answer])
        #expect(prompts.compactMap { $0["name"] as? String } == ["handoff"])
        let messages = try #require(answers[4]["messages"] as? [Answer])
        let prompt = try #require((messages.first?["content"] as? Answer)?["text"] as? String)
        #expect(prompt.contains("handoff --notes - --compact <<'NOTES'"), "the arguments are filled in")
        #expect(prompt.contains("## What's In Progress"))
        #expect(prompt.contains("call its `create` tool with compact set"))
        #expect(!prompt.hasPrefix("---"), "no front matter")
    }

    static func everyToolSession() throws -> MCPSession {
        let repo = try repositoryWithChanges()
        let session = MCPSession(
            "every tool", repo,
            [
                Self.call("status"), Self.cli("status", "--json"),
                Self.call("status", ["log": 1]), Self.cli("status", "--json", "--log", "1"),
                Self.call("list"), Self.cli("list"),
                Self.call(
                    "note",
                    [
                        "done": ["Parser handles tabs"], "in_progress": ["Fitter @ Sources/Fit.swift:40"],
                        "decisions": ["Keep libgit2: no spawning; trade-off: more code"], "next": "finish the fitter",
                    ]),
                Self.read("handoff://journal"),
                Self.cli("--output", "-"),
                Self.call(
                    "create",
                    [
                        "done": "Reader written", "tests": "3 passed, 1 failed",
                        "learnings": ["[Testing] fix the clock"], "blocked": ["Release notes: waiting for review"],
                    ]),
                Self.read("handoff://journal"),
                Self.call("list"), Self.cli("list"),
                Self.call("show"), Self.cli("show"),
                Self.call("show", ["handoff": 1]), Self.read("handoff://latest"),
                Self.call("resume"), Self.cli("resume"),
                Self.call("verify"), Self.cli("verify"),
                Self.call("replay", ["keywords": ["clock"]]), Self.cli("replay", "clock"),
                Self.call("replay", ["session_start": true]), Self.cli("replay", "--session-start"),
                Self.call("replay"), Self.cli("replay"),
                ["op": "list_resources"],
            ])
        session.before = try repo.fingerprint("")
        return session
    }

    @Test func everyToolAnswersAsTheCLIDoes() throws {
        let (session, answers) = try outcome(of: "every tool")
        let repo = session.repo
        let before = session.before
        var index = 0
        func next() -> Answer {
            defer { index += 1 }
            return answers[index]
        }

        // status: the JSON contract, byte for byte, and as structured content.
        let status = next()
        #expect(text(status).map { $0 + "\n" } == stdout(next()))
        let structured = try #require(status["structured"] as? Answer)
        #expect(structured["branch"] as? String == "main")
        #expect(
            (structured["status"] as? [Answer])?.compactMap { $0["path"] as? String } == [
                "README.md", "notes.txt", "scratch.txt",
            ])
        let short = next()
        #expect(text(short).map { $0 + "\n" } == stdout(next()))
        #expect((short["structured"] as? Answer)?["log"].map { ($0 as? [Any])?.count } == 1)

        // list before any handoff.
        #expect(text(next()).map { $0 + "\n" } == stdout(next()))

        // note: the journal holds the notes, in the form `handoff note` writes, and the CLI folds them in.
        #expect(
            text(next())
                == "No session was started in this worktree; started one now on main at \(try repo.git("rev-parse", "--short", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)).\nNoted 4 items in the session journal."
        )
        let journal = try #require(resourceText(next()))
        let entries = journal.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        #expect(
            entries.map { [$0["kind"] ?? "", $0["text"] ?? ""] } == [
                ["done", "Parser handles tabs"], ["wip", "Fitter @ Sources/Fit.swift:40"],
                ["decision", "Keep libgit2: no spawning; trade-off: more code"], ["next", "finish the fitter"],
            ])
        let preview = try #require(stdout(next()))
        #expect(preview.contains("- Parser handles tabs"))
        #expect(preview.contains("- Fitter — resume at `Sources/Fit.swift:40`"))

        // create: the path and the resume command; the journal is folded in and emptied.
        let created = next()
        let createdText = try #require(text(created))
        let createdFacts = try #require(created["structured"] as? Answer)
        let path = try #require(createdFacts["path"] as? String)
        let name = URL(fileURLWithPath: path).lastPathComponent
        #expect(path == repo.path + "/.claude/handoffs/" + name)
        #expect(
            createdText.hasPrefix("Handoff saved to .claude/handoffs/\(name) (with 4 notes from the session journal)\n")
        )
        let saved = try #require(repo.read(".claude/handoffs/" + name))
        for line in [
            "- Parser handles tabs", "- Reader written", "- Fitter — resume at `Sources/Fit.swift:40`",
            "1 of 4 tests failing", "[Testing] fix the clock", "Release notes",
        ] {
            #expect(saved.contains(line), "\(line)")
        }
        #expect(createdFacts["notes_from_journal"] as? Int == 4)
        #expect(resourceText(next()) == "", "the journal is emptied")

        // list, show, resume, verify, replay: the CLI's output.
        #expect(text(next()).map { $0 + "\n" } == stdout(next()))
        #expect(text(next()) == stdout(next()))
        #expect(text(next()) == saved)
        #expect(resourceText(next()) == saved)
        let resume = try #require(text(next()))
        #expect(resume + "\n" == stdout(next()))
        #expect(createdFacts["resume_command"] as? String == resume)
        #expect(createdText.hasSuffix("\nResume command:\n" + resume))
        let verify = next()
        #expect(text(verify).map { $0 + "\n" } == stdout(next()))
        #expect((verify["structured"] as? Answer)?["current"] as? Bool == true)
        let replay = try #require(text(next()))
        #expect(replay.contains("[Testing] fix the clock"))
        #expect(replay + "\n" == stdout(next()))
        let start = try #require(text(next()))
        #expect(start.contains("Resume command: "))
        #expect(start + "\n" == stdout(next()))
        #expect(text(next()).map { $0 + "\n" } == stdout(next()))

        let resources = try #require(next()["resources"] as? [Answer])
        #expect(
            resources.compactMap { $0["uri"] as? String } == [
                "handoff://latest", "handoff://handoffs/" + name, "handoff://journal",
            ])

        // It wrote nothing but the handoff folder and the git folder's handoff/.
        let after = try repo.fingerprint("")
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        #expect(
            changed.filter { !$0.hasPrefix(".claude/handoffs/") && !$0.hasPrefix(".git/handoff/") }.isEmpty,
            "\(changed.sorted())")
        #expect(changed.contains(".claude/handoffs/" + name))
    }

    static func staleVerifySession() throws -> MCPSession {
        let repo = try repositoryWithChanges()
        let created = try repo.handoff("--done", "first")
        guard created.status == 0 else { throw CLIError(message: "handoff --done first: \(created.stderr)") }
        try repo.git("add", "README.md")
        try repo.git("commit", "-q", "-m", "Second line")
        return MCPSession("stale verify", repo, [Self.call("verify", ["handoff": "1"]), Self.cli("verify", "1")])
    }

    @Test func verifyTellsAStaleHandoffAsTheCLIDoes() throws {
        let answers = try outcome(of: "stale verify").answers
        let cli = answers[1]
        #expect(cli["status"] as? Int == 1)
        #expect(text(answers[0]).map { $0 + "\n" } == cli["stdout"] as? String)
        #expect(text(answers[0])?.hasPrefix("Stale: ") == true)
        #expect((answers[0]["structured"] as? Answer)?["current"] as? Bool == false)
    }

    static func failuresSession() throws -> MCPSession {
        MCPSession(
            "failures", try repositoryWithChanges(),
            [
                Self.call("show"), Self.cli("show"),
                Self.call("resume", ["handoff": 3]), Self.cli("resume", "3"),
                Self.call("verify"), Self.cli("verify"),
                Self.call("note", ["blocked": ["no reason given"]]), Self.cli("note", "--blocked", "no reason given"),
                Self.call("note"),
                Self.call("status", ["log": -1]),
                Self.call("status", ["log": "ten"]),
                Self.call("list", ["dir": "/tmp"]),
                Self.call("show", ["handoff": "../../etc/passwd"]),
                Self.call("create", ["compact": true, "full": true]),
                Self.call("create", ["done": [1, 2]]),
                Self.call("nope"),
                Self.read("handoff://latest"), Self.cli("show", "latest"),
                Self.read("file:///etc/passwd"),
                ["op": "get_prompt", "name": "nope"],
                Self.call("status"),
            ])
    }

    /// Failures are answers with the CLI's one-line message; the server carries on after each.
    @Test func failuresAreAnswersWithTheCLIsMessage() throws {
        let answers = try outcome(of: "failures").answers
        for pair in [(0, 1), (2, 3), (4, 5), (6, 7)] {
            let tool = answers[pair.0]
            let cli = answers[pair.1]
            #expect(tool["is_error"] as? Bool == true, "\(tool)")
            #expect(cli["status"] as? Int != 0)
            let line = try #require(cli["stderr"] as? String)
            #expect(line.hasPrefix("handoff: ") && line.filter { $0 == "\n" }.count == 1, "\(line)")
            #expect((tool["text"] as? String).map { $0 + "\n" } == line)
        }
        let messages = [
            (
                8,
                "handoff: nothing to note: give done, in_progress, todo, blocked, decisions, learnings, files, gotchas, next, context or tests"
            ),
            (9, "handoff: status: log must be 0 or more, not -1"),
            (10, "handoff: status: log must be an integer, not a string"),
            (11, "handoff: list: unknown argument dir (it takes notes)"),
            (13, "handoff: compact and full cannot be combined"),
            (14, "handoff: create: done must be a list of strings, not a number"),
        ]
        for (index, message) in messages {
            #expect(answers[index]["is_error"] as? Bool == true)
            #expect(answers[index]["text"] as? String == message)
        }
        #expect((answers[12]["text"] as? String)?.hasPrefix("handoff: no handoff ../../etc/passwd in ") == true)
        let unknown = try #require(answers[15]["error"] as? Answer)
        #expect(unknown["code"] as? Int == -32602)
        #expect(
            (unknown["message"] as? String)?.hasSuffix(
                "handoff: unknown tool nope (the tools are status, note, create, wrap_up, verify, resume, replay, list, show)"
            )
                == true)
        let missing = try #require(answers[16]["error"] as? Answer)
        #expect(missing["code"] as? Int == -32002)
        let cliLine = try #require((answers[17]["stderr"] as? String)?.dropLast())
        #expect((missing["message"] as? String)?.hasSuffix(String(cliLine)) == true, "\(missing) \(cliLine)")
        #expect(
            ((answers[18]["error"] as? Answer)?["message"] as? String)?.contains("unknown resource file:///etc/passwd")
                == true)
        #expect(((answers[19]["error"] as? Answer)?["message"] as? String)?.contains("unknown prompt nope") == true)
        #expect(text(answers[20]) != nil, "still serving after every failure")
    }

    static func wrapUpAndNotesSession() throws -> MCPSession {
        let repo = try repositoryWithChanges()
        try repo.write("Sources/Fit.swift", "let fit = 1\n// TODO: fit the tail\n")
        try repo.write(
            "report.xml", #"<testsuite><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>"#)
        return MCPSession(
            "wrap up and notes", repo,
            [
                Self.call("wrap_up"), Self.cli("wrap-up", "--json"),
                Self.call("wrap_up", ["tests": "3 passed, 1 failed"]),
                Self.cli("wrap-up", "--json", "--tests", "3 passed, 1 failed"),
                Self.call("wrap_up", ["junit": "report.xml"]), Self.cli("wrap-up", "--json", "--junit", "report.xml"),
                Self.call("wrap_up", ["tests": "1 passed", "junit": "report.xml"]),
                Self.call("list", ["notes": true]), Self.cli("list", "--notes"),
                Self.cli("--done", "Fitter started"), Self.cli("publish"),
                Self.call("list", ["notes": true]), Self.cli("list", "--notes"),
            ])
    }

    /// `wrap_up` answers `handoff wrap-up --json` byte for byte (with each way of giving the
    /// tests); `list` with `notes` answers `handoff list --notes`, before and after a publish.
    @Test func wrapUpAndPublishedNotesAnswerAsTheCLIDoes() throws {
        let answers = try outcome(of: "wrap up and notes").answers
        for (tool, cli) in [(0, 1), (2, 3), (4, 5)] {
            #expect(answers[cli]["status"] as? Int == 1, "not ready: \(answers[cli])")
            let json = try #require(answers[cli]["stdout"] as? String)
            #expect(text(answers[tool]).map { $0 + "\n" } == json)
            let structured = try #require(answers[tool]["structured"] as? Answer)
            #expect(structured["ready"] as? Bool == false)
            #expect(structured["exit_status"] as? Int == 1)
            let checks = try #require(structured["checks"] as? [Answer])
            let todos = try #require(checks.first { $0["check"] as? String == "todos" }?["details"] as? [Answer])
            #expect(todos.compactMap { $0["path"] as? String } == ["Sources/Fit.swift"])
        }
        let tests = { (index: Int) in
            ((answers[index]["structured"] as? Answer)?["checks"] as? [Answer])?
                .first { $0["check"] as? String == "tests" }?["summary"] as? String
        }
        #expect(tests(2) == "1 of 4 failing (from --tests)", "\(tests(2) ?? "no tests check")")
        #expect(tests(4) == "1 of 2 failing (from report.xml)", "\(tests(4) ?? "no tests check")")
        #expect(tests(0) != tests(2))
        #expect(answers[6]["is_error"] as? Bool == true)
        #expect(answers[6]["text"] as? String == "handoff: tests and junit cannot be combined")

        #expect(text(answers[7]).map { $0 + "\n" } == stdout(answers[8]))
        #expect(text(answers[7])?.hasPrefix("No handoffs published in refs/notes/handoff yet") == true)
        #expect((answers[7]["structured"] as? Answer)?["published"] as? [Any] != nil)
        #expect(stdout(answers[9]) != nil && stdout(answers[10]) != nil)
        let listed = try #require(text(answers[11]))
        #expect(listed + "\n" == stdout(answers[12]))
        let published = try #require((answers[11]["structured"] as? Answer)?["published"] as? [Answer])
        #expect(published.count == 1)
        let commit = try #require(published.first?["commit"] as? String)
        #expect(listed.hasPrefix(String(commit.prefix(7)) + "  "), "\(listed)")
        #expect(published.first?["branch"] as? String == "main")
    }

    static func outsideSession() throws -> MCPSession {
        let repo = try TestRepository()
        let outside = repo.root + "/home"
        let session = MCPSession(
            "outside", repo,
            [
                Self.call("status"), ["op": "run", "argv": [EndToEndTests.binary, "status"], "cwd": outside],
                Self.call("list"),
            ])
        session.directory = outside
        return session
    }

    @Test func outsideARepositoryEachCallSaysSo() throws {
        let answers = try outcome(of: "outside").answers
        let line = try #require(answers[1]["stderr"] as? String)
        #expect(answers[1]["status"] as? Int == 1)
        #expect((answers[0]["text"] as? String).map { $0 + "\n" } == line)
        #expect(answers[2]["is_error"] as? Bool == true)
    }

    static let originalMCPConfiguration =
        "{\"mcpServers\":{\"other\":{\"command\":\"other-server\",\"args\":[\"--x\"]}},\n \"extra\": [1, 2.50]}\n"

    /// The server started from the entry `handoff init --mcp` wrote, as Claude Code starts it.
    static func registeredSession() throws -> MCPSession {
        let repo = try repositoryWithChanges()
        try repo.write(".mcp.json", originalMCPConfiguration)
        let installed = try repo.handoff("init", "--mcp")
        let session = MCPSession("registered", repo, [Self.call("status"), Self.cli("status", "--json")])
        session.setupRuns["installed"] = installed
        session.setupRuns["again"] = try repo.handoff("init", "--mcp")
        let configuration = try JSONSerialization.jsonObject(with: Data((repo.read(".mcp.json") ?? "").utf8))
        let entry = ((configuration as? Answer)?["mcpServers"] as? [String: Answer])?["handoff"]
        session.command = entry?["command"] as? String ?? "(no command in .mcp.json)"
        session.arguments = entry?["args"] as? [String] ?? []
        return session
    }

    /// `handoff init --mcp` registers the server where Claude Code looks; the client starts it
    /// from that entry; `init --remove` restores the file byte for byte.
    @Test func initRegistersTheServerAndRemoveRestoresTheFile() throws {
        let (session, answers) = try outcome(of: "registered")
        let repo = session.repo
        let original = Self.originalMCPConfiguration
        let installed = try #require(session.setupRuns["installed"])
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains("added the MCP server handoff: handoff-mcp to .mcp.json\n"))
        #expect(
            installed.stdout.contains(
                "  Codex (~/.codex/config.toml): [mcp_servers.handoff] command = \"handoff-mcp\"\n"))
        let data = try #require(repo.read(".mcp.json"))
        let configuration = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? Answer)
        let servers = try #require(configuration["mcpServers"] as? [String: Answer])
        #expect(servers["other"]?["command"] as? String == "other-server", "kept")
        #expect((configuration["extra"] as? [Any])?.count == 2)
        let entry = try #require(servers["handoff"])
        let command = try #require(entry["command"] as? String)
        let arguments = try #require(entry["args"] as? [String])

        #expect(session.command == command && session.arguments == arguments)
        let again = try #require(session.setupRuns["again"])
        #expect(again.stdout.contains("unchanged .mcp.json\n"))
        #expect(repo.read(".mcp.json") == data)

        #expect(text(answers[0]).map { $0 + "\n" } == stdout(answers[1]))

        let removed = try repo.handoff("init", "--remove")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("restored .mcp.json\n"))
        #expect(repo.read(".mcp.json") == original, "byte for byte")
    }

    @Test func initCreatesTheFileAndTakesItOutAgain() throws {
        let repo = try Self.repositoryWithChanges()
        // `handoff mcp` cannot start the server (handoff starts no process): it says what to run.
        let misconfigured = try repo.handoff("mcp")
        #expect(misconfigured.status == 1)
        #expect(
            misconfigured.stderr
                == "handoff: the MCP server is its own executable: configure the client to run handoff-mcp (`handoff init --mcp` registers it in .mcp.json)\n"
        )
        #expect(misconfigured.stdout.isEmpty)
        let installed = try repo.handoff("init", "--mcp")
        #expect(installed.stdout.contains("created .mcp.json (the MCP server handoff: handoff-mcp)\n"))
        #expect(
            repo.read(".mcp.json")
                == "{\n  \"mcpServers\": {\n    \"handoff\": {\n      \"command\": \"handoff-mcp\",\n      \"args\": []\n    }\n  }\n}\n"
        )
        // Edited since: only the server comes out.
        try repo.write(
            ".mcp.json",
            "{\"mcpServers\": {\"handoff\": {\"command\": \"handoff-mcp\", \"args\": []}, \"mine\": {\"command\": \"m\"}}}"
        )
        let removed = try repo.handoff("init", "--remove")
        #expect(removed.stdout.contains("removed the handoff MCP server from .mcp.json\n"), "\(removed.stdout)")
        #expect(
            repo.read(".mcp.json")
                == "{\n  \"mcpServers\": {\n    \"mine\": {\n      \"command\": \"m\"\n    }\n  }\n}\n")
        #expect(try repo.handoff("init").stdout.contains(".mcp.json") == false, "plain init leaves it alone")

        // A server named handoff of the user's own is left as it is.
        let own = "{\"mcpServers\": {\"handoff\": {\"command\": \"/opt/bin/handoff-mcp\"}}}"
        try repo.write(".mcp.json", own)
        let kept = try repo.handoff("init", "--mcp")
        #expect(
            kept.stderr.contains("handoff: warning: .mcp.json has an MCP server named handoff of its own; left as is"))
        #expect(repo.read(".mcp.json") == own)
    }
}
