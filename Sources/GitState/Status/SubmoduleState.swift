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
