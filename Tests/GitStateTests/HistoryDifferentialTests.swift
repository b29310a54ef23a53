import Foundation
import Testing

@testable import GitState

/// The history questions of a session (`rev-parse`, `log A..B`, `log --since`,
/// `diff --numstat A HEAD`, `diff HEAD`), compared with git.
@Suite struct HistoryDifferentialTests {
    /// main with a side branch merged in, a tag, and a few more commits.
    func history() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.git(["tag", "start"])
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.commitFile("side.txt", "s\n")
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("b.txt", "b\n")
        repo.tick()
        try repo.git(["merge", "-q", "--no-edit", "side"])
        try repo.commitFile("a.txt", "1\n2\n")
        try repo.commitFile("c.bin", "\0bin")
        return repo
    }

    func gitLog(_ repo: GitRepo, _ arguments: [String]) throws -> [LogEntry] {
        let raw = try repo.git(["log", "-z", "--format=%H%x1f%s%x1f%an%x1f%aI"] + arguments)
        return raw.split(separator: "\0").map { record in
            let fields = record.split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init)
            return LogEntry(oid: ObjectID(hex: fields[0])!, summary: fields[1], author: fields[2], time: fields[3])
        }
    }

    @Test(arguments: ["HEAD", "HEAD~1", "HEAD^2", "side", "start", "refs/heads/side", "main~2", "nope", "HEAD~99"])
    func resolveLikeRevParse(revision: String) throws {
        let repo = try history()
        let ours = try Repository(discoveringFrom: repo.path).resolve(revision)
        let theirs = try repo.git(["rev-parse", "-q", "--verify", "\(revision)^{commit}"], allowFailure: true)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(ours == (theirs.isEmpty ? nil : theirs))
    }

    @Test(arguments: ["start", "side", "HEAD~1", "HEAD", "main~3"])
    func commitsAfterBase(base: String) throws {
        let repo = try history()
        let ours = try Repository(discoveringFrom: repo.path).commits(after: base, limit: 50)
        #expect(ours == (try gitLog(repo, ["\(base)..HEAD"])))
    }

    @Test func commitsAfterARewrittenBase() throws {
        let repo = try history()
        let old = try repo.git(["rev-parse", "HEAD~1"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git(["reset", "-q", "--hard", "HEAD~2"])
        try repo.commitFile("rewritten.txt", "r\n")
        let ours = try Repository(discoveringFrom: repo.path).commits(after: old, limit: 50)
        #expect(ours == (try gitLog(repo, ["\(old)..HEAD"])))
        #expect(ours.count == 1)
    }

    @Test func commitsNotOnAnyRemoteTrackingBranch() throws {
        let origin = try history()
        let clone = try origin.clone("clone")
        try clone.git(["checkout", "-q", "-b", "feature"])
        try clone.commitFile("f1.txt", "1\n")
        try clone.commitFile("f2.txt", "2\n")
        let repository = try Repository(discoveringFrom: clone.path)
        let tips = try repository.remoteTrackingTips()
        #expect(tips.count == 2)  // origin/main and origin/side; origin/HEAD is symbolic
        let ours = try repository.commits(reachableFrom: "HEAD", excluding: tips, limit: 50)
        #expect(ours == (try gitLog(clone, ["HEAD", "--not", "--remotes"])))
        #expect(ours.count == 2)
    }

    @Test(arguments: [("start", "HEAD"), ("HEAD", "start"), ("side", "HEAD"), ("HEAD~1", "side"), ("HEAD", "HEAD")])
    func ancestryLikeMergeBase(ancestor: String, descendant: String) throws {
        let repo = try history()
        let ours = try Repository(discoveringFrom: repo.path).isAncestor(ancestor, of: descendant)
        let result = try run(
            ["git", "merge-base", "--is-ancestor", ancestor, descendant], in: repo.path, environment: repo.environment,
            allowFailure: true)
        #expect(ours == (result.status == 0))
    }

    @Test func commitsSinceATime() throws {
        let repo = try history()
        for offset in [0, 100, 179, 240, 10_000] {
            let since = Int64(1_700_000_000 + offset)
            let ours = try Repository(discoveringFrom: repo.path).commits(since: since, limit: 50)
            #expect(ours == (try gitLog(repo, ["--since=@\(since)"])), "since \(since)")
        }
    }

    @Test(arguments: ["start", "side", "HEAD~2", "HEAD"])
    func lineCountsFromBase(base: String) throws {
        let repo = try history()
        try repo.git(["mv", "b.txt", "renamed-b.txt"])
        try repo.commit("rename")
        let ours = try Repository(discoveringFrom: repo.path).lineCounts(from: base)
        let theirs = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", base, "HEAD"]))
        #expect(ByteExact(ours) == ByteExact(theirs))
    }

    /// A commit that reshapes a tree every way a tree changes, deep among unchanged directories,
    /// adding `deep/a/b/c/copy.txt` with `copied`; returns the commit before it.
    func reshaped(_ repo: GitRepo, copied: String) throws -> String {
        for directory in ["keep", "keep/deeper", "swap", "gone", "moved", "deep/a/b/c"] {
            for file in 0..<3 {
                try repo.write("\(directory)/f\(file).txt", "\(directory) \(file)\nline two\nline three\n")
            }
        }
        try repo.write("file-then-dir", "a file first\n")
        try repo.write("link-then-file", "target text\n")
        try repo.commit("base")
        let base = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git(["rm", "-q", "-r", "gone", "file-then-dir"])
        try repo.write("file-then-dir/inside.txt", "now a directory\n")
        try FileManager.default.removeItem(atPath: repo.path + "/swap")
        try repo.write("swap", "now a file\n")
        try repo.git(["mv", "moved", "elsewhere"])
        try repo.append("deep/a/b/c/f1.txt", "appended\n")
        try repo.write("deep/a/b/c/copy.txt", copied)
        try repo.remove("link-then-file")
        try repo.symlink("link-then-file", to: "keep/f0.txt")
        try repo.git(["add", "-A"])
        try repo.commit("reshape")
        return base
    }

    /// Committed changes are found by comparing trees (identical subtrees skipped) before libgit2
    /// diffs just those paths.
    @Test(arguments: ["true", "copies", "false"])
    func lineCountsAcrossTreeShapes(renames: String) throws {
        let repo = try GitRepo()
        try repo.git(["config", "diff.renames", renames])
        // Most like gone/f2.txt alone (see renameSourcesTiedInSimilarity for a tie).
        let base = try reshaped(repo, copied: "gone 2\nline two\nline three\nline four\n")
        for from in [base, "HEAD"] {
            let ours = try Repository(discoveringFrom: repo.path).lineCounts(from: from)
            let theirs = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", from, "HEAD"]))
            #expect(ByteExact(ours) == ByteExact(theirs), "from \(from), diff.renames=\(renames)")
        }
    }

    /// Several deleted files equally similar to an added one: git takes swap/f0.txt, where
    /// libgit2 1.5.1's `git_diff_find_similar` (once used here) took gone/f0.txt. The committed
    /// numstat now pairs as `status` does, by git's rules (`RenamePairing`).
    @Test func renameSourcesTiedInSimilarity() throws {
        let repo = try GitRepo()
        let base = try reshaped(repo, copied: "deep/a/b/c 0\nline two\nline three\n")
        let ours = try Repository(discoveringFrom: repo.path).lineCounts(from: base)
        let theirs = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", base, "HEAD"]))
        #expect(ByteExact(ours) == ByteExact(theirs))
    }

    @Test func uncommittedPatchMatchesGitDiffHead() throws {
        let repo = try history()
        try repo.append("a.txt", "3\n")
        try repo.git(["add", "a.txt"])
        try repo.append("a.txt", "4\n")
        try repo.write("new.txt", "staged new\n")
        try repo.git(["add", "new.txt"])
        try repo.remove("side.txt")
        try repo.write("untracked.txt", "not in the patch\n")
        let ours = try #require(try Repository(discoveringFrom: repo.path).uncommittedPatch())
        let theirs = try repo.git(["diff", "HEAD"])
        #expect(ours == theirs)
    }

    /// Renames in the patch are paired as git pairs them: the tie libgit2's
    /// `git_diff_find_similar` broke another way (`RenamePairingTests.stagedRenameSourcesTiedForLibgit2`),
    /// and a rename with changes, staged or in the work tree too.
    @Test func uncommittedPatchPairsRenamesAsGit() throws {
        let repo = try GitRepo()
        let base = try reshaped(repo, copied: "deep/a/b/c 0\nline two\nline three\n")
        try repo.git(["reset", "-q", "--soft", base])
        let ours = try #require(try Repository(discoveringFrom: repo.path).uncommittedPatch())
        let theirs = try repo.git(["diff", "HEAD"])
        #expect(theirs.contains("rename from swap/f0.txt"))
        #expect(ours == theirs)
    }

    /// git's rename and copy headers in the patch, under each rename setting (t4001, t4043,
    /// t4005): a staged move edited again in the work tree, a binary move, a move that also
    /// changes the mode, a name git quotes, an exact move, and a copy of a file that stays.
    @Test(arguments: ["true", "copies", "false"]) func uncommittedPatchRenameHeaders(renames: String) throws {
        let repo = try GitRepo()
        let lines = (1...12).map { "line \($0)\n" }.joined()
        try repo.write("edited.txt", lines)
        try repo.write("image.bin", "PNG\u{0}\u{1}\u{2}binary body\n")
        try repo.write("script.sh", "#!/bin/sh\necho one\necho two\necho three\n")
        try repo.write("plain.txt", "exact\ncontent\nhere\n")
        try repo.write("source.txt", lines)
        try repo.commit("initial")
        try repo.git(["config", "diff.renames", renames])
        for folder in ["moved", "bin"] {
            try FileManager.default.createDirectory(atPath: repo.path + "/" + folder, withIntermediateDirectories: true)
        }
        try repo.git(["mv", "edited.txt", "moved/edited.txt"])
        try repo.append("moved/edited.txt", "line 13\n")
        try repo.git(["mv", "image.bin", "moved/image.bin"])
        try repo.append("moved/image.bin", "more\n")
        try repo.git(["mv", "script.sh", "bin/run.sh"])
        try repo.git(["update-index", "--chmod=+x", "bin/run.sh"])
        try repo.git(["mv", "plain.txt", "caf\u{e9} \"quoted\".txt"])
        try repo.append("source.txt", "line 13\n")
        try repo.write("copy.txt", lines + "line 13\nline 14\n")
        try repo.git(["add", "copy.txt", "source.txt"])
        let ours = try #require(try Repository(discoveringFrom: repo.path).uncommittedPatch())
        let theirs = try repo.git(["diff", "HEAD"])
        if renames != "false" { #expect(theirs.contains("rename from edited.txt")) }
        if renames == "copies" { #expect(theirs.contains("copy from edited.txt")) }
        #expect(ours == theirs)
    }

    /// Committed changes read no index, whatever its format.
    @Test(arguments: ["split", "sparse"])
    func lineCountsWithIndexFormat(format: String) throws {
        let repo = try history()
        let base = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.write("dir/in.txt", "in\n")
        try repo.write("out/far.txt", "far\nfar\n")
        try repo.append("a.txt", "3\n")
        try repo.commit("more")
        if format == "split" {
            try repo.git(["update-index", "--split-index"])
        } else {
            try repo.git(["sparse-checkout", "set", "--cone", "--sparse-index", "dir"])
        }
        let ours = try Repository(discoveringFrom: repo.path).lineCounts(from: base)
        let theirs = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", base, "HEAD"]))
        #expect(ours.count == 3)
        #expect(ByteExact(ours) == ByteExact(theirs))
    }

    /// The index formats libgit2 1.5.1 cannot read give the same patch as git's.
    @Test(arguments: ["split", "sparse", "ignorecase"])
    func uncommittedPatchWithIndexFormat(format: String) throws {
        let repo = try history()
        try repo.write("dir/in.txt", "in\n")
        try repo.write("out/far.txt", "far\n")
        try repo.commit("directories")
        switch format {
        case "split": try repo.git(["update-index", "--split-index"])
        case "sparse": try repo.git(["sparse-checkout", "set", "--cone", "--sparse-index", "dir"])
        default: try repo.git(["config", "core.ignorecase", "true"])
        }
        try repo.append("a.txt", "3\n")
        try repo.git(["add", "a.txt"])
        try repo.append("dir/in.txt", "more\n")
        try repo.write("dir/new.txt", "staged new\n")
        try repo.git(["add", "dir/new.txt"])
        if format == "split" { try repo.git(["update-index", "--split-index"]) }
        let ours = try #require(try Repository(discoveringFrom: repo.path).uncommittedPatch())
        let theirs = try repo.git(["diff", "HEAD"])
        #expect(ours.contains("dir/new.txt"))
        #expect(ours == theirs)
    }
}
