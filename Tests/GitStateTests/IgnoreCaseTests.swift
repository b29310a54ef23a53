import Foundation
import Testing

@testable import GitState

/// `core.ignorecase=true` on a case-sensitive file system, as git 2.39 reads it:
/// every index entry is compared with the file of exactly its name (`README` on
/// disk does not stand for `readme`: that one is deleted), but the search for
/// untracked files matches names without case, so `README` is not untracked,
/// and `DIR/` is searched as the tracked `dir/`. Ignore rules match without case.
@Suite struct IgnoreCaseTests {
    func repository() throws -> GitRepo {
        let repo = try GitRepo()
        for path in ["readme.txt", "a.txt", "dir/c.txt", "dir/sub/d.txt", "Other/e.txt", "keep/k.txt", "Mixed.TXT"] {
            try repo.write(path, "\(path)\n")
        }
        try repo.commit("initial")
        try repo.git(["config", "core.ignorecase", "true"])
        return repo
    }

    func move(_ repo: GitRepo, _ from: String, _ to: String) throws {
        try FileManager.default.moveItem(atPath: repo.path + "/" + from, toPath: repo.path + "/" + to)
    }

    @Test(arguments: ["normal", "all"])
    func namesThatDifferOnlyInCase(mode: String) throws {
        let repo = try repository()
        try repo.git(["config", "status.showUntrackedFiles", mode])
        try move(repo, "readme.txt", "README.TXT")  // readme.txt deleted; README.TXT not untracked
        try move(repo, "dir", "DIR")  // everything in dir/ deleted; DIR/ searched as dir/
        try repo.write("DIR/new.txt", "new\n")
        try repo.write("DIR/newsub/deeper/q.txt", "q\n")
        try repo.write("DIR/SUB/extra.txt", "x\n")
        try repo.write("other/e.txt", "a second e.txt\n")  // other/ matches Other/
        try repo.write("other/x.txt", "x\n")
        try repo.write("Keep/k.txt", "k\n")
        try repo.write("Keep/z.txt", "z\n")
        try repo.write("KEEP.txt", "not a directory\n")
        try repo.write("mixed.txt", "matches Mixed.TXT\n")
        try repo.write("A.TXT/inside.txt", "a directory where a.txt is, but for case\n")
        try repo.write("fresh/File.txt", "f\n")
        try repo.append("a.txt", "edited\n")
        let snapshot = try expectMatchesGit(repo)
        let untracked = snapshot.status?.filter { $0.xy == "??" }.map(\.path) ?? []
        #expect(untracked.contains("DIR/new.txt"))
        #expect(
            !untracked.contains("README.TXT") && !untracked.contains("DIR/c.txt") && !untracked.contains("other/e.txt"))
        #expect(snapshot.status?.contains { $0.path == "readme.txt" && $0.xy == ".D" } == true)
    }

    /// A boolean key with no value is true for git (`[core] ignorecase`): booleans are read
    /// with git's rules (`Repository.configBool`), not as strings.
    @Test func keyWithoutAValueIsTrue() throws {
        let repo = try repository()
        try repo.git(["config", "--unset", "core.ignorecase"])
        try repo.append(".git/config", "[core]\n\tignorecase\n")
        try move(repo, "readme.txt", "README.TXT")
        let snapshot = try expectMatchesGit(repo)
        #expect(!(snapshot.status?.contains { $0.path == "README.TXT" } ?? true), "\(snapshot.status ?? [])")
    }

    @Test func bothSpellingsOnDisk() throws {
        let repo = try repository()
        // dir/ stays; DIR/ beside it matches it without case, file by file.
        try repo.write("DIR/c.txt", "hidden: matches dir/c.txt\n")
        try repo.write("DIR/own.txt", "listed\n")
        try repo.write("dir/C.TXT", "hidden too\n")
        try repo.write("dir/c.txt", "changed\n")
        // A directory in a tracked file's place, with exactly its name: not listed in normal mode.
        try repo.remove("a.txt")
        try repo.write("a.txt/inner.txt", "i\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.map(\.path).contains("DIR/own.txt") == true)
    }

    @Test func indexEntriesThatDifferOnlyInCase() throws {
        let repo = try GitRepo()
        try repo.write("a.txt", "lower\n")
        try repo.write("A.txt", "upper\n")
        try repo.write("d/x.txt", "lower dir\n")
        try repo.write("D/x.txt", "upper dir\n")
        try repo.commit("both spellings")
        try repo.git(["config", "core.ignorecase", "true"])
        try repo.remove("A.txt")
        try repo.append("a.txt", "edited\n")
        try repo.remove("D/x.txt")
        try repo.write("D/y.txt", "new\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path == "A.txt" && $0.xy == ".D" } == true)
    }

    @Test func stagedAndRenamedWithIgnoreCase() throws {
        let repo = try repository()
        try repo.git(["mv", "a.txt", "moved.txt"])
        try repo.append("keep/k.txt", "staged\n")
        try repo.git(["add", "keep/k.txt"])
        try repo.git(["rm", "-q", "--cached", "Mixed.TXT"])
        try expectMatchesGit(repo)
    }

    @Test func ignoreRulesMatchWithoutCase() throws {
        let repo = try repository()
        try repo.write(".gitignore", "*.LOG\nBuild/\n/Only-Root.txt\n")
        try repo.write("x.log", "ignored\n")
        try repo.write("Y.Log", "ignored\n")
        try repo.write("build/out.o", "ignored\n")
        try repo.write("DIR/Build/o", "ignored\n")
        try repo.write("DIR/kept.txt", "not ignored\n")
        try repo.write("only-root.TXT", "ignored\n")
        try repo.write("sub/only-root.txt", "not ignored: anchored to the root\n")
        try repo.write("logs/a.log", "ignored, so logs/ is not shown\n")
        let snapshot = try expectMatchesGit(repo)
        let untracked = snapshot.status?.filter { $0.xy == "??" }.map(\.path) ?? []
        #expect(!untracked.contains("x.log") && !untracked.contains("logs/"))
    }

    @Test func gitDirectorySpelledInCapitals() throws {
        let repo = try repository()
        try repo.write(".GIT/file", "skipped, like .git\n")
        try repo.write("nested/.Git/file", "skipped\n")
        try repo.write("nested/other.txt", "listed\n")
        try repo.write("only-git/.GIT/file", "nothing else here\n")
        try expectMatchesGit(repo)
    }

    @Test(arguments: ["normal", "all"])
    func submoduleSpelledInOtherCase(mode: String) throws {
        // LIB/ matches the gitlink lib without case: git treats it as that submodule, not untracked.
        let (repo, _) = try GitRepo.withSubmodule()
        try repo.git(["config", "core.ignorecase", "true"])
        try repo.git(["config", "status.showUntrackedFiles", mode])
        try repo.write("LIB/x.txt", "x\n")
        try repo.write("Lib-other/y.txt", "y\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path.hasPrefix("LIB") } == false)
    }

    @Test func sameNamesWithoutIgnoreCaseAreUntracked() throws {
        // The same work tree with core.ignorecase=false: git lists the other spellings.
        let repo = try repository()
        try repo.git(["config", "core.ignorecase", "false"])
        try move(repo, "readme.txt", "README.TXT")
        try move(repo, "dir", "DIR")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path == "README.TXT" && $0.xy == "??" } == true)
    }

    @Test func caseFoldedLookupsOverManyPaths() throws {
        // Enough paths and directories that the tables grow; every one found in other case.
        let repo = try GitRepo()
        var paths: [String] = []
        for directory in 0..<40 {
            for file in 0..<8 { paths.append("Dir\(directory)/Sub\(directory % 5)/File\(file).txt") }
        }
        for path in paths { try repo.write(path, "\(path)\n") }
        try repo.git(["add", "."])
        let folded = CaseFoldedPaths(index: try IndexFile.read(repo.path + "/.git/index"))
        for path in paths {
            #expect(folded.containsFile(Array(path.uppercased().utf8)))
            #expect(folded.containsFile(Array(path.lowercased().utf8)))
            #expect(!folded.containsDirectory(Array(path.utf8)))
        }
        for directory in 0..<40 {
            #expect(folded.containsDirectory(Array("DIR\(directory)".utf8)))
            #expect(folded.containsDirectory(Array("dir\(directory)/sub\(directory % 5)".utf8)))
            #expect(!folded.containsDirectory(Array("dir\(directory)/sub\(directory % 5 + 1)".utf8)))
        }
        #expect(!folded.containsFile(Array("dir0/sub0/file8.txt".utf8)))
        #expect(!folded.containsFile(Array("dir0/sub0".utf8)))
        // Only ASCII letters fold, as in git.
        #expect(CaseFoldedPaths.fold(Array("ÄB".utf8)) == Array("Äb".utf8))
    }

    @Test func attributesMatchWithoutCase() throws {
        // git matches .gitattributes patterns without case too (libgit2 1.5.1 does not, which
        // is why GitState reads attributes itself): a pattern in other case than the file
        // still applies (here `binary`, so numstat prints "-").
        let repo = try GitRepo()
        try repo.write("data.dat", "a\nb\n")
        try repo.write(".gitattributes", "*.DAT binary\n")
        try repo.commit("initial")
        try repo.git(["config", "core.ignorecase", "true"])
        try repo.write("data.dat", "a\nc\n")
        try expectMatchesGit(repo)
    }
}
