import Foundation
import GitState
import Testing

@testable import Handoff

/// `handoff wrap-up`'s facts against git's own answers, in repositories built with the git CLI:
/// TODO lines against the added lines of `git diff <session start>`, ahead/behind against
/// `git status --porcelain=v2 --branch`, the session's stashes against `git stash list`,
/// conflict markers against `git diff --check`, large files against `git cat-file -s`.
@Suite struct WrapUpTests {
    /// Records a session start at `head` (as `handoff start` does), at Unix time `seconds`.
    static func startSession(_ repo: GitFixture, head: String?, seconds: Int = 1_773_500_000) throws {
        let time = Date(timeIntervalSince1970: TimeInterval(seconds)).ISO8601Format()
        try SessionStore(gitDirectory: repo.path + "/.git").record(
            SessionStart(head: head, branch: "main", startedAt: time))
    }

    static func report(_ repo: GitFixture, settings: WrapUpSettings = WrapUpSettings()) throws -> WrapUpReport {
        try WrapUp(settings: settings).check(repository: Repository(discoveringFrom: repo.path))
    }

    static func item(_ report: WrapUpReport, _ check: WrapUpCheck) throws -> WrapUpItem {
        try #require(report.items.first { $0.check == check })
    }

    /// The lines `git diff BASE` adds, as `path:line: text` (untracked files made intent-to-add first).
    static func gitAddedLines(_ repo: GitFixture, base: String) throws -> [String] {
        try repo.git("add", "-N", ".")
        let patch = try repo.git("-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", base)
        var result: [String] = []
        var path = ""
        var line = 0
        for text in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if text.hasPrefix("+++ ") {
                path = text.hasPrefix("+++ b/") ? String(text.dropFirst(6)) : ""
            } else if text.hasPrefix("@@ ") {
                let new = text.split(separator: " ")[2].dropFirst().split(separator: ",")[0]
                line = Int(new)!
            } else if text.hasPrefix("+") {
                result.append("\(path):\(line): \(text.dropFirst().trimmingCharacters(in: .whitespaces))")
                line += 1
            } else if text.hasPrefix(" ") {
                line += 1
            }
        }
        return result
    }

    @Test func todoLinesAreTheOnesTheSessionsDiffAdds() throws {
        let repo = try GitFixture()
        try repo.commit("a.swift", "// TODO: older, not this session's\nlet a = 1\n", message: "base")
        let base = try repo.head()
        try Self.startSession(repo, head: base)
        try repo.commit(
            "a.swift", "// TODO: older, not this session's\nlet a = 1\n// FIXME: committed in the session\n",
            message: "session")
        try repo.write("b.swift", "let b = 2 // XXX uncommitted\nlet todos = \"TODOS is not a marker\"\n")
        try repo.git("add", "b.swift")
        try repo.write("notes/c.txt", "plain\n- TODO(ada): untracked, in a new folder\nXXXL shirts\n")

        let todos = try Self.item(Self.report(repo), .todos)
        let expected = try Self.gitAddedLines(repo, base: base).filter { $0.contains(/\b(TODO|FIXME|XXX)\b/) }
        #expect(expected.count == 3, "\(expected)")
        #expect(todos.details.map(\.rendered) == expected)
        #expect(todos.status == .warn, "todos do not block by default")
        #expect(todos.counts["lines"] == 3)
    }

    @Test func aheadAndBehindAreGitStatusBranchHeaders() throws {
        let remote = try GitFixture()
        try remote.commit("a.txt", "1\n", message: "one")
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", remote.path)
        try repo.git("fetch", "-q", "origin")
        try repo.git("reset", "-q", "--hard", "origin/main")
        try repo.git("branch", "-q", "--set-upstream-to=origin/main")
        try repo.commit("b.txt", "2\n", message: "local two")
        try repo.commit("c.txt", "3\n", message: "local three")
        try remote.commit("d.txt", "4\n", message: "remote four")
        try repo.git("fetch", "-q", "origin")

        let report = try Self.report(repo)
        let header = try repo.git("status", "--porcelain=v2", "--branch").split(separator: "\n")
        let ab = try #require(header.first { $0.hasPrefix("# branch.ab ") }).split(separator: " ")
        let upstream = try #require(header.first { $0.hasPrefix("# branch.upstream ") }).split(separator: " ")[2]
        let unpushed = try Self.item(report, .unpushed)
        let behind = try Self.item(report, .behind)
        #expect("+\(unpushed.counts["ahead"] ?? -1)" == ab[2])
        #expect("-\(behind.counts["behind"] ?? -1)" == ab[3])
        #expect(unpushed.summary == "2 commits not pushed to \(upstream)")
        #expect(unpushed.status == .block)
        #expect(behind.status == .warn)
        let log = try repo.git("log", "--format=%h %s", "origin/main..HEAD").split(separator: "\n").map(String.init)
        #expect(unpushed.details.map(\.text) == log)
        #expect(report.exitStatus == 1)

        // A branch that has no upstream, where a remote exists: git prints no upstream header.
        try repo.git("switch", "-q", "-c", "topic")
        let topic = try Self.report(repo)
        #expect(!(try repo.git("status", "--porcelain=v2", "--branch").contains("# branch.upstream")))
        #expect(try Self.item(topic, .unpushed).summary == "topic has no upstream: push it (git push -u origin topic)")
        #expect(try Self.item(topic, .unpushed).status == .block)
        #expect(try Self.item(topic, .behind).status == .ok)
    }

    @Test func noRemoteIsSaidButDoesNotBlock() throws {
        let repo = try GitFixture()
        try repo.commit("a.txt", "1\n", message: "one")
        let unpushed = try Self.item(Self.report(repo), .unpushed)
        #expect(try repo.git("remote").isEmpty)
        #expect(unpushed.status == .warn)
    }

    @Test func stashesMadeThisSessionAreGitStashListsNewerEntries() throws {
        let repo = try GitFixture()
        try repo.commit("a.txt", "1\n", message: "one")
        try repo.write("a.txt", "before the session\n")
        try repo.git("stash", "-q")
        let list = try repo.git("stash", "list", "--format=%ct").split(separator: "\n")
        let startSeconds = Int(list[0])! + 30
        try Self.startSession(repo, head: try repo.head(), seconds: startSeconds)
        try repo.write("a.txt", "during the session\n")
        try repo.git("stash", "-q")
        try repo.write("a.txt", "later in the session\n")
        try repo.git("stash", "push", "-q", "-m", "parked the parser")

        let stashes = try Self.item(Self.report(repo), .stashes)
        let expected = try repo.git("stash", "list", "--format=%ct\t%gd: %gs").split(separator: "\n").compactMap {
            line -> String? in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return Int(parts[0])! >= startSeconds ? String(parts[1]) : nil
        }
        #expect(expected.count == 2)
        #expect(stashes.details.map(\.text) == expected)
        #expect(stashes.counts == ["session": 2, "total": 3])
        #expect(stashes.status == .warn)
    }

    @Test func conflictMarkersAreGitDiffChecksAndAMergeIsInProgress() throws {
        let repo = try GitFixture()
        try repo.commit("a.txt", "one\n", message: "one")
        try repo.git("switch", "-q", "-c", "side")
        try repo.commit("a.txt", "side\n", message: "side")
        try repo.git("switch", "-q", "main")
        try repo.commit("a.txt", "main\n", message: "main")
        _ = try? repo.git("merge", "-q", "side")

        let report = try Self.report(repo)
        #expect(try Self.item(report, .operation).status == .block)
        #expect(try Self.item(report, .operation).summary.hasPrefix("merge in progress"))
        let conflicts = try Self.item(report, .conflicts)
        // `git diff --check` names each leftover marker as path:line (the work tree's file against HEAD).
        let lines = try repo.gitOutput("diff", "--check", "HEAD", "--", "a.txt").split(separator: "\n")
            .filter { $0.hasSuffix(": leftover conflict marker") }
            .map { String($0.dropLast(": leftover conflict marker".count)) }
        #expect(lines.count == 3, "\(lines)")
        #expect(conflicts.details.filter { $0.line != nil }.map { "\($0.path!):\($0.line!)" } == lines)
        #expect(conflicts.details.first == WrapUpDetail(path: "a.txt", text: "unmerged (UU)"))
        #expect(conflicts.status == .block)
        #expect(report.exitStatus == 1)
    }

    @Test func secretsAreNamedWithoutBeingPrinted() throws {
        let repo = try GitFixture()
        try repo.commit("config.env", "MODE=dev\n", message: "one")
        let token = "ghp_" + String(repeating: "a1B2", count: 9)
        try repo.write("config.env", "MODE=dev\nGITHUB_TOKEN=\(token)\n")
        let report = try Self.report(repo)
        let secrets = try Self.item(report, .secrets)
        #expect(secrets.status == .block)
        #expect(secrets.details.map { "\($0.path ?? ""):\($0.line ?? 0)" } == ["config.env:2"])
        let shown = WrapUpRenderer.text(report) + WrapUpRenderer.json(report, settings: WrapUpSettings())
        #expect(!shown.contains(token))
        #expect(shown.contains("[redacted:"))
    }

    @Test func largeFilesAddedAreGitsSizes() throws {
        let repo = try GitFixture()
        try repo.commit("small.txt", "1\n", message: "one")
        let base = try repo.head()
        try Self.startSession(repo, head: base)
        try repo.commit("data/big.bin", String(repeating: "x", count: 3000), message: "a big file")
        try repo.write("dump.sql", String(repeating: "y\n", count: 2500))
        try repo.write("small.txt", String(repeating: "z", count: 9000))  // grown, not added
        var settings = WrapUpSettings()
        settings.largeFileBytes = 2048
        let large = try Self.item(Self.report(repo, settings: settings), .largeFiles)
        let committed = Int(
            try repo.git("cat-file", "-s", "HEAD:data/big.bin").trimmingCharacters(in: .whitespacesAndNewlines))!
        let untracked = try FileManager.default.attributesOfItem(atPath: repo.path + "/dump.sql")[.size] as! Int
        #expect(large.details.map(\.path) == ["data/big.bin", "dump.sql"])
        #expect(large.details.map(\.text) == [WrapUpChecklist.size(committed), WrapUpChecklist.size(untracked)])
        #expect(committed == 3000 && untracked == 5000)
        #expect(large.status == .warn)
    }

    @Test func theNewestTestResultWinsAndNamesItsFailures() throws {
        let repo = try GitFixture()
        try repo.commit("a.txt", "1\n", message: "one")
        try Self.startSession(repo, head: try repo.head(), seconds: 1_000_000)
        let store = SessionStore(gitDirectory: repo.path + "/.git")
        try store.append([JournalEntry(kind: .tests, text: "12 passed, 0 failed", time: "2001-09-09T01:46:40Z")])
        #expect(try Self.item(Self.report(repo), .tests).status == .ok)
        try repo.write(
            ".build/report.xml",
            "<testsuite><testcase classname=\"ParserTests\" name=\"tabs\"><failure/></testcase><testcase name=\"ok\"/></testsuite>"
        )
        var settings = WrapUpSettings()
        settings.junitReports = [".build/report.xml"]
        let tests = try Self.item(Self.report(repo, settings: settings), .tests)
        #expect(tests.status == .block)
        #expect(tests.summary == "1 of 2 failing (from .build/report.xml)")
        #expect(tests.details.map(\.text) == ["ParserTests.tabs"])
    }

    @Test func notesTheHandoffWillMiss() throws {
        let repo = try GitFixture()
        try repo.commit("a.txt", "1\n", message: "one")
        #expect(try Self.item(Self.report(repo), .notes).summary.hasPrefix("no notes this session"))
        let store = SessionStore(gitDirectory: repo.path + "/.git")
        let time = "2026-03-14T09:00:00Z"
        try store.append([
            JournalEntry(kind: .wip, text: "Fitter", time: time),
            JournalEntry(kind: .wip, text: "Parser @ Sources/Parser.swift:40", time: time),
        ])
        let notes = try Self.item(Self.report(repo), .notes)
        #expect(
            notes.details.map(\.text) == [
                "no Next Step (handoff note --next \"…\")", "in progress without path:line: Fitter",
            ])
        try store.append([JournalEntry(kind: .next, text: "finish the fitter", time: time)])
        #expect(try Self.item(Self.report(repo), .notes).details.count == 1)
    }

    @Test func aCleanPushedRepositoryIsReady() throws {
        let remote = try GitFixture()
        try remote.commit("a.txt", "1\n", message: "one")
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", remote.path)
        try repo.git("fetch", "-q", "origin")
        try repo.git("reset", "-q", "--hard", "origin/main")
        try repo.git("branch", "-q", "--set-upstream-to=origin/main")
        let report = try Self.report(repo)
        #expect(report.isReady, "\(report.blocking)")
        #expect(report.exitStatus == 0)
        #expect(report.commitMessage == nil)
        #expect(try Self.item(report, .debug).status == .off)
    }

    @Test func debugPatternsApplyByExtension() throws {
        let repo = try GitFixture()
        try repo.commit("a.swift", "let a = 1\n", message: "one")
        try repo.write("a.swift", "let a = 1\nprint(a)\n")
        try repo.write("b.js", "console.log(b)\nprint(b)\n")
        let settings = try WrapUpSettings.parse(
            #"{"wrap_up": {"debug_patterns": {"swift": ["print("], ".JS": ["console.log("]}}}"#, name: "h.json")
        let debug = try Self.item(Self.report(repo, settings: settings), .debug)
        #expect(debug.details.map(\.rendered) == ["a.swift:2: print(a)", "b.js:1: console.log(b)"])
        #expect(debug.status == .warn)
    }

    @Test func settingsRefuseWhatTheyDoNotKnow() throws {
        #expect(throws: HandoffError.self) { try WrapUpSettings.parse(#"{"wrap_up": {"blockng": []}}"#, name: "h") }
        #expect(throws: HandoffError.self) {
            try WrapUpSettings.parse(#"{"wrap_up": {"blocking": ["todo"]}}"#, name: "h")
        }
        #expect(throws: HandoffError.self) {
            try WrapUpSettings.parse(#"{"wrap_up": {"large_file_bytes": -1}}"#, name: "h")
        }
        let settings = try WrapUpSettings.parse(#"{"other": 1, "wrap_up": {"blocking": ["todos"]}}"#, name: "h")
        #expect(settings.blocking == [.todos])
    }

    @Test func commitMessagesAreConventional() {
        func message(_ paths: [String], added: Set<String> = [], done: [String] = []) -> String? {
            var notes = SessionNotes()
            notes.done = done
            return CommitMessageSuggestion(paths: paths, added: added, notes: notes).message
        }
        #expect(message([]) == nil)
        #expect(message(["README.md", "docs/ci.md"]) == "docs: update 2 files")
        #expect(message(["Tests/ParserTests/TabTests.swift"]) == "test(parsertests): update TabTests.swift")
        #expect(
            message(["Sources/Parser/Tabs.swift", "Sources/Parser/Lexer.swift"], done: ["Fixed the tab bug."])
                == "fix(parser): fixed the tab bug")
        #expect(
            message(
                ["Sources/Parser/Tabs.swift", "Tests/Parser/TabsTests.swift"], added: ["Sources/Parser/Tabs.swift"],
                done: ["Lexer reads tabs", "Parser handles tabs"])
                == "feat(parser): parser handles tabs\n\n- Lexer reads tabs")
        #expect(message(["Sources/A/x.swift", "Sources/B/y.swift"]) == "chore: update 2 files")
        #expect(message(["API.swift"], done: ["API keys rotate"]) == "feat: API keys rotate")
    }
}
