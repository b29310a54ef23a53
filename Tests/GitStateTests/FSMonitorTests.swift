import Foundation
import Testing

@testable import GitState

/// `core.fsmonitor` with git's watchman hook: handoff asks the same watchman (the test's own,
/// started and stopped here, which git's hook reaches too) over its socket what changed since the
/// index's token, compares only what it reports and the bitmap's entries, and scans everything
/// wherever git would. Serialized: one watchman at a time, on the one socket of the process.
@Suite(.serialized) struct FSMonitorTests {
    @Test func comparesOnlyWhatWatchmanReports() throws {
        let cached = try CachedRepository(watchman: true)
        let clean = try #require(try cached.vouchers()).clean.filter { $0 }.count
        #expect(clean == CachedRepository.trackedFiles.count)
        try cached.repo.write("dir/sub/c.txt", "charlie changed\n")
        try cached.repo.write("dir/sub/new.txt", "new\n")
        try cached.repo.write("dir/fresh/inside.txt", "inside\n")
        let vouchers = try #require(try cached.vouchers())
        #expect(vouchers.clean.filter { !$0 }.count == 1)
        #expect(
            vouchers.changedDirectories == [[], Array("dir".utf8), Array("dir/sub".utf8), Array("dir/fresh".utf8)])
        // The untracked cache is trusted without a `stat` where nothing was reported.
        let (reused, total) = try cached.reusedDirectories()
        #expect(reused == total - 3)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.map(\.path).contains("dir/fresh/") == true)
        #expect(snapshot.status?.map(\.path).contains("dir/sub/c.txt") == true)
    }

    /// An entry the index's bitmap marks as not known clean is compared though watchman is silent.
    @Test func comparesTheBitmapsDirtyEntries() throws {
        let cached = try CachedRepository(watchman: true)
        // Changed and staged, then changed again: git records the entry as dirty in the bitmap.
        try cached.repo.write("a.txt", "alpha two\n")
        try cached.repo.git(["add", "a.txt"])
        try cached.repo.write("a.txt", "alpha three\n")
        try cached.repo.git(["status", "--porcelain"])
        let repository = try Repository(discoveringFrom: cached.repo.path)
        let index = try IndexLoader(repository: repository).read()
        let fsmonitor = try #require(index.fsmonitor)
        #expect(fsmonitor.token.hasPrefix("c:"))
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.first { $0.path == "a.txt" }?.xy == "MM")
    }

    /// Changed while no watchman ran; the new one does not watch the tree yet: git's hook starts
    /// the watch and answers "everything" (its `git status` sees it all), handoff gets "not
    /// watched" and scans everything.
    ///
    /// git's next command is wrong: its hook passes the new instance's fresh-instance answer on
    /// as a list of the files that exist, so the deleted `a.txt` stays "known clean" and `git diff
    /// --numstat` leaves it out. handoff's numstat is the true one: git's without the monitor.
    @Test func aFileChangedWhileWatchmanWasStoppedIsFound() throws {
        let cached = try CachedRepository(watchman: true)
        cached.watchman!.stop()
        try cached.repo.write("dir/sub/c.txt", "charlie, while nobody watched\n")
        try cached.repo.remove("a.txt")
        try cached.watchman!.start()
        #expect(try cached.vouchers() == nil)
        let snapshot = try Repository(discoveringFrom: cached.repo.path).snapshot(logLimit: 1, engine: .automatic)
        let git = try GitAnswers(cached.repo, logLimit: 1, bare: false, directory: nil)
        #expect(ByteExact(snapshot.status) == ByteExact(git.status))
        #expect(snapshot.status?.first { $0.path == "a.txt" }?.xy == ".D")
        #expect(snapshot.status?.first { $0.path == "dir/sub/c.txt" }?.xy == ".M")
        #expect(git.unstaged?.map(\.path) == ["dir/sub/c.txt"])
        let unmonitored = try cached.repo.git(["-c", "core.fsmonitor=", "diff", "--numstat"])
        let lines = unmonitored.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(
            snapshot.unstaged?.map { [$0.add.map(String.init) ?? "-", $0.del.map(String.init) ?? "-", $0.path] }
                == lines)
    }

    /// The index's token is a clock of the previous instance: the new one, watching the tree,
    /// answers with a fresh instance.
    @Test func aTokenFromAnotherInstanceIsAFreshStart() throws {
        let cached = try CachedRepository(watchman: true)
        cached.watchman!.stop()
        try cached.repo.write("dir/b.txt", "bravo, while nobody watched\n")
        try cached.watchman!.start()
        try cached.watchman!.watch(cached.repo.path)
        #expect(try cached.vouchers() == nil)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.map(\.path).contains("dir/b.txt") == true)
    }

    /// A token that is no watchman clock (written by another monitor): git's hook asks for every
    /// file, handoff scans everything.
    @Test func anUnknownTokenMeansAFullScan() throws {
        let cached = try CachedRepository(watchman: true)
        try cached.repo.write(".git/hooks/other-token", "#!/bin/sh\nprintf 'other:token\\0/'\n")
        try cached.repo.chmod(".git/hooks/other-token", 0o755)
        try cached.repo.git(["-c", "core.fsmonitor=.git/hooks/other-token", "status", "--porcelain"])
        let repository = try Repository(discoveringFrom: cached.repo.path)
        #expect(try IndexLoader(repository: repository).read().fsmonitor?.token == "other:token")
        try cached.repo.write("dir/sub/c.txt", "charlie changed\n")
        #expect(try cached.vouchers() == nil)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.map(\.path).contains("dir/sub/c.txt") == true)
    }

    /// Another monitor program: handoff runs no hook, scans everything, and says so in its trace.
    @Test func aHookThatIsNotWatchmansIsNotRun() throws {
        let cached = try CachedRepository(watchman: true)
        try cached.repo.write(".git/hooks/other-monitor", "#!/bin/sh\nprintf 'other:token\\0/'\n")
        try cached.repo.chmod(".git/hooks/other-monitor", 0o755)
        try cached.repo.git(["config", "core.fsmonitor", ".git/hooks/other-monitor"])
        try cached.repo.write("dir/b.txt", "bravo changed\n")
        #expect(try cached.vouchers() == nil)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.map(\.path).contains("dir/b.txt") == true)
        let binary = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .deletingLastPathComponent().appendingPathComponent("handoff").path
        let traced = try run(
            [binary, "status", "--json"], in: cached.repo.path,
            environment: cached.repo.environment.merging(["HANDOFF_TRACE": "1"]) { $1 })
        #expect(traced.stderr.contains("fsmonitor: core.fsmonitor=.git/hooks/other-monitor is not git's watchman hook"))
        #expect(traced.stderr.contains("full scan"))
    }

    /// `core.ignorecase` with watchman and the untracked cache: watchman reports case variants
    /// of tracked names (`A.TXT`, `DIR/`) as new paths, and the answer is git's.
    @Test func underIgnoreCaseAnswersAsGitDoes() throws {
        let cached = try CachedRepository(watchman: true, ignoreCase: true)
        #expect(try cached.vouchers() != nil)
        try cached.repo.write("A.TXT", "shadow\n")
        try cached.repo.write("dir/sub/C.TXT", "shadow\n")
        try cached.repo.write("DIR/inside.txt", "inside\n")
        try cached.repo.write("other/new.txt", "new\n")
        try cached.repo.write("dir/b.txt", "bravo changed\n")
        #expect(try cached.vouchers() != nil)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.contains { $0.path == "other/new.txt" } == true)
        #expect(snapshot.status?.contains { $0.path == "dir/b.txt" && $0.xy == ".M" } == true)
        #expect(snapshot.status?.contains { $0.path == "A.TXT" } == false)
        try cached.settle()
        try cached.repo.write("dir/sub/c.txt", "charlie changed\n")
        try expectMatchesGit(cached.repo)
    }

    @Test func everythingOnAsAHugeRepositorysUserHasIt() throws {
        let cached = try CachedRepository(watchman: true, manyFiles: true, split: true)
        let repository = try Repository(discoveringFrom: cached.repo.path)
        let index = try IndexLoader(repository: repository).read()
        #expect(index.split != nil && index.fsmonitor != nil && index.untrackedCache != nil)
        try cached.repo.write("other/d.txt", "delta, longer now\n")
        try cached.repo.write("other/new.txt", "new\n")
        #expect(try cached.vouchers() != nil)
        #expect(try cached.reusedDirectories().reused > 0)
        let snapshot = try expectMatchesGit(cached.repo)
        #expect(snapshot.status?.map(\.path).contains("other/new.txt") == true)
        #expect(snapshot.status?.map(\.path).contains("other/d.txt") == true)
    }
}
