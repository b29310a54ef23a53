import Foundation
import Testing

/// `--path` on the built binary: `create` (the default command), `status` and `wrap-up`, each
/// compared with git's answer for `-- <path>`.
@Suite struct PathScopeTests {
    /// Two services, a session started, a commit in each service, and changes in each.
    func monorepo() throws -> TestRepository {
        let repo = try TestRepository()
        try repo.commitFile("services/api/main.swift", "one\n", message: "Base api")
        try repo.commitFile("services/web/index.js", "w\n", message: "Base web")
        #expect(try repo.handoff("start").status == 0)
        try repo.commitFile("services/api/route.swift", "r\n", message: "Api route")
        try repo.commitFile("services/web/page.js", "p\n", message: "Web page")
        try repo.write("services/api/main.swift", "one\ntwo\n")
        try repo.write("services/web/index.js", "w\nv\n")
        try repo.write("services/api/new.swift", "n\n")
        return repo
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func statusJSONEqualsGitsScopedAnswers() throws {
        let repo = try monorepo()
        let result = try repo.handoff(["status", "--json", "--path", "api"], in: repo.path + "/services")
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["paths"] as? [String] == ["services/api"])
        let status = try #require(object["status"] as? [[String: Any]])
        let gits = lines(try repo.git("status", "--porcelain", "--", "api", in: repo.path + "/services"))
        // `--porcelain` (v1) prints root-relative paths: ` M services/api/main.swift`, `?? services/api/new.swift`.
        #expect(status.compactMap { $0["path"] as? String } == gits.map { String($0.dropFirst(3)) })
        let log = try #require(object["log"] as? [[String: Any]])
        let gitLog = lines(try repo.git("log", "--format=%H", "--", "services/api"))
        #expect(log.compactMap { $0["oid"] as? String } == gitLog)
        // Unscoped, the key is absent (the contract's shape is unchanged).
        let whole = try repo.handoff("status", "--json")
        let wholeObject = try #require(
            try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any])
        #expect(wholeObject["paths"] == nil)
        #expect((wholeObject["status"] as? [Any])?.count == 3)
    }

    /// `--path api/` as typed from a subfolder keeps its slash: a file named `api` is outside it,
    /// as it is for `git status -- api/`.
    @Test func aTrailingSlashLeavesOutAFileOfThatName() throws {
        let repo = try monorepo()
        try repo.write("services/api.d", "not the folder\n")
        try repo.write("api", "a file at the top\n")
        for (typed, directory) in [("api/", repo.path + "/services"), ("api/", repo.path), ("api", repo.path)] {
            let result = try repo.handoff(["status", "--json", "--path", typed], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let status = try #require(object["status"] as? [[String: Any]])
            let gits = lines(try repo.git("status", "--porcelain", "--", typed, in: directory))
            #expect(status.compactMap { $0["path"] as? String } == gits.map { String($0.dropFirst(3)) }, "\(typed)")
        }
    }

    @Test func createLimitsCommitsAndFilesTouched() throws {
        let repo = try monorepo()
        let start = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try String(contentsOfFile: repo.path + "/.git/handoff/session.json", encoding: .utf8).utf8))
                as? [String: Any])
        let base = try #require(start["head"] as? String)
        let result = try repo.handoff(["--path", "services/api", "--format", "json", "-o", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let git = try #require(object["git"] as? [String: Any])
        #expect(git["paths"] as? [String] == ["services/api"])
        let session = try #require(object["session"] as? [String: Any])
        let commits = try #require(session["commits"] as? [[String: Any]])
        let gits = lines(try repo.git("log", "--format=%H", "\(base)..HEAD", "--", "services/api"))
        #expect(commits.compactMap { $0["oid"] as? String } == gits)
        #expect(gits.count == 1)
        let files = try #require(object["files_touched"] as? [[String: Any]])
        #expect(
            files.compactMap { $0["path"] as? String }.sorted()
                == ["services/api/main.swift", "services/api/new.swift", "services/api/route.swift"])
        // The Markdown names the scope.
        let markdown = try repo.handoff(["--path", "services/api", "-o", "-"])
        #expect(markdown.stdout.contains("- **Scope**: `services/api`"))
    }

    @Test func wrapUpChecksOnlyTheScope() throws {
        let repo = try monorepo()
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "everything")
        try repo.write("services/web/index.js", "dirty\n")
        let scoped = try repo.handoff(["wrap-up", "--json", "--path", "services/api"])
        let whole = try repo.handoff(["wrap-up", "--json"])
        func uncommitted(_ text: String) throws -> String? {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let checks = try #require(object["checks"] as? [[String: Any]])
            return checks.first { ($0["check"] as? String) == "uncommitted" }?["status"] as? String
        }
        #expect(try uncommitted(scoped.stdout) == "ok", "\(scoped.stdout)")
        #expect(try uncommitted(whole.stdout) == "block")
    }

    @Test func aPathOutsideTheRepositoryIsOneLineAsGits() throws {
        let repo = try monorepo()
        let result = try repo.handoff(["status", "--path", "../elsewhere"])
        #expect(result.status == 1)
        let git = try? repo.git("status", "--", "../elsewhere")
        #expect(git == nil)
        #expect(result.stderr == "handoff: ../elsewhere: '../elsewhere' is outside repository at '\(repo.path)'\n")
    }
}
