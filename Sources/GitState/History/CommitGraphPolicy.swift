import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Whether git would read the commit-graph of a repository, by git 2.39's rules
/// (`prepare_commit_graph` and `commit_graph_compatible` in `commit-graph.c`).
///
/// Where git declines, it is because its answers follow something the graph does not
/// record: replacement objects, grafts, a shallow boundary. Ours must follow git, so
/// we decline in the same places, and also when the user has turned the graph off.
enum CommitGraphPolicy {
    static func allows(_ repository: Repository) -> Bool {
        isEnabled(repository) && !readsReplacements(repository) && !hasGrafts(repository)
            && !isShallow(repository)
    }

    /// The object directory git looks in first for a graph (alternates are not searched).
    static func objectDirectory(of repository: Repository) -> String {
        environment("GIT_OBJECT_DIRECTORY").map(FilePath.absolute) ?? repository.commonDirectory + "/objects"
    }

    /// `core.commitGraph`, true unless set otherwise; git's test switch `GIT_TEST_COMMIT_GRAPH` overrides it.
    private static func isEnabled(_ repository: Repository) -> Bool {
        if let test = environment("GIT_TEST_COMMIT_GRAPH"), GitNumber.bool(test) == true { return true }
        return repository.configBool("core.commitgraph") ?? true
    }

    /// Whether git would apply replace refs, and there is one. `core.useReplaceRefs`, when
    /// set, wins over `GIT_NO_REPLACE_OBJECTS` (git 2.39 reads the environment, then the config).
    private static func readsReplacements(_ repository: Repository) -> Bool {
        let enabled = repository.configBool("core.usereplacerefs") ?? (environment("GIT_NO_REPLACE_OBJECTS") == nil)
        return enabled && hasReplaceRefs(repository)
    }

    /// A ref under `refs/replace/` (or `GIT_REPLACE_REF_BASE`) whose last component is an
    /// object id: git registers those as replacements and warns about, but skips, the rest.
    private static func hasReplaceRefs(_ repository: Repository) -> Bool {
        let base = environment("GIT_REPLACE_REF_BASE") ?? "refs/replace/"
        if mayHoldRefs(under: base, repository) == false { return false }
        var iterator: OpaquePointer?
        guard git_reference_iterator_glob_new(&iterator, repository.pointer, base + "*") == 0, let iterator else {
            return false
        }
        defer { git_reference_iterator_free(iterator) }
        var name: UnsafePointer<CChar>?
        while git_reference_next_name(&name, iterator) == 0, let name {
            let last = String(cString: name).split(separator: "/").last ?? ""
            if git_oid(hex: String(last.prefix(Int(GIT_OID_HEXSZ)))) != nil { return true }
        }
        return false
    }

    /// `false` when no ref can lie under `base`: no loose refs there, and no packed ref whose
    /// name starts with it. Most repositories have no replace refs at all, and listing refs
    /// through libgit2 would read and sort every packed ref (thousands in a clone of a large
    /// project) to find that out. `nil` when this quick look cannot tell.
    private static func mayHoldRefs(under base: String, _ repository: Repository) -> Bool? {
        guard base.hasSuffix("/"), !base.hasPrefix("/") else { return nil }
        if FilePath.exists(repository.commonDirectory + "/" + base) { return true }
        guard let packed = FilePath.read(repository.commonDirectory + "/packed-refs") else { return false }
        // Each packed ref is "<id> <name>\n": a name starting with `base` follows a space.
        let needle = Array((" " + base).utf8)
        return packed.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { wanted in
                guard bytes.count >= wanted.count else { return false }
                var start = 0
                let last = bytes.count - wanted.count
                while start <= last {
                    guard let space = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: " ")), last - start + 1)
                    else { return false }
                    let offset = UnsafeRawPointer(bytes.baseAddress!).distance(to: UnsafeRawPointer(space))
                    if memcmp(bytes.baseAddress! + offset, wanted.baseAddress!, wanted.count) == 0 { return true }
                    start = offset + 1
                }
                return false
            }
        }
    }

    /// A graft file (`GIT_GRAFT_FILE`, else `info/grafts`) with at least one well-formed line.
    private static func hasGrafts(_ repository: Repository) -> Bool {
        let path = environment("GIT_GRAFT_FILE").map(FilePath.absolute) ?? repository.commonDirectory + "/info/grafts"
        guard let text = FilePath.readText(path) else { return false }
        return text.split(separator: "\n").contains { isGraft($0) }
    }

    /// git's `read_graft_line`: an object id, then any number of whitespace-separated parent ids.
    private static func isGraft(_ line: Substring) -> Bool {
        var rest = Array(line.utf8)
        while let last = rest.last, isSpace(last) { rest.removeLast() }
        guard let first = rest.first, first != UInt8(ascii: "#") else { return false }
        let hexSize = Int(GIT_OID_HEXSZ)
        var offset = 0
        while true {
            guard offset + hexSize <= rest.count,
                git_oid(hex: String(decoding: rest[offset..<offset + hexSize], as: UTF8.self)) != nil
            else { return false }
            offset += hexSize
            if offset == rest.count { return true }
            guard isSpace(rest[offset]) else { return false }
            offset += 1
        }
    }

    /// git's own `isspace`: space, tab, line feed and carriage return.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d
    }

    /// git calls a repository shallow when its `shallow` file can be opened, even if it is empty.
    private static func isShallow(_ repository: Repository) -> Bool {
        let descriptor = open(repository.commonDirectory + "/shallow", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
