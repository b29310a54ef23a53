import Foundation
import GitState
import Testing

@testable import Handoff

/// The pieces of the pre-push hook and CI mode that need no repository.
@Suite struct PushInputTests {
    static let zero = String(repeating: "0", count: 40)

    @Test func parsesGitsPrePushLines() throws {
        let text =
            "refs/heads/a \(Fixtures.head) refs/heads/a \(Self.zero)\n\n(delete) \(Self.zero) refs/heads/b \(Fixtures.base)\n"
        let updates = try PushUpdate.parse(text)
        #expect(updates.count == 2)
        #expect(updates[0].isNew && !updates[0].isDeletion)
        #expect(updates[1].isDeletion && updates[1].remoteRef == "refs/heads/b")
        #expect(try PushUpdate.parse("").isEmpty)
    }

    @Test func rejectsMalformedLinesNamingThem() {
        #expect(
            throws: HandoffError(
                "pre-push input line 2 is not \"<local ref> <local oid> <remote ref> <remote oid>\": \"a b c d\"")
        ) {
            try PushUpdate.parse("refs/heads/a \(Fixtures.head) refs/heads/a \(Self.zero)\na b c d\n")
        }
    }

    @Test func pushSectionAndJSON() throws {
        let update = PushUpdate(
            localRef: "refs/heads/main", localOID: Fixtures.head, remoteRef: "refs/heads/main", remoteOID: Fixtures.base
        )
        let deletion = PushUpdate(
            localRef: "(delete)", localOID: Self.zero, remoteRef: "refs/tags/v1", remoteOID: Fixtures.base)
        let secret = "ghp_" + String(repeating: "a1", count: 18)
        let push = PushFacts(
            remote: "origin", url: "git@example.com:r.git",
            refs: [
                PushedRef(
                    update: update, kind: .update, commits: [Fixtures.commit(Fixtures.head, "Use \(secret)")],
                    complete: true),
                PushedRef(update: deletion, kind: .delete, commits: [], complete: true),
            ])
        var builder = DocumentBuilder(
            snapshot: Fixtures.snapshot(), notes: SessionNotes(), clock: Fixtures.clock, history: FixtureHistory())
        builder.push = push
        let document = try builder.build()
        #expect(document.redactions.total == 1, "pushed commit summaries are redacted and counted")
        let markdown = MarkdownRenderer(document: document).render()
        #expect(
            markdown.contains(
                """
                ## Push
                - **Remote**: `origin` (`git@example.com:r.git`)
                - `main` → `main` (`1a2b3c4..9fceb02`): 1 commit
                  - `9fceb02` Use [redacted:github-token]
                - `refs/tags/v1`: **deleted** on the remote (was `1a2b3c4`)

                """))
        #expect(
            PushHandoff.blockingReasons(document, testsFrom: nil) == [
                "1 possible secret (github-token ×1) in the notes or the pushed commits' summaries"
            ])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONRenderer(document: document).render().utf8))
                as? [String: Any])
        let refs = try #require((json["push"] as? [String: Any])?["refs"] as? [[String: Any]])
        #expect(refs.map { $0["kind"] as? String } == ["update", "delete"])
        #expect(refs[0]["remote_oid"] as? String == Fixtures.base)
    }

    @Test func strictReasonsNameFailingTestsAndConflicts() throws {
        var notes = SessionNotes()
        notes.tests = TestResults(passed: 3, failed: 1)
        let snapshot = Fixtures.snapshot(status: [StatusEntry(path: "a.swift", xy: "UU")])
        let document = try DocumentBuilder(
            snapshot: snapshot, notes: notes, clock: Fixtures.clock, history: FixtureHistory()
        ).build()
        #expect(
            PushHandoff.blockingReasons(document, testsFrom: "handoff-2026-03-14.md") == [
                "1 of 4 tests failing (recorded in handoff-2026-03-14.md)", "1 conflicted file",
            ])
    }

    @Test func recordedTestsFromMarkdownAndJSON() {
        #expect(
            RecordedTests.read(from: "# H\n- **Tests**: ❌ 2 failing, 5 passing, 1 skipped\n")
                == TestResults(passed: 5, failed: 2, skipped: 1))
        #expect(RecordedTests.read(from: "- **Tests**: ✅ 4 passing\n") == TestResults(passed: 4, failed: 0))
        #expect(RecordedTests.read(from: "- **Tests**: not run\n") == nil)
        #expect(
            RecordedTests.read(from: "# H\r\n- **Tests**: ❌ 2 failing, 5 passing\r\n")
                == TestResults(passed: 5, failed: 2))
        #expect(
            RecordedTests.read(from: #"{"notes": {"tests": {"passed": 1, "failed": 3, "skipped": 0}}}"#)
                == TestResults(passed: 1, failed: 3))
        #expect(RecordedTests.read(from: #"{"notes": {"tests": null}}"#) == nil)
    }
}

@Suite struct PrePushHookTests {
    @Test func scriptRecordsTheInstallAndParsesBack() {
        let script = PrePushScript(
            binary: "/opt/it's/handoff", strict: true, chained: PrePushScript.chainedName, createdFolder: "/r/.githooks"
        )
        let text = script.text
        #expect(text.hasPrefix("#!/bin/sh\n# handoff:pre-push-hook 1\n"))
        #expect(text.contains("handoff_recorded='/opt/it'\\''s/handoff'\n"), "quoted for sh")
        #expect(text.contains("hook run --strict -- \"$@\""))
        #expect(text.contains("    1) ;;  # --strict"))
        #expect(PrePushScript.parse(text) == script)
        let plain = PrePushScript(binary: "/b/handoff", strict: false, chained: nil, createdFolder: nil)
        #expect(PrePushScript.parse(plain.text) == plain)
        #expect(!plain.text.contains("chained_hook="))
        #expect(!plain.text.contains("1) ;;"), "without --strict every failure is only a warning")
        #expect(PrePushScript.parse("#!/bin/sh\necho mine\n") == nil)
    }

    @Test func hooksDirectoryAsGitFindsIt() {
        func folder(_ hooksPath: String?, workTree: String? = "/w", git: String = "/w/.git", common: String = "/w/.git")
            -> String
        {
            PrePushHookInstaller.hooksDirectory(
                hooksPath: hooksPath, workTree: workTree, gitDirectory: git, commonDirectory: common, home: "/home/ada")
        }
        #expect(folder(nil) == "/w/.git/hooks")
        #expect(folder(nil, workTree: "/wt", git: "/w/.git/worktrees/wt") == "/w/.git/hooks", "shared by worktrees")
        #expect(folder(".githooks") == "/w/.githooks")
        #expect(folder("./tools/../hooks/") == "/w/hooks")
        #expect(folder("~/hooks") == "/home/ada/hooks")
        #expect(folder("/abs/hooks") == "/abs/hooks")
        #expect(folder("hooks", workTree: nil, git: "/srv/r.git", common: "/srv/r.git") == "/srv/r.git/hooks", "bare")
    }

    @Test func installAndUninstallInAFolder() throws {
        let root = FileManager.default.temporaryDirectory.path + "/handoff-hook-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let installer = PrePushHookInstaller(hooksDirectory: root + "/a/hooks")
        #expect(try installer.install(binary: "/b/handoff", strict: false) == .installed(chained: false))
        #expect(try installer.installedScript()?.createdFolder == root)
        #expect(try installer.install(binary: "/b/handoff", strict: false) == .unchanged)
        #expect(try installer.uninstall() == .removed)
        #expect(!FileManager.default.fileExists(atPath: root), "the folders install made are gone")

        try FileManager.default.createDirectory(atPath: root + "/hooks", withIntermediateDirectories: true)
        let existing = PrePushHookInstaller(hooksDirectory: root + "/hooks")
        try FileManager.default.createSymbolicLink(atPath: existing.hookPath, withDestinationPath: "../shared/pre-push")
        #expect(try existing.install(binary: "/b/handoff", strict: true) == .installed(chained: true))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: existing.chainedPath) == "../shared/pre-push")
        // A leftover chained file is never overwritten by a second install elsewhere.
        #expect(try existing.uninstall() == .restored)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: existing.hookPath) == "../shared/pre-push")
        #expect(FileManager.default.fileExists(atPath: root + "/hooks"), "a folder that was there stays")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: existing.chainedPath))
        #expect(throws: HandoffError.self) { try existing.install(binary: "/b/handoff", strict: false) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: existing.hookPath) == "../shared/pre-push")
        #expect(FileManager.default.contents(atPath: existing.chainedPath) == Data("keep".utf8))
    }
}

@Suite struct CIEnvironmentTests {
    @Test func ciModeAndBranchOrder() {
        #expect(CIEnvironment(variables: ["CI": "true"]).isCI)
        #expect(CIEnvironment(variables: ["CI": "TRUE"]).isCI)
        #expect(!CIEnvironment(variables: ["CI": "false"]).isCI)
        #expect(!CIEnvironment(variables: [:]).isCI)
        let github = CIEnvironment(variables: [
            "GITHUB_HEAD_REF": "", "GITHUB_REF_NAME": "main", "CI_COMMIT_REF_NAME": "x",
        ])
        #expect(github.branch == CIBranch(name: "main", variable: "GITHUB_REF_NAME"), "empty values are skipped")
        #expect(CIEnvironment(variables: ["GITHUB_HEAD_REF": "pr", "GITHUB_REF_NAME": "1/merge"]).branch?.name == "pr")
        #expect(CIEnvironment(variables: [:]).branch == nil)
    }

    @Test func buildIDsAndProviders() {
        let gitlab = CIEnvironment(variables: ["GITLAB_CI": "true", "CI_PIPELINE_ID": "77"]).build
        #expect(gitlab == BuildFacts(provider: "GitLab CI", buildID: "77", buildIDVariable: "CI_PIPELINE_ID"))
        #expect(CIEnvironment(variables: ["BUILDKITE_BUILD_NUMBER": "9"]).build.provider == "Buildkite")
        #expect(CIEnvironment(variables: ["CIRCLE_BUILD_NUM": "3"]).build.buildID == "3")
        #expect(CIEnvironment(variables: [:]).build == BuildFacts(provider: nil, buildID: nil, buildIDVariable: nil))
    }

    @Test func archiveNamesAreSafeAndCarryTheBuild() throws {
        var builder = DocumentBuilder(
            snapshot: Fixtures.snapshot(branch: nil, detached: true), notes: SessionNotes(), clock: Fixtures.clock,
            history: FixtureHistory())
        builder.ciBranch = CIBranch(name: "feature/new login", variable: "GITHUB_HEAD_REF")
        builder.buildFacts = BuildFacts(provider: "GitHub Actions", buildID: "123", buildIDVariable: "GITHUB_RUN_ID")
        let document = try builder.build()
        #expect(HandoffArchive.stem(for: document) == "handoff-2026-03-14T160926_feature-new-login_9fceb02_123")
        #expect(HandoffArchive.safe("../../etc") == "etc")
        let row = HandoffArchive.indexRow(for: document, markdown: "a.md", json: "a.json")
        #expect(row.hasSuffix("}\n") && row.filter { $0 == "\n" }.count == 1, "one line")
        #expect(row.contains(#""branch":"feature/new login","branch_source":"GITHUB_HEAD_REF","build_id":"123""#))
    }
}
