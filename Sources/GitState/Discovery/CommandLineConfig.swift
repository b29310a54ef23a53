import CLibGit2
import CPlatform

#if canImport(Glibc)
import Glibc
#endif

/// git's command-line configuration: `git -c name=value`, which git hands to the programs it runs
/// (hooks, aliases) in `GIT_CONFIG_PARAMETERS`, and `GIT_CONFIG_COUNT` with `GIT_CONFIG_KEY_<n>`
/// and `GIT_CONFIG_VALUE_<n>`, which CI jobs and scripts set. git reads them above every file, the
/// counted entries first (config.c's `git_config_from_parameters`; t1300-config.sh). libgit2
/// 1.5.1 reads neither: GitState adds them to the repository's configuration itself.
struct CommandLineConfig {
    struct Entry: Equatable {
        /// Canonical: section and key lower case, a subsection as written.
        var name: String
        /// `nil` for a name without `=` (true, as a bare name in a file is).
        var value: String?
    }

    var entries: [Entry] = []

    init(environment: GitEnvironment) throws(GitStateError) {
        if let count = environment("GIT_CONFIG_COUNT") {
            guard let total = Int(count), total >= 0 else {
                throw Self.refused("bogus count in GIT_CONFIG_COUNT")
            }
            for index in 0..<total {
                guard let key = environment("GIT_CONFIG_KEY_\(index)") else {
                    throw Self.refused("missing config key GIT_CONFIG_KEY_\(index)")
                }
                guard let value = environment("GIT_CONFIG_VALUE_\(index)") else {
                    throw Self.refused("missing config value GIT_CONFIG_VALUE_\(index)")
                }
                entries.append(Entry(name: try Self.canonical(key), value: value))
            }
        }
        if let parameters = environment("GIT_CONFIG_PARAMETERS") {
            entries += try Self.parameters(parameters)
        }
    }

    /// `GIT_CONFIG_PARAMETERS`: shell-quoted words, each `'name'='value'` (git 2.31 and later),
    /// `'name'=` (true) or the older `'name=value'` (split at its first `=`; no `=`: true).
    static func parameters(_ text: String) throws(GitStateError) -> [Entry] {
        var result: [Entry] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            guard !rest.isEmpty else { return result }
            let word = try quoted(&rest)
            if rest.first == "=" {
                rest.removeFirst()
                if rest.first == "'" {
                    let value = try quoted(&rest)
                    guard rest.isEmpty || rest.first!.isWhitespace else { throw bogus }
                    result.append(Entry(name: try canonical(word), value: value))
                } else if rest.isEmpty || rest.first!.isWhitespace {
                    result.append(Entry(name: try canonical(word), value: nil))
                } else {
                    throw bogus
                }
            } else if rest.isEmpty || rest.first!.isWhitespace {
                if let equals = word.firstIndex(of: "=") {
                    result.append(
                        Entry(
                            name: try canonical(String(word[..<equals])),
                            value: String(word[word.index(after: equals)...])))
                } else {
                    result.append(Entry(name: try canonical(word), value: nil))
                }
            } else {
                throw bogus
            }
        }
    }

    /// One word of `sq_quote`'s quoting: `'...'` pieces, joined by `\'` or `\!` outside them.
    private static func quoted(_ rest: inout Substring) throws(GitStateError) -> String {
        guard rest.first == "'" else { throw bogus }
        var word = ""
        rest.removeFirst()
        while true {
            guard let end = rest.firstIndex(of: "'") else { throw bogus }
            word += rest[..<end]
            rest = rest[rest.index(after: end)...]
            // `'\''` and `'\!'` put a quote or a `!` in the word and go on quoting.
            if rest.first == "\\", let next = rest.dropFirst().first, next == "'" || next == "!",
                rest.dropFirst(2).first == "'"
            {
                word.append(next)
                rest = rest.dropFirst(3)
                continue
            }
            return word
        }
    }

    /// git's `git_config_parse_key`: a section, an optional subsection and a key, the first and
    /// last lower-cased; letters, digits and `-` in both, the key starting with a letter.
    static func canonical(_ name: String) throws(GitStateError) -> String {
        guard let firstDot = name.firstIndex(of: "."), let lastDot = name.lastIndex(of: ".") else {
            throw refused("key does not contain a section: \(name)")
        }
        let section = name[..<firstDot]
        let key = name[name.index(after: lastDot)...]
        func isKeyCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || character == "-")
        }
        guard !key.isEmpty, key.first!.isASCII, key.first!.isLetter, key.allSatisfy(isKeyCharacter),
            !section.isEmpty, section.allSatisfy(isKeyCharacter)
        else {
            throw refused(key.isEmpty ? "key does not contain variable name: \(name)" : "invalid key: \(name)")
        }
        let subsection = firstDot == lastDot ? "" : String(name[firstDot..<lastDot])
        return section.lowercased() + subsection + "." + key.lowercased()
    }

    private static var bogus: GitStateError { refused("bogus format in GIT_CONFIG_PARAMETERS") }

    private static func refused(_ reason: String) -> GitStateError {
        GitStateError(kind: .other, message: "\(reason): unable to parse command-line config", path: "")
    }

    /// The values of `name`, in order.
    func values(of name: String) -> [String?] { entries.filter { $0.name == name }.map(\.value) }

    /// Adds the entries above every other level of `repository`'s configuration.
    func apply(to repository: OpaquePointer, path: String) throws(GitStateError) {
        guard !entries.isEmpty else { return }
        var config: OpaquePointer?
        try LibGit2.check(git_repository_config(&config, repository), path: path)
        guard let config else { return }
        defer { git_config_free(config) }
        let names: [UnsafeMutablePointer<CChar>?] = entries.map { strdup($0.name) }
        let values: [UnsafeMutablePointer<CChar>?] = entries.map { entry in entry.value.flatMap { strdup($0) } }
        defer {
            names.forEach { free($0) }
            values.forEach { free($0) }
        }
        let made = names.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { names in
            values.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { values in
                handoff_fixed_config_backend(names.baseAddress, values.baseAddress, entries.count)
            }
        }
        guard let made else { throw GitStateError(kind: .other, message: "out of memory", path: path) }
        let backend = made.assumingMemoryBound(to: git_config_backend.self)
        let code = git_config_add_backend(config, backend, GIT_CONFIG_LEVEL_APP, repository, 0)
        if code != 0 {
            backend.pointee.free?(backend)
            try LibGit2.check(code, path: path)
        }
    }
}
