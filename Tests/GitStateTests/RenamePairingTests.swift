import Foundation
import Testing

@testable import GitState

/// Rename pairing as git's diffcore-rename does it (exact renames first, then unique basenames,
/// then similarity, ties broken as git breaks them), in states from t4001-diff-rename,
/// t4005-diff-rename-2 and t4043-diff-rename-binary; both engines, staged and in the work
/// tree (intent-to-add files). Case-only renames need a case-sensitive file system, which
/// every Linux one used here is.
@Suite(.tags(.fromGitsTestScripts)) struct RenamePairingTests {
    func base() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.write("README", "Read me first.\nThen the rest.\n")
        try repo.write("src/Main.swift", "print(1)\nprint(2)\nprint(3)\n")
        try repo.write("other.txt", "other\n")
        try repo.commit("initial")
        return repo
    }

    /// The staged state committed: the committed numstat (`lineCounts(from: "HEAD~1")`) pairs
    /// as `git diff --numstat HEAD~1 HEAD` does, with `diff.renames` at its default, `copies`,
    /// `false`, and a rename limit of 1.
    func expectCommittedMatchesGit(_ repo: GitRepo, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try repo.git(["commit", "-q", "-m", "staged state"])
        for setting in [nil, ["diff.renames", "copies"], ["diff.renames", "false"], ["diff.renameLimit", "1"]] {
            if let setting { try repo.git(["config", setting[0], setting[1]]) }
            let ours = try Repository(discoveringFrom: repo.path).lineCounts(from: "HEAD~1")
            let theirs = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", "HEAD~1", "HEAD"]))
            #expect(ByteExact(ours) == ByteExact(theirs), "committed, \(setting ?? [])", sourceLocation: sourceLocation)
            if let setting { try repo.git(["config", "--unset", setting[0]]) }
        }
    }

    /// t4001 ("rename detection" of a moved file), case only: `git mv README readme`.
    @Test func stagedCaseOnlyRename() throws {
        let repo = try base()
        try repo.git(["mv", "README", "readme"])
        try repo.git(["mv", "src/Main.swift", "src/main.swift"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.map(\.xy) == ["R.", "R."])
        try expectCommittedMatchesGit(repo)
    }

    /// The same, moved in the work tree and announced with `git add -N`.
    @Test func intentToAddCaseOnlyRename() throws {
        let repo = try base()
        try FileManager.default.moveItem(atPath: repo.path + "/README", toPath: repo.path + "/readme")
        try repo.git(["add", "-N", "readme"])
        try expectMatchesGit(repo)
    }

    /// Moved in the work tree only: a deleted file and an untracked one.
    @Test func unstagedCaseOnlyRename() throws {
        let repo = try base()
        try FileManager.default.moveItem(atPath: repo.path + "/README", toPath: repo.path + "/readme")
        try expectMatchesGit(repo)
    }

    /// A staged case-only rename whose new name is then deleted, and one with its content edited.
    @Test func caseOnlyRenameThenDeletedOrEdited() throws {
        let repo = try base()
        try repo.git(["mv", "README", "readme"])
        try repo.remove("readme")
        try repo.git(["mv", "src/Main.swift", "src/main.swift"])
        try repo.append("src/main.swift", "print(4)\n")
        try expectMatchesGit(repo)
    }

    /// A source deleted from the index while its new name is only intended: the two sides are
    /// paired apart (`D.` and `.A`), never across; and an added copy deleted again (`AD`).
    @Test func caseOnlyRenameSplitAcrossIndexAndWorkTree() throws {
        let repo = try base()
        try repo.git(["rm", "-q", "--cached", "README"])
        try FileManager.default.moveItem(atPath: repo.path + "/README", toPath: repo.path + "/readme")
        try repo.git(["add", "-N", "readme"])
        try repo.git(["rm", "-q", "--cached", "src/Main.swift"])
        try FileManager.default.moveItem(
            atPath: repo.path + "/src/Main.swift", toPath: repo.path + "/src/main.swift")
        try repo.git(["add", "src/main.swift"])
        try repo.remove("src/main.swift")
        try expectMatchesGit(repo)
    }

    /// Case-only renames with `core.ignorecase` set on a case-sensitive file system (a work tree
    /// copied from macOS or Windows): git's name lookups ignore case, its file system does not.
    @Test func caseOnlyRenamesWithIgnoreCase() throws {
        for step in ["moved", "moved and added", "git mv", "intent to add", "git mv, then deleted"] {
            let repo = try base()
            try repo.git(["config", "core.ignorecase", "true"])
            switch step {
            case "git mv":
                try repo.git(["mv", "README", "readme"])
            case "git mv, then deleted":
                try repo.git(["mv", "README", "readme"])
                try repo.remove("readme")
            default:
                try FileManager.default.moveItem(atPath: repo.path + "/README", toPath: repo.path + "/readme")
                if step == "moved and added" { try repo.git(["add", "-A"]) }
                if step == "intent to add" { try repo.git(["add", "-N", "readme"]) }
            }
            try expectMatchesGit(repo)
        }
    }

    /// t4005-diff-rename-2's identical copies: two deleted files with one content, one new file
    /// with it; git's exact-rename pass takes the source with the same basename, else the one
    /// it meets first in its hash table.
    @Test(arguments: [["a/same.txt", "b/same.txt", "c/same.txt"], ["a/one.txt", "b/two.txt", "c/three.txt"]])
    func identicalSourcesTie(paths: [String]) throws {
        for staged in [true, false] {
            let repo = try GitRepo()
            let content = "identical content\nline two\nline three\n"
            try repo.write(paths[0], content)
            try repo.write(paths[1], content)
            try repo.write("keep.txt", "keep\n")
            try repo.commit("initial")
            try repo.remove(paths[0])
            try repo.remove(paths[1])
            try repo.write(paths[2], content)
            try repo.git(staged ? ["add", "-A"] : ["add", "-N", paths[2]])
            try expectMatchesGit(repo)
            if staged { try expectCommittedMatchesGit(repo) }
        }
    }

    /// t4001's "rename and modify" with several candidates: the most similar source wins,
    /// each source is used once, and an equally similar pair keeps git's order.
    @Test func similarityDecidesBetweenCandidates() throws {
        for staged in [true, false] {
            let repo = try GitRepo()
            let lines = (1...10).map { "line \($0)\n" }
            try repo.write("one.txt", lines.joined())
            try repo.write("two.txt", lines.prefix(8).joined() + "other 9\nother 10\n")
            try repo.commit("initial")
            try repo.remove("one.txt")
            try repo.remove("two.txt")
            try repo.write("new-a.txt", lines.prefix(9).joined() + "changed\n")
            try repo.write("new-b.txt", lines.prefix(7).joined() + "x\ny\nz\n")
            try repo.git(staged ? ["add", "-A"] : ["add", "-N", "new-a.txt", "new-b.txt"])
            try expectMatchesGit(repo)
            if staged { try expectCommittedMatchesGit(repo) }
        }
    }

    /// t4043-diff-rename-binary: a binary file and a text file moved into a folder, staged, moved
    /// in the work tree and intended, and committed: the binary rename's numstat is `-	-`.
    @Test func movedBinaryFile() throws {
        let repo = try GitRepo()
        try repo.write("foo", "foo\n")
        try repo.write("bar", data: Data("bar\0\n".utf8))
        try repo.commit("initial")
        try FileManager.default.createDirectory(atPath: repo.path + "/sub", withIntermediateDirectories: true)
        try repo.git(["mv", "bar", "foo", "sub/"])
        try expectMatchesGit(repo)
        try repo.git(["commit", "-q", "-m", "moved to sub/"])
        let history = try Repository(discoveringFrom: repo.path).lineCounts(from: "HEAD~1")
        let theirs = try Numstat.parse(try repo.gitData(["diff", "--numstat", "-z", "HEAD~1", "HEAD"]))
        #expect(ByteExact(history) == ByteExact(theirs), "committed numstat")
        #expect(history.map(\.byteKey) == ["-\t-\tsub/bar", "0\t0\tsub/foo"])
        try FileManager.default.moveItem(atPath: repo.path + "/sub/bar", toPath: repo.path + "/bar")
        try repo.git(["add", "-N", "bar"])
        try expectMatchesGit(repo)
    }

    /// Two sources tied for libgit2's hashsig (HistoryDifferentialTests' reshaped tree, staged
    /// with `reset --soft`): git's span estimate takes swap/f0.txt as copy.txt's source, where
    /// libgit2's `git_diff_find_similar` took gone/f0.txt. Both engines, status and numstat.
    @Test func stagedRenameSourcesTiedForLibgit2() throws {
        let repo = try GitRepo()
        let base = try HistoryDifferentialTests().reshaped(repo, copied: "deep/a/b/c 0\nline two\nline three\n")
        try repo.git(["reset", "-q", "--soft", base])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.orig == "swap/f0.txt" } == true)
        try expectCommittedMatchesGit(repo)
    }

    /// t4001 ("exact renames" with several identical sources): the source with the destination's
    /// basename wins, else the first in path order; staged on both engines.
    @Test func exactRenamePrefersSameBasename() throws {
        let repo = try GitRepo()
        for name in ["a/same.txt", "b/other.txt", "c/same.txt"] { try repo.write(name, "identical\ncontent\n") }
        try repo.commit("initial")
        try repo.git(["rm", "-q", "a/same.txt", "b/other.txt", "c/same.txt"])
        try repo.write("d/same.txt", "identical\ncontent\n")
        try repo.write("e/new.txt", "identical\ncontent\n")
        try repo.git(["add", "d", "e"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.first { $0.path == "d/same.txt" }?.orig == "a/same.txt")
        try expectCommittedMatchesGit(repo)
    }

    /// t4001's rename limit: past `diff.renameLimit` squared candidates only exact renames pair;
    /// `status.renameLimit` overrides it for status; and `status.renames=copies` finds a copy
    /// of a file that stays.
    @Test func renameLimitAndCopies() throws {
        let repo = try GitRepo()
        try repo.write("one.txt", (1...20).map { "line \($0)\n" }.joined())
        try repo.write("two.txt", (1...20).map { "row \($0)\n" }.joined())
        try repo.commit("initial")
        try repo.git(["mv", "one.txt", "uno.txt"])
        try repo.git(["mv", "two.txt", "dos.txt"])
        try repo.append("uno.txt", "extra\n")
        try repo.append("dos.txt", "more\n")
        try repo.git(["add", "."])
        for settings in [[], ["diff.renameLimit", "1"], ["status.renameLimit", "1"], ["status.renames", "copies"]] {
            if settings.count == 2 { try repo.git(["config", settings[0], settings[1]]) }
            try expectMatchesGit(repo)
            if settings.count == 2 { try repo.git(["config", "--unset", settings[0]]) }
        }
        try repo.write("copy.txt", (1...20).map { "row \($0)\n" }.joined() + "tail\n")
        try repo.git(["add", "copy.txt"])
        try repo.git(["config", "status.renames", "copies"])
        try expectMatchesGit(repo)
        try expectCommittedMatchesGit(repo)
    }

    /// git's estimate ignores a CR before each LF in text (diffcore-delta.c): a file re-saved
    /// with CRLF endings and renamed still pairs; with a NUL in it (binary), CRs count.
    @Test func crlfDoesNotSpoilSimilarity() throws {
        let repo = try GitRepo()
        let lines = (1...12).map { "some line number \($0)" }
        try repo.write("text.txt", lines.joined(separator: "\n") + "\n")
        try repo.write("data.bin", "\u{0}" + lines.joined(separator: "\n") + "\n")
        try repo.commit("initial")
        try repo.git(["rm", "-q", "text.txt", "data.bin"])
        try repo.write("moved.txt", lines.joined(separator: "\r\n") + "\r\n")
        try repo.write("moved.bin", "\u{0}" + lines.joined(separator: "\r\n") + "\r\n")
        try repo.git(["add", "moved.txt", "moved.bin"])
        try expectMatchesGit(repo)
        try expectCommittedMatchesGit(repo)
    }
}
