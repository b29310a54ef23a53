import Foundation
import Testing

/// CI mode end to end: shallow detached checkouts, CI variables, the archive and the step summary.
@Suite struct CIModeTests {
    /// A `git clone --depth 1` of a three-commit remote, checked out detached, as CI runners do.
    private func shallowDetachedCheckout() throws -> (Workspace, head: String) {
        let space = try Workspace()
        try space.remoteAndClone(commits: 3)
        try space.git("clone", "-q", "--depth", "1", "file://" + space.path("remote.git"), "ci")
        try space.git("checkout", "-q", "--detach", in: "ci")
        #expect(space.exists("ci/.git/shallow"), "the clone is shallow")
        let head = try space.git("rev-parse", "HEAD", in: "ci").trimmingCharacters(in: .whitespacesAndNewlines)
        return (space, head)
    }

    @Test func shallowDetachedCheckoutTakesTheBranchFromCIVariables() throws {
        let (space, head) = try shallowDetachedCheckout()
        let short = String(head.prefix(7))
        let environment = [
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_HEAD_REF": "feature/login", "GITHUB_REF_NAME": "42/merge",
            "GITHUB_RUN_ID": "987654", "GITHUB_STEP_SUMMARY": space.path("summary.md"),
        ]
        try space.write("summary.md", "## Earlier step\n")
        let result = try space.handoff(
            ["--archive", "../archive", "--done", "Built in CI"], in: "ci", extra: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let stem = try #require(
            result.stdout.firstMatch(
                of:
                    #/Archived as \.\./archive/(handoff-\d{4}-\d{2}-\d{2}T\d{6}_feature-login_[0-9a-f]{7}_987654)\.md and /#
            ))
        #expect(stem.1.hasSuffix("_\(short)_987654"))
        #expect(result.stdout.hasPrefix("Handoff saved to .claude/handoffs/handoff-"))

        let saved = try #require(space.list("ci/.claude/handoffs").first)
        let text = try #require(space.read("ci/.claude/handoffs/" + saved))
        #expect(text.contains("- **Branch**: `feature/login` (from `GITHUB_HEAD_REF`; HEAD detached at `\(short)`)\n"))
        #expect(text.contains("- **History**: shallow clone — the log and ahead/behind stop at the shallow boundary\n"))
        #expect(text.contains("- **Build**: GitHub Actions build `987654` (`GITHUB_RUN_ID`)\n"))
        #expect(text.contains("> Continue on feature/login (detached at \(short)). "))

        let markdown = try #require(space.read("archive/\(stem.1).md"))
        #expect(markdown == text, "the archive's Markdown is the handoff itself")
        let json = try #require(space.read("archive/\(stem.1).json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let git = try #require(object["git"] as? [String: Any])
        #expect(git["shallow"] as? Bool == true)
        #expect(git["branch"] is NSNull, "git's own branch stays null on a detached HEAD")
        let ci = try #require(object["ci"] as? [String: Any])
        #expect(ci["branch"] as? String == "feature/login")
        #expect(ci["branch_variable"] as? String == "GITHUB_HEAD_REF")
        #expect(ci["build_id"] as? String == "987654")
        #expect(ci["provider"] as? String == "GitHub Actions")

        let rows = try #require(space.read("archive/index.jsonl")).split(separator: "\n")
        #expect(rows.count == 1)
        let row = try #require(try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: Any])
        #expect(row["markdown"] as? String == "\(stem.1).md")
        #expect(row["json"] as? String == "\(stem.1).json")
        #expect(row["head"] as? String == head)
        #expect(row["branch_source"] as? String == "GITHUB_HEAD_REF")
        #expect(row["shallow"] as? Bool == true)

        #expect(space.read("summary.md") == "## Earlier step\n" + text + "\n", "appended, not replaced")

        // The shallow boundary is no error for the status either.
        let status = try space.handoff(["status", "--json"], in: "ci")
        #expect(status.status == 0, "\(status.stderr)")
        let snapshot = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(snapshot["shallow"] as? Bool == true)
        #expect((snapshot["log"] as? [Any])?.count == 1)
    }

    @Test func branchVariablesOfEachCI() throws {
        let (space, _) = try shallowDetachedCheckout()
        let cases: [([String: String], String)] = [
            (["GITHUB_REF_NAME": "main"], "`main` (from `GITHUB_REF_NAME`;"),
            (["CI_COMMIT_REF_NAME": "gl-branch", "CI_PIPELINE_ID": "5"], "`gl-branch` (from `CI_COMMIT_REF_NAME`;"),
            (["BRANCH_NAME": "jenkins-branch"], "`jenkins-branch` (from `BRANCH_NAME`;"),
            (["BUILDKITE_BRANCH": "bk"], "`bk` (from `BUILDKITE_BRANCH`;"),
            (["CIRCLE_BRANCH": "circle"], "`circle` (from `CIRCLE_BRANCH`;"),
        ]
        for (variables, expected) in cases {
            let result = try space.handoff(["--ci", "--output", "-"], in: "ci", extra: variables)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("- **Branch**: " + expected), "\(variables)")
        }
        let gitlab = try space.handoff(
            ["--output", "-"], in: "ci", extra: ["CI": "true", "CI_PIPELINE_ID": "5", "GITLAB_CI": "true"])
        #expect(gitlab.stdout.contains("- **Build**: GitLab CI build `5` (`CI_PIPELINE_ID`)\n"))
        let off = try space.handoff(["--output", "-"], in: "ci", extra: ["GITHUB_HEAD_REF": "ignored"])
        #expect(
            off.stdout.contains("- **Branch**: detached at `"), "without CI=true or --ci the variables are not read")
        #expect(!off.stdout.contains("**Build**"))
    }

    @Test func aCheckedOutBranchWinsOverCIVariables() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        let result = try space.handoff(
            ["--output", "-"], in: "clone", extra: ["CI": "true", "GITHUB_HEAD_REF": "other"])
        #expect(result.stdout.contains("- **Branch**: `main`, tracking `origin/main` (ahead 0, behind 0)\n"))
        #expect(!result.stdout.contains("other"))
        #expect(!result.stdout.contains("shallow"))
    }

    @Test func tenConcurrentJobsShareOneArchiveAndLoseNothing() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        let processes = try (1...10).map { index in
            try space.start(
                ["--ci", "--archive", space.path("archive"), "--done", "job \(index)"], in: "clone",
                extra: ["BUILD_ID": "same-build"])
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let files = space.list("archive")
        #expect(files.filter { $0.hasSuffix(".md") }.count == 10, "\(files)")
        #expect(files.filter { $0.hasSuffix(".json") }.count == 10)
        #expect(!files.contains { $0.hasPrefix(".handoff-tmp") }, "no temporary file left")
        let rows = try #require(space.read("archive/index.jsonl")).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.last == "", "every row ends with a newline")
        var jobs: Set<String> = []
        var names: Set<String> = []
        for row in rows.dropLast() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any])
            let markdown = try #require(object["markdown"] as? String)
            names.insert(markdown)
            #expect(object["build_id"] as? String == "same-build")
            let text = try #require(space.read("archive/" + markdown))
            if let match = text.firstMatch(of: /- (job \d+)\n/) { jobs.insert(String(match.1)) }
            #expect(space.exists("archive/" + (object["json"] as? String ?? "missing")))
        }
        #expect(rows.count - 1 == 10)
        #expect(names.count == 10, "ten distinct names")
        #expect(jobs.count == 10, "every job's handoff is there")
    }
}
