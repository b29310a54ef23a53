#if canImport(Glibc)
import Glibc
#endif

/// git's `core.fsmonitor` with watchman (`fsmonitor.c`, `tweak_fsmonitor` and
/// `refresh_fsmonitor`), answered in-process: the index's `FSMN` extension says which entries
/// were clean at its last write and the token of that moment; watchman, asked over its socket as
/// git's `fsmonitor-watchman` hook asks it, says what changed since. Every other entry is clean
/// without a `stat`, and the untracked cache may trust every directory nothing changed in.
///
/// Wherever git would find no usable answer (no token yet, the hook failing, watchman not
/// running or not watching, a fresh instance), there are no vouchers and everything is scanned.
struct FileSystemMonitor {
    /// What the monitor vouches for.
    struct Vouchers {
        /// Per index entry: known unchanged, not to be compared (git's `CE_FSMONITOR_VALID`).
        var clean: [Bool]
        /// Directories ("" for the root) holding a path watchman reported: their untracked-cache
        /// listings are stale (git's `untracked_cache_invalidate_path`).
        var changedDirectories: Set<[UInt8]>
        /// How many paths watchman reported.
        var reported: Int
    }

    let index: IndexFile
    /// The work tree's root and the token to ask about, or why git would scan everything.
    private let question: Result<(root: String, token: String), Reason>

    /// Reads the configuration (before any thread starts: libgit2's configuration is not shared).
    init(repository: Repository, index: IndexFile) {
        self.index = index
        question = FileSystemMonitor.question(repository: repository, index: index)
    }

    /// Whether `core.fsmonitor` is set at all.
    var isConfigured: Bool {
        if case .failure(let reason) = question, reason.text == nil { return false }
        return true
    }

    /// The vouchers, or `nil` when git would scan everything; says which in `HANDOFF_TRACE`.
    /// Touches no libgit2 state: safe beside another thread's libgit2 calls.
    func vouchers() -> Vouchers? {
        switch answer() {
        case .success(let vouchers):
            Trace.note(
                "fsmonitor: watchman reported \(vouchers.reported) paths; "
                    + "\(vouchers.clean.lazy.filter { $0 }.count) of \(index.entries.count) entries not compared")
            return vouchers
        case .failure(let reason):
            if let text = reason.text { Trace.note("fsmonitor: \(text); full scan") }
            return nil
        }
    }

    private struct Reason: Error {
        /// `nil`: no monitor is configured (nothing to say).
        var text: String?
    }

    private static func question(repository: Repository, index: IndexFile) -> Result<
        (root: String, token: String), Reason
    > {
        guard let root = repository.workTree, let setting = repository.configString("core.fsmonitor") else {
            return .failure(Reason(text: nil))
        }
        if let flag = GitNumber.bool(setting) {
            guard flag else { return .failure(Reason(text: nil)) }
            return .failure(
                Reason(text: "core.fsmonitor=true asks for git's own daemon, which git 2.39 lacks on Linux"))
        }
        let hook = setting.hasPrefix("/") ? setting : root + "/" + setting
        guard let script = FilePath.read(hook) else {
            return .failure(Reason(text: "core.fsmonitor hook \(setting) cannot be read (git's call fails)"))
        }
        guard isWatchmanHook(script) else {
            return .failure(
                Reason(text: "core.fsmonitor=\(setting) is not git's watchman hook, and handoff runs no hook"))
        }
        if let version = repository.configString("core.fsmonitorhookversion"), Int(version) == 1 {
            return .failure(Reason(text: "core.fsmonitorHookVersion=1, which git's watchman hook refuses"))
        }
        guard let fsmonitor = index.fsmonitor else {
            return .failure(Reason(text: "the index has no fsmonitor token yet"))
        }
        // The hook passes only watchman's own clocks on; anything else asks for every file.
        guard fsmonitor.token.hasPrefix("c:") else {
            return .failure(Reason(text: "token \(fsmonitor.token) is no watchman clock"))
        }
        guard fsmonitor.bitCount <= index.entries.count, fsmonitor.dirty.allSatisfy({ $0 < index.entries.count })
        else {
            return .failure(Reason(text: "the fsmonitor bitmap covers more entries than the index has"))
        }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let physical =
            realpath(root, &resolved) != nil
            ? String(decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : root
        return .success((physical, fsmonitor.token))
    }

    private func answer() -> Result<Vouchers, Reason> {
        let (root, token): (String, String)
        switch question {
        case .success(let asked): (root, token) = asked
        case .failure(let reason): return .failure(reason)
        }
        let response: WatchmanResponse
        do {
            response = try Trace.measure("watchman query") { () throws(WatchmanClient.Failure) -> WatchmanResponse in
                try WatchmanClient().changes(root: root, since: token)
            }
        } catch {
            switch error {
            case .unavailable(let text), .refused(let text): return .failure(Reason(text: "watchman: \(text)"))
            }
        }
        if response.isFreshInstance {
            return .failure(Reason(text: "watchman restarted since token \(token) (a fresh instance)"))
        }
        return .success(apply(response.files, dirty: index.fsmonitor?.dirty ?? []))
    }

    /// git's `fsmonitor_refresh_callback` for each reported path, after every entry but the
    /// bitmap's was marked clean.
    private func apply(_ files: [[UInt8]], dirty: [Int]) -> Vouchers {
        var clean = [Bool](repeating: true, count: index.entries.count)
        for position in dirty { clean[position] = false }
        var changed: Set<[UInt8]> = []
        for file in files where !file.isEmpty {
            var name = file
            let isDirectory = name.last == UInt8(ascii: "/")
            if isDirectory { name.removeLast() }
            let first = firstPosition(notBefore: name)
            if !isDirectory, first < index.entries.count, index.path(at: first).elementsEqual(name),
                index.entries[first].stage == 0
            {
                clean[first] = false
            } else {
                // A directory (or a name the index has not): every entry below it.
                var position = first
                while position < index.entries.count {
                    let path = index.path(at: position)
                    guard path.starts(with: name) else { break }
                    if path.count > name.count {
                        let next = path[path.startIndex + name.count]
                        if next > UInt8(ascii: "/") { break }
                        if next == UInt8(ascii: "/") { clean[position] = false }
                    }
                    position += 1
                }
            }
            // Every directory holding the path has a stale listing, up to the root; git's
            // `verify_path` leaves paths in `.git` out.
            guard FileSystemMonitor.isVerifiedPath(name) else { continue }
            var end = name.count
            while let slash = name[..<end].lastIndex(of: UInt8(ascii: "/")) {
                changed.insert(Array(name[..<slash]))
                end = slash
            }
            changed.insert([])
        }
        // Submodules are never marked clean.
        for position in index.entries.indices where index.entries[position].mode == 0o160000 {
            clean[position] = false
        }
        return Vouchers(clean: clean, changedDirectories: changed, reported: files.count)
    }

    /// The first entry whose path does not sort before `name` (binary search: the index is sorted).
    private func firstPosition(notBefore name: [UInt8]) -> Int {
        var low = 0
        var high = index.entries.count
        name.withUnsafeBufferPointer { wanted in
            index.names.withUnsafeBufferPointer { names in
                while low < high {
                    let middle = (low + high) / 2
                    let entry = index.entries[middle]
                    let path = UnsafeBufferPointer(
                        rebasing: names[Int(entry.pathStart)..<(Int(entry.pathStart) + Int(entry.pathLength))])
                    if path.compareBytes(wanted) < 0 { low = middle + 1 } else { high = middle }
                }
            }
        }
        return low
    }

    /// git's `verify_path` for the untracked cache: no empty, `.`, `..` or `.git` component (any case).
    static func isVerifiedPath(_ path: [UInt8]) -> Bool {
        path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && !component.elementsEqual([UInt8(ascii: ".")])
                && !component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")])
                && !CaseFoldedPaths.isGitDirectoryName(component, ignoreCase: true)
        }
    }

    /// Whether a hook is git's `fsmonitor-watchman` (or a copy of it): it asks `watchman -j`.
    static func isWatchmanHook(_ script: [UInt8]) -> Bool {
        let text = String(decoding: script, as: UTF8.self)
        return text.contains("watchman -j") && text.contains("query")
    }
}
