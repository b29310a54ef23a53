import CLibGit2
import CPlatform
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// How the work tree compares with the index, found the way git finds it but
/// faster: entries are grouped by directory; each directory is opened once and
/// its entries `fstatat`-ed relative to it, on every core; the same open
/// directory is listed to find names the index does not know.
struct WorkTreeScanner {
    /// What `lstat` says about one index entry, before any content is read.
    enum Outcome: UInt8 {
        case unchanged, deleted, typeChanged, modified
        /// The executable bit changed (the content may not have).
        case modeChanged
        /// Only times or inode changed, or the entry is racily clean: compare contents.
        case check
    }

    struct Settings {
        var trustCtime = true
        var checkStat = true
        var fileMode = true
        var symlinks = true
        var listUntracked = true
        /// `status.showUntrackedFiles=all`: files inside a directory that replaced a tracked file count.
        var listInsideReplacedFiles = false
        /// `core.ignorecase`: work-tree names match the index's without case (see `CaseFoldedPaths`).
        var ignoreCase = false

        init(repository: Repository) {
            trustCtime = repository.configBool("core.trustctime") ?? true
            checkStat = repository.configString("core.checkstat")?.lowercased() != "minimal"
            fileMode = repository.configBool("core.filemode") ?? true
            symlinks = repository.configBool("core.symlinks") ?? true
            ignoreCase = repository.configBool("core.ignorecase") ?? false
        }
    }

    /// A name found in a directory listing that no index entry accounts for.
    struct Candidate {
        var path: [UInt8]
        var isDirectory: Bool
        /// Taken from git's untracked cache: already what git lists (nothing to resolve).
        var isFinal = false
        /// The path as the untracked list spells it: `dir/` for a directory.
        var key: PathKey { PathKey(bytes: isDirectory ? path + [UInt8(ascii: "/")] : path) }
    }

    struct Result {
        /// One outcome per index entry (entries not compared stay `.unchanged`).
        var outcomes: [Outcome]
        var candidates: [Candidate]
    }

    let root: String
    let index: IndexFile
    let settings: Settings

    /// Compares the entries `plan` (made from this scanner's index) selects; lists directories
    /// when untracked files are wanted.
    ///
    /// `listings` (one per directory of `plan`, or none) stand in for the directories' own
    /// listings where git's untracked cache may (`UntrackedCacheReuse`).
    func scan(plan: DirectoryPlan, listings: [UntrackedCacheReuse.Listing?] = []) -> Result {
        var outcomes = [Outcome](repeating: .unchanged, count: index.entries.count)
        var found = [[Candidate]](repeating: [], count: plan.directories.count)
        var failed = [Bool](repeating: false, count: plan.directories.count)
        // Workers read entries and names through raw pointers: copying an entry would
        // retain the shared name buffer, and two cores fighting over one reference count
        // cost more than the stat calls.
        index.entries.withUnsafeBufferPointer { entries in
            index.names.withUnsafeBufferPointer { names in
                do {
                    outcomes.withUnsafeMutableBufferPointer { outcomeBuffer in
                        found.withUnsafeMutableBufferPointer { foundBuffer in
                            failed.withUnsafeMutableBufferPointer { failedBuffer in
                                let shared = Unchecked(
                                    Shared(
                                        entries: entries, names: names, outcomes: outcomeBuffer,
                                        found: foundBuffer, failed: failedBuffer, listings: listings))
                                // Worker threads cost more than they save on a small tree.
                                if plan.plannedCount < WorkTreeScanner.parallelThreshold {
                                    for position in plan.directories.indices {
                                        scanDirectory(plan.directories[position], at: position, shared: shared.value)
                                    }
                                } else {
                                    let threads = WorkTreeScanner.threads(entries: plan.plannedCount)
                                    WorkerPool.run(
                                        workers: threads.first, growingTo: threads.most, count: plan.directories.count,
                                        allowance: {
                                            WorkTreeScanner.allowance(entries: plan.directories[$0].entries.count)
                                        }
                                    ) { position in
                                        // Each call writes only its own directory's slots.
                                        scanDirectory(plan.directories[position], at: position, shared: shared.value)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // A directory that could not be opened (gone, now a file, or a symlink)
        // takes everything below it with it, as git's leading-path check does.
        for (position, directory) in plan.directories.enumerated() where !failed[position] {
            if plan.hasFailedAncestor(of: position, failed: failed) {
                for entry in directory.entries { outcomes[Int(entry)] = .deleted }
                found[position] = []
            }
        }
        var candidates = found.flatMap { $0 }
        if settings.ignoreCase { candidates = matchingWithoutCase(candidates) }
        return Result(outcomes: outcomes, candidates: candidates)
    }

    /// Under `core.ignorecase`, candidates found by comparing names exactly (this
    /// scan's, or libgit2's list) as git's search leaves them: files the index has
    /// without case dropped, and directories it has without case searched as the
    /// tracked directories git takes them for. `UntrackedResolver` finishes the list.
    func matchingWithoutCase(_ candidates: [Candidate]) -> [Candidate] {
        guard !candidates.isEmpty else { return [] }
        // Built only when there is something to match: it costs a pass over every path.
        let folded = CaseFoldedPaths(index: index)
        var result: [Candidate] = []
        var pending = candidates
        while let candidate = pending.popLast() {
            // git skips `.GIT` in every directory, as it skips `.git`.
            let components = candidate.path.split(separator: UInt8(ascii: "/"))
            if components.contains(where: { CaseFoldedPaths.isGitDirectoryName($0, ignoreCase: true) }) { continue }
            if folded.liesInSubmodule(candidate.path) { continue }
            if !candidate.isDirectory {
                if !folded.containsFile(candidate.path) { result.append(candidate) }
            } else if folded.containsDirectory(candidate.path) {
                pending.append(contentsOf: listCaseVariant(candidate.path))
            } else {
                // Without case only files count as tracked: git's last filter (`index_name_is_other`)
                // matches a directory with case, so `A.TXT/` beside a tracked `a.txt` is listed.
                result.append(candidate)
            }
        }
        return result
    }

    /// What the workers share: read-only inputs, and outputs written at disjoint positions.
    struct Shared {
        var entries: UnsafeBufferPointer<IndexEntry>
        var names: UnsafeBufferPointer<UInt8>
        var outcomes: UnsafeMutableBufferPointer<Outcome>
        var found: UnsafeMutableBufferPointer<[Candidate]>
        var failed: UnsafeMutableBufferPointer<Bool>
        var listings: [UntrackedCacheReuse.Listing?]
    }

    private func scanDirectory(_ directory: DirectoryPlan.Directory, at position: Int, shared: Shared) {
        let listing = settings.listUntracked && position < shared.listings.count ? shared.listings[position] : nil
        // Nothing to compare (the monitor vouches for every entry) and nothing to list: not even an `open`.
        if let listing, directory.entries.isEmpty {
            shared.found[position] = cachedCandidates(listing, in: directory, shared: shared)
            return
        }
        let full = directory.path.isEmpty ? root : root + "/" + String(decoding: directory.path, as: UTF8.self)
        let descriptor = open(full, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            shared.failed[position] = true
            for entry in directory.entries { shared.outcomes[Int(entry)] = .deleted }
            return
        }
        var info = stat()
        let prefix = directory.path.isEmpty ? 0 : directory.path.count + 1
        // One name buffer per directory, reused for every entry (no allocation per file).
        var name = [CChar](repeating: 0, count: 256)
        var everyEntryFound = true
        for position32 in directory.entries {
            let entryPosition = Int(position32)
            let entry = shared.entries.baseAddress! + entryPosition
            let start = Int(entry.pointer(to: \.pathStart)!.pointee) + prefix
            let length = Int(entry.pointer(to: \.pathLength)!.pointee) - prefix
            if length + 1 > name.count { name = [CChar](repeating: 0, count: length + 1) }
            name.withUnsafeMutableBufferPointer { target in
                UnsafeMutableRawPointer(target.baseAddress!).copyMemory(
                    from: shared.names.baseAddress! + start, byteCount: length)
                target[length] = 0
            }
            let result = fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW)
            let outcome = result == 0 ? classify(shared.entries.baseAddress! + entryPosition, info) : .deleted
            shared.outcomes[entryPosition] = outcome
            if outcome == .deleted { everyEntryFound = false }
        }
        if let listing {
            shared.found[position] = cachedCandidates(listing, in: directory, shared: shared)
        } else if settings.listUntracked {
            // When every entry here was compared and found, and nothing is below, a listing of
            // exactly as many names holds those names and no other (the names of a directory
            // are distinct): nothing to look up. Not under `core.ignorecase`, where a name may
            // be found under another spelling, nor when replaced files are looked into.
            let onlyTracked =
                everyEntryFound && directory.subdirectories.isEmpty
                && directory.entries.count == directory.tracked.count
                && !settings.ignoreCase && !settings.listInsideReplacedFiles
            shared.found[position] = listUntracked(
                descriptor: descriptor, path: directory.path, trackedCount: onlyTracked ? directory.tracked.count : nil,
                trackedMode: { name in trackedMode(name, in: directory, shared: shared) },
                isIndexDirectory: { name in directory.subdirectories.containsSorted(name) })
        }
        close(descriptor)
    }

    /// git's recorded untracked names of a directory, less what the index has now; the directories
    /// git only looked into, to be resolved again.
    private func cachedCandidates(
        _ listing: UntrackedCacheReuse.Listing, in directory: DirectoryPlan.Directory, shared: Shared
    ) -> [Candidate] {
        let prefix = directory.path.isEmpty ? [] : directory.path + [UInt8(ascii: "/")]
        var candidates: [Candidate] = []
        for name in listing.names {
            let isDirectory = name.last == UInt8(ascii: "/")
            let bare = isDirectory ? Array(name.dropLast()) : name
            // git records a directory named like a tracked file too (`git status` drops it
            // later, in `index_name_is_other`).
            let tracked = bare.withUnsafeBufferPointer { bare in
                trackedMode(bare, in: directory, shared: shared) != nil
                    || (isDirectory && directory.subdirectories.containsSorted(bare))
            }
            if tracked { continue }
            candidates.append(Candidate(path: prefix + bare, isDirectory: isDirectory, isFinal: true))
        }
        for name in listing.recheck
        where name.withUnsafeBufferPointer({ trackedMode($0, in: directory, shared: shared) == nil }) {
            candidates.append(Candidate(path: prefix + name, isDirectory: true))
        }
        return candidates
    }

    /// The names in a directory matching one of the index's only without case:
    /// nothing in the index has exactly its path, so every name is a candidate.
    private func listCaseVariant(_ path: [UInt8]) -> [Candidate] {
        let full = root + "/" + String(decoding: path, as: UTF8.self)
        let descriptor = open(full, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        return listUntracked(
            descriptor: descriptor, path: path, trackedCount: nil, trackedMode: { _ in nil },
            isIndexDirectory: { _ in false })
    }

    /// The names in the open directory at `path` that the index does not account for:
    /// `trackedMode` gives the mode of the entry with exactly that name, `isIndexDirectory`
    /// says whether entries lie below it (it is scanned on its own).
    ///
    /// With `trackedCount`, a listing of exactly that many names (`.`, `..` and `.git` aside)
    /// is known to hold only tracked names, and none is looked up.
    private func listUntracked(
        descriptor: Int32, path directoryPath: [UInt8], trackedCount: Int?,
        trackedMode: (UnsafeBufferPointer<UInt8>) -> UInt32?, isIndexDirectory: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> [Candidate] {
        var candidates: [Candidate] = []
        WorkTreeScanner.forEachEntry(of: descriptor, unlessCount: trackedCount) { name, cName, type in
            if WorkTreeScanner.isSpecial(name) { return }
            let mode = trackedMode(name)
            let tracked = mode != nil
            // A tracked name is no candidate, except (when every untracked file is listed)
            // a directory standing where a tracked file was: git lists the files inside.
            // A submodule's directory is never one.
            if tracked && (!settings.listInsideReplacedFiles || mode == GIT_FILEMODE_COMMIT.rawValue) { return }
            var isDirectory: Bool
            switch Int32(type) {
            case Int32(DT_DIR): isDirectory = true
            case Int32(DT_UNKNOWN):
                var info = stat()
                let code = fstatat(descriptor, cName, &info, AT_SYMLINK_NOFOLLOW)
                if code == 0 && FilePath.isSpecial(mode: info.st_mode) { return }
                isDirectory = code == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            case Int32(DT_REG), Int32(DT_LNK): isDirectory = false
            // A FIFO, socket or device: git's dir.c never lists one as untracked (t7063's states).
            default: return
            }
            if tracked && !isDirectory { return }
            // A tracked directory is scanned on its own; a file in its place is untracked.
            if isDirectory && isIndexDirectory(name) { return }
            let path = directoryPath.isEmpty ? Array(name) : directoryPath + [UInt8(ascii: "/")] + name
            candidates.append(Candidate(path: path, isDirectory: isDirectory))
        }
        return candidates
    }

    /// Calls `body` with the name (as bytes and as a C string) and type of every entry of the
    /// directory open at `descriptor`, read with `getdents64` into a buffer on the stack: no
    /// second descriptor, no `DIR` allocation, no copy of a name.
    ///
    /// With `unlessCount`, a listing read whole in one go (almost any directory) that holds
    /// exactly that many names, special ones aside, is only counted: `body` is not called.
    static func forEachEntry(
        of descriptor: Int32, unlessCount expected: Int? = nil,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafePointer<CChar>, UInt8) -> Void
    ) {
        withUnsafeTemporaryAllocation(byteCount: 2 * chunkSize, alignment: 8) { buffer in
            let first = UnsafeMutableRawPointer(buffer.baseAddress!)
            let second = first + chunkSize
            var filled = getdents64(descriptor, first, chunkSize)
            guard filled > 0 else { return }  // the end, or an error: what was read stands
            if let expected {
                let next = getdents64(descriptor, second, chunkSize)
                if next <= 0 {
                    // The whole listing is in the first chunk.
                    var names = 0
                    visit(first, filled) { name, _, _ in if !isSpecial(name) { names += 1 } }
                    if names != expected { visit(first, filled, body) }
                    return
                }
                visit(first, filled, body)
                filled = next
                visit(second, filled, body)
            } else {
                visit(first, filled, body)
            }
            while true {
                filled = getdents64(descriptor, second, chunkSize)
                guard filled > 0 else { return }
                visit(second, filled, body)
            }
        }
    }

    private static let chunkSize = 32768

    /// Calls `body` for each record of a `getdents64` chunk.
    private static func visit(
        _ chunk: UnsafeMutableRawPointer, _ filled: Int,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafePointer<CChar>, UInt8) -> Void
    ) {
        var offset = 0
        while offset + 19 < filled {
            // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), NUL-terminated name.
            let record = UnsafeRawPointer(chunk) + offset
            let length = Int(record.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
            guard length > 19, offset + length <= filled else { return }
            let type = record.load(fromByteOffset: 18, as: UInt8.self)
            let cName = (record + 19).assumingMemoryBound(to: CChar.self)
            let name = UnsafeBufferPointer(
                start: (record + 19).assumingMemoryBound(to: UInt8.self), count: strnlen(cName, length - 19))
            body(name, cName, type)
            offset += length
        }
    }

    /// `.`, `..` and `.git`, which are never untracked.
    static func isSpecial(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let dot = UInt8(ascii: ".")
        switch name.count {
        case 1: return name[0] == dot
        case 2: return name[0] == dot && name[1] == dot
        default: return CaseFoldedPaths.isGitDirectoryName(name, ignoreCase: false)
        }
    }

    /// The mode of the index entry in `directory` with this name, if there is one
    /// (binary search: entries are in name order).
    private func trackedMode(
        _ wanted: UnsafeBufferPointer<UInt8>, in directory: DirectoryPlan.Directory, shared: Shared
    ) -> UInt32? {
        let prefix = directory.path.isEmpty ? 0 : directory.path.count + 1
        var low = 0
        var high = directory.tracked.count
        return directory.tracked.withUnsafeBufferPointer { tracked in
            while low < high {
                let middle = (low + high) / 2
                let entry = shared.entries.baseAddress! + Int(tracked[middle])
                let start = Int(entry.pointer(to: \.pathStart)!.pointee) + prefix
                let length = Int(entry.pointer(to: \.pathLength)!.pointee) - prefix
                let order = UnsafeBufferPointer(start: shared.names.baseAddress! + start, count: length).compareBytes(
                    wanted)
                if order == 0 { return UInt32(entry.pointer(to: \.modeBits)!.pointee) }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// git's `ie_match_stat` and `ie_modified`, before any content is read.
    func classify(_ entry: UnsafePointer<IndexEntry>, _ info: stat) -> Outcome {
        classify(
            mode: UInt32(entry.pointer(to: \.modeBits)!.pointee), size: entry.pointer(to: \.size)!.pointee,
            stat: StatData(entry), info)
    }

    /// The stat fields git records for an entry.
    struct StatData {
        var ctimeSeconds, ctimeNanoseconds, mtimeSeconds, mtimeNanoseconds, inode, uid, gid: UInt32
        var oid: git_oid

        init(_ entry: UnsafePointer<IndexEntry>) {
            ctimeSeconds = entry.pointer(to: \.ctimeSeconds)!.pointee
            ctimeNanoseconds = entry.pointer(to: \.ctimeNanoseconds)!.pointee
            mtimeSeconds = entry.pointer(to: \.mtimeSeconds)!.pointee
            mtimeNanoseconds = entry.pointer(to: \.mtimeNanoseconds)!.pointee
            inode = entry.pointer(to: \.inode)!.pointee
            uid = entry.pointer(to: \.uid)!.pointee
            gid = entry.pointer(to: \.gid)!.pointee
            oid = entry.pointer(to: \.oid)!.pointee
        }
    }

    private func classify(mode: UInt32, size: UInt32, stat entry: StatData, _ info: stat) -> Outcome {
        let workTreeType = info.st_mode & S_IFMT
        var typeChanged = false
        var modeChanged = false
        switch mode & 0o170000 {
        case 0o100000:
            if workTreeType == S_IFDIR { return .deleted }
            // git takes a FIFO, socket or device for a regular file (`ce_mode_from_stat`) whose
            // content it cannot read: modified, not a type change.
            if FilePath.isSpecial(mode: info.st_mode) { return .modified }
            if workTreeType != S_IFREG { typeChanged = true }
            if settings.fileMode && (mode ^ UInt32(info.st_mode)) & 0o100 != 0 { modeChanged = true }
        case 0o120000:
            if workTreeType == S_IFDIR { return .deleted }
            if workTreeType != S_IFLNK && (settings.symlinks || workTreeType != S_IFREG) { typeChanged = true }
        default:
            return .unchanged
        }
        if typeChanged { return .typeChanged }
        if modeChanged { return .modeChanged }
        var timesChanged = false
        var dataChanged = false
        if entry.mtimeSeconds != UInt32(truncatingIfNeeded: info.st_mtim.tv_sec) { timesChanged = true }
        if settings.checkStat && entry.mtimeNanoseconds != UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec) {
            timesChanged = true
        }
        if settings.trustCtime && settings.checkStat {
            if entry.ctimeSeconds != UInt32(truncatingIfNeeded: info.st_ctim.tv_sec)
                || entry.ctimeNanoseconds != UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec)
            {
                timesChanged = true
            }
        }
        if settings.checkStat {
            if entry.uid != UInt32(truncatingIfNeeded: info.st_uid)
                || entry.gid != UInt32(truncatingIfNeeded: info.st_gid)
                || entry.inode != UInt32(truncatingIfNeeded: info.st_ino)
            {
                timesChanged = true
            }
        }
        if size != UInt32(truncatingIfNeeded: info.st_size) { dataChanged = true }
        // "Racily smudged": a zero size recorded for content that is not empty.
        if size == 0 && entry.oid != WorkTreeScanner.emptyBlob { dataChanged = true }
        if !timesChanged && !dataChanged {
            let racy = index.isRacy(mtimeSeconds: entry.mtimeSeconds, mtimeNanoseconds: entry.mtimeNanoseconds)
            return racy ? .check : .unchanged
        }
        // A changed size is a change, unless the index never recorded one.
        if dataChanged && size != 0 { return .modified }
        return .check
    }

    /// Below this many index entries the scan stays on one thread.
    static let parallelThreshold = 4000

    /// Threads for a larger scan: how many start, and how many there may be once directories
    /// are found to wait for the disk (`HANDOFF_SCAN_THREADS` sets both, for measuring).
    ///
    /// With a warm cache the scan is the kernel's work on every core, and threads beyond the
    /// cores only cost (100k files, 2 cores: 111 ms on 2 threads, 113 on 16); with a cold one
    /// each thread waits on the disk, and 16 requests in flight read inodes faster (685 and
    /// 603 ms on 2 threads, 487 and 465 on 16; git's preloading uses up to 20). So the scan
    /// starts with a thread per core and goes up to the most once a directory waits (`allowance`).
    ///
    /// A smaller tree may have fewer, one per thousand entries, as git's preloading takes one per
    /// 500: starting and scheduling sixteen threads for a few thousand files costs more than
    /// they save (git.git's 4,900 files, warm: 16.1 ms on 16 threads, 15.4 on 4).
    static func threads(entries: Int) -> (first: Int, most: Int) {
        if let forced = overriddenWorkers { return (forced, forced) }
        let most = min(16, max(2, entries / 1000))
        return (min(most, max(2, processors)), most)
    }

    private static let processors = Int(handoff_allowed_processors())

    /// How long scanning a directory of `entries` index entries takes at most when nothing is
    /// read from the disk (a few microseconds per entry from the page cache); a directory that
    /// took longer while its thread waited brings in the remaining threads (see `WorkerPool`).
    static func allowance(entries: Int) -> UInt64 {
        1_000_000 + 20_000 * UInt64(entries)
    }

    private static let overriddenWorkers = getenv("HANDOFF_SCAN_THREADS").map { max(1, Int(atoi($0))) }

    static let emptyBlob = git_oid(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")!
}

extension Array where Element == [UInt8] {
    /// Binary search in a list sorted by bytes.
    func containsSorted(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            let order = self[middle].withUnsafeBufferPointer { $0.compareBytes(name) }
            if order == 0 { return true }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return false
    }
}

/// Hands a buffer to parallel workers that each write disjoint slots of it.
struct Unchecked<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
