import Foundation
import Testing

/// The pre-push hook end to end: a bare remote, a clone with the hook installed, real `git push`es.
@Suite struct HookTests {
    /// The Markdown handoffs in the clone's folder, in the order they were written
    /// (`handoff-DAY.md`, then `handoff-DAY-2.md`, …).
    private func handoffs(_ space: Workspace, in clone: String = "clone") -> [String] {
        func number(_ name: String) -> Int {
            let stem = name.dropFirst("handoff-YYYY-MM-DD".count).dropLast(".md".count)
            return stem.isEmpty ? 1 : Int(stem.dropFirst()) ?? 0
        }
        return space.list(clone + "/.claude/handoffs").filter { $0.hasSuffix(".md") }.sorted { number($0) < number($1) }
    }

    private func remoteHead(_ space: Workspace, _ branch: String) throws -> String {
        try space.git("rev-parse", "--verify", "-q", branch, in: "remote.git").trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    @Test func pushesOfANewBranchAFastForwardAndADeletionAreRecorded() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        let install = try space.handoff(["hook", "install"], in: "clone")
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout == "Installed the pre-push hook at .git/hooks/pre-push\n")

        try space.git("switch", "-q", "-c", "feature", in: "clone")
        try space.commit("a.txt", "a\n", message: "Add a")
        try space.commit("b.txt", "b\n", message: "Add b")
        let first = try space.tryGit("push", "-q", "origin", "feature", in: "clone")
        #expect(first.status == 0, "\(first.stderr)")
        let tip = try space.git("rev-parse", "HEAD", in: "clone").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try remoteHead(space, "feature") == tip, "the push was accepted")
        #expect(first.stderr.contains("handoff: push handoff saved to .claude/handoffs/handoff-"))
        let names = handoffs(space)
        #expect(names.count == 1)
        let newBranch = try #require(space.read("clone/.claude/handoffs/" + names[0]))
        #expect(newBranch.contains("## Push\n- **Remote**: `origin` (`\(space.path("remote.git"))`)\n"))
        #expect(newBranch.contains("- `feature` → `feature` (new): 2 commits\n  - `\(tip.prefix(7))` Add b\n  - `"))
        #expect(newBranch.contains(" Add a\n"))
        #expect(!newBranch.contains("Seed 1"), "commits already on a remote-tracking branch are not listed")

        let before = tip
        try space.commit("c.txt", "c\n", message: "Add c")
        let second = try space.tryGit("push", "-q", "origin", "feature", in: "clone")
        #expect(second.status == 0, "\(second.stderr)")
        let after = try space.git("rev-parse", "HEAD", in: "clone").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try remoteHead(space, "feature") == after)
        let fastForward = try #require(handoffs(space).last.flatMap { space.read("clone/.claude/handoffs/" + $0) })
        #expect(handoffs(space).count == 2)
        #expect(
            fastForward.contains(
                "- `feature` → `feature` (`\(before.prefix(7))..\(after.prefix(7))`): 1 commit\n  - `\(after.prefix(7))` Add c\n"
            ))

        let third = try space.tryGit("push", "-q", "origin", "--delete", "feature", in: "clone")
        #expect(third.status == 0, "\(third.stderr)")
        #expect(
            try space.tryGit("rev-parse", "--verify", "-q", "feature", in: "remote.git").status != 0,
            "deleted on the remote")
        #expect(handoffs(space).count == 3)
        let deletion = try #require(handoffs(space).last.flatMap { space.read("clone/.claude/handoffs/" + $0) })
        #expect(deletion.contains("- `feature`: **deleted** on the remote (was `\(after.prefix(7))`)"))
    }

    @Test func anExistingHookStillRunsCanRejectAndIsRestoredExactly() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        let log = space.path("old-hook.log")
        let original = """
            #!/bin/sh
            echo "args: $*" >> '\(log)'
            cat >> '\(log)'
            if [ -e '\(space.path("reject"))' ]; then echo "old hook says no" >&2; exit 3; fi
            exit 0

            """
        try space.write("clone/.git/hooks/pre-push", original, mode: 0o750)
        let install = try space.handoff(["hook", "install"], in: "clone")
        #expect(
            install.stdout.contains(
                "The existing hook now lives at .git/hooks/pre-push.handoff-chained and still runs first"))
        #expect(space.read("clone/.git/hooks/pre-push.handoff-chained") == original)

        try space.commit("a.txt", "a\n", message: "Add a")
        let head = try space.git("rev-parse", "HEAD", in: "clone").trimmingCharacters(in: .whitespacesAndNewlines)
        let seed = try remoteHead(space, "main")
        let accepted = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try remoteHead(space, "main") == head)
        #expect(
            space.read("old-hook.log")
                == "args: origin \(space.path("remote.git"))\nrefs/heads/main \(head) refs/heads/main \(seed)\n",
            "the old hook saw the same arguments and input")
        #expect(handoffs(space).count == 1)

        try space.write("reject", "")
        try space.commit("b.txt", "b\n", message: "Add b")
        let rejected = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains("old hook says no"))
        #expect(try remoteHead(space, "main") == head, "the old hook's rejection still counts")

        let again = try space.handoff(["hook", "install"], in: "clone")
        #expect(again.stdout == "The pre-push hook at .git/hooks/pre-push is already installed\n")
        let uninstall = try space.handoff(["hook", "uninstall"], in: "clone")
        #expect(uninstall.stdout == "Restored the previous pre-push hook at .git/hooks/pre-push\n")
        #expect(space.read("clone/.git/hooks/pre-push") == original)
        #expect(try space.mode("clone/.git/hooks/pre-push") == 0o750)
        #expect(!space.exists("clone/.git/hooks/pre-push.handoff-chained"))
    }

    @Test func installTwiceIsIdempotentAndUninstallRemovesOnlyItsOwn() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        #expect(try space.handoff(["hook", "install"], in: "clone").status == 0)
        let script = try #require(space.read("clone/.git/hooks/pre-push"))
        #expect(script.hasPrefix("#!/bin/sh\n# handoff:pre-push-hook 1\n"))
        #expect(try space.mode("clone/.git/hooks/pre-push") == 0o755)
        #expect(try space.handoff(["hook", "install"], in: "clone").stdout.contains("already installed"))
        #expect(space.read("clone/.git/hooks/pre-push") == script)
        let strict = try space.handoff(["hook", "install", "--strict"], in: "clone")
        #expect(strict.stdout == "Updated the pre-push hook at .git/hooks/pre-push (--strict)\n")
        #expect(space.read("clone/.git/hooks/pre-push")?.contains("hook run --strict -- \"$@\"") == true)
        #expect(
            try space.handoff(["hook", "uninstall"], in: "clone").stdout
                == "Removed the pre-push hook at .git/hooks/pre-push\n")
        #expect(!space.exists("clone/.git/hooks/pre-push"))
        #expect(space.exists("clone/.git/hooks/pre-push.sample"), "git's samples are untouched")
        #expect(try space.handoff(["hook", "uninstall"], in: "clone").stdout.contains("nothing to do"))

        try space.write("clone/.git/hooks/pre-push", "#!/bin/sh\nexit 0\n", mode: 0o755)
        let foreign = try space.handoff(["hook", "uninstall"], in: "clone")
        #expect(foreign.status == 1)
        #expect(foreign.stderr.hasSuffix("/.git/hooks/pre-push was not installed by handoff; leaving it as it is\n"))
        #expect(space.read("clone/.git/hooks/pre-push") == "#!/bin/sh\nexit 0\n")
    }

    @Test func hooksPathAndLinkedWorktrees() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        try space.git("config", "core.hooksPath", ".githooks", in: "clone")
        try space.git("worktree", "add", "-q", "-b", "side", space.path("side"), in: "clone")
        // From the linked worktree (where .git is a file), a relative hooksPath is the worktree's own.
        let install = try space.handoff(["hook", "install"], in: "side")
        #expect(install.stdout == "Installed the pre-push hook at .githooks/pre-push\n", "\(install.stderr)")
        #expect(space.exists("side/.githooks/pre-push"))
        #expect(!space.exists("clone/.git/hooks/pre-push"))

        try space.commit("s.txt", "s\n", message: "Side work", in: "side")
        let push = try space.tryGit("push", "-q", "origin", "side", in: "side")
        #expect(push.status == 0, "\(push.stderr)")
        let names = space.list("side/.claude/handoffs")
        #expect(names.count == 1, "the handoff goes to the pushing worktree's folder")
        #expect(space.read("side/.claude/handoffs/" + (names.first ?? ""))?.contains("(new): 1 commit\n") == true)

        #expect(try space.handoff(["hook", "uninstall"], in: "side").status == 0)
        #expect(!space.exists("side/.githooks"), "the folder install created is gone again")

        // Without hooksPath, every worktree shares the common git directory's hooks.
        try space.git("config", "--unset", "core.hooksPath", in: "clone")
        #expect(try space.handoff(["hook", "install"], in: "side").status == 0)
        #expect(space.exists("clone/.git/hooks/pre-push"))
    }

    @Test func aBrokenHandoffNeverBlocksThePush() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        #expect(try space.handoff(["hook", "install", "--strict"], in: "clone").status == 0)
        try space.write("clone/.claude", "a file where the handoff folder should be\n")
        try space.commit("a.txt", "a\n", message: "Add a")
        let head = try space.git("rev-parse", "HEAD", in: "clone").trimmingCharacters(in: .whitespacesAndNewlines)
        let push = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(push.status == 0, "\(push.stderr)")
        #expect(try remoteHead(space, "main") == head)
        let warnings = push.stderr.split(separator: "\n").filter { $0.hasPrefix("handoff:") }
        #expect(
            warnings == [
                "handoff: warning: no handoff written for this push: cannot create folder \(space.path("clone/.claude/handoffs")): \(space.path("clone/.claude")) is a file"
            ])
    }

    @Test func aMissingBinaryNeverBlocksThePush() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        let copy = space.path("handoff-copy")
        try FileManager.default.copyItem(atPath: EndToEndTests.binary, toPath: copy)
        let install = try space.run(copy, ["hook", "install"], in: "clone")
        #expect(install.status == 0, "\(install.stderr)")
        #expect(space.read("clone/.git/hooks/pre-push")?.contains("handoff_recorded='\(copy)'") == true)
        try FileManager.default.removeItem(atPath: copy)
        try space.commit("a.txt", "a\n", message: "Add a")
        // A PATH with only what the push and the hook run (git, and the hook's `cat`), so a handoff
        // installed on this machine (/usr/bin, /usr/local/bin) cannot stand in for the missing one.
        let bin = space.path("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for tool in ["git", "cat"] {
            try FileManager.default.createSymbolicLink(
                atPath: bin + "/" + tool, withDestinationPath: "/usr/bin/" + tool)
        }
        let push = try space.tryGit("push", "-q", "origin", "main", in: "clone", extra: ["PATH": bin])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(
            push.stderr.contains(
                "handoff: warning: handoff is neither at \(copy) nor on PATH; no handoff written for this push"))
    }

    @Test func strictRejectsAPushWithRecordedFailingTests() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        #expect(try space.handoff(["hook", "install", "--strict"], in: "clone").status == 0)
        try space.commit("a.txt", "a\n", message: "Add a")
        let seed = try remoteHead(space, "main")
        #expect(try space.handoff(["--tests", "3 passed, 1 failed"], in: "clone").status == 0)
        let recorded = try #require(handoffs(space).first)

        let blocked = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(blocked.status != 0)
        #expect(try remoteHead(space, "main") == seed, "nothing was pushed")
        let reason = blocked.stderr.split(separator: "\n").filter { $0.hasPrefix("handoff: push blocked") }
        #expect(
            reason == [
                "handoff: push blocked (--strict): 1 of 4 tests failing (recorded in \(recorded)); fix it, or skip the hook with git push --no-verify"
            ])

        #expect(try space.handoff(["--tests", "4 passed, 0 failed"], in: "clone").status == 0)
        let accepted = try space.tryGit("push", "-q", "origin", "main", in: "clone")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try remoteHead(space, "main") != seed)
        let last = try #require(handoffs(space).last.flatMap { space.read("clone/.claude/handoffs/" + $0) })
        #expect(last.contains("- **Tests**: ✅ 4 passing"))
        #expect(last.contains("## Push\n"))
    }

    @Test func hookRunReadsItsInputFromAFile() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        try space.commit("a.txt", "a\n", message: "Add a")
        let head = try space.git("rev-parse", "HEAD", in: "clone").trimmingCharacters(in: .whitespacesAndNewlines)
        let zero = String(repeating: "0", count: 40)
        try space.write("input.txt", "refs/heads/main \(head) refs/heads/topic \(zero)\n")
        let result = try space.run(
            "/bin/sh", ["-c", "'\(EndToEndTests.binary)' hook run origin https://example.com/r.git < ../input.txt"],
            in: "clone")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let text = try #require(handoffs(space).first.flatMap { space.read("clone/.claude/handoffs/" + $0) })
        #expect(
            text.contains(
                "- **Remote**: `origin` (`https://example.com/r.git`)\n- `main` → `topic` (new): 1 commit\n  - `\(head.prefix(7))` Add a\n"
            ))

        let json = try space.handoff(["hook", "run", "--dir", "out", "origin", "u"], in: "clone", input: "garbage\n")
        #expect(json.status == 0)
        #expect(
            json.stderr
                == "handoff: warning: no handoff written for this push: pre-push input line 1 is not \"<local ref> <local oid> <remote ref> <remote oid>\": \"garbage\"\n"
        )
        #expect(!space.exists("clone/out"))
    }
}
