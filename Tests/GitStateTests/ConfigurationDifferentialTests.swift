import Foundation
import Testing

@testable import GitState

/// Settings that change what git reports, and the rarer work-tree states.
@Suite struct ConfigurationDifferentialTests {
    func base() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.write("a.txt", "alpha\nbeta\ngamma\ndelta\nepsilon\n")
        try repo.write("b.txt", "one\ntwo\nthree\nfour\nfive\nsix\n")
        try repo.write("dir/c.txt", "see\n")
        try repo.commit("initial")
        return repo
    }

    @Test(arguments: ["normal", "no", "all"])
    func showUntrackedFiles(mode: String) throws {
        let repo = try base()
        try repo.git(["config", "status.showUntrackedFiles", mode])
        try repo.write("loose.txt", "x\n")
        try repo.write("fresh/inner/deep.txt", "x\n")
        try repo.write("fresh/other.txt", "x\n")
        try expectMatchesGit(repo)
    }

    @Test(arguments: ["normal", "all"])
    func submoduleWithEveryUntrackedMode(mode: String) throws {
        // A submodule's directory is tracked (a gitlink), never untracked, in either mode.
        let (repo, inner) = try GitRepo.withSubmodule()
        try repo.git(["config", "status.showUntrackedFiles", mode])
        try inner.write("untracked-inside.txt", "u\n")
        try repo.write("loose.txt", "x\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path.hasPrefix("lib") && $0.xy == "??" } == false)
    }

    @Test(arguments: ["normal", "all"])
    func directoriesReplacingTrackedFiles(mode: String) throws {
        let repo = try base()
        try repo.git(["config", "status.showUntrackedFiles", mode])
        try repo.remove("dir/c.txt")
        try repo.write("dir/c.txt/inside.txt", "x\n")
        try repo.remove("b.txt")
        try repo.write("b.txt/deeper/z.txt", "y\n")
        try expectMatchesGit(repo)
    }

    @Test func fileModeIgnored() throws {
        let repo = try base()
        try repo.git(["config", "core.fileMode", "false"])
        try repo.chmod("a.txt", 0o755)
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status == [])
    }

    @Test func autocrlf() throws {
        let repo = try base()
        try repo.git(["config", "core.autocrlf", "input"])
        try repo.write("a.txt", "alpha\r\nbeta\r\ngamma\r\ndelta\r\nepsilon\r\n")
        try repo.write("win.txt", "x\r\ny\r\n")
        try repo.git(["add", "win.txt"])
        try expectMatchesGit(repo)
    }

    @Test func intentToAddAfterMoveIsARename() throws {
        let repo = try base()
        try FileManager.default.moveItem(atPath: repo.path + "/a.txt", toPath: repo.path + "/moved.txt")
        try repo.git(["add", "-N", "moved.txt"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.first?.xy == ".R")
    }

    @Test func intentToAddAfterMoveWithEditsIsARename() throws {
        let repo = try base()
        try FileManager.default.moveItem(atPath: repo.path + "/b.txt", toPath: repo.path + "/moved.txt")
        try repo.append("moved.txt", "seven\n")
        try repo.git(["add", "-N", "moved.txt"])
        try expectMatchesGit(repo)
    }

    @Test func intentToAddWithRenamesOff() throws {
        let repo = try base()
        try repo.git(["config", "status.renames", "false"])
        try FileManager.default.moveItem(atPath: repo.path + "/a.txt", toPath: repo.path + "/moved.txt")
        try repo.git(["add", "-N", "moved.txt"])
        try expectMatchesGit(repo)
    }

    @Test func ignoredSubmoduleChanges() throws {
        let (repo, inner) = try GitRepo.withSubmodule()
        try inner.write("untracked.txt", "u\n")
        try expectMatchesGit(repo)
        try repo.git(["config", "-f", ".gitmodules", "submodule.lib.ignore", "untracked"])
        try repo.commit("ignore untracked")
        try expectMatchesGit(repo)
        try inner.write("lib.txt", "dirty\n")
        try repo.git(["config", "diff.ignoreSubmodules", "dirty"])
        try expectMatchesGit(repo)
    }

    @Test(arguments: ["none", "untracked", "dirty", "all"])
    func diffIgnoreSubmodules(level: String) throws {
        let (repo, inner) = try GitRepo.withSubmodule()
        try repo.git(["config", "diff.ignoreSubmodules", level])
        try inner.write("untracked.txt", "u\n")
        try expectMatchesGit(repo)
        try inner.write("lib.txt", "dirty\n")
        try expectMatchesGit(repo)
        try inner.commit("new commit in submodule")
        try expectMatchesGit(repo)
    }

    @Test func deletedSubmoduleDirectory() throws {
        let (repo, _) = try GitRepo.withSubmodule()
        try FileManager.default.removeItem(atPath: repo.path + "/lib")
        try expectMatchesGit(repo)
    }

    @Test func uninitializedSubmodule() throws {
        let (repo, _) = try GitRepo.withSubmodule()
        let clone = try repo.clone("clone")
        try expectMatchesGit(clone)
    }

    @Test func aheadBehindOnDeepMergeHistory() throws {
        let repo = try GitRepo()
        try repo.commitFile("base.txt", "0\n")
        try repo.git(["branch", "other"])
        for round in 1...12 {
            try repo.commitFile("main-\(round).txt", "\(round)\n")
            try repo.git(["checkout", "-q", "other"])
            try repo.commitFile("other-\(round).txt", "\(round)\n")
            if round % 3 == 0 {
                repo.tick()
                try repo.git(["merge", "-q", "--no-edit", "main"])
            }
            try repo.git(["checkout", "-q", "main"])
            if round % 4 == 0 {
                repo.tick()
                try repo.git(["merge", "-q", "--no-edit", "other"])
            }
        }
        try repo.git(["checkout", "-q", "other"])
        try repo.commitFile("other-last.txt", "last\n")
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("main-last.txt", "last\n")
        try repo.git(["branch", "--set-upstream-to=other"])
        let snapshot = try expectMatchesGit(repo)
        #expect((snapshot.ahead ?? 0) > 0 && (snapshot.behind ?? 0) > 0)
        try expectMatchesGit(repo, logLimit: 30)
    }

    @Test func aheadBehindWithClockSkew() throws {
        let repo = try GitRepo()
        try repo.commitFile("base.txt", "0\n")
        try repo.git(["checkout", "-q", "-b", "skewed"])
        repo.setClock(1_000_000_000)  // years before its parent
        try repo.commitFile("old-clock.txt", "1\n")
        repo.setClock(1_900_000_000)
        try repo.commitFile("new-clock.txt", "2\n")
        try repo.git(["checkout", "-q", "main"])
        repo.setClock(1_700_100_000)
        try repo.commitFile("main.txt", "m\n")
        try repo.git(["branch", "--set-upstream-to=skewed"])
        try expectMatchesGit(repo)
    }

    @Test func aheadBehindWithEqualTimestamps() throws {
        // Everything committed in the same second: the walk cannot rely on dates.
        let repo = try GitRepo()
        repo.setClock(1_800_000_000)
        try repo.commitFile("a.txt", "1\n")
        try repo.git(["branch", "behind"])
        for n in 2...4 {
            repo.setClock(1_800_000_000)
            try repo.commitFile("a.txt", "\(n)\n")
        }
        try repo.git(["checkout", "-q", "behind"])
        try repo.git(["branch", "--set-upstream-to=main"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.ahead == 0 && snapshot.behind == 3)
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["branch", "--set-upstream-to=behind"])
        let reverse = try expectMatchesGit(repo)
        #expect(reverse.ahead == 3 && reverse.behind == 0)
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(try repository.commits(reachableFrom: "behind", excluding: ["main"], limit: 10).isEmpty)
    }

    @Test func gitDirFromEnvironmentIsNotNeeded() throws {
        // Discovery works from inside the .git directory too, as git's does.
        let repo = try base()
        try repo.write("a.txt", "changed\n")
        let snapshot = try Repository(discoveringFrom: repo.path + "/.git").snapshot()
        #expect(snapshot.workTree == repo.path || snapshot.workTree == nil)
    }
}
