import Foundation

@testable import GitState

/// A repository set up as users of huge repositories set theirs up: `core.untrackedCache`, and
/// optionally `core.fsmonitor` with git's watchman hook, `feature.manyFiles`, a split index and
/// `core.ignorecase` (on this case-sensitive file system, as a user who copied a configuration has it);
/// settled (files and directories dated an hour back) and read by `git status` until git has
/// written both caches into the index.
struct CachedRepository {
    let repo: GitRepo
    /// The repository's own watchman, with `watchman: true`.
    let watchman: WatchmanServer?

    static let trackedFiles = [
        "a.txt": "alpha\n", "dir/b.txt": "bravo\n", "dir/sub/c.txt": "charlie\n", "other/d.txt": "delta\n",
        ".gitignore": "*.log\n", "dir/.gitignore": "ignored/\n",
    ]
    static let untrackedFiles = [
        "u.txt": "u\n", "dir/u2.txt": "u2\n", "newdir/x.txt": "x\n", "dir/x.log": "log\n",
        "dir/ignored/y.txt": "y\n", "other/only-ignored/z.log": "z\n",
    ]

    init(watchman: Bool = false, manyFiles: Bool = false, split: Bool = false, ignoreCase: Bool = false) throws {
        repo = try GitRepo()
        self.watchman = watchman ? try WatchmanServer() : nil
        repo.extraEnvironment = self.watchman?.environment ?? [:]
        for (path, text) in Self.trackedFiles { try repo.write(path, text) }
        try repo.commit("initial")
        for (path, text) in Self.untrackedFiles { try repo.write(path, text) }
        try FileManager.default.createDirectory(atPath: repo.path + "/emptydir", withIntermediateDirectories: true)
        try repo.git(["config", "core.untrackedCache", "true"])
        // git runs without the system configuration here, libgit2 with it: one exclude file for both.
        try repo.git(["config", "core.excludesFile", repo.scratch.path + "/global-ignore"])
        if manyFiles { try repo.git(["config", "feature.manyFiles", "true"]) }
        if ignoreCase { try repo.git(["config", "core.ignorecase", "true"]) }
        if watchman {
            try FileManager.default.copyItem(
                atPath: repo.path + "/.git/hooks/fsmonitor-watchman.sample",
                toPath: repo.path + "/.git/hooks/fsmonitor-watchman")
            try repo.git(["config", "core.fsmonitor", ".git/hooks/fsmonitor-watchman"])
        }
        if split {
            try repo.git(["config", "core.splitIndex", "true"])
            try repo.git(["config", "splitIndex.maxPercentChange", "100"])
        }
        try settle()
    }

    /// Dates everything but `.git` an hour back, then lets `git status` rewrite the index (three
    /// times: the hook's first call starts the watch, the second records watchman's clock).
    func settle() throws {
        let past = Date(timeIntervalSinceNow: -3600)
        let enumerator = FileManager.default.enumerator(atPath: repo.path)!
        var paths = [""]
        while let path = enumerator.nextObject() as? String {
            if path == ".git" { enumerator.skipDescendants(); continue }
            paths.append(path)
        }
        // Deepest first, so dating a file does not move its directory's time afterwards.
        for path in paths.sorted(by: { $0.count > $1.count }) {
            try FileManager.default.setAttributes(
                [.modificationDate: past], ofItemAtPath: path.isEmpty ? repo.path : repo.path + "/" + path)
        }
        for _ in 0..<3 { try repo.git(["status", "--porcelain"]) }
    }

    /// How many directories of the scan's plan git's untracked cache stands in for, and how many
    /// there are.
    func reusedDirectories() throws -> (reused: Int, of: Int) {
        let repository = try Repository(discoveringFrom: repo.path)
        let index = try IndexLoader(repository: repository).read()
        let settings = WorkTreeSettings(repository: repository)
        let vouchers = FileSystemMonitor(repository: repository, index: index).vouchers()
        let plan = DirectoryPlan(index: index, compare: ScanStatusEngine.isCompared, clean: vouchers?.clean)
        let scanner = WorkTreeScanner(
            root: repository.workTree!, index: index, settings: WorkTreeScanner.Settings(repository: repository))
        let listings = UntrackedCacheReuse(repository: repository, index: index, settings: settings)
            .listings(plan: plan, vouchers: vouchers, scanner: scanner)
        return (listings.compactMap { $0 }.count, plan.directories.count)
    }

    /// What the file-system monitor vouches for now (`nil`: git would scan everything).
    func vouchers() throws -> FileSystemMonitor.Vouchers? {
        let repository = try Repository(discoveringFrom: repo.path)
        let index = try IndexLoader(repository: repository).read()
        return FileSystemMonitor(repository: repository, index: index).vouchers()
    }
}
