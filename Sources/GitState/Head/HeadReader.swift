import CLibGit2

/// Where HEAD points: a branch (born or unborn) or a detached commit.
struct HeadState {
    /// The full ref HEAD names (`refs/heads/main`), or `nil` when detached.
    var reference: String?
    var oid: git_oid?

    var detached: Bool { reference == nil }
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
        let head = try makeHandle(path: path, kind: .invalidReference, free: git_reference_free) {
            git_reference_lookup($0, repository.pointer, "HEAD")
        }
        if git_reference_type(head.pointer) == GIT_REFERENCE_SYMBOLIC {
            let target = String(cString: git_reference_symbolic_target(head.pointer))
            var oid = git_oid()
            let code = git_reference_name_to_id(&oid, repository.pointer, target)
            if code == GIT_ENOTFOUND.rawValue { return HeadState(reference: target, oid: nil) }
            try LibGit2.check(code, kind: .invalidReference, path: path)
            return HeadState(reference: target, oid: oid)
        }
        guard let target = git_reference_target(head.pointer) else {
            throw GitStateError(kind: .invalidReference, message: "HEAD names no commit", path: path)
        }
        return HeadState(reference: nil, oid: target.pointee)
    }
}
