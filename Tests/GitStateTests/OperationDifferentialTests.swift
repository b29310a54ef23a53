import Foundation
import Testing

@testable import GitState

/// Operations in progress, named as `git status` names them.
@Suite struct OperationDifferentialTests {
    /// `main` and `topic` both change `conflict.txt`; `topic` has three commits.
    func divergedRepository() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commitFile("conflict.txt", "base\n")
        try repo.commitFile("other.txt", "o\n")
        try repo.git(["checkout", "-q", "-b", "topic"])
        try repo.commitFile("topic1.txt", "t1\n")
        try repo.commitFile("conflict.txt", "topic\n")
        try repo.commitFile("topic3.txt", "t3\n")
        try repo.git(["checkout", "-q", "main"])
        try repo.commitFile("conflict.txt", "main\n")
        return repo
    }

    @Test func mergeWithConflicts() throws {
        let repo = try divergedRepository()
        try repo.git(["merge", "topic"], allowFailure: true)
        #expect(try expectMatchesGit(repo).state == .merge)
        // Resolved but not committed: still merging.
        try repo.write("conflict.txt", "resolved\n")
        try repo.git(["add", "conflict.txt"])
        #expect(try expectMatchesGit(repo).state == .merge)
    }

    @Test func rebaseMergeBackend() throws {
        let repo = try divergedRepository()
        try repo.git(["checkout", "-q", "topic"])
        try repo.git(["rebase", "main"], allowFailure: true)
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.state == .rebase && snapshot.detached)
    }

    @Test func rebaseApplyBackend() throws {
        let repo = try divergedRepository()
        try repo.git(["checkout", "-q", "topic"])
        try repo.git(["rebase", "--apply", "main"], allowFailure: true)
        #expect(try expectMatchesGit(repo).state == .rebase)
    }

    @Test func interactiveRebaseStoppedForEdit() throws {
        let repo = try divergedRepository()
        try repo.git(["checkout", "-q", "topic"])
        // `--exec false` stops the interactive rebase after its first pick.
        try repo.git(["rebase", "-i", "--exec", "false", "HEAD~2"], allowFailure: true)
        #expect(try expectMatchesGit(repo).state == .rebase)
    }

    @Test func amSession() throws {
        let repo = try divergedRepository()
        let patch = try repo.git(["format-patch", "-1", "--stdout", "topic~1"])
        try repo.write("../fix.patch", patch)
        try repo.git(["am", repo.scratch.path + "/fix.patch"], allowFailure: true)
        #expect(try expectMatchesGit(repo).state == .am)
    }

    @Test func cherryPickWithConflict() throws {
        let repo = try divergedRepository()
        try repo.git(["cherry-pick", "topic~1"], allowFailure: true)
        #expect(try expectMatchesGit(repo).state == .cherryPick)
    }

    @Test func cherryPickSequenceAfterResolving() throws {
        let repo = try divergedRepository()
        try repo.git(["cherry-pick", "topic~2", "topic~1", "topic"], allowFailure: true)
        try repo.write("conflict.txt", "resolved\n")
        try repo.git(["add", "conflict.txt"])
        try repo.git(["commit", "-q", "--no-edit"])
        // CHERRY_PICK_HEAD is gone; the sequencer's todo still says "pick".
        #expect(try expectMatchesGit(repo).state == .cherryPick)
    }

    @Test func revertWithConflict() throws {
        let repo = try divergedRepository()
        try repo.git(["checkout", "-q", "topic"])
        try repo.commitFile("conflict.txt", "again\n")
        try repo.git(["revert", "--no-edit", "HEAD~2"], allowFailure: true)
        #expect(try expectMatchesGit(repo).state == .revert)
    }

    @Test func bisect() throws {
        let repo = try divergedRepository()
        try repo.git(["bisect", "start", "topic", "main~2"])
        #expect(try expectMatchesGit(repo).state == .bisect)
    }

    @Test func mergeDuringBisectTakesPrecedence() throws {
        let repo = try divergedRepository()
        try repo.git(["bisect", "start"])
        try repo.git(["merge", "topic"], allowFailure: true)
        #expect(try expectMatchesGit(repo).state == .merge)
    }

    @Test func cherryPickDuringBisect() throws {
        let repo = try divergedRepository()
        try repo.git(["bisect", "start"])
        try repo.git(["cherry-pick", "topic~1"], allowFailure: true)
        #expect(try expectMatchesGit(repo).state == .cherryPick)
    }

    @Test func operationInLinkedWorktreeStaysThere() throws {
        let repo = try divergedRepository()
        let linkedPath = repo.scratch.path + "/linked"
        try repo.git(["worktree", "add", "-q", linkedPath, "topic"])
        let linked = GitRepo(existing: linkedPath, scratch: repo.scratch)
        try linked.git(["merge", "main"], allowFailure: true)
        #expect(try expectMatchesGit(linked).state == .merge)
        #expect(try expectMatchesGit(repo).state == OperationState.none)
    }
}
