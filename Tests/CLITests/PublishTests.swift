import Foundation
import Testing

/// `handoff publish`, `list --notes`, `show --note` and `hook install --publish` end to end,
/// with the built binary, a bare remote, fresh clones and git's own notes commands.
@Suite struct PublishTests {
    private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    private func head(_ space: Workspace, _ directory: String = "clone") throws -> String {
        trimmed(try space.git("rev-parse", "HEAD", in: directory))
    }

    /// Writes a handoff in the clone, saved at `output` (relative to the clone), and returns its
    /// path relative to the workspace.
    private func writeHandoff(_ space: Workspace, _ arguments: [String], output: String) throws -> String {
        let result = try space.handoff(arguments + ["--output", output], in: "clone")
        #expect(result.status == 0, "\(result.stderr)")
        return "clone/" + output
    }

    @Test func aPublishedHandoffRoundTripsThroughABareRemote() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        try space.commit("a.txt", "a\n", message: "Add a")
        let file = try writeHandoff(
            space, ["--done", "Parser handles tabs", "--next", "wire up --full"], output: ".claude/handoffs/h1.md")
        let text = try #require(space.read(file))
        #expect(text.contains("## Resume Command"), "a real handoff")

        let publish = try space.handoff(["publish", ".claude/handoffs/h1.md"], in: "clone")
        #expect(publish.status == 0, "\(publish.stderr)")
        let commit = try head(space)
        #expect(
            publish.stdout
                == "Published .claude/handoffs/h1.md on \(commit.prefix(7)) (refs/notes/handoff)\nPush it with: git push origin refs/notes/handoff\n"
        )
        #expect(publish.stderr.isEmpty)
        #expect(try space.git("notes", "--ref=handoff", "show", "HEAD", in: "clone") == text, "byte for byte")
        let show = try space.handoff(["show", "--note"], in: "clone")
        #expect(show.stdout == (try space.git("notes", "--ref=handoff", "show", "HEAD", in: "clone")))
        let list = try space.handoff(["list", "--notes"], in: "clone")
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("\(commit.prefix(7))  20"))
        #expect(list.stdout.contains("  main  Continue on main. "), "\(list.stdout)")
        #expect(list.stdout.hasSuffix("Next step: wire up --full.\n"), "\(list.stdout)")
        #expect(list.stdout.split(separator: "\n").count == 1)

        // A second handoff on the same commit: appended; the list shows the newest one's resume.
        let next = try writeHandoff(space, ["--done", "Fitter", "--next", "ship it"], output: ".claude/handoffs/h2.md")
        #expect(try space.handoff(["publish", ".claude/handoffs/h2.md"], in: "clone").status == 0)
        let both = try #require(space.read(file)) + "\n" + (try #require(space.read(next)))
        #expect(try space.git("notes", "--ref=handoff", "show", "HEAD", in: "clone") == both)
        let relisted = try space.handoff(["list", "--notes"], in: "clone")
        #expect(relisted.stdout.hasSuffix("Next step: ship it.\n"), "\(relisted.stdout)")
        #expect(relisted.stdout.split(separator: "\n").count == 1)

        try space.git("push", "-q", "origin", "main", "refs/notes/handoff", in: "clone")
        try space.git("clone", "-q", space.path("remote.git"), "fresh")
        let before = try space.handoff(["list", "--notes"], in: "fresh")
        #expect(before.status == 0)
        #expect(before.stdout.hasPrefix("No handoffs published in refs/notes/handoff yet"))
        let missing = try space.handoff(["show", "--note"], in: "fresh")
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("handoff: no handoff published on HEAD (\(commit.prefix(7)))"))
        #expect(missing.stderr.split(separator: "\n").count == 1)

        try space.git("fetch", "-q", "origin", "refs/notes/handoff:refs/notes/handoff", in: "fresh")
        #expect(try space.handoff(["show", "--note", "HEAD"], in: "fresh").stdout == both)
        #expect(try space.handoff(["show", "--note", String(commit.prefix(10))], in: "fresh").stdout == both)
        #expect(try space.handoff(["list", "--notes"], in: "fresh").stdout == relisted.stdout)
        // The bare remote itself reads them too (no work tree needed to read notes).
        #expect(try space.handoff(["list", "--notes"], in: "remote.git").stdout == relisted.stdout)
        #expect(
            try space.git("notes", "--ref=handoff", "list", in: "fresh")
                == (try space.git("notes", "--ref=handoff", "list", in: "clone")))
    }

    @Test func publishingTwiceOnOneCommitAppendsAsGitNotesAppendAndReplaceReplaces() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        try space.write("clone/.claude/handoffs/one.md", "first handoff\n")
        try space.write("clone/.claude/handoffs/two.md", "second handoff\n")
        #expect(try space.handoff(["publish", ".claude/handoffs/one.md"], in: "clone").status == 0)
        let second = try space.handoff(["publish", ".claude/handoffs/two.md"], in: "clone")
        #expect(second.stdout.hasPrefix("Published .claude/handoffs/two.md on "))
        #expect(second.stdout.contains("after the handoff already there"))
        let again = try space.handoff(["publish", ".claude/handoffs/one.md"], in: "clone")
        #expect(again.status == 0)
        #expect(again.stdout.contains("is published on") && again.stdout.contains("already"))

        let one = trimmed(try space.git("hash-object", "-w", ".claude/handoffs/one.md", in: "clone"))
        let two = trimmed(try space.git("hash-object", "-w", ".claude/handoffs/two.md", in: "clone"))
        try space.git("notes", "--ref=gitcheck", "add", "-C", one, in: "clone")
        try space.git("notes", "--ref=gitcheck", "append", "-C", two, in: "clone")
        let gits = try space.git("notes", "--ref=gitcheck", "show", in: "clone")
        #expect(gits == "first handoff\n\nsecond handoff\n")
        #expect(try space.handoff(["show", "--note"], in: "clone").stdout == gits)
        #expect(trimmed(try space.git("rev-list", "--count", "refs/notes/handoff", in: "clone")) == "2")

        let replace = try space.handoff(["publish", "--replace", ".claude/handoffs/one.md"], in: "clone")
        #expect(replace.stdout.contains("replacing the note that was there"))
        try space.git("notes", "--ref=gitcheck", "add", "-f", "-C", one, in: "clone")
        #expect(
            try space.handoff(["show", "--note"], in: "clone").stdout
                == (try space.git("notes", "--ref=gitcheck", "show", in: "clone")))
    }

    /// Several `handoff publish` processes at once, on different commits and on one commit:
    /// every note is kept, each once.
    @Test func concurrentPublishesLoseNoNote() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        let count = 8
        var commits: [String] = []
        for index in 0..<count {
            try space.commit("f\(index).txt", "\(index)\n", message: "Commit \(index)")
            commits.append(try head(space))
            try space.write("clone/.claude/handoffs/h\(index).md", "handoff \(index)\n")
        }
        func publishAll(_ target: (Int) -> String, _ file: (Int) -> String) throws -> [Int32] {
            let processes = try (0..<count).map { index in
                try space.start(["publish", file(index), "--commit", target(index)], in: "clone")
            }
            return processes.map {
                $0.waitUntilExit(); return $0.terminationStatus
            }
        }
        #expect(try publishAll({ commits[$0] }, { ".claude/handoffs/h\($0).md" }) == Array(repeating: 0, count: count))
        let listed = try space.git("notes", "--ref=handoff", "list", in: "clone").split(separator: "\n")
        #expect(Set(listed.map { String($0.split(separator: " ")[1]) }) == Set(commits))
        for (index, commit) in commits.enumerated() {
            #expect(try space.git("notes", "--ref=handoff", "show", commit, in: "clone") == "handoff \(index)\n")
        }

        // All on HEAD: appended one after another, in whatever order they won, none lost.
        try space.commit("shared.txt", "x\n", message: "Shared")
        #expect(try publishAll({ _ in "HEAD" }, { ".claude/handoffs/h\($0).md" }) == Array(repeating: 0, count: count))
        let shared = try space.git("notes", "--ref=handoff", "show", "HEAD", in: "clone")
        let parts = shared.split(separator: "\n").map(String.init)
        #expect(parts.sorted() == (0..<count).map { "handoff \($0)" }.sorted(), "\(shared)")
        #expect(shared.components(separatedBy: "\n\n").count == count, "a blank line between handoffs")
        #expect(
            trimmed(try space.git("rev-list", "--count", "refs/notes/handoff", in: "clone")) == String(2 * count))
        // (Attempts that lost a race leave unreachable notes commits, as a lost race of git's does.)
        #expect(try space.git("fsck", "--no-progress", "--no-dangling", in: "clone").isEmpty)
    }

    @Test func errorsAreOneLineAndWriteNothing() throws {
        let space = try Workspace()
        try space.git("init", "-q", "-b", "main", "unborn")
        func expectOneLineFailure(
            _ arguments: [String], in directory: String, _ prefix: String, extra: [String: String] = [:],
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let result = try space.handoff(arguments, in: directory, extra: extra)
            #expect(result.status == 1, "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
            #expect(result.stderr.hasPrefix("handoff: " + prefix), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.split(separator: "\n").count == 1, sourceLocation: sourceLocation)
            #expect(
                try space.tryGit("rev-parse", "-q", "--verify", "refs/notes/handoff", in: directory).status != 0,
                "no notes ref", sourceLocation: sourceLocation)
        }
        // No handoff saved yet.
        try expectOneLineFailure(["publish"], in: "unborn", "no handoff in ")
        // A handoff, but no commit to put it on.
        #expect(try space.handoff(["--done", "sketch"], in: "unborn").status == 0)
        try expectOneLineFailure(["publish"], in: "unborn", "HEAD has no commit yet (unborn branch)")
        try expectOneLineFailure(["show", "--note"], in: "unborn", "unknown revision HEAD")
        try expectOneLineFailure(["publish", "--commit", "nope"], in: "unborn", "unknown revision nope")

        try space.remoteAndClone()
        // A secret in a handoff file (edited by hand after it was saved).
        try space.write("clone/.claude/handoffs/leak.md", "# Handoff\npassword = hunter2hunter2\n")
        try expectOneLineFailure(
            ["publish", ".claude/handoffs/leak.md"], in: "clone",
            ".claude/handoffs/leak.md holds what looks like a secret (password ×1); not publishing it")
        // Secrets in the notes are redacted when the handoff is saved: that handoff publishes,
        // and the note holds no secret.
        let secret = "ghp_" + String(repeating: "a1B2", count: 9)
        let saved = try space.handoff(
            ["--done", "rotated the CI token \(secret)", "--gotcha", "password=hunter2hunter2 was in the log"],
            in: "clone")
        #expect(saved.status == 0, "\(saved.stderr)")
        let published = try space.handoff(["publish"], in: "clone")
        #expect(published.status == 0, "\(published.stderr)")
        let note = try space.git("notes", "--ref=handoff", "show", "HEAD", in: "clone")
        #expect(note.contains("[redacted:github-token]") && note.contains("[redacted:password]"), "\(note)")
        #expect(!note.contains(secret) && !note.contains("hunter2hunter2"))
        try space.git("update-ref", "-d", "refs/notes/handoff", in: "clone")
        // No identity anywhere.
        try space.write("clone/.claude/handoffs/fine.md", "fine\n")
        try expectOneLineFailure(
            ["publish", ".claude/handoffs/fine.md"], in: "clone", "committer identity unknown",
            extra: ["GIT_COMMITTER_NAME": "", "GIT_COMMITTER_EMAIL": "", "EMAIL": ""])
        try expectOneLineFailure(["show", "--note", "HEAD~9"], in: "clone", "unknown revision HEAD~9")
    }

    @Test func onADetachedHeadTheNoteGoesOnTheCheckedOutCommit() throws {
        let space = try Workspace()
        try space.remoteAndClone(commits: 2)
        try space.git("checkout", "-q", "--detach", "HEAD~1", in: "clone")
        // Saved under its default name, so `publish` (the latest) finds it.
        #expect(try space.handoff(["--done", "bisected"], in: "clone").status == 0)
        let name = try #require(space.list("clone/.claude/handoffs").first)
        let publish = try space.handoff(["publish"], in: "clone")
        #expect(publish.status == 0, "\(publish.stderr)")
        let detached = try head(space)
        #expect(publish.stdout.hasPrefix("Published .claude/handoffs/\(name) on \(detached.prefix(7)) "))
        #expect(
            try space.git("notes", "--ref=handoff", "show", detached, in: "clone")
                == space.read("clone/.claude/handoffs/" + name))
        #expect(try space.tryGit("notes", "--ref=handoff", "show", "main", in: "clone").status != 0)
        let list = try space.handoff(["list", "--notes"], in: "clone")
        #expect(list.stdout.contains("  detached at \(detached.prefix(7))  "), "\(list.stdout)")
        // A handoff written at another commit is published where asked, with a warning.
        try space.git("checkout", "-q", "main", in: "clone")
        let moved = try space.handoff(["publish"], in: "clone")
        #expect(moved.status == 0)
        #expect(
            moved.stderr
                == "handoff: warning: .claude/handoffs/\(name) was written at \(detached.prefix(7)), not at \(try head(space).prefix(7))\n"
        )
    }

    @Test func thePrePushHookPushesTheNotesAlongAndNeverBlocksOnThem() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        let install = try space.handoff(["hook", "install", "--publish"], in: "clone")
        #expect(
            install.stdout == "Installed the pre-push hook at .git/hooks/pre-push (--publish)\n", "\(install.stderr)")
        #expect(space.read("clone/.git/hooks/pre-push")?.contains("# handoff:publish yes\n") == true)

        // Nothing published yet: the push goes as before, no notes ref appears on the remote.
        try space.commit("a.txt", "a\n", message: "Add a")
        let first = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try space.tryGit("rev-parse", "-q", "--verify", "refs/notes/handoff", in: "remote.git").status != 0)

        try space.write("clone/.claude/handoffs/mine.md", "mine\n")
        #expect(try space.handoff(["publish", ".claude/handoffs/mine.md"], in: "clone").status == 0)
        try space.commit("b.txt", "b\n", message: "Add b")
        let second = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("warning: could not push"), "\(second.stderr)")
        #expect(
            trimmed(try space.git("rev-parse", "refs/notes/handoff", in: "remote.git"))
                == trimmed(try space.git("rev-parse", "refs/notes/handoff", in: "clone")))
        #expect(trimmed(try space.git("rev-parse", "main", in: "remote.git")) == (try head(space)))

        // Someone else published on the remote: ours is no fast-forward, so the notes push is
        // refused; the branch push still goes through, with one warning.
        try space.git("clone", "-q", space.path("remote.git"), "other")
        try space.git("fetch", "-q", "origin", "refs/notes/handoff:refs/notes/handoff", in: "other")
        try space.write("other/.claude/handoffs/theirs.md", "theirs\n")
        #expect(
            try space.handoff(["publish", ".claude/handoffs/theirs.md", "--commit", "HEAD~1"], in: "other").status == 0)
        try space.git("push", "-q", "origin", "refs/notes/handoff", in: "other")
        try space.write("clone/.claude/handoffs/more.md", "more\n")
        #expect(try space.handoff(["publish", ".claude/handoffs/more.md"], in: "clone").status == 0)
        try space.commit("c.txt", "c\n", message: "Add c")
        let third = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(third.status == 0, "\(third.stderr)")
        #expect(
            third.stderr.contains("handoff: warning: could not push refs/notes/handoff to origin"), "\(third.stderr)")
        #expect(trimmed(try space.git("rev-parse", "main", in: "remote.git")) == (try head(space)), "the push went on")
        // What the warning says to do works: fetch, merge, and the next push carries both sides.
        try space.git("fetch", "-q", "origin", "refs/notes/handoff:refs/notes/handoff-remote", in: "clone")
        try space.git("notes", "--ref=handoff", "merge", "-q", "-s", "union", "refs/notes/handoff-remote", in: "clone")
        try space.commit("d.txt", "d\n", message: "Add d")
        let fourth = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(!fourth.stderr.contains("warning"), "\(fourth.stderr)")
        #expect(try space.git("notes", "--ref=handoff", "show", "HEAD~2", in: "remote.git") == "more\n")
        #expect(try space.git("notes", "--ref=handoff", "show", "HEAD~3", in: "remote.git").contains("theirs\n"))

        // Back to a plain hook: no notes pushed any more.
        let plain = try space.handoff(["hook", "install"], in: "clone")
        #expect(plain.stdout == "Updated the pre-push hook at .git/hooks/pre-push\n")
        #expect(space.read("clone/.git/hooks/pre-push")?.contains("refs/notes/handoff") == false)
    }
}
