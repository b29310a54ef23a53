import CLibGit2

extension Repository {
    /// The configured remotes' names (`git remote`), sorted as git lists them.
    public func remoteNames() throws(GitStateError) -> [String] {
        var names = git_strarray()
        try LibGit2.check(git_remote_list(&names, pointer), path: gitDirectory)
        defer { git_strarray_dispose(&names) }
        var result: [String] = []
        for index in 0..<names.count {
            if let name = names.strings[index] { result.append(String(cString: name)) }
        }
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
