import Foundation
import Testing

@testable import GitState

/// Sparse checkouts, and sparse indexes (`sdir`): directories outside the cone
/// stand in the index as one entry for their tree.
@Suite struct SparseIndexTests {
    /// A repository with files inside the cone (`in/`), at the root, and outside (`out/`, `far/`).
    func repository() throws -> GitRepo {
        let repo = try GitRepo()
        for path in [
            "top.txt", "in/a.txt", "in/sub/b.txt", "out/c.txt", "out/deep/d.txt", "out/deep/e.txt", "far/f.txt",
        ] {
            try repo.write(path, "\(path)\none\ntwo\n")
        }
        try repo.commit("initial")
        return repo
    }

    func sparse(_ repo: GitRepo) throws {
        try repo.git(["sparse-checkout", "set", "--cone", "--sparse-index", "in"])
    }

    /// The index's sparse directories, by path.
    func sparseDirectories(_ repo: GitRepo) throws -> [String: String] {
        let index = try IndexFile.read(repo.path + "/.git/index")
        #expect(index.hasSparseDirectories)
        var result: [String: String] = [:]
        for entry in index.entries where entry.isSparseDirectory {
            result[String(decoding: index.path(of: entry), as: UTF8.self)] = entry.oid.hex
        }
        return result
    }

    @Test func changesInsideTheCone() throws {
        let repo = try repository()
        try sparse(repo)
        #expect(try sparseDirectories(repo).keys.sorted() == ["far/", "out/"])
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/out"))
        try repo.append("in/a.txt", "three\n")
        try repo.git(["add", "in/a.txt"])
        try repo.append("in/a.txt", "four\n")
        try repo.remove("in/sub/b.txt")
        try repo.write("in/new.txt", "new\n")
        try repo.git(["add", "in/new.txt"])
        try repo.append("top.txt", "changed\n")
        try repo.write("in/untracked/x.txt", "x\n")
        try repo.write("loose.txt", "x\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.count == 6)
    }

    @Test func stagedChangesInsideSparseDirectories() throws {
        // A commit that changed files outside the cone, then undone with `reset --soft`:
        // the index keeps that commit's trees for out/ and far/, HEAD has the old ones.
        let repo = try repository()
        try repo.append("out/c.txt", "three\n")
        try repo.git(["mv", "out/deep/d.txt", "out/deep/renamed.txt"])
        try repo.git(["rm", "-q", "far/f.txt"])
        try repo.write("out/deep/deeper/new.txt", "new\n")
        try repo.write("far2/g.txt", "g\n")
        try repo.commit("outside the cone")
        try sparse(repo)
        try repo.git(["reset", "-q", "--soft", "HEAD~"])
        let directories = try sparseDirectories(repo)
        let headOut = try repo.git(["rev-parse", "HEAD:out"]).trimmingCharacters(in: .newlines)
        #expect(directories["out/"] != nil && directories["out/"] != headOut, "out/ differs from HEAD's tree")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path == "out/deep/renamed.txt" && $0.xy == "R." } == true)
        #expect(snapshot.status?.contains { $0.path == "far/f.txt" && $0.xy == "D." } == true)
    }

    @Test(arguments: [false, true])
    func untrackedFilesInASparseDirectoryOnDisk(expectFilesOutside: Bool) throws {
        // git expands the index when a sparse directory is present: its untracked files
        // are listed one by one, its tracked files that are present compared again
        // (unless sparse.expectFilesOutsideOfPatterns says they are expected).
        let repo = try repository()
        try sparse(repo)
        if expectFilesOutside { try repo.git(["config", "sparse.expectFilesOutsideOfPatterns", "true"]) }
        try repo.write("out/untracked.txt", "u\n")
        try repo.write("out/newdir/inner.txt", "u\n")
        try repo.write("out/deep/d.txt", "changed\n")
        try repo.write("out/c.txt", "out/c.txt\none\ntwo\n")  // restored unchanged
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path == "out/untracked.txt" && $0.xy == "??" } == true)
        #expect(snapshot.status?.contains { $0.path == "out/deep/d.txt" } == !expectFilesOutside)
    }

    @Test(arguments: ["normal", "all"])
    func untrackedModesWithSparseDirectories(mode: String) throws {
        let repo = try repository()
        try sparse(repo)
        try repo.git(["config", "status.showUntrackedFiles", mode])
        try repo.write("out/only-untracked/x.txt", "x\n")
        try repo.write("fresh/y.txt", "y\n")
        try repo.write("far", "a file where a sparse directory is\n")
        try expectMatchesGit(repo)
    }

    @Test func conflictInsideTheCone() throws {
        let repo = try repository()
        try sparse(repo)
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("in/a.txt", "side\n")
        try repo.commit("side")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("in/a.txt", "main\n")
        try repo.commit("main")
        try repo.git(["merge", "-q", "side"], allowFailure: true)
        #expect(try sparseDirectories(repo).keys.contains("out/"))
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.xy == "UU" } == true)
    }

    @Test func sparseCheckoutWithoutSparseIndexComparesPresentFiles() throws {
        // Skip-worktree entries whose files are back on disk are compared again,
        // with or without a sparse index: git clears the bit when it reads the index.
        let repo = try repository()
        try repo.git(["sparse-checkout", "set", "--no-cone", "/in/"])
        #expect(try IndexFile.read(repo.path + "/.git/index").entries.contains(where: \.skipWorktree))
        try repo.write("out/c.txt", "edited outside the patterns\n")
        try repo.write("top.txt", "top.txt\none\ntwo\n")  // present again, unchanged
        try repo.append("in/a.txt", "inside\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path == "out/c.txt" && $0.xy == ".M" } == true)
    }

    @Test func disablingTheSparseIndexKeepsTheSameAnswers() throws {
        let repo = try repository()
        try sparse(repo)
        try repo.append("in/a.txt", "more\n")
        try repo.write("in/new.txt", "n\n")
        let sparseSnapshot = try expectMatchesGit(repo)
        try repo.git(["sparse-checkout", "set", "--no-sparse-index", "in"])
        #expect(try !IndexFile.read(repo.path + "/.git/index").hasSparseDirectories)
        let fullSnapshot = try expectMatchesGit(repo)
        #expect(sparseSnapshot.status == fullSnapshot.status)
    }
}
