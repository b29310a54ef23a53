import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// The `core.*` settings every git command parses as it starts (`git_default_core_config` in
/// git's config.c), where git stops with one line when a value is no boolean or no number
/// where it needs one: `fatal: bad boolean config value 'maybe' for 'core.filemode'`. Every
/// occurrence counts, in every configuration file and on the command line, even one a later
/// file overrides. libgit2 reads such a value as unset; GitState refuses, as git does.
enum CoreSettings {
    /// Read with `git_config_bool`; a value of the dictionary's is accepted too (`always`,
    /// `input`, `warn`, without case).
    private static let booleans: [String: String?] = [
        "core.filemode": nil, "core.trustctime": nil, "core.quotepath": nil, "core.symlinks": nil,
        "core.ignorecase": nil, "core.bare": nil, "core.ignorestat": nil, "core.prefersymlinkrefs": nil,
        "core.logallrefupdates": "always", "core.warnambiguousrefs": nil, "core.autocrlf": "input",
        "core.safecrlf": "warn", "core.fsyncobjectfiles": nil, "core.preloadindex": nil,
        "core.sparsecheckout": nil, "core.sparsecheckoutcone": nil, "core.precomposeunicode": nil,
        "core.protecthfs": nil, "core.protectntfs": nil, "core.usereplacerefs": nil,
    ]
    /// Read with `git_config_int` (a zlib level: -1 to 9).
    private static let compressionLevels: Set<String> = ["core.loosecompression", "core.compression"]
    /// Read with `git_config_ulong`.
    private static let sizes: Set<String> = [
        "core.packedgitwindowsize", "core.bigfilethreshold", "core.packedgitlimit", "core.deltabasecachelimit",
    ]

    /// Throws git's error for the first `core.*` value git would refuse.
    static func verify(_ config: OpaquePointer) throws(GitStateError) {
        var iterator: UnsafeMutablePointer<git_config_iterator>?
        guard git_config_iterator_glob_new(&iterator, config, "^core\\.") == 0, let iterator else { return }
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let current = entry?.pointee {
            guard let namePointer = current.name else { continue }
            let name = String(cString: namePointer)
            let value = current.value.map { String(cString: $0) }
            if let problem = problem(name: name, value: value) {
                // git names no file: neither does GitState (the words are git's).
                throw GitStateError(kind: .other, message: problem, path: "")
            }
        }
    }

    /// git's message for a value it refuses, or `nil`.
    static func problem(name: String, value: String?) -> String? {
        if let accepted = booleans[name] {
            // A name with no value is true.
            guard let value else { return nil }
            if let accepted, value.lowercased() == accepted { return nil }
            return GitNumber.bool(value) == nil ? "bad boolean config value '\(value)' for '\(name)'" : nil
        }
        if compressionLevels.contains(name) {
            switch GitNumber.signed(value ?? "", limit: Int64(Int32.max)) {
            case .failure(let reason): return "bad numeric config value '\(value ?? "")' for '\(name)': \(reason)"
            case .success(let level) where level < -1 || level > 9: return "bad zlib compression level \(level)"
            case .success: return nil
            }
        }
        if sizes.contains(name) {
            if case .failure(let reason) = GitNumber.unsigned(value ?? "") {
                return "bad numeric config value '\(value ?? "")' for '\(name)': \(reason)"
            }
        }
        return nil
    }
}
