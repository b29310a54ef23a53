import Foundation
import Testing

@testable import GitState

/// Commits touching a scope, with merges that git's history simplification prunes, compared
/// with `git log --format=%H START..HEAD -- <path>...` and `git log -n N -- <path>...`.
@Suite struct ScopedHistoryDifferentialTests {
    func gitLog(_ repo: GitRepo, _ arguments: [String]) throws -> [String] {
        try repo.git(["log", "--format=%H"] + arguments).split(separator: "\n").map(String.init)
    }

    @Test func sessionCommitsAndLogThroughMerges() throws {
        let repo = try GitRepo()
        try repo.commitFile("api/a.txt", "1\n")
        try repo.commitFile("web/w.txt", "1\n")
        let start = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.commitFile("api/a.txt", "side\n")
        try repo.commitFile("web/w.txt", "side\n")
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("web/w.txt", "main\n")
        try repo.git(["merge", "-q", "-X", "ours", "--no-edit", "side"])
        // A merge that brings nothing into api/ from its second parent (the same change made twice).
        try repo.git(["checkout", "-q", "-b", "twin", start])
        try repo.commitFile("api/b.txt", "same\n", message: "twin b")
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("api/b.txt", "same\n", message: "main b")
        try repo.git(["merge", "-q", "--no-edit", "twin"])
        try repo.git(["mv", "api/a.txt", "web/a.txt"])
        try repo.commit("move out")
        try repo.commitFile("README", "r\n")
        let opened = try Repository(discoveringFrom: repo.path)
        for paths in [["api"], ["web"], ["api/b.txt"], ["api", "README"], ["nothing"], ["."]] {
            let scope = PathScope(relativePaths: paths)
            let session = try opened.commits(after: start, limit: 50, scope: scope).map(\.oid.hex)
            #expect(session == (try gitLog(repo, ["\(start)..HEAD", "--"] + paths)), "\(paths)")
            let recent = try opened.snapshot(logLimit: 3, engine: .automatic, scope: scope).log.map(\.oid.hex)
            #expect(recent == (try gitLog(repo, ["-3", "--"] + paths)), "\(paths)")
            let counts = try opened.lineCounts(from: start, scope: scope)
            let gits = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", start, "HEAD", "--"] + paths))
            #expect(ByteExact(counts) == ByteExact(gits), "\(paths)")
        }
    }
}
