import Foundation
import Testing

@testable import GitState

/// git's `--numstat` rules that are not libgit2's, each from the git test script that pins it
/// down; both engines, compared with `git status --porcelain=v2` and `git diff --numstat`.
@Suite(.tags(.fromGitsTestScripts)) struct NumstatRuleTests {
    /// t1050-large ("diff --stat", "diff" and "diff --cached" call a file over
    /// `core.bigFileThreshold` binary) and t4012-diff-binary (a binary file's numstat is `-	-`):
    /// text files over the threshold, on every side a count is read from.
    @Test(arguments: ["100", "1k"])
    func filesOverTheBigFileThresholdAreBinary(threshold: String) throws {
        let limit = threshold == "1k" ? 1024 : 100
        let line = "a line of text that is long enough\n"
        let big = String(repeating: line, count: limit / line.utf8.count + 2)
        let repo = try GitRepo()
        try repo.git(["config", "core.bigFileThreshold", threshold])
        try repo.write("big.txt", big)
        try repo.write("grows.txt", "small\n")
        try repo.write("shrinks.txt", big)
        try repo.write("small.txt", "one\ntwo\n")
        try repo.write("staged.txt", big)
        try repo.write("docs/big.md", big)
        try repo.write(".gitattributes", "*.md text\n")
        try repo.commit("initial")
        try repo.append("big.txt", "one more\n")
        try repo.write("grows.txt", big)
        try repo.write("shrinks.txt", "small now\n")
        try repo.append("small.txt", "three\n")
        try repo.append("staged.txt", "staged\n")
        try repo.git(["add", "staged.txt"])
        try repo.append("docs/big.md", "more\n")
        try repo.write("new-big.txt", big)
        try repo.git(["add", "new-big.txt"])
        let snapshot = try expectMatchesGit(repo)
        // A threshold the code did not apply would count these lines instead.
        #expect(snapshot.unstaged?.first { $0.path == "big.txt" }?.add == nil)
        #expect(snapshot.unstaged?.first { $0.path == "small.txt" }?.add == 1)

        repo.tick()
        try repo.git(["commit", "-q", "-a", "-m", "second"])
        let history = try Repository(discoveringFrom: repo.path).lineCounts(from: "HEAD~1")
        let theirs = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", "HEAD~1", "HEAD"]))
        #expect(ByteExact(history) == ByteExact(theirs), "committed numstat")
    }

    /// t1050-large, with line endings converted: diff.c compares the size with the threshold after
    /// the file was read and converted (diffcore's stat-unmatch check reads it first), so a file
    /// over the threshold on disk but under it with LFs is counted (measured with git 2.39.5).
    @Test func theThresholdSeesTheFileAfterItsLineEndingsAreConverted() throws {
        let repo = try GitRepo()
        try repo.git(["config", "core.autocrlf", "true"])
        try repo.git(["config", "core.bigFileThreshold", "120"])
        try repo.write("a.txt", String(repeating: "0123456789\n", count: 8))
        try repo.commit("initial")
        // 10 lines: 110 bytes with LFs, 130 on disk with CRLFs.
        try repo.write("a.txt", String(repeating: "0123456789\r\n", count: 10))
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.unstaged?.first.map { [$0.add, $0.del] } == [2, 0])
    }

    /// t2203-add-intent ("diff/diff-cached shows ita as new/not-new files"): an empty
    /// `git add -N` file is a new file of no lines, `0	0`, beside a non-empty one.
    @Test(arguments: [false, true])
    func emptyIntentToAddFileIsZeroZero(statDirty: Bool) throws {
        let repo = try GitRepo()
        try repo.commitFile("base.txt", "base\n")
        try repo.write("empty", "")
        try repo.write("not-empty", "content\n")
        try repo.write("dir/empty too", "")
        try repo.git(["add", "-N", "empty", "not-empty", "dir/empty too"])
        if statDirty {
            for path in ["empty", "not-empty", "dir/empty too"] {
                try FileManager.default.setAttributes(
                    [.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)],
                    ofItemAtPath: repo.path + "/" + path)
            }
        }
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.unstaged?.first { $0.path == "empty" }.map { [$0.add, $0.del] } == [0, 0])
    }
}
