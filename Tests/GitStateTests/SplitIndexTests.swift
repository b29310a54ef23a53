import Foundation
import Testing

@testable import GitState

/// Split indexes (`git update-index --split-index`, `core.splitIndex`): the index
/// file holds the changes since a shared index, `sharedindex.<checksum>`.
@Suite struct SplitIndexTests {
    /// A committed repository whose files are settled (not racily clean), split.
    func split(files: [String: String]? = nil) throws -> GitRepo {
        let repo = try GitRepo()
        let contents =
            files ?? [
                "a.txt": "one\ntwo\nthree\n", "b.txt": "bee\n", "c.txt": "see\n", "dir/d.txt": "dee\n",
                "dir/sub/e.txt": "e\n", "dir/sub/f.txt": "f\nf\n", "g.txt": "gee\ngee\n", "z.txt": "zed\n",
            ]
        for (path, text) in contents { try repo.write(path, text) }
        try repo.commit("initial")
        try settle(repo, paths: Array(contents.keys))
        // Keep one shared index however much changes, so every state below uses it.
        try repo.git(["config", "splitIndex.maxPercentChange", "100"])
        try repo.git(["update-index", "--split-index"])
        return repo
    }

    func sharedIndexes(_ repo: GitRepo) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git").filter { $0.hasPrefix("sharedindex.") }
    }

    /// GitState's merged index in the shape of `git ls-files --stage --debug`
    /// (without the device, which GitState does not keep).
    func debugListing(_ index: IndexFile) -> String {
        index.entries.map { entry in
            let path = String(decoding: index.path(of: entry), as: UTF8.self)
            let flags = UInt32(entry.flags & Self.storedFlags) | UInt32(entry.extendedFlags) << 16
            return """
                \(String(entry.mode, radix: 8)) \(entry.oid.hex) \(entry.stage)\t\(path)
                  ctime: \(entry.ctimeSeconds):\(entry.ctimeNanoseconds)
                  mtime: \(entry.mtimeSeconds):\(entry.mtimeNanoseconds)
                  ino: \(entry.inode)
                  uid: \(entry.uid)\tgid: \(entry.gid)
                  size: \(entry.size)\tflags: \(String(flags, radix: 16))

                """
        }.joined()
    }

    /// Assume-valid and the stage: the flags git stores that a reader keeps.
    static let storedFlags: UInt16 = 0xb000

    /// `git ls-files --stage --debug`, less the device and the flags git keeps only in memory.
    func gitDebugListing(_ repo: GitRepo, indexFile: String? = nil) throws -> String {
        var environment = repo.environment
        if let indexFile { environment["GIT_INDEX_FILE"] = indexFile }
        let output = try run(["git", "ls-files", "--stage", "--debug"], in: repo.path, environment: environment).stdout
        return String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            line -> String in
            if line.hasPrefix("  dev: "), let tab = line.firstIndex(of: "\t") {
                return "  " + line[line.index(after: tab)...]
            }
            if line.hasPrefix("  size: "), let range = line.range(of: "flags: "),
                let flags = UInt32(line[range.upperBound...], radix: 16)
            {
                // On disk: assume-valid and the stage, and skip-worktree and intent-to-add (shifted up).
                let stored = flags & (UInt32(Self.storedFlags) | 0x6000_0000)
                return line[..<range.upperBound] + String(stored, radix: 16)
            }
            return String(line)
        }.joined(separator: "\n")
    }

    @Test func changesAfterTheSplitReplaceDeleteAndAddSharedEntries() throws {
        let repo = try split()
        try repo.append("a.txt", "four\n")
        try repo.git(["add", "a.txt"])  // replaces a shared entry
        try repo.git(["rm", "-q", "--cached", "b.txt"])  // deletes one; b.txt stays, untracked
        try repo.git(["rm", "-q", "c.txt"])  // deletes one, and the file
        try repo.git(["mv", "dir/sub/f.txt", "dir/moved.txt"])  // a deletion and an addition
        try repo.write("new.txt", "new\n")
        try repo.git(["add", "new.txt"])  // added to the main index
        try repo.append("g.txt", "unstaged\n")
        try repo.remove("z.txt")
        try repo.write("loose/untracked.txt", "u\n")

        let main = try IndexFile.read(repo.path + "/.git/index")
        let link = try #require(main.split)
        #expect(link.usesSharedIndex)
        #expect(link.deleted?.setPositions(below: 8)?.isEmpty == false)
        #expect(link.replaced?.setPositions(below: 8)?.isEmpty == false)
        #expect(main.entries.count < 8, "the main index holds only the changes")
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path == "dir/moved.txt" && $0.orig == "dir/sub/f.txt" } == true)
    }

    @Test func mergedEntriesMatchGitsListingFieldByField() throws {
        let repo = try split()
        try repo.append("dir/d.txt", "staged\n")
        try repo.git(["add", "dir/d.txt"])
        try repo.git(["rm", "-q", "--cached", "g.txt"])
        try repo.write("dir/sub/new.txt", "n\n")
        try repo.git(["add", "-N", "dir/sub/new.txt"])
        try repo.git(["update-index", "--skip-worktree", "z.txt"])
        let merged = try IndexFile.read(repo.path + "/.git/index", gitDirectory: repo.path + "/.git")
        #expect(debugListing(merged) == (try gitDebugListing(repo)))
        // The main file alone holds fewer entries: the rest came from the shared index.
        #expect(try IndexFile.read(repo.path + "/.git/index").entries.count < merged.entries.count)
    }

    @Test func oneSharedIndexServesSeveralStates() throws {
        let repo = try split()
        let shared = try sharedIndexes(repo)
        #expect(shared.count == 1)
        try repo.append("a.txt", "four\n")
        try repo.git(["add", "a.txt"])
        try expectMatchesGit(repo)

        try repo.git(["commit", "-q", "-m", "a"])
        try repo.git(["rm", "-q", "--cached", "dir/sub/e.txt"])
        try repo.write("x.txt", "x\n")
        try repo.git(["add", "x.txt"])
        try repo.write("b.txt", "changed\n")
        try expectMatchesGit(repo)

        try repo.git(["reset", "-q", "--mixed", "HEAD~"])
        try repo.write("c.txt", "changed too\n")
        try expectMatchesGit(repo)
        #expect(try sharedIndexes(repo) == shared, "every state read the same shared index")

        // A second index file over the same shared index (as GIT_INDEX_FILE would name).
        try FileManager.default.copyItem(atPath: repo.path + "/.git/index", toPath: repo.path + "/.git/other-index")
        try repo.git(["add", "-A"])
        let other = try IndexFile.read(repo.path + "/.git/other-index", gitDirectory: repo.path + "/.git")
        #expect(other.split?.sharedIndexID == (try IndexFile.read(repo.path + "/.git/index").split?.sharedIndexID))
        #expect(debugListing(other) == (try gitDebugListing(repo, indexFile: repo.path + "/.git/other-index")))
    }

    @Test func coreSplitIndexSplitsOnEveryWrite() throws {
        let repo = try GitRepo()
        try repo.git(["config", "core.splitIndex", "true"])
        try repo.write("a.txt", "a\n")
        try repo.write("dir/b.txt", "b\n")
        try repo.commit("initial")
        try repo.append("a.txt", "more\n")
        try repo.git(["add", "a.txt"])
        try repo.write("dir/c.txt", "c\n")
        try repo.git(["add", "dir/c.txt"])
        try repo.append("dir/b.txt", "unstaged\n")
        #expect(try IndexFile.read(repo.path + "/.git/index").split != nil)
        try expectMatchesGit(repo)
    }

    @Test func conflictsInASplitIndex() throws {
        let repo = try split()
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.write("a.txt", "side\n")
        try repo.write("b.txt", "side bee\n")
        try repo.commit("side")
        try repo.git(["checkout", "-q", "main"])
        try repo.write("a.txt", "main\n")
        try repo.git(["rm", "-q", "b.txt"])
        try repo.commit("main")
        try repo.git(["merge", "-q", "side"], allowFailure: true)
        #expect(try IndexFile.read(repo.path + "/.git/index").split != nil)
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.map(\.xy).contains("UU") == true)
    }

    @Test func versionFourSplitIndex() throws {
        let repo = try split()
        try repo.git(["update-index", "--index-version", "4"])
        try repo.git(["update-index", "--split-index"])
        try repo.append("dir/sub/e.txt", "more\n")
        try repo.git(["add", "dir/sub/e.txt"])
        try repo.write("dir/sub/e2.txt", "new\n")
        try repo.git(["add", "dir/sub/e2.txt"])
        try repo.git(["rm", "-q", "--cached", "dir/d.txt"])
        let main = try IndexFile.read(repo.path + "/.git/index")
        #expect(main.version == 4 && main.split != nil)
        let merged = try IndexFile.read(repo.path + "/.git/index", gitDirectory: repo.path + "/.git")
        #expect(debugListing(merged) == (try gitDebugListing(repo)))
        try expectMatchesGit(repo)
    }

    @Test func racilyCleanSharedEntries() throws {
        // Files written in the same second as the index: git must compare contents.
        let repo = try GitRepo()
        try repo.write("a.txt", "aaa\n")
        try repo.write("b.txt", "bbb\n")
        try repo.commit("initial")
        try repo.git(["update-index", "--split-index"])
        try repo.write("a.txt", "AAA\n")  // same size, same second
        try expectMatchesGit(repo)
    }
}
