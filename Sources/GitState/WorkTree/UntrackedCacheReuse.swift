import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Decides, directory by directory, where git's untracked cache (`UntrackedCache`) may stand in
/// for listing the directory, by git's own rules (dir.c, `validate_untracked_cache`,
/// `valid_cached_dir`, `prep_exclude`):
///
/// - the whole cache: made here (`Location <work tree>, system Linux`), for `git status`'s walk
///   (flags: other directories shown, empty ones hidden; so not under `-uall`), with `.gitignore`
///   as the per-directory file, and `info/exclude` and `core.excludesFile` still of the object
///   ids it recorded;
/// - a directory: listed whole the last time (not only checked), unchanged since (its stat data,
///   not racily; or, with the file-system monitor, nothing reported in it), and its `.gitignore`
///   and those of every directory above it still of the recorded ids.
///
/// A reused directory gives git's recorded names as they are (files, and untracked directories as
/// `name/`), except what the index now tracks; the directories it only checked are checked again.
struct UntrackedCacheReuse {
    /// What stands in for one directory's listing.
    struct Listing {
        /// Untracked names as git recorded them (`dir/` for a directory), relative to the directory.
        var names: [[UInt8]]
        /// Subdirectories git only looked into: to be resolved again (`UntrackedResolver`).
        var recheck: [[UInt8]]
    }

    let index: IndexFile
    let root: String
    /// Why the cache cannot be used at all (`nil`: it can).
    private let refusal: String?
    private let cache: UntrackedCache?

    /// Checks the whole cache; reads the configuration (before any thread starts).
    init(repository: Repository, index: IndexFile, settings: WorkTreeSettings) {
        self.index = index
        root = repository.workTree ?? ""
        cache = index.untrackedCache
        refusal = UntrackedCacheReuse.refusal(repository: repository, index: index, settings: settings)
        if let cache, let refusal {
            Trace.note("untracked cache (\(cache.directories.count) directories) unused: \(refusal)")
        }
    }

    private static func refusal(repository: Repository, index: IndexFile, settings: WorkTreeSettings) -> String? {
        guard let cache = index.untrackedCache, let root = repository.workTree else { return "none" }
        if let disabled = getenv("GIT_DISABLE_UNTRACKED_CACHE"), GitNumber.bool(String(cString: disabled)) == true {
            return "GIT_DISABLE_UNTRACKED_CACHE"
        }
        if repository.configBool("core.untrackedcache") == false { return "core.untrackedCache=false" }
        guard settings.untracked == .normal else { return "untracked files not shown in git's default mode" }
        // (git does use it under core.ignorecase; handoff's search without case does not.)
        guard !settings.ignoreCase else { return "core.ignorecase" }
        var system = utsname()
        uname(&system)
        let kernel = withUnsafeBytes(of: &system.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard cache.ident.elementsEqual("Location \(root), system \(kernel)".utf8) else {
            return "made for another location (\(String(decoding: cache.ident, as: UTF8.self)))"
        }
        guard cache.flags == showOtherDirectories | hideEmptyDirectories else { return "flags \(cache.flags)" }
        guard cache.excludePerDirectory.elementsEqual(".gitignore".utf8) else { return "another per-directory file" }
        guard !cache.directories.isEmpty else { return "empty" }
        if excludeFileOID(repository.commonDirectory + "/info/exclude") != cache.infoExcludeOID {
            return "info/exclude changed"
        }
        if excludeFileOID(excludesFilePath(repository)) != cache.excludesFileOID {
            return "core.excludesFile changed"
        }
        return nil
    }

    private static let showOtherDirectories: UInt32 = 1 << 1
    private static let hideEmptyDirectories: UInt32 = 1 << 2

    /// `core.excludesFile`, by default `$XDG_CONFIG_HOME/git/ignore` (git's `setup_standard_excludes`).
    private static func excludesFilePath(_ repository: Repository) -> String? {
        let home = getenv("HOME").map { String(cString: $0) }
        if var path = repository.configString("core.excludesfile") {
            if path.hasPrefix("~/"), let home { path = home + path.dropFirst() }
            return path
        }
        if let xdg = getenv("XDG_CONFIG_HOME"), xdg.pointee != 0 { return String(cString: xdg) + "/git/ignore" }
        return home.map { $0 + "/.config/git/ignore" }
    }

    /// The id git records for a global exclude file (`add_patterns` without an index): none when
    /// it cannot be read, the empty blob's when empty, else that of its content plus a newline
    /// (git hashes the buffer it parses, which it ends with one).
    private static func excludeFileOID(_ path: String?) -> git_oid? {
        guard let path, access(path, R_OK) == 0, let content = FilePath.read(path) else { return nil }
        return content.isEmpty ? WorkTreeScanner.emptyBlob : blobID(content + [0x0a])
    }

    static func blobID(_ content: [UInt8]) -> git_oid {
        var oid = git_oid()
        _ = content.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return oid
    }

    /// One listing per directory of `plan` (`nil` where the directory is to be listed), or no
    /// listings when the cache cannot be used. Touches no libgit2 state but object hashing.
    func listings(plan: DirectoryPlan, vouchers: FileSystemMonitor.Vouchers?, scanner: WorkTreeScanner) -> [Listing?] {
        guard refusal == nil, let cache else { return [] }
        var nodes = [Int?](repeating: nil, count: plan.directories.count)
        // Whether the `.gitignore`s of a directory and all above it are as recorded.
        var excludesHold = [Bool](repeating: false, count: plan.directories.count)
        var result = [Listing?](repeating: nil, count: plan.directories.count)
        var reused = 0
        for (position, directory) in plan.directories.enumerated() {
            let parent = Int(directory.parent)
            let node: Int?
            if parent < 0 {
                node = 0
            } else if let above = nodes[parent] {
                let name = directory.path[(directory.path.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0)...]
                node = cache.directories[above].children.first { cache.directories[$0].name.elementsEqual(name) }
            } else {
                node = nil
            }
            nodes[position] = node
            guard let node else { continue }
            let cached = cache.directories[node]
            // With the monitor's answer git trusts the recorded validity without a `stat`, once
            // every directory holding a reported path is invalidated (`valid_cached_dir`,
            // `untracked_cache_invalidate_path`); without it, the stat data decides.
            let unchanged =
                cached.valid && !cached.checkOnly
                && (vouchers.map { !$0.changedDirectories.contains(directory.path) }
                    ?? statMatches(directory.path, cached.stat, settings: scanner.settings))
            // git skips reading a `.gitignore` it knows was absent in a directory it trusts.
            let current =
                unchanged && cached.excludeOID == nil
                ? nil : gitignoreOID(in: directory.path, vouchers: vouchers, scanner: scanner)
            excludesHold[position] = (parent < 0 || excludesHold[parent]) && current == cached.excludeOID
            guard unchanged && excludesHold[position] else { continue }
            // A subdirectory git walked whole that the index no longer has would be walked again
            // by git from its stale entry; listing this directory avoids guessing.
            var recheck: [[UInt8]] = []
            var consistent = true
            for child in cached.children {
                let name = cache.directories[child].name
                let inIndex = name.withUnsafeBufferPointer { directory.subdirectories.containsSorted($0) }
                if inIndex { continue }
                if !cache.directories[child].checkOnly {
                    consistent = false
                    break
                }
                if !cached.untracked.contains(name + [UInt8(ascii: "/")]) { recheck.append(name) }
            }
            guard consistent else { continue }
            result[position] = Listing(names: cached.untracked, recheck: recheck)
            reused += 1
        }
        Trace.note("untracked cache: \(reused) of \(plan.directories.count) directories reused")
        return result
    }

    /// git's `match_stat_data_racy` for a directory: changed, or too recent to trust. As git
    /// is built by default and by Debian (without `USE_NSEC`): whole seconds only, for the times
    /// and for the racy test, so a directory changed within the second it was listed in (or its
    /// time put back) keeps git's stale listing, here as in git.
    private func statMatches(_ path: [UInt8], _ recorded: UntrackedCache.StatData, settings: WorkTreeScanner.Settings)
        -> Bool
    {
        if index.timestampSeconds != 0 && index.timestampSeconds <= recorded.mtimeSeconds { return false }
        var info = stat()
        let full = path.isEmpty ? root : root + "/" + String(decoding: path, as: UTF8.self)
        guard lstat(full, &info) == 0 else { return false }
        func same(_ value: UInt32, _ actual: some BinaryInteger) -> Bool { value == UInt32(truncatingIfNeeded: actual) }
        if !same(recorded.mtimeSeconds, info.st_mtim.tv_sec) || !same(recorded.size, info.st_size) { return false }
        guard settings.checkStat else { return true }
        if settings.trustCtime && !same(recorded.ctimeSeconds, info.st_ctim.tv_sec) { return false }
        return same(recorded.uid, info.st_uid) && same(recorded.gid, info.st_gid) && same(recorded.inode, info.st_ino)
    }

    /// The id git computes for a directory's `.gitignore` (`add_patterns` with the index): none
    /// when absent (a skip-worktree entry's id when the index has one), the index's id when the
    /// entry is unchanged, else that of the content plus a newline (the empty blob's when empty).
    private func gitignoreOID(in directory: [UInt8], vouchers: FileSystemMonitor.Vouchers?, scanner: WorkTreeScanner)
        -> git_oid?
    {
        let relative = directory.isEmpty ? Array(".gitignore".utf8) : directory + Array("/.gitignore".utf8)
        let entry = trackedEntry(relative)
        let full = root + "/" + String(decoding: relative, as: UTF8.self)
        let descriptor = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if let entry, index.entries[entry].skipWorktree { return index.entries[entry].oid }
            return nil
        }
        var info = stat()
        let statted = fstat(descriptor, &info) == 0
        close(descriptor)
        guard statted else { return nil }
        if info.st_size == 0 { return WorkTreeScanner.emptyBlob }
        guard let content = FilePath.read(full) else { return nil }
        if let entry {
            let oid = index.entries[entry].oid
            if vouchers?.clean[entry] == true { return oid }
            let outcome = index.entries.withUnsafeBufferPointer { scanner.classify($0.baseAddress! + entry, info) }
            if outcome == .unchanged || (outcome == .check && UntrackedCacheReuse.blobID(content) == oid) {
                return oid
            }
        }
        return UntrackedCacheReuse.blobID(content + [0x0a])
    }

    /// The stage-0 entry at exactly `path`.
    private func trackedEntry(_ path: [UInt8]) -> Int? {
        var low = 0
        var high = index.entries.count
        while low < high {
            let middle = (low + high) / 2
            if index.path(at: middle).lexicographicallyPrecedes(path) { low = middle + 1 } else { high = middle }
        }
        guard low < index.entries.count, index.path(at: low).elementsEqual(path), index.entries[low].stage == 0
        else { return nil }
        return low
    }
}
