import Foundation
import Testing

@testable import GitState

/// Working-tree states: each builds a repository with git and compares GitState with git.
@Suite struct StatusDifferentialTests {
    /// A repository with a few committed files to change.
    func base() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.write("a.txt", "one\ntwo\nthree\n")
        try repo.write("b.txt", "bee\n")
        try repo.write("dir/c.txt", "see\n")
        try repo.write("dir/sub/d.txt", "dee\n")
        try repo.write("bin.dat", data: Data([0, 1, 2, 3, 0, 255]))
        try repo.commit("initial")
        return repo
    }

    @Test func cleanRepository() throws {
        let snapshot = try expectMatchesGit(try base())
        #expect(snapshot.status == [])
    }

    @Test func modifiedStagedAndUnstaged() throws {
        let repo = try base()
        try repo.append("a.txt", "four\n")
        try repo.git(["add", "a.txt"])
        try repo.append("a.txt", "five\n")
        try repo.write("b.txt", "changed\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.map(\.xy) == ["MM", ".M"])
    }

    @Test func addedDeletedAndUntracked() throws {
        let repo = try base()
        try repo.write("new.txt", "new\n")
        try repo.git(["add", "new.txt"])
        try repo.remove("b.txt")
        try repo.git(["rm", "-q", "dir/c.txt"])
        try repo.write("loose.txt", "x\n")
        try repo.write("fresh/inner/file.txt", "x\n")
        try repo.write("dir/sub/untracked.txt", "x\n")
        try expectMatchesGit(repo)
    }

    @Test func untrackedDirectoriesCollapseLikeGit() throws {
        let repo = try base()
        try repo.write("only-ignored/x.log", "x\n")
        try repo.write(".gitignore", "*.log\nbuild/\n")
        try repo.write("mixed/x.log", "x\n")
        try repo.write("mixed/y.txt", "y\n")
        try repo.write("build/out.o", "o\n")
        try FileManager.default.createDirectory(atPath: repo.path + "/empty/deeper", withIntermediateDirectories: true)
        try repo.write("nested/a/b/c.txt", "c\n")
        try repo.write("ignored.log", "x\n")
        try expectMatchesGit(repo)
    }

    @Test func untrackedNestedRepository() throws {
        let repo = try base()
        let inner = try GitRepo(in: repo.scratch, name: "repo/inner")
        try inner.commitFile("f", "f\n")
        try expectMatchesGit(repo)
    }

    @Test func stagedRename() throws {
        let repo = try base()
        try repo.git(["mv", "a.txt", "renamed.txt"])
        try repo.git(["mv", "bin.dat", "moved.dat"])
        try expectMatchesGit(repo)
    }

    @Test func stagedRenameThenModified() throws {
        let repo = try base()
        try repo.git(["mv", "a.txt", "renamed.txt"])
        try repo.append("renamed.txt", "more\n")
        try repo.git(["add", "renamed.txt"])
        try repo.append("renamed.txt", "even more\n")
        try expectMatchesGit(repo)
    }

    @Test(arguments: [
        ("diff.renames", "false"), ("diff.renames", "copies"), ("status.renames", "false"),
        ("status.renames", "copies"), ("status.renames", "true"),
    ])
    func renameAndCopyConfiguration(key: String, value: String) throws {
        let repo = try base()
        try repo.git(["config", key, value])
        try repo.write("copy.txt", "one\ntwo\nthree\n")
        try repo.append("a.txt", "changed\n")
        try repo.git(["mv", "b.txt", "bee.txt"])
        try repo.git(["add", "-A"])
        try expectMatchesGit(repo)
    }

    @Test func typeChanges() throws {
        let repo = try base()
        try repo.symlink("link", to: "a.txt")
        try repo.commit("add link")
        try repo.remove("b.txt")
        try repo.symlink("b.txt", to: "a.txt")
        try repo.remove("link")
        try repo.write("link", "now a file\n")
        try expectMatchesGit(repo)
        try repo.git(["add", "-A"])
        try expectMatchesGit(repo)
    }

    @Test func modeChange() throws {
        let repo = try base()
        try repo.chmod("a.txt", 0o755)
        try repo.chmod("b.txt", 0o755)
        try repo.git(["add", "b.txt"])
        try expectMatchesGit(repo)
    }

    @Test func intentToAdd() throws {
        let repo = try base()
        try repo.write("ita.txt", "planned\nlines\n")
        try repo.write("ita-empty.txt", "")
        try repo.write("ita-gone.txt", "gone\n")
        try repo.git(["add", "-N", "ita.txt", "ita-empty.txt", "ita-gone.txt"])
        try repo.remove("ita-gone.txt")
        try expectMatchesGit(repo)
    }

    @Test func removedFromIndexOnly() throws {
        let repo = try base()
        try repo.git(["rm", "-q", "--cached", "a.txt", "dir/c.txt"])
        try expectMatchesGit(repo)
    }

    @Test func statDirtyButIdentical() throws {
        let repo = try base()
        try repo.write("a.txt", "one\ntwo\nthree\n")
        try repo.git(["update-index", "--refresh"], allowFailure: true)
        // Touch without changing content: the stat data no longer matches the index.
        let url = URL(fileURLWithPath: repo.path + "/a.txt")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: url.path)
        try repo.write("b.txt", "bee\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status == [])
    }

    @Test func binaryFiles() throws {
        let repo = try base()
        try repo.write("bin.dat", data: Data([0, 9, 9, 9, 0]))
        try repo.write("newbin.dat", data: Data([0, 1]))
        try repo.git(["add", "newbin.dat"])
        try repo.write(".gitattributes", "*.txt -diff\n")
        try repo.commit("attributes")
        try repo.append("a.txt", "binary by attribute\n")
        try repo.write("bin.dat", data: Data([0, 7]))
        try expectMatchesGit(repo)
    }

    @Test func awkwardFileNames() throws {
        let repo = try base()
        let names = [
            "with space.txt", "quote\"d.txt", "back\\slash.txt", "tab\there.txt", "new\nline.txt",
            "-leading-dash.txt", "caf\u{e9}.txt", "cafe\u{301}-nfd.txt", "\u{65e5}\u{672c}.txt", "star*.txt",
        ]
        for name in names { try repo.write(name, "x\n") }
        try repo.commit("awkward names")
        for name in names { try repo.append(name, "y\n") }
        try repo.write("untracked space.txt", "u\n")
        try repo.write("caf\u{e9} dir/new\nline", "u\n")
        try repo.git(["mv", "with space.txt", "still with space.txt"])
        try expectMatchesGit(repo)
    }

    @Test func unicodeNormalizationFormsAreDistinct() throws {
        let repo = try base()
        try repo.write("caf\u{e9}.txt", "nfc\n")
        try repo.write("cafe\u{301}.txt", "nfd\n")
        try repo.git(["add", "caf\u{e9}.txt"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.count == 2)
    }

    @Test func unmergedCodes() throws {
        let repo = try GitRepo()
        try repo.write("both-modified.txt", "base\n")
        try repo.write("deleted-by-them.txt", "base\n")
        try repo.write("deleted-by-us.txt", "base\n")
        try repo.write("clean.txt", "base\n")
        try repo.commit("base")
        try repo.git(["checkout", "-q", "-b", "theirs"])
        try repo.write("both-modified.txt", "theirs\n")
        try repo.remove("deleted-by-them.txt")
        try repo.write("deleted-by-us.txt", "theirs\n")
        try repo.write("both-added.txt", "theirs\n")
        try repo.write("added-by-them/x.txt", "theirs\n")
        try repo.commit("theirs")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("both-modified.txt", "ours\n")
        try repo.write("deleted-by-them.txt", "ours\n")
        try repo.remove("deleted-by-us.txt")
        try repo.write("both-added.txt", "ours\n")
        try repo.write("clean.txt", "clean change\n")
        try repo.commit("ours")
        try repo.git(["merge", "-q", "theirs"], allowFailure: true)
        try repo.append("clean.txt", "unstaged\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.state == .merge)
        let codes = Set((snapshot.status ?? []).map(\.xy))
        #expect(codes.isSuperset(of: ["UU", "UD", "DU", "AA"]))
    }

    @Test func renameConflictCodes() throws {
        // Renames on both sides give AU, UA and DD entries.
        let repo = try GitRepo()
        try repo.write("file.txt", "content\nthat\nis\nlong\nenough\n")
        try repo.commit("base")
        try repo.git(["checkout", "-q", "-b", "theirs"])
        try repo.git(["mv", "file.txt", "theirs.txt"])
        try repo.commit("theirs rename")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["mv", "file.txt", "ours.txt"])
        try repo.commit("ours rename")
        try repo.git(["merge", "-q", "theirs"], allowFailure: true)
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.isConflicted } == true)
    }

    @Test func submodules() throws {
        let (repo, inner) = try GitRepo.withSubmodule()
        try expectMatchesGit(repo)
        // New commit inside the submodule, then dirty and untracked content.
        try inner.commitFile("lib.txt", "v2\n")
        try expectMatchesGit(repo)
        try repo.git(["add", "lib"])
        try inner.write("lib.txt", "dirty\n")
        try inner.write("untracked.txt", "u\n")
        try expectMatchesGit(repo)
    }

    @Test func sparseCheckout() throws {
        let repo = try base()
        try repo.git(["sparse-checkout", "set", "--no-cone", "/a.txt", "/dir/sub/"])
        try repo.append("a.txt", "edit\n")
        try expectMatchesGit(repo)
    }

    @Test func assumeUnchangedAndSkipWorktree() throws {
        let repo = try base()
        try repo.git(["update-index", "--assume-unchanged", "a.txt"])
        try repo.git(["update-index", "--skip-worktree", "b.txt"])
        try repo.append("a.txt", "hidden\n")
        try repo.append("b.txt", "hidden\n")
        try repo.remove("dir/c.txt")
        try repo.git(["update-index", "--skip-worktree", "dir/c.txt"])
        try expectMatchesGit(repo)
    }

    @Test func fileReplacedByDirectory() throws {
        let repo = try base()
        try repo.remove("b.txt")
        try repo.write("b.txt/inside.txt", "now a dir\n")
        try repo.remove("dir/sub")
        try repo.write("dir/sub", "now a file\n")
        try expectMatchesGit(repo)
    }

    /// Staged swaps of files and directories, among names that sort around a directory's
    /// implied slash (`a.txt` < `a/` < `a0`, and `a-b` before them all): HEAD's tree and the
    /// index are walked side by side in git's tree order.
    @Test func stagedFilesAndDirectoriesTradePlaces() throws {
        let repo = try base()
        for name in ["x/a.txt", "x/a-b", "x/a/inner.txt", "x/a0", "x/b", "x/c/deep/file.txt", "x/c.d"] {
            try repo.write(name, name + "\n")
        }
        try repo.commit("names around slashes")
        // x/a becomes a file, x/b a directory; x/c/deep a file; a new x/a/ sibling name.
        try repo.git(["rm", "-q", "-r", "x/a", "x/b", "x/c/deep"])
        try repo.write("x/a", "now a file\n")
        try repo.write("x/b/inside.txt", "now a directory\n")
        try repo.write("x/c/deep", "a file where a directory was\n")
        try repo.write("x/a+", "sorts before a-b\n")
        try repo.git(["add", "-A", "x"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.staged?.count == 7, "\(snapshot.staged ?? [])")
    }

    /// A tracked directory replaced by a link to a copy of it: git does not follow the link,
    /// so everything below it is deleted, however deep (the scan must not open `dir/sub`
    /// through the link once `dir` itself is not a directory).
    @Test func directoryReplacedByALinkToACopy() throws {
        let repo = try base()
        try repo.write("top/sub/deep.txt", "deep\n")
        try repo.write("top/file.txt", "file\n")
        try repo.commit("nested")
        try FileManager.default.moveItem(atPath: repo.path + "/top", toPath: repo.path + "/elsewhere")
        try repo.symlink("top", to: "elsewhere")
        let snapshot = try expectMatchesGit(repo)
        #expect(
            snapshot.status?.contains { $0.path == "top/sub/deep.txt" && $0.xy == ".D" } == true,
            "\(snapshot.status ?? [])")
    }

    /// A directory whose listing has as many names as it has tracked files, though one was
    /// deleted and another name appeared: the scan may skip the name lookups only when every
    /// tracked file was found.
    @Test func untrackedNameInPlaceOfADeletedOne() throws {
        let repo = try base()
        for name in ["leaf/one.txt", "leaf/two.txt", "leaf/three.txt", "other/kept.txt", "other/gone.txt"] {
            try repo.write(name, name + "\n")
        }
        try repo.commit("leaves")
        try repo.remove("leaf/two.txt")
        try repo.write("leaf/new.txt", "untracked\n")
        try repo.remove("other/gone.txt")
        try FileManager.default.createDirectory(atPath: repo.path + "/other/newdir", withIntermediateDirectories: false)
        try repo.write("other/newdir/inside.txt", "untracked too\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(
            snapshot.status?.contains { $0.path == "leaf/new.txt" && $0.isUntracked } == true,
            "\(snapshot.status ?? [])")
        #expect(
            snapshot.status?.contains { $0.path == "other/newdir/" && $0.isUntracked } == true,
            "\(snapshot.status ?? [])")
    }

    @Test func crlfAndFilters() throws {
        let repo = try base()
        try repo.write(".gitattributes", "*.crlf text eol=crlf\n")
        try repo.write("win.crlf", "a\r\nb\r\n")
        try repo.commit("crlf")
        try repo.write("win.crlf", "a\r\nb\r\nc\r\n")
        try expectMatchesGit(repo)
    }

    @Test func unbornBranchWithStagedFiles() throws {
        let repo = try GitRepo()
        try repo.write("first.txt", "1\n")
        try repo.write("second.txt", "2\n")
        try repo.git(["add", "first.txt"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.unborn)
    }

    @Test func emptyRepository() throws {
        let repo = try GitRepo()
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.unborn && snapshot.head == nil && snapshot.log.isEmpty)
    }
}
