import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// An open git repository, read through libgit2 without ever writing to it (but for
/// `addNote`, which `handoff publish` calls when asked).
///
/// This is the one class in the public API: it owns libgit2's repository
/// handle and frees it when released. It is not `Sendable`; open one per thread.
public final class Repository {
    let handle: Handle
    /// The repository's own git directory, with a trailing slash stripped.
    public let gitDirectory: String
    /// The directory shared by all worktrees (equal to `gitDirectory` outside linked worktrees).
    public let commonDirectory: String
    /// The work tree's root without a trailing slash, or `nil` in a bare repository.
    public private(set) var workTree: String?
    /// True for a repository git finds as its git directory itself (a bare layout) although
    /// `core.bare` is not true: git gives it no work tree, and `git status` refuses it.
    public private(set) var lacksWorkTree = false

    var pointer: OpaquePointer { handle.pointer }

    /// Where history walks read commits, made on the first walk: deciding whether git would
    /// use the commit-graph reads configuration and refs, and the graph is mapped, which a
    /// snapshot's two walks (ahead/behind, log) need not do twice. Commits made after that
    /// are read from their objects, as any commit the graph does not hold.
    private var commitSourceCache: CommitSource?

    /// The configuration as first read: each snapshot copies every entry of every file, and a
    /// status read asks for some twenty values. Like the commit source, a long-lived handle
    /// keeps what it read first.
    private var configSnapshotCache: Handle?

    /// A snapshot of the configuration (system, global, repository and worktree files), or
    /// `nil` when libgit2 cannot read it.
    func configSnapshot() -> OpaquePointer? {
        if let configSnapshotCache { return configSnapshotCache.pointer }
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0, let config else { return nil }
        configSnapshotCache = Handle(config, free: git_config_free)
        return config
    }

    func commitSource() throws(GitStateError) -> CommitSource {
        if let commitSourceCache { return commitSourceCache }
        let source = try CommitSource(repository: self)
        commitSourceCache = source
        return source
    }

    /// Opens the repository containing `path`, searching upward as git does.
    ///
    /// Honours git's environment (`GIT_DIR`, `GIT_WORK_TREE`,
    /// `GIT_CEILING_DIRECTORIES`, ...), finds `.git` files of linked worktrees
    /// and separate git dirs, and opens bare repositories.
    public convenience init(discoveringFrom path: String = ".") throws(GitStateError) {
        try self.init(discoveringFrom: path, environment: ProcessEnvironment.variable)
    }

    /// Opens the repository containing `path` as git would with `environment` (tests give
    /// each repository its own, since the process's environment is shared by all threads).
    convenience init(discoveringFrom path: String, environment: @escaping GitEnvironment) throws(GitStateError) {
        RepositoryFormat.allowGitsExtensions()
        let absolute = FilePath.absolute(path)
        var pointer: OpaquePointer?
        if let explicit = ExplicitLocation(environment: environment) {
            do {
                pointer = try explicit.open(from: absolute)
            } catch {
                throw RepositoryFormat.gitsWords(for: error) ?? error
            }
        }
        let code =
            pointer != nil
            ? 0 : git_repository_open_ext(&pointer, absolute, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitStateError(
                kind: .notARepository,
                message: "not a git repository (or any of the parent directories): \(absolute)",
                path: absolute)
        }
        do {
            try LibGit2.check(code, path: absolute)
        } catch {
            throw RepositoryFormat.gitsWords(for: error) ?? error
        }
        guard let pointer else {
            throw GitStateError(kind: .other, message: "libgit2 opened no repository", path: absolute)
        }
        if environment("GIT_DIR") == nil {
            do {
                try Ownership(environment: environment).verify(
                    from: absolute, gitDirectory: String(cString: git_repository_path(pointer)))
            } catch {
                git_repository_free(pointer)
                throw error
            }
        }
        self.init(handle: Handle(pointer, free: git_repository_free))
        try ConfigFiles(environment: environment).apply(to: self.pointer, commonDirectory: commonDirectory)
        try CommandLineConfig(environment: environment).apply(to: self.pointer, path: gitDirectory)
        try checkAsGitDoes()
        if BareLayout.hasNoWorkTree(
            gitDirectory: gitDirectory, workTree: workTree, repository: self, environment: environment)
        {
            workTree = nil
            lacksWorkTree = true
        }
    }

    /// What git checks on opening a repository and libgit2 1.5.1 does not: the format and its
    /// extensions, the packed refs, `config.worktree`, and the `core.*` values git parses on start.
    private func checkAsGitDoes() throws(GitStateError) {
        let configFile = commonDirectory + "/config"
        try RepositoryFormat(configFile: configFile)?.verify(configFile: configFile)
        try PackedRefs.verify(commonDirectory + "/packed-refs")
        try loadWorktreeConfig()
        if let config = configSnapshot() { try CoreSettings.verify(config) }
    }

    /// Reads the whole snapshot: HEAD, upstream, operation, status, numstats, log, stash.
    ///
    /// With `scope` (`--path`), status and both numstats are those of `git status -- <path>...`
    /// and `git diff [--cached] --numstat -- <path>...`, and the log is `git log -- <path>...`:
    /// only the scoped part of the work tree is read. Branch, upstream and stash stay whole.
    public func snapshot(logLimit: Int = 10, scope: PathScope? = nil) throws(GitStateError) -> RepositorySnapshot {
        try snapshot(logLimit: logLimit, engine: .automatic, scope: scope)
    }

    func snapshot(logLimit: Int, engine: StatusEngine, scope: PathScope? = nil) throws(GitStateError)
        -> RepositorySnapshot
    {
        if lacksWorkTree {
            throw GitStateError(
                kind: .noWorkTree,
                message: "this operation must be run in a work tree: \(gitDirectory) is a git directory "
                    + "(a bare layout) whose core.bare is not true, and git gives it no work tree",
                path: gitDirectory)
        }
        let head = try HeadReader(repository: self).read()
        let tracking = try Trace.measure("upstream") { () throws(GitStateError) -> Tracking? in
            try UpstreamReader(repository: self).read(head: head)
        }
        let changes = try Trace.measure("status and numstat") { () throws(GitStateError) -> WorkingTreeChanges? in
            try workTree == nil ? nil : StatusReader(repository: self, scope: scope).read(head: head, engine: engine)
        }
        let log: [LogEntry]
        if let scope {
            log = try ScopedHistory(repository: self, scope: scope).recentCommits(from: head.oid, limit: logLimit)
        } else {
            log = try HistoryReader(repository: self).recentCommits(from: head.oid, limit: logLimit)
        }
        return RepositorySnapshot(
            branch: head.branch,
            detached: head.detached,
            unborn: head.unborn,
            head: head.oid.map(ObjectID.init),
            upstream: tracking?.name,
            ahead: tracking?.ahead,
            behind: tracking?.behind,
            state: OperationDetector(gitDirectory: gitDirectory).detect(),
            status: changes?.status,
            staged: changes?.staged,
            unstaged: changes?.unstaged,
            log: log,
            stash: try stashCount(),
            shallow: isShallow,
            workTree: workTree,
            gitDirectory: gitDirectory,
            paths: scope?.paths)
    }

    /// The index file: `GIT_INDEX_FILE` when set (as git and libgit2 honour it), else `<git dir>/index`.
    var indexPath: String {
        if let override = getenv("GIT_INDEX_FILE").map({ String(cString: $0) }), !override.isEmpty {
            return FilePath.absolute(override)
        }
        return gitDirectory + "/index"
    }

    /// True when the repository is a shallow clone.
    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// How many stashes `git stash list` would show.
    func stashCount() throws(GitStateError) -> Int {
        // libgit2 creates an empty reflog file when asked for one that does not
        // exist; ask only when there is a stash, so reading never writes.
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, "refs/stash") == 0 else { return 0 }
        var reflog: OpaquePointer?
        let code = git_reflog_read(&reflog, pointer, "refs/stash")
        guard code == 0, let reflog else { return 0 }
        defer { git_reflog_free(reflog) }
        return Int(git_reflog_entrycount(reflog))
    }

    /// Gives libgit2 an empty in-memory index until the returned closure runs, so
    /// attribute lookups do not load (and parse) the real index; the closure
    /// drops it again, and the real index is loaded on demand afterwards.
    func shadowIndex() -> () -> Void {
        var empty: OpaquePointer?
        guard git_index_new(&empty) == 0, let empty else { return {} }
        // The repository holds its own reference.
        defer { git_index_free(empty) }
        return substituteIndex(empty)
    }

    /// Makes libgit2 use `index` as the repository's index (for attributes and
    /// submodules) until the returned closure runs.
    func substituteIndex(_ index: OpaquePointer) -> () -> Void {
        git_repository_set_index(pointer, index)
        let repository = pointer
        return { git_repository_set_index(repository, nil) }
    }

    /// A configuration value as git reads it (system, global, repository and
    /// worktree files), or `nil` when it is not set.
    public func config(_ name: String) -> String? { configString(name) }

    /// A boolean as git reads one (`true/yes/on`, `false/no/off`, numbers, and a key with no
    /// value at all is true); `nil` when the key is not set or is no boolean.
    func configBool(_ name: String) -> Bool? {
        guard let config = configSnapshot() else { return nil }
        var value: Int32 = 0
        guard git_config_get_bool(&value, config, name) == 0 else { return nil }
        return value != 0
    }

    /// Reads a string value from the repository's configuration snapshot (`nil` for a key with
    /// no value: read booleans with `configBool`).
    func configString(_ name: String) -> String? {
        guard let config = configSnapshot() else { return nil }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, name) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// A setting as git tells its forms apart: `nil` when it is not set, `.some(nil)` for a name
    /// written without `=` (`[diff] renames`, or `-c diff.renames`), which git takes for true
    /// where `configString` (libgit2's `git_config_get_string`) gives "" (false).
    func configValue(_ name: String) -> String?? {
        guard let config = configSnapshot() else { return nil }
        var entry: UnsafeMutablePointer<git_config_entry>?
        guard git_config_get_entry(&entry, config, name) == 0, let entry else { return nil }
        defer { git_config_entry_free(entry) }
        return .some(entry.pointee.value.map { String(cString: $0) })
    }

    /// Opens exactly the repository at `path`, without searching upward or reading git's environment.
    convenience init(exactly path: String) throws(GitStateError) {
        RepositoryFormat.allowGitsExtensions()
        let handle = try makeHandle(path: path, kind: .notARepository, free: git_repository_free) {
            git_repository_open_ext($0, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        }
        self.init(handle: handle)
    }

    /// Reads the directories of an opened repository.
    private init(handle: Handle) {
        self.handle = handle
        let pointer = handle.pointer
        gitDirectory = FilePath.withoutTrailingSlash(String(cString: git_repository_path(pointer)))
        commonDirectory = FilePath.withoutTrailingSlash(String(cString: git_repository_commondir(pointer)))
        if git_repository_is_bare(pointer) == 0, let workdir = git_repository_workdir(pointer) {
            workTree = FilePath.withoutTrailingSlash(String(cString: workdir))
        } else {
            workTree = nil
        }
    }

    /// With `extensions.worktreeConfig` (which `git sparse-checkout` turns on), git
    /// layers `config.worktree` over the repository's config; libgit2 1.5.1 ignores
    /// that file, so GitState adds it to the in-memory configuration (nothing is written).
    func loadWorktreeConfig() throws(GitStateError) {
        guard configBool("extensions.worktreeconfig") == true else { return }
        let path = gitDirectory + "/config.worktree"
        guard FilePath.exists(path) else { return }
        var config: OpaquePointer?
        try LibGit2.check(git_repository_config(&config, pointer), path: commonDirectory + "/config")
        guard let config else { return }
        defer { git_config_free(config) }
        try LibGit2.check(
            git_config_add_file_ondisk(config, path, GIT_CONFIG_LEVEL_APP, pointer, 0), kind: .unsupportedFormat,
            path: path)
        // The snapshot read above lacks the file just added.
        configSnapshotCache = nil
    }
}

@available(*, unavailable)
extension Repository: Sendable {}
