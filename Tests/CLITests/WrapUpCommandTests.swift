import Foundation
import Testing

/// `handoff wrap-up` end to end: the built binary's exit statuses (0 ready, 1 something to do,
/// 2 error), its checklist and its JSON.
@Suite struct WrapUpCommandTests {
    @Test func exitStatusesChecklistAndJSON() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        try space.git("branch", "-q", "--set-upstream-to=origin/main", in: "clone")

        let ready = try space.handoff(["wrap-up"], in: "clone")
        #expect(ready.status == 0, "\(ready.stdout)\(ready.stderr)")
        #expect(ready.stdout.contains("\n  ✓ uncommitted  nothing uncommitted\n"))
        #expect(ready.stdout.contains("Ready, with 2 to look at (tests, notes).\n"), "\(ready.stdout)")
        #expect(!ready.stdout.contains("Suggested commit message"))

        // The first note starts the session: what follows is the session's.
        let todo = try space.handoff(["note", "--done", "Parser handles tabs"], in: "clone")
        #expect(todo.status == 0, "\(todo.stderr)")
        try space.commit("file1.txt", "1\n// TODO: split this\n", message: "Work")
        try space.write("clone/Sources/Parser/Tabs.swift", "let tabs = 1\n")
        let dirty = try space.handoff(["wrap-up"], in: "clone")
        #expect(dirty.status == 1, "\(dirty.stdout)\(dirty.stderr)")
        #expect(dirty.stdout.contains("  ✗ uncommitted  1 uncommitted file: 1 untracked\n"), "\(dirty.stdout)")
        #expect(dirty.stdout.contains("  ✗ unpushed     1 commit not pushed to origin/main\n"))
        #expect(dirty.stdout.contains("file1.txt:2: // TODO: split this\n"))
        #expect(dirty.stdout.contains("Not ready: 2 to do (uncommitted, unpushed)"))
        #expect(
            dirty.stdout.hasSuffix("Suggested commit message (not committed):\n  feat(parser): parser handles tabs\n"))
        #expect(!(try space.git("status", "--porcelain", in: "clone")).contains("A "), "nothing is staged or committed")

        let json = try space.handoff(["wrap-up", "--json"], in: "clone")
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["ready"] as? Bool == false)
        #expect(object["exit_status"] as? Int == 1)
        #expect(object["commit_message"] as? String == "feat(parser): parser handles tabs")
        let checks = try #require(object["checks"] as? [[String: Any]])
        let blocked = checks.filter { $0["status"] as? String == "block" }.compactMap { $0["check"] as? String }
        #expect(blocked == ["uncommitted", "unpushed"])
        let todos = try #require(checks.first { $0["check"] as? String == "todos" })
        let details = try #require(todos["details"] as? [[String: Any]])
        #expect(details.first?["path"] as? String == "file1.txt")
        #expect(details.first?["line"] as? Int == 2)

        // Settings: nothing blocks; then a broken settings file is an error (2), as is no repository.
        try space.write("clone/.claude/handoff.json", #"{"wrap_up": {"blocking": []}}"#)
        let relaxed = try space.handoff(["wrap-up"], in: "clone")
        #expect(relaxed.status == 0, "\(relaxed.stdout)")
        try space.write("clone/.claude/handoff.json", #"{"wrap_up": {"block": []}}"#)
        let broken = try space.handoff(["wrap-up"], in: "clone")
        #expect(broken.status == 2)
        #expect(broken.stderr.hasPrefix("handoff: .claude/handoff.json: unknown key wrap_up.block"), "\(broken.stderr)")
        try FileManager.default.createDirectory(atPath: space.path("plain"), withIntermediateDirectories: true)
        let outside = try space.handoff(["wrap-up"], in: "plain")
        #expect(outside.status == 2)
        #expect(outside.stderr.hasPrefix("handoff: "))
        let usage = try space.handoff(["wrap-up", "--bogus"], in: "clone")
        #expect(usage.status == 2)
    }

    /// Files Touched as a new user sees it: git collapses a wholly untracked folder to `dir/`;
    /// its row says how many files the folder holds (as `git ls-files --others` lists them).
    @Test func filesTouchedSaysWhatAnUntrackedFolderHolds() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        try space.write("clone/drafts/a.txt", "a\n")
        try space.write("clone/drafts/deep/b.txt", "b\n")
        let result = try space.handoff(["--output", "-"], in: "clone")
        #expect(result.status == 0, "\(result.stderr)")
        let count = try space.git("ls-files", "--others", "--exclude-standard", "drafts", in: "clone")
            .split(separator: "\n").count
        #expect(count == 2)
        #expect(
            result.stdout.contains("| `drafts/` | — | untracked | new folder, \(count) files |"), "\(result.stdout)")
    }
}
