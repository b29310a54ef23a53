import Foundation
import Testing

@testable import GitState

/// Finding the repository as git finds it (git's t1510-repo-setup.sh matrix and t1500-rev-parse):
/// `GIT_WORK_TREE`, `GIT_DIR`, `core.worktree`, a `.git` file and `core.bare`, each set or not
/// (t1510's 32 cases), from the top of the work tree and from a folder below it. GitState finds
/// the git directory and work tree `git rev-parse` names, and gives `git status`'s answer, or
/// refuses where git refuses.
@Suite(.tags(.fromGitsTestScripts)) struct DiscoveryTests {
    /// t1510's case number: bit 0 `GIT_WORK_TREE`, 1 `GIT_DIR`, 2 `core.worktree`, 3 `.git` is a
    /// file, 4 `core.bare = true`.
    struct Setup: CustomTestStringConvertible, Sendable {
        let number: Int
        var workTreeVariable: Bool { number & 1 != 0 }
        var gitDirectoryVariable: Bool { number & 2 != 0 }
        var coreWorktree: Bool { number & 4 != 0 }
        var gitfile: Bool { number & 8 != 0 }
        var bare: Bool { number & 16 != 0 }
        var testDescription: String { "#\(number)" }
    }

    @Test(arguments: (0..<32).map(Setup.init(number:)))
    func t1510Case(setup: Setup) throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("sub/b.txt", "1\n")
        try repo.write("a.txt", "2\n")
        try repo.write("sub/new.txt", "new\n")
        if setup.coreWorktree { try repo.git(["config", "core.worktree", repo.path]) }
        if setup.bare { try repo.git(["config", "core.bare", "true"]) }
        if setup.gitfile {
            try FileManager.default.moveItem(atPath: repo.path + "/.git", toPath: repo.scratch.path + "/repo.git")
            try "gitdir: ../repo.git\n".write(toFile: repo.path + "/.git", atomically: true, encoding: .utf8)
        }
        for folder in ["", "/sub"] {
            let up = folder.isEmpty ? "" : "../"
            var environment: [String: String] = [:]
            if setup.workTreeVariable { environment["GIT_WORK_TREE"] = up.isEmpty ? "." : ".." }
            if setup.gitDirectoryVariable { environment["GIT_DIR"] = up + ".git" }
            try expectFoundAsGitFinds(repo, from: repo.path + folder, environment: environment)
        }
    }

    /// t1510 #6b and #4: a relative `core.worktree` is taken from the git directory, with
    /// `GIT_DIR` and without.
    @Test(arguments: [false, true])
    func relativeCoreWorktree(withGitDirectory: Bool) throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("wt/a.txt", "1\n")
        try repo.git(["config", "core.worktree", "../wt"])
        try expectFoundAsGitFinds(repo, from: repo.path, environment: withGitDirectory ? ["GIT_DIR": ".git"] : [:])
    }

    /// t1510 #2: `GIT_DIR` alone makes the current folder the work tree, wherever it is.
    @Test func gitDirectoryFromElsewhere() throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        let elsewhere = repo.scratch.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try "1\n".write(toFile: elsewhere + "/a.txt", atomically: true, encoding: .utf8)
        try "x\n".write(toFile: elsewhere + "/other.txt", atomically: true, encoding: .utf8)
        try expectFoundAsGitFinds(repo, from: elsewhere, environment: ["GIT_DIR": repo.path + "/.git"])
    }

    /// `GIT_DIR` naming nothing, and a `.git` file naming nothing: git refuses both (and does
    /// not look further up).
    @Test(arguments: ["GIT_DIR", "gitfile"])
    func pointingNowhere(kind: String) throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        let inner = repo.path + "/inner"
        try FileManager.default.createDirectory(atPath: inner, withIntermediateDirectories: true)
        var environment: [String: String] = [:]
        if kind == "GIT_DIR" {
            environment["GIT_DIR"] = repo.scratch.path + "/missing.git"
        } else {
            try "gitdir: ../missing.git\n".write(toFile: inner + "/.git", atomically: true, encoding: .utf8)
        }
        try expectFoundAsGitFinds(repo, from: inner, environment: environment)
    }

    /// HEAD states git answers though GitState refused them: HEAD naming a ref by a name git
    /// does not take (git: the branch is unknown, no commits yet, everything staged is added),
    /// and a branch naming a tree (git compares the index with that tree; there is no commit).
    @Test(arguments: ["bad ref name", "branch names a tree"])
    func headStatesGitAnswers(state: String) throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("b.txt", "1\n")
        try repo.write("a.txt", "2\n")
        try repo.git(["add", "a.txt"])
        try repo.write("b.txt", "changed\n")
        if state == "bad ref name" {
            try "ref: refs/heads/bad..name\n".write(toFile: repo.path + "/.git/HEAD", atomically: true, encoding: .utf8)
        } else {
            let tree = try repo.git(["rev-parse", "HEAD~1^{tree}"])
            try tree.write(toFile: repo.path + "/.git/refs/heads/main", atomically: true, encoding: .utf8)
        }
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.unborn && snapshot.head == nil && !(snapshot.status ?? []).isEmpty)
    }

    /// Compares the git directory, work tree and bareness with `git rev-parse`'s, then the
    /// snapshot with git's answers (bare: HEAD, upstream and log; else status too), or both refuse.
    func expectFoundAsGitFinds(
        _ repo: GitRepo, from directory: String, environment: [String: String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let variables = { (name: String) in environment[name] }
        let opened = Result { () throws(GitStateError) in
            try Repository(discoveringFrom: directory, environment: variables)
        }
        let scan = opened.flatMap { repository in
            Result { () throws(GitStateError) in try repository.snapshot(logLimit: 10, engine: .automatic) }
        }
        let slow = Result { () throws(GitStateError) in
            try Repository(discoveringFrom: directory, environment: variables).snapshot(logLimit: 10, engine: .libgit2)
        }
        let env = repo.environment.merging(environment) { $1 }
        func git(_ arguments: [String]) throws -> (status: Int32, text: String) {
            let result = try run(["git"] + arguments, in: directory, environment: env, allowFailure: true)
            return (result.status, String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .newlines))
        }
        let label = "from \(directory) with \(environment.sorted { $0.key < $1.key })"
        let gitDirectory = try git(["rev-parse", "--absolute-git-dir"])
        guard gitDirectory.status == 0 else {
            #expect(throws: GitStateError.self, "git finds no repository \(label)", sourceLocation: sourceLocation) {
                try opened.get()
            }
            if case .failure(let error) = opened {
                #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
            }
            return
        }
        let bare = try git(["rev-parse", "--is-bare-repository"]).text == "true"
        let topLevel = try git(["rev-parse", "--show-toplevel"])
        let repository = try #require(try? opened.get(), "GitState opens no repository \(label)")
        #expect(
            repository.gitDirectory == gitDirectory.text, "git directory \(label)", sourceLocation: sourceLocation)
        #expect(
            repository.workTree == (topLevel.status == 0 ? topLevel.text : nil), "work tree \(label)",
            sourceLocation: sourceLocation)
        let status = try git(["status", "--porcelain=v2"])
        if status.status != 0 && !bare {
            // A repository with no work tree: `git status` refuses, as GitState's snapshot must.
            for result in [scan, slow] {
                switch result {
                case .success:
                    Issue.record("git status refuses \(label), GitState answers", sourceLocation: sourceLocation)
                case .failure(let error): #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
                }
            }
            return
        }
        let theirs = try GitAnswers(repo, bare: bare, directory: directory, environment: environment)
        switch (scan, slow) {
        case (.success(let scan), .success(let slow)):
            expectEqual(scan: scan, libgit2: slow, git: theirs, sourceLocation: sourceLocation)
        case (.failure(let error), _), (_, .failure(let error)):
            Issue.record("git answers \(label), GitState refuses: \(error)", sourceLocation: sourceLocation)
        }
    }
}
