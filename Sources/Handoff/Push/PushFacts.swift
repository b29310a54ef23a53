import GitState

/// What a pre-push hook saw: the remote, and each ref being pushed with its commits.
public struct PushFacts: Sendable, Equatable {
    /// The remote's name as git passes it (the URL again when pushing to a bare URL).
    public var remote: String
    public var url: String
    public var refs: [PushedRef]

    public init(remote: String, url: String, refs: [PushedRef]) {
        self.remote = remote
        self.url = url
        self.refs = refs
    }
}

/// One line of git's pre-push input, with the commits it sends.
public struct PushedRef: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The remote has no such ref yet.
        case new
        /// The remote's ref moves to the local commit (a fast-forward, or forced: GitState has
        /// no reliable ancestry test yet to tell them apart).
        case update
        /// The remote's ref is deleted (`git push origin :branch`, `--delete`).
        case delete
    }

    public var update: PushUpdate
    public var kind: Kind
    /// Newest first, at most `PushCommitLister.limit`; empty for a deletion.
    public var commits: [LogEntry]
    /// False when the list was cut at the limit.
    public var complete: Bool
    /// Why the list is what it is, when that is not obvious (a remote commit not known locally, a tag).
    public var remark: String?

    public init(update: PushUpdate, kind: Kind, commits: [LogEntry], complete: Bool, remark: String? = nil) {
        self.update = update
        self.kind = kind
        self.commits = commits
        self.complete = complete
        self.remark = remark
    }
}

/// One line of git's pre-push standard input: `<local ref> <local oid> <remote ref> <remote oid>`.
public struct PushUpdate: Sendable, Equatable {
    public var localRef: String
    public var localOID: String
    public var remoteRef: String
    public var remoteOID: String

    public init(localRef: String, localOID: String, remoteRef: String, remoteOID: String) {
        self.localRef = localRef
        self.localOID = localOID
        self.remoteRef = remoteRef
        self.remoteOID = remoteOID
    }

    public var isDeletion: Bool { Self.isZero(localOID) }
    public var isNew: Bool { Self.isZero(remoteOID) }

    static func isZero(_ oid: String) -> Bool { oid.allSatisfy { $0 == "0" } }

    /// Parses every non-empty line; a line that is not four fields with object ids is an error naming it.
    public static func parse(_ text: String) throws(HandoffError) -> [PushUpdate] {
        var updates: [PushUpdate] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.isEmpty { continue }
            guard fields.count == 4, isObjectID(fields[1]), isObjectID(fields[3]) else {
                throw HandoffError(
                    "pre-push input line \(index + 1) is not \"<local ref> <local oid> <remote ref> <remote oid>\": \"\(line.prefix(120))\""
                )
            }
            updates.append(
                PushUpdate(
                    localRef: String(fields[0]), localOID: String(fields[1]), remoteRef: String(fields[2]),
                    remoteOID: String(fields[3])))
        }
        return updates
    }

    private static func isObjectID(_ text: Substring) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}

/// Lists the commits each pushed ref sends, as git would count them.
///
/// An update sends `remote..local` when the remote's commit is known here; a new branch (and
/// an update whose remote commit was never fetched) sends the commits on no remote-tracking
/// branch (`git log LOCAL --not --remotes`); a deletion sends nothing.
public struct PushCommitLister {
    /// At most this many commits are listed per ref.
    public static let limit = 100

    let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    public func list(_ updates: [PushUpdate]) throws(GitStateError) -> [PushedRef] {
        var tips: [String]?
        func remoteTips() throws(GitStateError) -> [String] {
            if let tips { return tips }
            let found = try repository.remoteTrackingTips()
            tips = found
            return found
        }
        var refs: [PushedRef] = []
        for update in updates {
            if update.isDeletion {
                refs.append(PushedRef(update: update, kind: .delete, commits: [], complete: true))
                continue
            }
            guard try repository.resolve(update.localOID) != nil else {
                refs.append(
                    PushedRef(
                        update: update, kind: update.isNew ? .new : .update, commits: [], complete: true,
                        remark: "\(ObjectID.short(update.localOID)) is not a commit (a tag of a tree or blob?)"))
                continue
            }
            let known = update.isNew ? false : try repository.resolve(update.remoteOID) != nil
            let excluded = known ? [update.remoteOID] : try remoteTips()
            let commits = try repository.commits(
                reachableFrom: update.localOID, excluding: excluded, limit: Self.limit + 1)
            let kind: PushedRef.Kind = update.isNew ? .new : .update
            var remark: String?
            if !known && !update.isNew {
                remark =
                    "the remote's \(ObjectID.short(update.remoteOID)) is not known here: listing the commits on no remote-tracking branch"
            }
            refs.append(
                PushedRef(
                    update: update, kind: kind, commits: Array(commits.prefix(Self.limit)),
                    complete: commits.count <= Self.limit, remark: remark))
        }
        return refs
    }
}
