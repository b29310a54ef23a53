import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// A work-tree path's attributes as git finds them for `status` and `diff` (`attr.c`, the
/// check-in direction): GitState's own reading, because libgit2 1.5.1 matches attribute
/// patterns with case even under `core.ignorecase`, where git does not.
///
/// The files, from the strongest to the weakest: `<common dir>/info/attributes`; the
/// `.gitattributes` of the path's directory, then of each directory above it up to the root;
/// the global file (`core.attributesFile`, else `$XDG_CONFIG_HOME/git/attributes` or
/// `~/.config/git/attributes`); the system file (`/etc/gitattributes`, unless
/// `GIT_ATTR_NOSYSTEM`); git's built-in `[attr]binary -diff -merge -text`. Within a file the
/// last matching line wins. A set macro (`binary`, or one a top-level file defines with
/// `[attr]`) sets its attributes too, where nothing stronger has. A work tree's `.gitattributes`
/// is read only when it is a regular file and no link (git opens it with `O_NOFOLLOW`); where
/// it cannot be read, the index's copy is (stage 0, or "ours" in a conflict: git's
/// `read_blob_data_from_index`), when the reader was given the index.
///
/// A class because the files it has read are remembered for the reader's lifetime (one status
/// read); it is not shared between threads.
final class AttributeRules {
    private let repository: Repository
    private let workTree: String?
    private let index: IndexFile?
    private let ignoreCase: Bool
    private let commonDirectory: String
    private let globalPath: String?
    /// The files around the work tree's, read on the first lookup: info/attributes, and the
    /// global, system and built-in ones; with each macro's strongest definition.
    private var outer: OuterFiles?
    private typealias OuterFiles = (
        strongest: AttributeFile?, weakest: [AttributeFile], macros: [String: [AttributeState]]
    )
    private var directoryFiles: [ArraySlice<UInt8>: AttributeFile?] = [:]

    init(repository: Repository, index: IndexFile? = nil) {
        self.repository = repository
        self.index = index
        workTree = repository.workTree
        ignoreCase = repository.configBool("core.ignorecase") ?? false
        commonDirectory = repository.commonDirectory
        globalPath = Self.globalFile(repository)
    }

    private func outerFiles() -> OuterFiles {
        if let outer { return outer }
        let strongest = AttributeFile.read(commonDirectory + "/info/attributes", followLinks: true, macrosAllowed: true)
        var weakest: [AttributeFile] = []
        if let globalPath, let file = AttributeFile.read(globalPath, followLinks: true, macrosAllowed: true) {
            weakest.append(file)
        }
        if !Self.systemFileSkipped(), let file = Self.systemFile() { weakest.append(file) }
        weakest.append(.builtin)
        // Macros come only from the top-level files: the strongest definition wins.
        var macros: [String: [AttributeState]] = [:]
        for file in [strongest, directoryFile([])].compactMap({ $0 }) + weakest {
            for macro in file.macros.reversed() where macros[macro.name] == nil {
                macros[macro.name] = macro.states
            }
        }
        let files = (strongest, weakest, macros)
        outer = files
        return files
    }

    /// The values of `names` for the file at `path` (relative to the work tree).
    func values(_ names: [String], for path: String) -> [AttributeValue] {
        let bytes = Array(path.utf8)
        var end = bytes.count
        // A trailing slash names no file; git's last-slash search skips one too.
        while end > 0 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        let nameStart = (bytes[..<end].lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        let directoryLength = max(nameStart - 1, 0)
        let outer = outerFiles()
        var found = Found(wanted: Set(names))
        let full = bytes[...]
        func apply(_ file: AttributeFile, directory: Int) {
            for rule in file.rules.reversed() where !found.isComplete {
                if rule.pattern.matches(full, nameStart: nameStart, directory: directory, ignoreCase: ignoreCase) {
                    fill(&found, with: rule.states, macros: outer.macros)
                }
            }
        }
        if let strongest = outer.strongest { apply(strongest, directory: 0) }
        // The path's own directory first, then each one above it.
        var directory = directoryLength
        while !found.isComplete {
            if let file = directoryFile(bytes[..<directory]) { apply(file, directory: directory) }
            guard directory > 0 else { break }
            directory = bytes[..<directory].lastIndex(of: UInt8(ascii: "/")) ?? 0
        }
        for file in outer.weakest where !found.isComplete { apply(file, directory: 0) }
        return names.map { found.values[$0] ?? .unspecified }
    }

    /// What a lookup has found so far: every attribute that a stronger line already decided.
    private struct Found {
        let wanted: Set<String>
        var values: [String: AttributeValue] = [:]
        private var decidedWanted = 0

        init(wanted: Set<String>) { self.wanted = wanted }

        /// Nothing weaker can change a wanted value any more.
        var isComplete: Bool { decidedWanted == wanted.count }

        /// Records a value unless a stronger line decided it; true when recorded.
        mutating func record(_ state: AttributeState) -> Bool {
            guard values[state.name] == nil else { return false }
            values[state.name] = state.value
            if wanted.contains(state.name) { decidedWanted += 1 }
            return true
        }
    }

    /// git's `fill_one`: a line's states from its last to its first, each macro that it sets
    /// expanded in place.
    private func fill(_ found: inout Found, with states: [AttributeState], macros: [String: [AttributeState]]) {
        for state in states.reversed() {
            guard found.record(state) else { continue }
            if state.value == .set, let expansion = macros[state.name] {
                fill(&found, with: expansion, macros: macros)
            }
        }
    }

    /// The `.gitattributes` of a work-tree directory ("" for the root, the one file of them that
    /// may define macros), read once; none in a bare repository.
    private func directoryFile(_ directory: ArraySlice<UInt8>) -> AttributeFile? {
        if let known = directoryFiles[directory] { return known }
        guard let workTree else { return nil }
        let relative =
            directory.isEmpty ? ".gitattributes" : String(decoding: directory, as: UTF8.self) + "/.gitattributes"
        let file =
            AttributeFile.read(workTree + "/" + relative, followLinks: false, macrosAllowed: directory.isEmpty)
            ?? indexFile(relative, macrosAllowed: directory.isEmpty)
        directoryFiles[directory] = .some(file)
        return file
    }

    /// The index's copy of a `.gitattributes` (a blob, not too large), or `nil`.
    private func indexFile(_ relative: String, macrosAllowed: Bool) -> AttributeFile? {
        guard var oid = index.flatMap({ Self.indexEntry(relative, in: $0, repository: repository) })?.oid else {
            return nil
        }
        var blob: OpaquePointer?
        guard git_blob_lookup(&blob, repository.pointer, &oid) == 0, let blob else { return nil }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size < AttributeFile.maximumFileSize else { return nil }
        guard size > 0, let raw = git_blob_rawcontent(blob) else {
            return AttributeFile(contents: [], macrosAllowed: false)
        }
        return AttributeFile(
            contents: Array(UnsafeRawBufferPointer(start: raw, count: size)), macrosAllowed: macrosAllowed)
    }

    /// The index entry git reads for a `.gitattributes` missing from the work tree: none outside
    /// a cone-mode sparse checkout (`path_in_cone_mode_sparse_checkout`; here: an entry marked
    /// skip-worktree, which is what such a checkout gives every path outside its cone).
    static func indexEntry(_ relative: String, in index: IndexFile, repository: Repository) -> IndexEntry? {
        guard let entry = index.contentEntry(for: Array(relative.utf8)) else { return nil }
        if entry.skipWorktree, repository.configBool("core.sparsecheckout") == true,
            repository.configBool("core.sparsecheckoutcone") == true
        {
            return nil
        }
        return entry
    }

    /// `core.attributesFile` (with `~/` expanded), else the XDG place.
    private static func globalFile(_ repository: Repository) -> String? {
        if let configured = repository.configString("core.attributesfile") {
            if configured.hasPrefix("~/"), let home = environment("HOME") {
                return home + configured.dropFirst(1)
            }
            return configured
        }
        if let xdg = environment("XDG_CONFIG_HOME"), !xdg.isEmpty { return xdg + "/git/attributes" }
        return environment("HOME").map { $0 + "/.config/git/attributes" }
    }

    /// The system file, on libgit2's system search path (`/etc` on Debian, as git's).
    private static func systemFile() -> AttributeFile? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard handoff_git_search_path(GIT_CONFIG_LEVEL_SYSTEM.rawValue, &buffer) == 0, let pointer = buffer.ptr
        else { return nil }
        for directory in String(cString: pointer).split(separator: ":") {
            if let file = AttributeFile.read(directory + "/gitattributes", followLinks: true, macrosAllowed: true) {
                return file
            }
        }
        return nil
    }

    /// `GIT_ATTR_NOSYSTEM` set to a true value.
    private static func systemFileSkipped() -> Bool {
        environment("GIT_ATTR_NOSYSTEM").flatMap(GitNumber.bool) ?? false
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
