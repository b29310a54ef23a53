/// Everything GitState reports about a repository, as `git` would report it.
///
/// This is the value the rest of the product reads; its JSON form is the
/// contract of `handoff status --json` (see `encode(to:)` for the exact keys).
public struct RepositorySnapshot: Sendable, Codable, Equatable {
    /// The checked-out branch's short name; `nil` on a detached HEAD.
    public var branch: String?
    public var detached: Bool
    /// True when the branch has no commit yet.
    public var unborn: Bool
    /// The full object id HEAD points to; `nil` on an unborn branch.
    public var head: ObjectID?
    /// The upstream as `git status` names it (`origin/main`), also when its ref is gone.
    public var upstream: String?
    /// Commits on the branch and not on the upstream; `nil` without a reachable upstream.
    public var ahead: Int?
    public var behind: Int?
    public var state: OperationState
    /// `git status --porcelain=v2` entries; `nil` in a repository without a work tree.
    public var status: [StatusEntry]?
    /// `git diff --cached --numstat`; `nil` without a work tree.
    public var staged: [LineCounts]?
    /// `git diff --numstat`; `nil` without a work tree.
    public var unstaged: [LineCounts]?
    /// The most recent commits, in `git log`'s order.
    public var log: [LogEntry]
    /// How many entries `git stash list` shows.
    public var stash: Int
    /// True when the repository has a `shallow` file (a shallow clone).
    public var shallow: Bool
    /// The work tree's root, or `nil` in a bare repository.
    public var workTree: String?
    /// The repository's git directory (for a linked worktree, its own).
    public var gitDirectory: String
    /// `--path`: the scope status, numstats and log are limited to (relative to the work tree's
    /// root); `nil` for the whole repository, when the JSON leaves the key out.
    public var paths: [String]?

    public init(
        branch: String?, detached: Bool, unborn: Bool, head: ObjectID?,
        upstream: String?, ahead: Int?, behind: Int?, state: OperationState,
        status: [StatusEntry]?, staged: [LineCounts]?, unstaged: [LineCounts]?,
        log: [LogEntry], stash: Int, shallow: Bool, workTree: String?, gitDirectory: String, paths: [String]? = nil
    ) {
        self.branch = branch
        self.detached = detached
        self.unborn = unborn
        self.head = head
        self.upstream = upstream
        self.ahead = ahead
        self.behind = behind
        self.state = state
        self.status = status
        self.staged = staged
        self.unstaged = unstaged
        self.log = log
        self.stash = stash
        self.shallow = shallow
        self.workTree = workTree
        self.gitDirectory = gitDirectory
        self.paths = paths
    }

    enum CodingKeys: String, CodingKey {
        case branch, detached, unborn, head, upstream, ahead, behind, state
        case status, staged, unstaged, log, stash, shallow
        case workTree = "work_tree"
        case gitDirectory = "git_dir"
        case paths
    }

    /// Writes every key, with `null` for absent values, so consumers can rely on the shape;
    /// `paths` only for a scoped read (the unscoped shape is unchanged).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(branch, forKey: .branch)
        try container.encode(detached, forKey: .detached)
        try container.encode(unborn, forKey: .unborn)
        try container.encode(head, forKey: .head)
        try container.encode(upstream, forKey: .upstream)
        try container.encode(ahead, forKey: .ahead)
        try container.encode(behind, forKey: .behind)
        try container.encode(state, forKey: .state)
        try container.encode(status, forKey: .status)
        try container.encode(staged, forKey: .staged)
        try container.encode(unstaged, forKey: .unstaged)
        try container.encode(log, forKey: .log)
        try container.encode(stash, forKey: .stash)
        try container.encode(shallow, forKey: .shallow)
        try container.encode(workTree, forKey: .workTree)
        try container.encode(gitDirectory, forKey: .gitDirectory)
        try container.encodeIfPresent(paths, forKey: .paths)
    }
}

/// The operation a repository is in the middle of, as `git status` names it.
public enum OperationState: String, Sendable, Codable, CaseIterable {
    case none
    case merge
    case rebase
    case am
    case cherryPick = "cherry-pick"
    case revert
    case bisect
}

/// One line of `git status --porcelain=v2`: a path and its two-letter code.
///
/// `xy` uses porcelain v2's letters: `.` unchanged, `M`, `T`, `A`, `D`, `R`,
/// `C`, the unmerged pairs (`UU`, `AA`, `DU`, ...), and `??` for untracked.
public struct StatusEntry: Sendable, Codable, Equatable, Hashable {
    public var path: String
    public var xy: String
    /// The path a rename or copy came from.
    public var orig: String?

    public init(path: String, xy: String, orig: String? = nil) {
        self.path = path
        self.xy = xy
        self.orig = orig
    }

    public var isUntracked: Bool { xy == "??" }
    public var isConflicted: Bool { StatusEntry.conflictCodes.contains(xy) }
    /// True when the index differs from HEAD for this path.
    public var isStaged: Bool { !isUntracked && !isConflicted && xy.first != "." }
    /// True when the work tree differs from the index for this path.
    public var isUnstaged: Bool { !isUntracked && !isConflicted && xy.last != "." }

    static let conflictCodes: Set<String> = ["DD", "AU", "UD", "UA", "DU", "AA", "UU"]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(xy, forKey: .xy)
        try container.encode(orig, forKey: .orig)
    }
}

/// One line of `git diff --numstat`: lines added and deleted in a file.
/// Both counts are `nil` for a binary file.
public struct LineCounts: Sendable, Codable, Equatable, Hashable {
    public var path: String
    public var add: Int?
    public var del: Int?

    public init(path: String, add: Int?, del: Int?) {
        self.path = path
        self.add = add
        self.del = del
    }

    public var isBinary: Bool { add == nil }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(add, forKey: .add)
        try container.encode(del, forKey: .del)
    }
}

/// One commit of the log.
public struct LogEntry: Sendable, Codable, Equatable, Hashable {
    public var oid: ObjectID
    /// The subject, as `git log --format=%s` prints it.
    public var summary: String
    /// The author's name, as `%an`.
    public var author: String
    /// The author date in strict ISO 8601 with its own offset, as `%aI`.
    public var time: String

    public init(oid: ObjectID, summary: String, author: String, time: String) {
        self.oid = oid
        self.summary = summary
        self.author = author
        self.time = time
    }

    /// The abbreviated object id (seven hex digits).
    public var shortOID: String { oid.short }
}
