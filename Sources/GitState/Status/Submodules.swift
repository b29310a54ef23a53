import CLibGit2

/// git's `--ignore-submodules` levels, from least to most ignored.
enum SubmoduleIgnore: Int, Comparable {
    case none, untracked, dirty, all

    init?(configValue: String) {
        switch configValue.lowercased() {
        case "none": self = .none
        case "untracked": self = .untracked
        case "dirty": self = .dirty
        case "all": self = .all
        default: return nil
        }
    }

    static func < (lhs: SubmoduleIgnore, rhs: SubmoduleIgnore) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One checked-out submodule compared with the commit the index records.
///
/// git decides per submodule what counts as a change: `submodule.<name>.ignore`
/// (from the config, then `.gitmodules`) wins over `diff.ignoreSubmodules`; without
/// either, `git status` shows untracked content and `git diff` does not.
struct SubmoduleState {
    var path: PathKey
    var recorded: git_oid
    /// The submodule's HEAD, or `nil` when its directory is gone.
    var checkedOut: git_oid?
    /// The submodule's own setting, if it has one.
    var ignore: SubmoduleIgnore?
    private let inner: Repository?
    private var cachedDirt: (modified: Bool, untracked: Bool)?

    var hasNewCommits: Bool { checkedOut != recorded }
    var isDeleted: Bool { checkedOut == nil }

    /// Whether git shows this submodule as changed under the given default.
    mutating func isChanged(defaultIgnore: SubmoduleIgnore) throws(GitStateError) -> Bool {
        if isDeleted { return true }
        let level = ignore ?? defaultIgnore
        if level == .all { return false }
        if hasNewCommits { return true }
        if level == .dirty { return false }
        let dirt = try self.dirt()
        return dirt.modified || (level == .none && dirt.untracked)
    }

    /// `--numstat`'s counts: the "Subproject commit" line changes only with the commit.
    var lineCounts: LineCounts {
        if isDeleted { return LineCounts(path: path.string, add: 0, del: 1) }
        return hasNewCommits
            ? LineCounts(path: path.string, add: 1, del: 1) : LineCounts(path: path.string, add: 0, del: 0)
    }

    private mutating func dirt() throws(GitStateError) -> (modified: Bool, untracked: Bool) {
        if let cachedDirt { return cachedDirt }
        guard let inner else { return (false, false) }
        var options = git_status_options()
        git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
        let list = try makeHandle(path: inner.workTree ?? path.string, free: git_status_list_free) {
            git_status_list_new($0, inner.pointer, &options)
        }
        var modified = false
        var untracked = false
        for position in 0..<git_status_list_entrycount(list.pointer) {
            guard let entry = git_status_byindex(list.pointer, position)?.pointee else { continue }
            let flags = entry.status.rawValue
            if flags & GIT_STATUS_WT_NEW.rawValue != 0 { untracked = true }
            if flags & ~(GIT_STATUS_WT_NEW.rawValue | GIT_STATUS_IGNORED.rawValue) != 0 { modified = true }
        }
        cachedDirt = (modified, untracked)
        return (modified, untracked)
    }

    init(path: PathKey, recorded: git_oid, root: String, ignore: SubmoduleIgnore?) {
        self.path = path
        self.recorded = recorded
        self.ignore = ignore
        let full = root + "/" + path.string
        if FilePath.exists(full + "/.git"), let repository = try? Repository(exactly: full) {
            var head = git_oid()
            inner = repository
            checkedOut = git_reference_name_to_id(&head, repository.pointer, "HEAD") == 0 ? head : recorded
        } else {
            inner = nil
            // An empty directory is a submodule that was never initialised: unchanged.
            checkedOut = FilePath.isDirectory(full) ? recorded : nil
        }
    }
}

/// Finds the index's submodules and their settings.
struct SubmoduleInspector {
    let repository: Repository

    func states(index: IndexFile, facts: IndexFacts) -> [SubmoduleState] {
        guard let root = repository.workTree else { return [] }
        var gitlinks: [(PathKey, git_oid)] = []
        for entry in index.entries where entry.mode == GIT_FILEMODE_COMMIT.rawValue && entry.stage == 0 {
            let key = index.key(of: entry)
            if facts.skipWorktree.contains(key) { continue }
            gitlinks.append((key, entry.oid))
        }
        guard !gitlinks.isEmpty else { return [] }
        let names = submoduleNames(root: root)
        return gitlinks.map { path, oid in
            let name = names[path]
            let setting =
                name.flatMap { repository.configString("submodule.\($0).ignore") }
                ?? name.flatMap { gitmodulesValue(root: root, key: "submodule.\($0).ignore") }
            return SubmoduleState(
                path: path, recorded: oid, root: root, ignore: setting.flatMap(SubmoduleIgnore.init(configValue:)))
        }
    }

    /// `.gitmodules` maps each submodule's path to its name.
    private func submoduleNames(root: String) -> [PathKey: String] {
        var names: [PathKey: String] = [:]
        withGitmodules(root: root) { config in
            var iterator: OpaquePointer?
            guard git_config_iterator_glob_new(&iterator, config, #"^submodule\..*\.path$"#) == 0, let iterator else {
                return
            }
            defer { git_config_iterator_free(iterator) }
            var entry: UnsafeMutablePointer<git_config_entry>?
            while git_config_next(&entry, iterator) == 0, let entry {
                let key = String(cString: entry.pointee.name)
                let value = String(cString: entry.pointee.value)
                let name = String(key.dropFirst("submodule.".count).dropLast(".path".count))
                names[PathKey(value)] = name
            }
        }
        return names
    }

    private func gitmodulesValue(root: String, key: String) -> String? {
        var result: String?
        withGitmodules(root: root) { config in
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            if git_config_get_string_buf(&buffer, config, key) == 0, let pointer = buffer.ptr {
                result = String(cString: pointer)
            }
        }
        return result
    }

    private func withGitmodules(root: String, _ body: (OpaquePointer) -> Void) {
        let path = root + "/.gitmodules"
        guard FilePath.exists(path) else { return }
        var config: OpaquePointer?
        guard git_config_open_ondisk(&config, path) == 0, let config else { return }
        defer { git_config_free(config) }
        body(config)
    }
}
