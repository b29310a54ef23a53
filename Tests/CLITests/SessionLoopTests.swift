import Foundation
import Testing

/// The session loop with the built binary: start, note, handoff, list, show, resume, verify.
@Suite struct SessionLoopTests {
    func head(_ repo: TestRepository, in directory: String? = nil) throws -> String {
        try repo.git("rev-parse", "HEAD", in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func aWholeSession() throws {
        let repo = try TestRepository()
        try repo.commitFile("base.txt", "base\n", message: "Base")
        let start = try head(repo)

        let started = try repo.handoff("start")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.hasPrefix("Session started on main at \(start.prefix(7)) ("))
        #expect(exists(repo.path + "/.git/handoff/session.json"))

        try repo.commitFile("one.txt", "1\n", message: "One")
        #expect(try repo.handoff("note", "--done", "First part").stdout == "Noted 1 item in the session journal.\n")
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.commitFile("topic.txt", "t\n", message: "On topic")
        try repo.write("sub/dir/keep.txt", "k\n")
        let fromSubdirectory = try repo.handoff(
            ["note", "--wip", "Topic work @ topic.txt:1"], in: repo.path + "/sub/dir")
        #expect(fromSubdirectory.status == 0, "\(fromSubdirectory.stderr)")
        #expect(fromSubdirectory.stderr.isEmpty, "the session exists: no implicit start")
        try repo.git("checkout", "-q", "main")
        try repo.commitFile("two.txt", "2\n", message: "Two")
        _ = try repo.handoff("note", "--decision", "Keep it small: fewer bugs", "--gotcha", "CI is slow")
        #expect(try repo.git("status", "--porcelain") == "?? sub/\n", "session data never shows as a change")

        let saved = try repo.handoff("--next", "Go on")
        #expect(saved.status == 0, "\(saved.stderr)")
        let name = try #require(
            saved.stdout.firstMatch(
                of:
                    /Handoff saved to \.claude\/handoffs\/(handoff-[0-9-]+\.md) \(with 4 notes from the session journal\)\n/
            ))
        let text = try #require(repo.read(".claude/handoffs/" + name.1))
        #expect(text.contains("- **Commits this session**: 3 since the session start at `\(start.prefix(7))`"))
        for summary in ["One", "On topic", "Two"] {
            #expect(text.components(separatedBy: "` \(summary)\n").count == 2, "\(summary) listed once")
        }
        #expect(text.contains("## What's Done\n- First part\n"))
        #expect(text.contains("## What's In Progress\n- Topic work — resume at `topic.txt:1`\n"))
        #expect(text.contains("- **Keep it small**: fewer bugs"))
        #expect(text.contains("## Gotchas for Next Session\n- CI is slow\n"))
        #expect(text.contains("| `two.txt` | +1 −0 | committed |"))
        #expect(!exists(repo.path + "/.git/handoff/journal.jsonl"), "a fresh journal starts")
        #expect(!exists(repo.path + "/.git/handoff/session.json"), "the saved handoff ends the session")

        let resume = try repo.handoff("resume")
        #expect(resume.status == 0)
        #expect(resume.stdout == "Continue on main. 3 commits this session, 1 uncommitted file. Next step: Go on.\n")
        let list = try repo.handoff("list")
        #expect(list.stdout.hasPrefix("1  20"))
        #expect(list.stdout.contains("  main  \(name.1)  Continue on main. 3 commits"))
        #expect(try repo.handoff("show").stdout == text)
        #expect(try repo.handoff("show", "1").stdout == text)

        let current = try repo.handoff("verify")
        #expect(current.status == 0, "\(current.stdout)\(current.stderr)")
        #expect(current.stdout.hasPrefix("Current: .claude/handoffs/\(name.1)"))

        try repo.commitFile("three.txt", "3\n", message: "Three")
        try repo.commitFile("four.txt", "4\n", message: "Four")
        try repo.write("base.txt", "changed\n")
        let stale = try repo.handoff("verify")
        #expect(stale.status == 1)
        let lines = stale.stdout.split(separator: "\n").dropFirst().map(String.init)
        #expect(stale.stdout.hasPrefix("Stale: .claude/handoffs/\(name.1) (written "))
        #expect(lines == ["2 commits since", "1 new dirty file: base.txt"])

        try repo.git("stash", "-q")
        try repo.git("checkout", "-q", "topic")
        let moved = try repo.handoff("verify", ".claude/handoffs/" + String(name.1))
        #expect(moved.status == 1)
        // topic forked after "One": it has "On topic" and lacks the handoff's "Two".
        #expect(
            moved.stdout.split(separator: "\n").dropFirst() == [
                "branch changed: main → topic", "1 commit since",
                "1 commit of the handoff no longer on HEAD (reset, rebased or amended)",
            ])

        let next = try repo.handoff("--output", "-")
        #expect(
            next.stdout.contains("since the last handoff (\(name.1) at "),
            "without a session the last handoff is the base")
    }

    @Test func concurrentNotesLoseNothing() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        var processes: [Process] = []
        for writer in 0..<20 {
            processes.append(try repo.start(["note"] + (0..<5).flatMap { ["--done", "w\(writer) n\($0)"] }))
            // One handoff folds the journal while the notes are being written.
            if writer == 10 { processes.append(try repo.start(["--dir", "folded"])) }
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let last = try repo.handoff("--dir", "folded")
        #expect(last.status == 0, "\(last.stderr)")
        var notes: [String] = []
        for file in repo.list("folded") {
            let text = try #require(repo.read("folded/" + file))
            notes += text.split(separator: "\n").filter { $0.wholeMatch(of: /- w\d+ n\d/) != nil }.map(String.init)
        }
        #expect(notes.count == 100, "\(notes.count) notes in \(repo.list("folded").count) handoffs")
        #expect(Set(notes).count == 100, "each note exactly once")
        #expect(!exists(repo.path + "/.git/handoff/journal.jsonl"))
    }

    @Test func aNoteStartsASessionAndEachWorktreeHasItsOwn() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.git("worktree", "add", "-q", "-b", "side", "../side")
        let side = repo.root + "/side"

        let first = try repo.handoff(["note", "--done", "In side"], in: side)
        #expect(first.status == 0)
        #expect(
            first.stderr
                == "handoff: no session was started in this worktree; started one now on side at \(try head(repo).prefix(7)) (`handoff start` records one explicitly)\n"
        )
        #expect(exists(repo.path + "/.git/worktrees/side/handoff/journal.jsonl"))
        #expect(exists(repo.path + "/.git/worktrees/side/handoff/session.json"))
        #expect(!exists(repo.path + "/.git/handoff"), "the main worktree has no session")
        #expect(try repo.git("status", "--porcelain", in: side).isEmpty)

        _ = try repo.handoff("note", "--done", "In main")
        try repo.commitFile("b.txt", "b\n", message: "Main commit")
        try Data("s\n".utf8).write(to: URL(fileURLWithPath: side + "/s.txt"))
        try repo.git("add", "s.txt", in: side)
        try repo.git("commit", "-q", "-m", "Side commit", in: side)

        let sideHandoff = try repo.handoff(["--output", "-"], in: side)
        #expect(sideHandoff.stdout.contains("- In side\n") && !sideHandoff.stdout.contains("In main"))
        #expect(sideHandoff.stdout.contains("Side commit") && !sideHandoff.stdout.contains("Main commit"))
        let mainHandoff = try repo.handoff("--output", "-")
        #expect(mainHandoff.stdout.contains("- In main\n") && !mainHandoff.stdout.contains("In side"))
        #expect(mainHandoff.stdout.contains("- **Commits this session**: 1 since the session start"))
        #expect(exists(repo.path + "/.git/handoff/journal.jsonl"), "printing only previews: the journal stays")
    }

    @Test func detachedHead() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        try repo.git("checkout", "-q", "--detach")
        let start = try repo.handoff("start")
        #expect(start.stdout.hasPrefix("Session started on detached at \(try head(repo).prefix(7)) ("))
        try repo.commitFile("b.txt", "b\n", message: "Detached work")
        let saved = try repo.handoff("--done", "Detached")
        #expect(saved.status == 0, "\(saved.stderr)")
        let shown = try repo.handoff("show", "latest")
        #expect(shown.stdout.contains("- **Branch**: detached at `\(try head(repo).prefix(7))`"))
        #expect(shown.stdout.contains("- **Commits this session**: 1 since the session start"))
        #expect(try repo.handoff("verify").status == 0)
        #expect(
            try repo.handoff("resume").stdout.hasPrefix(
                "Continue on detached at \(try head(repo).prefix(7)). 1 commit this session"))
    }

    @Test func badInputIsOneClearLine() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        let cases: [([String], Int32, String)] = [
            (["note"], 1, "handoff: nothing to note: give --done"),
            (["note", "--blocked", "no reason"], 1, "handoff: --blocked needs \"item: reason\", got \"no reason\""),
            (["resume"], 1, "handoff: no handoff in \(repo.path)/.claude/handoffs yet; write one with `handoff`"),
            (["show", "99"], 1, "handoff: no handoff in "),
            (["verify"], 2, "handoff: no handoff in "),
            (["verify", "missing.md"], 2, "handoff: \(repo.path)/missing.md: no such file"),
            (["verify", "--bogus"], 2, "Error: Unknown option '--bogus'"),
        ]
        for (arguments, status, message) in cases {
            let result = try repo.handoff(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(!exists(repo.path + "/.git/handoff"), "failed notes write nothing")
        _ = try repo.handoff("--done", "x")
        let missing = try repo.handoff("show", "99")
        #expect(
            missing.stderr
                == "handoff: no handoff number 99: `handoff list` shows 1 (1 is the newest) in \(repo.path)/.claude/handoffs\n"
        )
        #expect(try repo.handoff("list").stdout.split(separator: "\n").count == 1)
    }

    @Test func aCorruptJournalIsReportedAndSetAside() throws {
        let repo = try TestRepository()
        try repo.commitFile("a.txt", "a\n", message: "Start")
        _ = try repo.handoff("note", "--done", "Before")
        let journal = repo.path + "/.git/handoff/journal.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data("{truncated\n".utf8))
        try handle.close()
        _ = try repo.handoff("note", "--done", "After")
        let result = try repo.handoff("--output", "out.md")
        #expect(result.status == 0)
        #expect(result.stderr.contains("handoff: warning: \(journal):2: not a journal entry"))
        let aside = try #require(repo.list(".git/handoff").first { $0.hasPrefix("journal.corrupt-") })
        #expect(result.stderr.contains(aside))
        #expect(repo.read(".git/handoff/" + aside)?.contains("{truncated\n") == true)
        #expect(repo.read("out.md")?.contains("## What's Done\n- Before\n- After\n") == true)
    }

    @Test func everyCommandTeachesWithExamples() throws {
        let repo = try TestRepository()
        for command in ["start", "note", "list", "show", "resume", "verify"] {
            let help = try repo.handoff(command, "--help")
            #expect(help.status == 0)
            #expect(
                help.stdout.contains(
                    "Examples:\n  handoff \(command == "verify" || command == "show" || command == "resume" || command == "list" ? command : "")"
                ), "\(command)")
            #expect(help.stdout.contains("-C <path>"), "\(command)")
        }
    }
}
