import Foundation
import TestSupport
import Testing

/// `handoff init`, the hooks it installs, `learn` and `replay`, end to end with the built binary.
@Suite struct AgentTests {
    static let managed = [".claude/commands/handoff.md", ".claude/settings.json", "AGENTS.md"]

    func bytes(_ repo: TestRepository, _ relative: String) -> Data? {
        FileManager.default.contents(atPath: repo.path + "/" + relative)
    }

    func exists(_ repo: TestRepository, _ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: repo.path + "/" + relative)
    }

    /// Runs a shell command line as a hook would: in the repository, `handoff` on PATH, JSON on stdin.
    func runHook(_ repo: TestRepository, _ command: String, input: String) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        var environment = repo.environment
        let binaries = URL(fileURLWithPath: EndToEndTests.binary).deletingLastPathComponent().path
        environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try run("/bin/sh", ["-c", command], in: repo.path, environment: environment, input: input)
    }

    func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String],
        input: String = ""
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let output = try runToEnd(
            executable, arguments, in: directory, environment: environment, input: Data(input.utf8))
        return (output.status, output.standardOutput, output.standardError)
    }

    func settings(_ repo: TestRepository) throws -> [String: Any] {
        let data = try #require(bytes(repo, ".claude/settings.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The hook commands settings.json holds for an event.
    func commands(_ settings: [String: Any], _ event: String) -> [String] {
        let entries = (settings["hooks"] as? [String: Any])?[event] as? [[String: Any]] ?? []
        return entries.flatMap { ($0["hooks"] as? [[String: Any]] ?? []).compactMap { $0["command"] as? String } }
    }

    @Test func initTwiceGivesTheSameFiles() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let first = try repo.handoff("init")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("created .claude/commands/handoff.md"))
        #expect(first.stdout.contains("created .claude/settings.json"))
        #expect(first.stdout.contains("created AGENTS.md"))
        let files = Self.managed.map { bytes(repo, $0) }
        #expect(files.allSatisfy { $0 != nil })

        let second = try repo.handoff("init")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            second.stdout
                == "unchanged .claude/commands/handoff.md\nunchanged .claude/settings.json\nunchanged AGENTS.md\n")
        #expect(Self.managed.map { bytes(repo, $0) } == files)

        let command = try #require(repo.read(".claude/commands/handoff.md"))
        #expect(command.hasPrefix("---\ndescription: "))
        #expect(command.contains("\nargument-hint: [--compact|--full]\n---\n"))
        #expect(command.contains("handoff --notes - $ARGUMENTS"))
        let wrapUp = try #require(command.range(of: "First run `handoff wrap-up` and show its checklist"))
        #expect(wrapUp.lowerBound < command.range(of: "handoff --notes -")!.lowerBound, "wrap-up runs first")
        #expect(command.contains("`item @ path:line`") && command.contains("`[Category] rule`"))
        let agents = try #require(repo.read("AGENTS.md"))
        #expect(agents.hasPrefix("<!-- handoff:begin -->\n") && agents.hasSuffix("<!-- handoff:end -->\n"))
        let object = try settings(repo)
        #expect(commands(object, "SessionStart") == ["handoff replay --session-start"])
        #expect(commands(object, "PreCompact") == ["handoff --compact --auto"])
        #expect(commands(object, "SessionEnd") == ["handoff --session-end"])
        let text = try #require(repo.read(".claude/settings.json"))
        #expect(text.hasPrefix("{\n  \"hooks\": {\n    \"SessionStart\": [\n"), "two-space indentation")
        #expect(exists(repo, ".git/handoff/init-backup/manifest.json"), "backups stay in the git folder")
        #expect(repo.list(".claude").sorted() == ["commands", "settings.json"])
    }

    @Test func existingSettingsKeepOtherHooksAndRemoveRestoresBytes() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let original = """
            {
                "model": "opus",
                "permissions": {"allow": ["Bash(swift build:*)"], "deny": []},
                "hooks": {
                    "PostToolUse": [{"matcher": "Edit|Write", "hooks": [{"type": "command", "command": "swift format -i \\"$FILE\\""}]}],
                    "SessionStart": [{"matcher": "startup", "hooks": [{"type": "command", "command": "echo welcome"}]}]
                },
                "env": {"RATIO": 1.50, "UNICODE": "caf\\u00e9 ✓"}
            }
            """
        try repo.write(".claude/settings.json", original)
        try repo.write("AGENTS.md", "# Agents\n\nBe brief.")
        let result = try repo.handoff("init")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("added hooks to .claude/settings.json"))
        #expect(result.stdout.contains("added the handoff section to AGENTS.md"))

        let object = try settings(repo)
        #expect(object["model"] as? String == "opus")
        #expect((object["permissions"] as? [String: Any])?["allow"] as? [String] == ["Bash(swift build:*)"])
        #expect(commands(object, "PostToolUse") == ["swift format -i \"$FILE\""])
        #expect(commands(object, "SessionStart") == ["echo welcome", "handoff replay --session-start"])
        #expect(commands(object, "PreCompact") == ["handoff --compact --auto"])
        #expect(commands(object, "SessionEnd") == ["handoff --session-end"])
        let text = try #require(repo.read(".claude/settings.json"))
        #expect(text.contains("\"RATIO\": 1.50"), "numbers keep their text")
        let keys = ["\"model\"", "\"permissions\"", "\"hooks\"", "\"env\""].map { text.range(of: $0)!.lowerBound }
        #expect(keys == keys.sorted(), "key order kept")
        let agents = try #require(repo.read("AGENTS.md"))
        #expect(agents.hasPrefix("# Agents\n\nBe brief.\n\n<!-- handoff:begin -->\n"))

        let removed = try repo.handoff("init", "--remove")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(bytes(repo, ".claude/settings.json") == Data(original.utf8), "byte for byte")
        #expect(repo.read("AGENTS.md") == "# Agents\n\nBe brief.")
        #expect(!exists(repo, ".claude/commands"), "the folder init made is gone")
        #expect(exists(repo, ".claude"), "the folder that was there stays")
        #expect(!exists(repo, ".git/handoff/init-backup"))
        #expect(try repo.handoff("init", "--remove").stdout == "nothing to remove\n")
    }

    @Test func removeAfterEditsTakesOutOnlyWhatInitAdded() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        #expect(try repo.handoff("init").status == 0)
        var text = try #require(repo.read(".claude/settings.json"))
        text = text.replacingOccurrences(of: "{\n  \"hooks\"", with: "{\n  \"theme\": \"dark\",\n  \"hooks\"")
        try repo.write(".claude/settings.json", text)
        try repo.write("AGENTS.md", try #require(repo.read("AGENTS.md")) + "\n## Style\nTabs.\n")
        let removed = try repo.handoff("init", "--remove")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(repo.read(".claude/settings.json") == "{\n  \"theme\": \"dark\"\n}\n")
        #expect(repo.read("AGENTS.md") == "\n## Style\nTabs.\n")
        #expect(!exists(repo, ".claude/commands/handoff.md"))
    }

    @Test func hookCommandsRunAndPrintWhatTheAgentSees() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        #expect(try repo.handoff("init").status == 0)
        let object = try settings(repo)
        let sessionStart = try #require(commands(object, "SessionStart").first)
        let preCompact = try #require(commands(object, "PreCompact").first)
        let hookInput = #"{"session_id": "abc", "hook_event_name": "SessionStart", "source": "startup"}"#

        let empty = try runHook(repo, sessionStart, input: hookInput)
        #expect(empty.status == 0 && empty.stdout.isEmpty, "no handoff yet: nothing injected; \(empty.stderr)")

        let saved = try repo.handoff(
            "--wip", "Budget fitting @ Sources/Fit.swift:40", "--todo", "Document the schema", "--blocked",
            "Release: waiting for review", "--next", "finish the fitter")
        #expect(saved.status == 0, "\(saved.stderr)")
        let manual = try #require(repo.list(".claude/handoffs").first)
        let replay = try runHook(repo, sessionStart, input: hookInput)
        #expect(replay.status == 0, "\(replay.stderr)")
        let resume = try #require(
            repo.read(".claude/handoffs/" + manual)?.firstMatch(of: /## Resume Command\n> (.*)\n/)?.1)
        #expect(resume.hasSuffix("Next step: finish the fitter."))
        #expect(
            replay.stdout == """
                Latest session handoff: .claude/handoffs/\(manual)
                Resume command: \(resume)

                In progress:
                - Budget fitting — resume at `Sources/Fit.swift:40`

                Pending:
                - Document the schema
                - **Release** — blocked: waiting for review

                """)

        let compact = try runHook(repo, preCompact, input: #"{"hook_event_name": "PreCompact", "trigger": "auto"}"#)
        #expect(compact.status == 0, "\(compact.stderr)")
        let automatic = try #require(
            compact.stdout.firstMatch(of: /Handoff saved to \.claude\/handoffs\/(handoff-[0-9-]+\.md)\n/))
        let document = try #require(repo.read(".claude/handoffs/" + automatic.1))
        #expect(document.contains("\n_Automatic handoff, written by a hook"))
        #expect(document.contains("## Key Context"), "--compact")

        let after = try runHook(repo, sessionStart, input: hookInput)
        #expect(
            after.stdout.hasPrefix(
                "Latest session handoff: .claude/handoffs/\(automatic.1) (written automatically by a hook)\n"))
        #expect(
            after.stdout.contains(
                "In progress (from \(manual)):\n- Budget fitting — resume at `Sources/Fit.swift:40`\n"))
    }

    /// The SessionEnd hook writes a compact handoff only while the session has unsaved notes (or
    /// a start), once: the handoff it saves ends the session, so the next end writes nothing.
    @Test func sessionEndHookWritesOnlyWhatIsUnsaved() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        #expect(try repo.handoff("init").status == 0)
        let sessionEnd = try #require(commands(try settings(repo), "SessionEnd").first)
        let hookInput = #"{"session_id": "abc", "hook_event_name": "SessionEnd", "reason": "prompt_input_exit"}"#

        let nothing = try runHook(repo, sessionEnd, input: hookInput)
        #expect(nothing.status == 0 && nothing.stdout.isEmpty)
        #expect(nothing.stderr == "handoff: nothing noted since the last handoff; none written (--session-end)\n")
        #expect(repo.list(".claude/handoffs").isEmpty)

        #expect(try repo.handoff("note", "--wip", "Fitter @ Sources/Fit.swift:40", "--next", "finish it").status == 0)
        let written = try runHook(repo, sessionEnd, input: hookInput)
        #expect(written.status == 0, "\(written.stderr)")
        let name = try #require(
            written.stdout.firstMatch(of: /Handoff saved to \.claude\/handoffs\/(handoff-[0-9-]+\.md) \(with 2 notes/))
        let document = try #require(repo.read(".claude/handoffs/" + name.1))
        #expect(document.contains("\n_Automatic handoff, written by a hook"))
        #expect(document.contains("## Key Context"), "compact")
        #expect(document.contains("finish it"))
        #expect(!exists(repo, ".git/handoff/journal.jsonl") && !exists(repo, ".git/handoff/session.json"))

        let again = try runHook(repo, sessionEnd, input: hookInput)
        #expect(again.status == 0 && again.stdout.isEmpty, "saved since the last note: nothing to write")
        #expect(repo.list(".claude/handoffs") == [String(name.1)])

        // A handoff saved by hand after the last note: nothing left for the hook either.
        #expect(try repo.handoff("note", "--done", "Fitter").status == 0)
        #expect(try repo.handoff("--next", "ship").status == 0)
        #expect(try runHook(repo, sessionEnd, input: hookInput).stdout.isEmpty)
        #expect(repo.list(".claude/handoffs").count == 2)
    }

    @Test func learnThenReplayFindsTheLearningByKeyword() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let learned = try repo.handoff("learn", "[Testing] run git with a fixed clock in tests")
        #expect(learned.status == 0, "\(learned.stderr)")
        #expect(learned.stdout == "Learned: [Testing] run git with a fixed clock in tests (.claude/LEARNED.md)\n")
        #expect(try repo.handoff("learn", "[Build] install libgit2-dev before swift build").status == 0)
        #expect(
            try repo.handoff("learn", "[Testing] run git with a fixed clock in tests").stdout.hasPrefix("Already in"))
        let file = try #require(repo.read(".claude/LEARNED.md"))
        #expect(file.hasPrefix("# Learned\n"))
        #expect(
            file.hasSuffix(
                "\n- [Testing] run git with a fixed clock in tests\n- [Build] install libgit2-dev before swift build\n")
        )

        let found = try repo.handoff("replay", "clocks")
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.hasPrefix("- [Testing] run git with a fixed clock in tests (learning, "))
        #expect(!found.stdout.contains("libgit2"))

        // The next handoff takes the pending learnings in; replay then finds them there too.
        let saved = try repo.handoff("--learned", "[Cache] clear the module cache after a toolchain change")
        #expect(saved.status == 0, "\(saved.stderr)")
        let name = try #require(repo.list(".claude/handoffs").first)
        let handoff = try #require(repo.read(".claude/handoffs/" + name))
        #expect(
            handoff.contains(
                "## Learnings Captured\n- [Cache] clear the module cache after a toolchain change\n- [Testing] run git with a fixed clock in tests\n- [Build] install libgit2-dev before swift build\n"
            ))
        #expect(!exists(repo, ".git/handoff/learnings.jsonl"), "taken by the handoff")
        let next = try repo.handoff("--output", "-")
        #expect(!next.stdout.contains("Learnings Captured"), "taken once")

        let ranked = try repo.handoff("replay", "toolchain", "cache")
        #expect(
            ranked.stdout.hasPrefix("- [Cache] clear the module cache after a toolchain change (learning, \(name))\n"))
        let prefix = try repo.handoff("replay", "libgit*")
        #expect(prefix.stdout.hasPrefix("- [Build] install libgit2-dev"))
        let none = try repo.handoff("replay", "kubernetes")
        #expect(none.stdout == "Nothing matches kubernetes.\n")
    }

    @Test func hookModeNeverFailsTheAgent() throws {
        let repo = try TestRepository()
        try FileManager.default.removeItem(atPath: repo.path + "/.git")
        let outside = try repo.handoff("--compact", "--auto")
        #expect(outside.status == 0)
        #expect(outside.stderr.hasPrefix("handoff: not a git repository"))
        let replay = try repo.handoff("replay", "--session-start")
        #expect(replay.status == 0 && replay.stdout.isEmpty)
        #expect(replay.stderr.hasPrefix("handoff: not a git repository"))
        let sessionEnd = try repo.handoff("--session-end")
        #expect(sessionEnd.status == 0 && sessionEnd.stdout.isEmpty)
        #expect(sessionEnd.stderr.hasPrefix("handoff: not a git repository"))
        #expect(sessionEnd.stderr.split(separator: "\n").count == 1, "one line")
        let usage = try repo.handoff("--hook", "--no-such-flag")
        #expect(usage.status == 0)
        #expect(usage.stderr.contains("--no-such-flag"))
        let normal = try repo.handoff("--compact")
        #expect(normal.status == 1, "without hook mode the failure is an exit status")
    }

    /// Hook mode is the command's own flag as the parser reads it, never a word anywhere on the line.
    @Test func hookModeIsReadFromTheCommandsOwnFlag() throws {
        let repo = try TestRepository()
        try FileManager.default.removeItem(atPath: repo.path + "/.git")
        let learning = try repo.handoff("learn", "--", "--auto")
        #expect(learning.status == 1, "a learning whose text is --auto is no hook")
        #expect(learning.stderr.hasPrefix("handoff: not a git repository"))
        let afterTerminator = try repo.handoff("--compact", "--", "--auto")
        #expect(afterTerminator.status == 64, "after --, --auto is no flag")
        let otherCommand = try repo.handoff("show", "--hook")
        #expect(otherCommand.status == 64, "show has no hook mode")
        #expect(otherCommand.stderr.hasPrefix("Error: Unknown option '--hook'"))
        let sessionStart = try repo.handoff("replay", "--session-start", "--bogus")
        #expect(sessionStart.status == 0)
        #expect(sessionStart.stderr.hasPrefix("handoff: Error: Unknown option '--bogus'"))
        let help = try repo.handoff("--auto", "--help")
        #expect(help.status == 0 && help.stderr.isEmpty)
        #expect(help.stdout.hasPrefix("OVERVIEW: Write the session handoff document"))
    }

    @Test func outsideARepositoryIsOneLine() throws {
        let repo = try TestRepository()
        try FileManager.default.removeItem(atPath: repo.path + "/.git")
        for arguments in [["init"], ["init", "--remove"], ["learn", "[A] b"], ["replay", "x"]] {
            let result = try repo.handoff(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.hasPrefix("handoff: not a git repository"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        }
        #expect(repo.list("").isEmpty, "nothing written")
    }

    @Test func malformedSettingsIsReportedNotOverwritten() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let broken = "{\n  \"model\": \"opus\",\n  \"hooks\": {\n}\n"
        try repo.write(".claude/settings.json", broken)
        let result = try repo.handoff("init")
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "handoff: .claude/settings.json is not valid JSON (line 5, column 1: expected ',' or '}', found end of input); fix it and run handoff init again — nothing was changed\n"
        )
        #expect(repo.read(".claude/settings.json") == broken)
        #expect(!exists(repo, ".claude/commands") && !exists(repo, "AGENTS.md"), "nothing half-written")

        try repo.write(".claude/settings.json", "{\"hooks\": []}")
        let wrongShape = try repo.handoff("init")
        #expect(wrongShape.status == 1)
        #expect(wrongShape.stderr.contains("\"hooks\" is not a JSON object"))
        #expect(repo.read(".claude/settings.json") == "{\"hooks\": []}")
    }

    @Test func readOnlyClaudeFolderChangesNothing() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.write(".claude/settings.json", "{}\n")
        var environment = repo.environment
        var command = [EndToEndTests.binary, "init"]
        if getuid() == 0 {
            // root writes through permissions: run as nobody, owning the repository so git opens it.
            let chown = try run(
                "/bin/chown", ["-R", "65534:65534", repo.root], in: repo.path, environment: environment)
            #expect(chown.status == 0, "\(chown.stderr)")
            command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + command
            environment["HOME"] = repo.root + "/home"
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: repo.path + "/.claude")
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/.claude")
        }
        let result = try run(command[0], Array(command.dropFirst()), in: repo.path, environment: environment)
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix("handoff: cannot create folder \(repo.path)/.claude/commands: Permission denied"),
            "\(result.stderr)")
        #expect(result.stderr.hasSuffix("nothing was changed\n"))
        #expect(repo.list(".claude") == ["settings.json"])
        #expect(repo.read(".claude/settings.json") == "{}\n")
        #expect(!exists(repo, "AGENTS.md"))
        #expect(!exists(repo, ".git/handoff/init-backup"))

        let learnCommand = Array(command.dropLast()) + ["learn", "[A] rule"]
        let learn = try run(learnCommand[0], Array(learnCommand.dropFirst()), in: repo.path, environment: environment)
        #expect(learn.status == 1)
        #expect(learn.stderr.contains("LEARNED.md: Permission denied"), "\(learn.stderr)")
        #expect(repo.list(".claude") == ["settings.json"])
    }
}
