import Foundation
import Testing

@testable import GitState

/// States that exercise the scanning engine's stat shortcuts (`ScanStatusEngine`), which racy test
/// repositories (files written in the same second as the index) would skip.
@Suite struct ScanEngineTests {
    /// A repository whose files are an hour old and whose index was refreshed since,
    /// so the stat data alone says "unchanged".
    func settled() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.write("a.txt", "alpha\n")
        try repo.write("b.txt", "bravo\n")
        try repo.write("dir/c.txt", "charlie\n")
        try repo.write("dir/sub/d.txt", "delta\n")
        try repo.write("other/e.txt", "echo\n")
        try repo.commit("initial")
        let past = Date(timeIntervalSinceNow: -3600)
        for path in ["a.txt", "b.txt", "dir/c.txt", "dir/sub/d.txt", "other/e.txt"] {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: repo.path + "/" + path)
        }
        sleep(1)
        try repo.git(["update-index", "--refresh"], allowFailure: true)
        return repo
    }

    @Test func settledRepositoryIsClean() throws {
        let snapshot = try expectMatchesGit(try settled())
        #expect(snapshot.status == [])
    }

    @Test func sameSizeEditIsFoundThroughTimes() throws {
        let repo = try settled()
        try repo.write("a.txt", "ALPHA\n")
        try repo.write("b.txt", "bravo\n")  // rewritten, same content: times change only
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.map(\.path) == ["a.txt"])
    }

    @Test func trackedDirectoryReplacedBySymlink() throws {
        let repo = try settled()
        try FileManager.default.removeItem(atPath: repo.path + "/dir")
        try repo.symlink("dir", to: "other")
        try expectMatchesGit(repo)
    }

    @Test func trackedDirectoryReplacedByFile() throws {
        let repo = try settled()
        try FileManager.default.removeItem(atPath: repo.path + "/dir")
        try repo.write("dir", "now a file\n")
        try expectMatchesGit(repo)
    }

    /// Enough entries (above `WorkTreeScanner.parallelThreshold`) for the scan's worker threads.
    @Test func manyDirectoriesInParallel() throws {
        let repo = try GitRepo()
        for directory in 0..<80 {
            for file in 0..<55 {
                try repo.write("d\(directory)/sub-\(directory % 3)/f\(file).txt", "\(directory) \(file)\n")
            }
        }
        try repo.commit("many")
        // An index this large is parsed while another thread faults in the pages it is parsed into.
        let index = try IndexFile.read(repo.path + "/.git/index")
        #expect(index.entries.count > WorkTreeScanner.parallelThreshold)
        let listed = try repo.git(["ls-files", "-s", "-z"]).split(separator: "\0").map(String.init)
        #expect(
            index.entries.map {
                "\(String($0.mode, radix: 8)) \($0.oid.hex) 0\t\(String(decoding: index.path(of: $0), as: UTF8.self))"
            } == listed)
        for directory in stride(from: 0, to: 80, by: 7) {
            try repo.append("d\(directory)/sub-\(directory % 3)/f1.txt", "more\n")
            try repo.write("d\(directory)/new-\(directory).txt", "new\n")
            try repo.remove("d\(directory)/sub-\(directory % 3)/f2.txt")
        }
        try repo.write("d5/sub-2/extra/deep.txt", "deep\n")
        try repo.git(["add", "d0"])
        try expectMatchesGit(repo)
    }

    @Test func namesThatSortAroundTheSlash() throws {
        // "a-b/x", "a.txt", "a/x" and "a0" sort differently by path and by name.
        let repo = try GitRepo()
        for path in ["a-b/x", "a.txt", "a/x", "a0", "a/y-z/w", "a/y/w"] { try repo.write(path, "\(path)\n") }
        try repo.commit("names")
        try repo.write("a/new", "n\n")
        try repo.write("a-b/new", "n\n")
        try repo.write("a/y-z/new", "n\n")
        try repo.write("a-c/new", "n\n")
        try repo.append("a/y/w", "changed\n")
        try repo.git(["add", "a/new"])
        try expectMatchesGit(repo)
    }

    @Test func cacheTreeSkipsOnlyUnchangedDirectories() throws {
        let repo = try settled()
        try repo.write("dir/sub/d.txt", "staged change\n")
        try repo.git(["add", "dir/sub/d.txt"])
        try repo.write("dir/new.txt", "added\n")
        try repo.git(["add", "dir/new.txt"])
        try repo.git(["rm", "-q", "--cached", "other/e.txt"])
        let index = try IndexFile.read(repo.path + "/.git/index")
        // The root and the changed directories lost their cache-tree entries.
        #expect(index.cacheTree[PathKey("")] == nil)
        #expect(index.cacheTree[PathKey("dir")] == nil)
        try expectMatchesGit(repo)
    }

    @Test func indexParserReadsWhatGitWrote() throws {
        let repo = try settled()
        try repo.git(["update-index", "--index-version", "4"])
        let index = try IndexFile.read(repo.path + "/.git/index")
        let listed = try repo.git(["ls-files", "-z"]).split(separator: "\0").map(String.init)
        #expect(index.version == 4)
        #expect(index.entries.map { String(decoding: index.path(of: $0), as: UTF8.self) } == listed)
        let stagedOIDs = try repo.git(["ls-files", "-s"]).split(separator: "\n").map { $0.split(separator: " ")[1] }
        #expect(index.entries.map(\.oid.hex) == stagedOIDs.map(String.init))
    }
}
