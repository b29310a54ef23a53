import Foundation
import Testing

@testable import GitState

/// GitState's HEAD reflog against `git log -g`: the same entries, in the same order, with the
/// same new ids, times and messages.
@Suite struct HeadReflogDifferentialTests {
    @Test func entriesMatchGitsReflog() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("b.txt", "2\n")
        try repo.git(["checkout", "-q", "-b", "topic/with-slash"])
        try repo.commitFile("c.txt", "3\n")
        try repo.git(["commit", "-q", "--amend", "-m", "Amended: with a colon\tand a tab"])
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--no-ff", "-m", "Merge topic", "topic/with-slash"])
        try repo.git(["reset", "-q", "--hard", "HEAD~1"])
        try repo.git(["-c", "user.name=Ada Q. Lovelace", "commit", "-q", "--allow-empty", "-m", "Spaces in the name"])

        let reflog = try #require(HeadReflog(gitDirectory: repo.path + "/.git"))
        let ours = reflog.entries
        // git prints the newest first; `%gd` with `--date=unix` is `HEAD@{<seconds>}`.
        let theirs = try repo.git(["log", "-g", "--date=unix", "--format=%H%x00%gd%x00%gs", "HEAD"])
            .split(separator: "\n").map { $0.split(separator: "\0", omittingEmptySubsequences: false).map(String.init) }
            .reversed()
        #expect(ours.count == theirs.count && ours.count == 9)
        for (entry, git) in zip(ours, theirs) {
            #expect(entry.new == git[0])
            #expect("HEAD@{\(entry.time)}" == git[1])
            #expect(entry.message == git[2])
        }
        // Each entry starts where the one before it ended.
        for (previous, entry) in zip(ours, ours.dropFirst()) { #expect(entry.old == previous.new) }
        #expect(reflog.entries(in: 0..<reflog.bytes.count) == ours)
    }

    @Test func noReflogIsNil() throws {
        let repo = try GitRepo()
        #expect(HeadReflog(gitDirectory: repo.path + "/.git") == nil)
    }
}
