import Foundation
import Testing

@testable import GitState

#if canImport(Glibc)
import Glibc
#endif

/// git's untracked cache (`core.untrackedCache`, the index's `UNTR` extension): handoff reuses a
/// directory's recorded names exactly where git would, and lists the directory where git would.
@Suite struct UntrackedCacheTests {
    @Test func reusesEveryDirectoryWhenNothingChanged() throws {
        let cached = try CachedRepository()
        let (reused, total) = try cached.reusedDirectories()
        #expect(reused == total)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "newdir/" && $0.xy == "??" } == true)
        #expect(snapshot.status?.contains { $0.path == "dir/u2.txt" } == true)
    }

    @Test func listsADirectoryWithANewFile() throws {
        let cached = try CachedRepository()
        try cached.repo.write("dir/sub/new.txt", "new\n")
        let (reused, total) = try cached.reusedDirectories()
        #expect(reused == total - 1)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "dir/sub/new.txt" } == true)
    }

    /// A rule added to the root's `.gitignore` in place: no directory's time moves, but every
    /// directory below has a stale listing (git compares the `.gitignore`'s object id).
    @Test func aNewGitignoreRuleInvalidatesTheDirectoriesBelow() throws {
        let cached = try CachedRepository()
        try cached.repo.append(".gitignore", "u2.txt\n")
        let (reused, _) = try cached.reusedDirectories()
        #expect(reused == 0)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "dir/u2.txt" } == false)
    }

    @Test func aNewRuleInADirectoryInvalidatesOnlyItsTree() throws {
        let cached = try CachedRepository()
        try cached.repo.append("dir/.gitignore", "u2.txt\n")
        let (reused, total) = try cached.reusedDirectories()
        // The root and `other` stay; `dir` and `dir/sub` are listed.
        #expect(reused == total - 2)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "dir/u2.txt" } == false)
    }

    @Test func anEditedInfoExcludeInvalidatesTheWholeCache() throws {
        let cached = try CachedRepository()
        try cached.repo.write(".git/info/exclude", "u.txt\n")
        #expect(try cached.reusedDirectories().reused == 0)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "u.txt" } == false)
    }

    @Test func aCoreExcludesFileInvalidatesTheWholeCache() throws {
        let cached = try CachedRepository()
        try cached.repo.write("../global-ignore", "x.txt\n")
        #expect(try cached.reusedDirectories().reused == 0)
        try expectMatchesGit(cached.repo)
    }

    /// A directory whose time is as recorded though a file was added (its time put back, ctime
    /// not trusted), recorded no earlier than the index was written: git distrusts such racy
    /// stat data and lists the directory.
    @Test func aRacyDirectoryIsListed() throws {
        let cached = try CachedRepository()
        try cached.repo.git(["config", "core.trustctime", "false"])
        let directory = cached.repo.path + "/dir/sub"
        let recorded = try FileManager.default.attributesOfItem(atPath: directory)[.modificationDate] as! Date
        try cached.repo.write("dir/sub/racy.txt", "racy\n")
        try FileManager.default.setAttributes([.modificationDate: recorded], ofItemAtPath: directory)
        try FileManager.default.setAttributes(
            [.modificationDate: recorded], ofItemAtPath: cached.repo.path + "/.git/index")
        let (reused, total) = try cached.reusedDirectories()
        #expect(reused < total)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "dir/sub/racy.txt" } == true)
    }

    /// A file added to a directory whose time is then put back to the recorded second (the
    /// nanoseconds differ; ctime not trusted): git, built as Debian builds it (no `USE_NSEC`),
    /// compares whole seconds, trusts its cache and does not list the file. git is wrong here
    /// (the file is there, untracked), and handoff is wrong with it: git is the truth. libgit2's
    /// engine, which reads no untracked cache, does list it.
    @Test func aDirectoryWithItsTimePutBackIsTrustedAsGitTrustsIt() throws {
        let cached = try CachedRepository()
        try cached.repo.git(["config", "core.trustctime", "false"])
        let directory = cached.repo.path + "/dir/sub"
        var recorded = stat()
        #expect(lstat(directory, &recorded) == 0)
        try cached.repo.write("dir/sub/hidden.txt", "hidden\n")
        var times = [recorded.st_atim, recorded.st_mtim]
        times[1].tv_nsec = (times[1].tv_nsec + 1) % 1_000_000_000
        #expect(utimensat(AT_FDCWD, directory, &times, 0) == 0)
        let (reused, total) = try cached.reusedDirectories()
        #expect(reused == total)
        let scan = try Repository(discoveringFrom: cached.repo.path).snapshot(logLimit: 1, engine: .automatic)
        let git = try GitAnswers(cached.repo, logLimit: 1, bare: false, directory: nil)
        #expect(ByteExact(scan.status) == ByteExact(git.status))
        #expect(git.status?.contains { $0.path == "dir/sub/hidden.txt" } == false)
        let slow = try Repository(discoveringFrom: cached.repo.path).snapshot(logLimit: 1, engine: .libgit2)
        #expect(slow.status?.contains { $0.path == "dir/sub/hidden.txt" } == true)
    }

    /// `core.ignorecase` with the cache (on this case-sensitive file system): names that differ
    /// from tracked ones only in case (`A.TXT` beside `a.txt`, `DIR/` beside the tracked `dir/`)
    /// are left out or searched as git leaves them out or searches them, and new names are found,
    /// in directories whose listing changed and in those it did not.
    @Test func underIgnoreCaseAnswersAsGitDoes() throws {
        let cached = try CachedRepository(ignoreCase: true)
        try expectMatchesGit(cached.repo)
        try cached.repo.write("A.TXT", "shadow\n")
        try cached.repo.write("dir/sub/C.TXT", "shadow\n")
        try cached.repo.write("DIR/inside.txt", "inside\n")
        try cached.repo.write("Other/D.TXT/inside.txt", "inside\n")
        try cached.repo.write("dir/sub/new.txt", "new\n")
        try cached.repo.write("NEWDIR/y.txt", "y\n")
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "dir/sub/new.txt" } == true)
        #expect(snapshot.status?.contains { $0.path == "A.TXT" } == false)
        #expect(snapshot.status?.contains { $0.path == "dir/sub/C.TXT" } == false)
        #expect(snapshot.status?.contains { $0.path == "u.txt" } == true)
    }

    /// A cache `git status -uall` rewrote (flags 0: every file of an untracked directory) serves
    /// no `git status` of the default mode: every directory is listed.
    @Test func aCacheOfOtherFlagsIsNotUsed() throws {
        let cached = try CachedRepository()
        try cached.repo.git(["config", "status.showUntrackedFiles", "all"])
        try cached.repo.git(["status", "--porcelain"])
        try cached.repo.git(["config", "--unset", "status.showUntrackedFiles"])
        let repository = try Repository(discoveringFrom: cached.repo.path)
        #expect(try IndexLoader(repository: repository).read().untrackedCache?.flags == 0)
        try cached.repo.write("dir/sub/new.txt", "new\n")
        #expect(try cached.reusedDirectories().reused == 0)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "newdir/" } == true)
    }

    /// A work tree moved elsewhere: the cache's ident names the old location, so git (with a
    /// warning) and handoff list everything.
    @Test func aCacheMadeAtAnotherLocationIsNotUsed() throws {
        let cached = try CachedRepository()
        let moved = cached.repo.scratch.path + "/moved"
        try FileManager.default.moveItem(atPath: cached.repo.path, toPath: moved)
        let repo = GitRepo(existing: moved, scratch: cached.repo.scratch)
        try repo.write("dir/sub/new.txt", "new\n")
        let repository = try Repository(discoveringFrom: moved)
        let index = try IndexLoader(repository: repository).read()
        let ident = String(decoding: try #require(index.untrackedCache).ident, as: UTF8.self)
        #expect(ident.contains(cached.repo.path + ","))
        let settings = WorkTreeSettings(repository: repository)
        let plan = DirectoryPlan(index: index, compare: ScanStatusEngine.isCompared)
        let scanner = WorkTreeScanner(
            root: moved, index: index, settings: WorkTreeScanner.Settings(repository: repository))
        let listings = UntrackedCacheReuse(repository: repository, index: index, settings: settings)
            .listings(plan: plan, vouchers: nil, scanner: scanner)
        #expect(listings.isEmpty)
        let snapshot = try expectMatchesGit(repo)
        #expect(snapshot.status?.contains { $0.path == "dir/sub/new.txt" } == true)
    }

    /// A tracked file replaced by a directory with a file in it: git's cache records `d.txt/` (a
    /// directory it looked into), and `git status` leaves it out (the index has `d.txt`); so
    /// does handoff.
    @Test func aTrackedFileThatBecameADirectoryIsNotListed() throws {
        let cached = try CachedRepository()
        // Replaced before git makes its cache (as the benchmark's dirty state is).
        try cached.repo.git(["update-index", "--no-untracked-cache"])
        try cached.repo.remove("other/d.txt")
        try cached.repo.write("other/d.txt/inside.txt", "inside\n")
        try cached.repo.git(["update-index", "--untracked-cache"])
        try cached.settle()
        let repository = try Repository(discoveringFrom: cached.repo.path)
        let cache = try #require(try IndexLoader(repository: repository).read().untrackedCache)
        let other = try #require(cache.directory(at: ArraySlice("other".utf8)))
        #expect(
            cache.directories[other].untracked.contains(Array("d.txt/".utf8))
                || cache.directories[other].children.contains { cache.directories[$0].name == Array("d.txt".utf8) })
        let (reused, total) = try cached.reusedDirectories()
        #expect(reused == total)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "other/d.txt" && $0.xy == ".D" } == true)
        #expect(snapshot.status?.contains { $0.path.hasPrefix("other/d.txt/") } == false)
    }

    @Test func showUntrackedAllDoesNotUseIt() throws {
        let cached = try CachedRepository()
        try cached.repo.git(["config", "status.showUntrackedFiles", "all"])
        #expect(try cached.reusedDirectories().reused == 0)
        try expectMatchesGit(cached.repo)
    }

    @Test func featureManyFilesWithASplitIndex() throws {
        let cached = try CachedRepository(manyFiles: true, split: true)
        let repository = try Repository(discoveringFrom: cached.repo.path)
        let index = try IndexLoader(repository: repository).read()
        #expect(index.split != nil)
        #expect(try cached.reusedDirectories().reused > 0)
        try cached.repo.write("other/new.txt", "new\n")
        try cached.repo.append("a.txt", "more\n")
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "other/new.txt" } == true)
    }

    @Test func parsesWhatGitWrote() throws {
        let cached = try CachedRepository()
        let repository = try Repository(discoveringFrom: cached.repo.path)
        let cache = try #require(try IndexLoader(repository: repository).read().untrackedCache)
        #expect(cache.flags == 6)
        #expect(String(decoding: cache.excludePerDirectory, as: UTF8.self) == ".gitignore")
        let root = cache.directories[0]
        #expect(root.valid && !root.checkOnly)
        #expect(Set(root.untracked.map { String(decoding: $0, as: UTF8.self) }) == ["u.txt", "newdir/"])
        let dir = try #require(cache.directory(at: ArraySlice("dir".utf8)))
        #expect(cache.directories[dir].untracked.map { String(decoding: $0, as: UTF8.self) } == ["u2.txt"])
        #expect(cache.directories[dir].excludeOID != nil)
        let newdir = try #require(cache.directory(at: ArraySlice("newdir".utf8)))
        #expect(cache.directories[newdir].checkOnly)
    }
}
