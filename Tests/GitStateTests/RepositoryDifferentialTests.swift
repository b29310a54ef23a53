import Foundation
import Testing

@testable import GitState

/// HEAD, upstream, history, stash and repository layouts, compared with git.
@Suite struct RepositoryDifferentialTests {
    /// An origin with a few commits and a clone of it that tracks `main`.
    func originAndClone() throws -> (origin: GitRepo, clone: GitRepo) {
        let origin = try GitRepo()
        try origin.commitFile("a.txt", "1\n")
        try origin.commitFile("b.txt", "2\n")
        let clone = try origin.clone("clone")
        return (origin, clone)
    }

    @Test func upstreamAheadAndBehind() throws {
        let (origin, clone) = try originAndClone()
        try origin.commitFile("c.txt", "3\n")
        try clone.git(["fetch", "-q"])
        try clone.commitFile("mine.txt", "m\n")
        try clone.commitFile("mine2.txt", "m\n")
        let snapshot = try expectMatchesGit(clone)
        #expect(snapshot.upstream == "origin/main" && snapshot.ahead == 2 && snapshot.behind == 1)
    }

    @Test func upstreamInSync() throws {
        let (_, clone) = try originAndClone()
        let snapshot = try expectMatchesGit(clone)
        #expect(snapshot.ahead == 0 && snapshot.behind == 0)
    }

    @Test func goneUpstream() throws {
        let (origin, clone) = try originAndClone()
        try origin.git(["branch", "feature"])
        try clone.git(["fetch", "-q"])
        try clone.git(["checkout", "-q", "-b", "feature", "--track", "origin/feature"])
        try origin.git(["branch", "-D", "feature"])
        try clone.git(["fetch", "-q", "--prune"])
        let snapshot = try expectMatchesGit(clone)
        #expect(snapshot.upstream == "origin/feature" && snapshot.ahead == nil)
    }

    @Test func localUpstream() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.git(["checkout", "-q", "-b", "topic", "--track", "main"])
        try repo.commitFile("t.txt", "t\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.upstream == "main" && snapshot.ahead == 1)
    }

    @Test func ambiguousUpstreamName() throws {
        let (_, clone) = try originAndClone()
        try clone.git(["branch", "origin/main"])
        try expectMatchesGit(clone)
    }

    @Test func upstreamWithoutMatchingRefspec() throws {
        let (_, clone) = try originAndClone()
        try clone.git(["config", "--unset-all", "remote.origin.fetch"])
        try expectMatchesGit(clone)
    }

    @Test func unbornBranchWithUpstreamConfigured() throws {
        let (_, clone) = try originAndClone()
        try clone.git(["checkout", "-q", "--orphan", "fresh"])
        try clone.git(["config", "branch.fresh.remote", "origin"])
        try clone.git(["config", "branch.fresh.merge", "refs/heads/main"])
        try expectMatchesGit(clone)
    }

    @Test func detachedHead() throws {
        let repo = try GitRepo()
        let first = try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("a.txt", "2\n")
        try repo.git(["tag", "v1", first])
        try repo.git(["checkout", "-q", "v1"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.detached && snapshot.branch == nil && snapshot.head?.hex == first)
    }

    @Test func logOrderWithMergesAndEqualTimestamps() throws {
        let repo = try GitRepo()
        try repo.commitFile("base.txt", "b\n")
        try repo.git(["checkout", "-q", "-b", "side"])
        repo.setClock(1_800_000_000)
        try repo.commitFile("side1.txt", "s\n")
        repo.setClock(1_800_000_000)
        try repo.commitFile("side2.txt", "s\n")
        try repo.git(["checkout", "-q", "main"])
        repo.setClock(1_800_000_000)
        try repo.commitFile("main1.txt", "m\n")
        repo.setClock(1_799_000_000)
        try repo.commitFile("older-clock.txt", "m\n")
        try repo.tick()
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"])
        try expectMatchesGit(repo)
        try expectMatchesGit(repo, logLimit: 3)
        try expectMatchesGit(repo, logLimit: 0)
    }

    @Test func commitMessagesAndIdentities() throws {
        let repo = try GitRepo()
        try repo.write("a.txt", "1\n")
        try repo.git(["add", "a.txt"])
        try repo.git(["commit", "-q", "-m", "first line\nsecond line of the same paragraph\n\nbody"])
        try repo.write("a.txt", "2\n")
        try repo.git(["add", "a.txt"])
        try repo.git(["commit", "-q", "--cleanup=verbatim", "-m", "\n\n  indented   subject  \n\nbody"])
        try repo.write("a.txt", "3\n")
        try repo.git([
            "-c", "user.name=Zoë Ünïcode", "commit", "-q", "-a", "--author=Zoë Ünïcode <z@example.com>",
            "--date=2001-02-03T04:05:06-0730", "-m", "unicode author \u{1F600}",
        ])
        try expectMatchesGit(repo)
    }

    @Test func stashCount() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.write("a.txt", "2\n")
        try repo.git(["stash", "-q"])
        try repo.write("a.txt", "3\n")
        try repo.git(["stash", "-q"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.stash == 2)
    }

    @Test func shallowClone() throws {
        let origin = try GitRepo()
        for n in 1...5 { try origin.commitFile("f.txt", "\(n)\n") }
        let clone = try origin.clone("shallow", arguments: ["--depth", "2", "--no-local"])
        let snapshot = try expectMatchesGit(clone)
        #expect(snapshot.shallow && snapshot.log.count == 2)
        let single = try origin.clone("single", arguments: ["--depth", "1", "--no-local"])
        try origin.commitFile("g.txt", "new\n")
        try single.git(["fetch", "-q", "--depth", "1"])
        try expectMatchesGit(single)
    }

    @Test func linkedWorktree() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        let linkedPath = repo.scratch.path + "/linked"
        try repo.git(["worktree", "add", "-q", "-b", "wt", linkedPath])
        let linked = GitRepo(existing: linkedPath, scratch: repo.scratch)
        try linked.write("a.txt", "changed in worktree\n")
        try linked.write("new.txt", "n\n")
        let snapshot = try expectMatchesGit(linked)
        #expect(snapshot.branch == "wt" && snapshot.workTree == linkedPath)
        try expectMatchesGit(repo)
    }

    @Test func separateGitDirectory() throws {
        let scratch = try Scratch()
        let work = scratch.path + "/work"
        let repo = GitRepo(existing: work, scratch: scratch)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try repo.git(["init", "-q", "-b", "main", "--separate-git-dir", scratch.path + "/meta.git"])
        try repo.commitFile("a.txt", "1\n")
        try repo.write("a.txt", "2\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.gitDirectory == scratch.path + "/meta.git")
    }

    @Test func discoveryFromSubdirectory() throws {
        let repo = try GitRepo()
        try repo.commitFile("dir/sub/a.txt", "1\n")
        try repo.write("dir/sub/a.txt", "2\n")
        try repo.write("top.txt", "untracked\n")
        let snapshot = try expectMatchesGit(repo, directory: repo.path + "/dir/sub")
        // Paths are relative to the work-tree root, not to the starting directory.
        #expect(snapshot.status?.map(\.path) == ["dir/sub/a.txt", "top.txt"])
    }

    @Test func bareRepository() throws {
        let origin = try GitRepo()
        try origin.commitFile("a.txt", "1\n")
        try origin.commitFile("b.txt", "2\n")
        try origin.git(
            ["clone", "-q", "--bare", origin.path, origin.scratch.path + "/bare.git"], in: origin.scratch.path)
        let bare = GitRepo(existing: origin.scratch.path + "/bare.git", scratch: origin.scratch)
        let snapshot = try expectMatchesGit(bare, bare: true)
        #expect(
            snapshot.status == nil && snapshot.staged == nil && snapshot.unstaged == nil && snapshot.workTree == nil)
        #expect(snapshot.log.count == 2)
    }

    @Test func indexVersionFour() throws {
        let repo = try GitRepo()
        try repo.commitFile("dir/a.txt", "1\n")
        try repo.commitFile("dir/b.txt", "1\n")
        try repo.git(["update-index", "--index-version", "4"])
        try repo.write("dir/a.txt", "2\n")
        try repo.write("dir/c.txt", "new\n")
        try repo.git(["add", "dir/c.txt"])
        try expectMatchesGit(repo)
    }
}
