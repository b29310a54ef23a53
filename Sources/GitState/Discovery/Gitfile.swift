/// A `.git` file (`gitdir: <path>`, what `git worktree add`, submodules and
/// `git init --separate-git-dir` write), as git's `read_gitfile` reads it.
enum Gitfile {
    /// The git directory the file at `path` names (relative to the file's folder), or `nil`
    /// when it is no gitfile or names no directory.
    static func target(of path: String) -> String? {
        guard !FilePath.isDirectory(path), let bytes = FilePath.read(path) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("gitdir: ") else { return nil }
        let named = String(text.dropFirst("gitdir: ".count)).trimmingTrailingNewlines()
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let target = named.hasPrefix("/") ? named : folder + "/" + named
        return FilePath.isDirectory(target) ? target : nil
    }
}
