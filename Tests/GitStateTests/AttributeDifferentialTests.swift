import Foundation
import Testing

@testable import GitState

/// Attributes from every place git reads them, and line-ending settings without attributes.
///
/// GitState skips libgit2's attribute lookups for paths no attribute file can reach
/// (`AttributeFileProbe`): each test here puts attributes in one place only, where a probe
/// that missed it would change the answer.
@Suite struct AttributeDifferentialTests {
    func base() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.write("a.txt", "alpha\nbeta\ngamma\n")
        try repo.write("dir/c.txt", "see\nsaw\n")
        try repo.write("dir/deeper/d.txt", "dee\n")
        try repo.commit("initial")
        return repo
    }

    /// Moves a file's modification time, so its stat data no longer matches the index and its
    /// content has to be compared (after the clean filters).
    func makeStatDirty(_ repo: GitRepo, _ relativePath: String) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)],
            ofItemAtPath: repo.path + "/" + relativePath)
    }

    @Test func attributesInASubdirectoryOnly() throws {
        let repo = try base()
        try repo.write("dir/.gitattributes", "*.txt -diff\n")
        try repo.commit("attributes")
        try repo.append("a.txt", "more\n")
        try repo.append("dir/c.txt", "more\n")
        try repo.append("dir/deeper/d.txt", "more\n")
        let snapshot = try expectMatchesGit(repo)
        let counts = Dictionary(uniqueKeysWithValues: (snapshot.unstaged ?? []).map { ($0.path, $0.add) })
        #expect(counts["a.txt"] == 1)
        #expect(counts["dir/c.txt"] == .some(nil), "binary by the subdirectory's attributes")
        #expect(counts["dir/deeper/d.txt"] == .some(nil), "binary by the parent directory's attributes")
    }

    @Test func identInASubdirectoryOnly() throws {
        let repo = try base()
        try repo.write("src/.gitattributes", "*.c ident\n")
        try repo.write("src/main.c", "/* $Id$ */\nint main;\n")
        try repo.commit("ident")
        // Checked out again, the file holds the expanded `$Id: … $`; its clean form is the blob.
        try repo.remove("src/main.c")
        try repo.git(["checkout", "--", "src/main.c"])
        #expect(try String(contentsOfFile: repo.path + "/src/main.c", encoding: .utf8).contains("$Id: "))
        try makeStatDirty(repo, "src/main.c")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status == [])
    }

    /// A staged rename out of a path that attributes make binary: git counts it binary (either
    /// side decides), so the rename's counts must come from both paths' attributes.
    @Test func stagedRenameFromABinaryPath() throws {
        let repo = try base()
        try repo.write("dir/.gitattributes", "*.bin -diff\n")
        try repo.write("dir/data.bin", "one\ntwo\nthree\nfour\nfive\n")
        try repo.commit("binary by attribute")
        try repo.git(["mv", "dir/data.bin", "dir/data.txt"])
        try repo.append("dir/data.txt", "six\n")
        try repo.git(["add", "dir/data.txt"])
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.staged?.first?.add == .some(nil), "\(snapshot.staged ?? [])")
    }

    @Test func infoAttributes() throws {
        let repo = try base()
        try repo.write(".git/info/attributes", "*.txt -diff\n")
        try repo.append("a.txt", "more\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.unstaged?.first?.add == .some(nil))
    }

    @Test func attributesFileFromConfig() throws {
        let repo = try base()
        let file = repo.scratch.path + "/attributes"
        try "*.txt -diff\n".write(toFile: file, atomically: true, encoding: .utf8)
        try repo.git(["config", "core.attributesFile", file])
        try repo.append("dir/c.txt", "more\n")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.unstaged?.first?.add == .some(nil))
    }

    @Test(arguments: ["\tautocrlf = true\n", "\tautocrlf\n"])
    func autocrlfWithoutAttributes(setting: String) throws {
        let repo = try base()
        // A key with no value is true for git.
        try repo.append(".git/config", "[core]\n" + setting)
        try repo.write("a.txt", "alpha\r\nbeta\r\ngamma\r\n")
        try makeStatDirty(repo, "a.txt")
        try repo.write("dir/c.txt", "see\r\nsaw\r\nseen\r\n")
        let snapshot = try expectMatchesGit(repo)
        // git lists a.txt (its size changed) but counts no line of it: its clean form is the blob.
        #expect(snapshot.unstaged?.map(\.path) == ["dir/c.txt"], "a.txt differs by line endings only")
    }

    /// The diff driver decides before the content (t4012-diff-binary.sh, t4031-diff-rewrite-binary.sh):
    /// `diff` makes a file with NUL bytes text, a driver's `diff.<name>.binary` makes text binary,
    /// and a driver with no such setting leaves it to the content.
    @Test func diffDriverDecidesBinary() throws {
        let repo = try base()
        try repo.write(".gitattributes", "*.forced diff\n*.drv diff=mine\n*.other diff=plain\n")
        try repo.write("nul.forced", "one\u{0}\ntwo\n")
        try repo.write("text.drv", "one\ntwo\n")
        try repo.write("text.other", "one\ntwo\n")
        try repo.commit("drivers")
        try repo.git(["config", "diff.mine.binary", "true"])
        try repo.write("nul.forced", "one\u{0}\ntwo\nthree\n")
        try repo.append("text.drv", "three\n")
        try repo.append("text.other", "three\n")
        let snapshot = try expectMatchesGit(repo)
        let counts = Dictionary(uniqueKeysWithValues: (snapshot.unstaged ?? []).map { ($0.path, $0.add) })
        #expect(counts["nul.forced"] == 1, "text by `diff`")
        #expect(counts["text.drv"] == .some(nil), "binary by diff.mine.binary")
        #expect(counts["text.other"] == 1)
    }

    /// `diff` outweighs `core.bigFileThreshold` too: git counts the big file's lines.
    @Test func forcedTextOverBigFileThreshold() throws {
        let repo = try base()
        try repo.write(".gitattributes", "big.txt diff\n")
        try repo.write("big.txt", String(repeating: "line\n", count: 100))
        try repo.write("other.txt", String(repeating: "line\n", count: 100))
        try repo.commit("big")
        try repo.git(["config", "core.bigFileThreshold", "100"])
        try repo.append("big.txt", "more\n")
        try repo.append("other.txt", "more\n")
        let snapshot = try expectMatchesGit(repo)
        let counts = Dictionary(uniqueKeysWithValues: (snapshot.unstaged ?? []).map { ($0.path, $0.add) })
        #expect(counts["big.txt"] == 1)
        #expect(counts["other.txt"] == .some(nil))
    }

    /// An intent-to-add file and a conflicted one are counted with their attributes too
    /// (t2203-add-intent.sh's `git diff` of an intent-to-add file).
    @Test func intentToAddAndConflictFollowAttributes() throws {
        let repo = try base()
        try repo.write(".gitattributes", "*.dat binary\n")
        try repo.write("shared.dat", "base\n")
        try repo.commit("attributes")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("shared.dat", "side\n")
        try repo.commit("side")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("shared.dat", "main\n")
        try repo.commit("main")
        try repo.git(["merge", "-q", "side"], allowFailure: true)
        try repo.write("new.dat", "one\ntwo\n")
        try repo.git(["add", "-N", "new.dat"])
        let snapshot = try expectMatchesGit(repo)
        let counts = (snapshot.unstaged ?? []).filter { $0.path == "new.dat" }
        #expect(counts.map(\.add) == [nil], "\(snapshot.unstaged ?? [])")
    }

    /// Under `core.ignorecase`, patterns match without case for every rule that reads them:
    /// line endings (`text`), `binary`, and a rename's source (t0003-attributes.sh's
    /// "attribute matching is case insensitive when core.ignorecase=1").
    @Test func patternsWithoutCaseForEveryRule() throws {
        let repo = try base()
        try repo.write(".gitattributes", "*.TXT text\n*.DAT binary\nDIR/*.LOG -diff\n")
        try repo.write("notes.txt", "one\ntwo\n")
        try repo.write("dir/run.log", "first\n")
        try repo.write("old.dat", "one\ntwo\nthree\nfour\n")
        try repo.commit("attributes")
        try repo.git(["config", "core.ignorecase", "true"])
        try repo.write("notes.txt", "one\r\ntwo\r\n")
        try makeStatDirty(repo, "notes.txt")
        try repo.append("dir/run.log", "second\n")
        try repo.git(["mv", "old.dat", "renamed.bin"])
        let snapshot = try expectMatchesGit(repo)
        let unstaged = Dictionary(uniqueKeysWithValues: (snapshot.unstaged ?? []).map { ($0.path, $0.add) })
        #expect(unstaged["notes.txt"] == nil, "CRLF is clean for a text file: no change")
        #expect(unstaged["dir/run.log"] == .some(nil))
        #expect(snapshot.staged?.map(\.add) == [nil], "binary by the source's attributes")
    }

    /// git reads the index's `.gitattributes` where the work tree's cannot be read (attr.c's
    /// check-in direction): deleted from the work tree, or replaced by a link.
    @Test(arguments: ["deleted", "link"]) func indexCopyOfAMissingAttributesFile(change: String) throws {
        let repo = try base()
        try repo.write(".gitattributes", "*.dat binary\n")
        try repo.write("dir/.gitattributes", "*.txt -diff\n")
        try repo.write("data.dat", "one\ntwo\n")
        try repo.commit("attributes")
        for file in [".gitattributes", "dir/.gitattributes"] {
            try repo.remove(file)
            if change == "link" {
                try FileManager.default.createSymbolicLink(
                    atPath: repo.path + "/" + file, withDestinationPath: "/dev/null")
            }
        }
        try repo.append("data.dat", "three\n")
        try repo.append("dir/c.txt", "more\n")
        let snapshot = try expectMatchesGit(repo)
        let counts = Dictionary(uniqueKeysWithValues: (snapshot.unstaged ?? []).map { ($0.path, $0.add) })
        #expect(counts["data.dat"] == .some(nil), "binary by the index's root .gitattributes")
        #expect(counts["dir/c.txt"] == .some(nil), "binary by the index's dir/.gitattributes")
    }
}
