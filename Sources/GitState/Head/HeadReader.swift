import CLibGit2

/// Where HEAD points: a branch (born or unborn) or a detached commit.
struct HeadState {
    /// The full ref HEAD names (`refs/heads/main`), or `nil` when detached.
    var reference: String?
    /// The commit HEAD resolves to (`HEAD^{commit}`), `nil` when there is none.
    var oid: git_oid?
    /// What status compares the index with: the commit, or the tree a branch names instead of a
    /// commit (git answers for that, with the tree as HEAD's; t1450-style).
    var tree: git_oid?
    /// HEAD names a ref by a name git does not take (`ref: refs/heads/bad..name`): for git the
    /// branch is unknown, neither a branch nor detached, and there is no commit yet.
    var unknownBranch = false

    init(reference: String?, oid: git_oid?, tree: git_oid? = nil, unknownBranch: Bool = false) {
        self.reference = reference
        self.oid = oid
        self.tree = tree ?? oid
        self.unknownBranch = unknownBranch
    }

    var detached: Bool { reference == nil && !unknownBranch }
    var unborn: Bool { oid == nil }
    /// The branch's short name, as `git status` prints it.
    var branch: String? {
        guard let reference else { return nil }
        return reference.hasPrefix("refs/heads/") ? String(reference.dropFirst("refs/heads/".count)) : reference
    }
}

/// Reads HEAD without resolving more than git does.
struct HeadReader {
    let repository: Repository

    func read() throws(GitStateError) -> HeadState {
        let path = repository.gitDirectory + "/HEAD"
        // As git's files backend reads it: trailing white space (a CRLF) trimmed, "ref:", spaces.
        if let text = FilePath.readText(path), text.hasPrefix("ref:") {
            let name = String(
                text.dropFirst("ref:".count).drop { $0 == " " || $0 == "\t" }.reversed()
                    .drop { $0.isWhitespace }.reversed())
            var valid: Int32 = 0
            if git_reference_name_is_valid(&valid, name) == 0 && valid == 0 {
                return HeadState(reference: nil, oid: nil, unknownBranch: true)
            }
        }
        let head = try makeHandle(path: path, kind: .invalidReference, free: git_reference_free) {
            git_reference_lookup($0, repository.pointer, "HEAD")
        }
        if git_reference_type(head.pointer) == GIT_REFERENCE_SYMBOLIC {
            let target = String(cString: git_reference_symbolic_target(head.pointer))
            var oid = git_oid()
            let code = git_reference_name_to_id(&oid, repository.pointer, target)
            if code == GIT_ENOTFOUND.rawValue { return HeadState(reference: target, oid: nil) }
            try LibGit2.check(code, kind: .invalidReference, path: path)
            return peeled(HeadState(reference: target, oid: oid))
        }
        guard let target = git_reference_target(head.pointer) else {
            throw GitStateError(kind: .invalidReference, message: "HEAD names no commit", path: path)
        }
        return peeled(HeadState(reference: nil, oid: target.pointee))
    }

    /// A ref naming a tree has no commit but gives status its tree (as `git status` takes it);
    /// a missing object is left for the readers to report.
    private func peeled(_ state: HeadState) -> HeadState {
        guard var id = state.oid else { return state }
        var object: OpaquePointer?
        guard git_object_lookup(&object, repository.pointer, &id, GIT_OBJECT_ANY) == 0, let object else { return state }
        defer { git_object_free(object) }
        guard git_object_type(object) == GIT_OBJECT_TREE else { return state }
        return HeadState(reference: state.reference, oid: nil, tree: id)
    }
}
