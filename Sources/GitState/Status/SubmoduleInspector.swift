import CLibGit2

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
            var iterator: UnsafeMutablePointer<git_config_iterator>?
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
