import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// The author and committer of a notes commit, found as git finds them for `git notes add`:
/// `GIT_AUTHOR_NAME`/`GIT_COMMITTER_NAME` (and `_EMAIL`) first, then `author.*`/`committer.*`,
/// then `user.name`/`user.email`, then `EMAIL` for the address.
///
/// Where git would guess a name from the host, this fails instead: a note pushed to a shared
/// remote under a made-up identity is worse than a one-line request to configure one.
struct NoteIdentity {
    let name: String
    let email: String

    enum Role: String {
        case author, committer
    }

    static func resolve(_ role: Role, in repository: Repository) throws(GitStateError) -> NoteIdentity {
        let variable = role == .author ? "GIT_AUTHOR" : "GIT_COMMITTER"
        let name =
            environment(variable + "_NAME") ?? repository.config("\(role.rawValue).name")
            ?? repository.config("user.name")
        let email =
            environment(variable + "_EMAIL") ?? repository.config("\(role.rawValue).email")
            ?? repository.config("user.email") ?? environment("EMAIL")
        guard let name, let email else {
            throw GitStateError(
                kind: .other,
                message:
                    "\(role.rawValue) identity unknown: set it with git config user.name \"Your Name\" and git config user.email you@example.com",
                path: repository.gitDirectory)
        }
        return NoteIdentity(name: name, email: email)
    }

    /// A libgit2 signature with this identity and the current time.
    func signature(path: String) throws(GitStateError) -> Handle {
        try makeHandle(path: path, free: { git_signature_free(UnsafeMutablePointer($0)) }) { pointer in
            var signature: UnsafeMutablePointer<git_signature>?
            let code = git_signature_now(&signature, name, email)
            pointer.pointee = signature.map(OpaquePointer.init)
            return code
        }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name).map({ String(cString: $0) }), !value.isEmpty else { return nil }
        return value
    }
}
