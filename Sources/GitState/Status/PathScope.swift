#if canImport(Glibc)
import Glibc
#endif

/// The part of the work tree a scoped read looks at (`--path`): what `git status -- <path>...`,
/// `git diff -- <path>...` and `git log -- <path>...` are limited to.
///
/// Each path is a literal directory prefix relative to the work tree's root: a path in the scope
/// is one of them or lies below one; several paths mean their union. An empty path (`.` at the
/// root) is the whole tree. Wildcards are refused rather than matched: git would glob them.
public struct PathScope: Sendable, Equatable, Hashable {
    /// The prefixes, `/`-separated, without a trailing slash, sorted and without duplicates.
    public let paths: [String]
    let prefixes: [[UInt8]]
    /// Per prefix: typed with a trailing slash (`dir/`), which names a directory only. Like git's
    /// pathspec (dir.c's `match_pathspec_item` and its `DO_MATCH_DIRECTORY`), it matches what lies
    /// below `dir`, and `dir` itself only where that is a directory or a submodule: a file named
    /// `dir` is outside `--path dir/`.
    let directoryOnly: [Bool]

    /// Paths already relative to the work tree's root (`a/b`, not `./a/b`); a trailing slash
    /// (`a/b/`) names a directory only.
    public init(relativePaths: [String]) {
        // A path typed both ways is the plain one: `a` or `a/` matches whatever `a` matches.
        var kinds: [String: Bool] = [:]
        for typed in relativePaths {
            let (path, isDirectory) = Self.trimmingSlashes(typed)
            kinds[path] = (kinds[path] ?? true) && isDirectory && !path.isEmpty
        }
        var unique = Array(kinds.keys)
        unique.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        // A prefix of another holds it: `a` (and `a/`) covers `a/b`.
        if unique.contains("") { unique = [""] }
        unique = unique.filter { path in
            !unique.contains { $0 != path && Self.isBelow(Array(path.utf8), Array($0.utf8)) }
        }
        paths = unique
        prefixes = unique.map { Array($0.utf8) }
        directoryOnly = unique.map { kinds[$0] ?? false }
    }

    private init(paths: [String], prefixes: [[UInt8]], directoryOnly: [Bool]) {
        self.paths = paths
        self.prefixes = prefixes
        self.directoryOnly = directoryOnly
    }

    /// Paths as typed from `directory` (absolute), resolved as git resolves a pathspec from a
    /// subfolder: relative to that folder, `.` and `..` taken lexically, absolute paths allowed
    /// inside the work tree. A path outside it is an error worded as git's.
    public init(resolving arguments: [String], from directory: String, workTree: String) throws(GitStateError) {
        // Compared without symbolic links, as git compares the real current directory with the work tree.
        let directory = Self.real(directory)
        let root = Self.normalized(Self.real(workTree))
        var relative: [String] = []
        for argument in arguments {
            if argument.contains(where: { "*?[".contains($0) }) || argument.hasPrefix(":") {
                throw GitStateError(
                    kind: .other,
                    message: "\(argument): --path takes a literal path, not a pattern (git would match it as a glob)",
                    path: "")
            }
            let joined = argument.hasPrefix("/") ? argument : directory + "/" + argument
            let normal = Self.normalized(joined)
            // `normalized` drops a trailing slash, which git keeps: `dir/` names a directory only.
            let slash = argument.hasSuffix("/") ? "/" : ""
            if normal == root {
                relative.append("")
            } else if root == "/" || normal.hasPrefix(root + "/") {
                relative.append(String(normal.dropFirst(root == "/" ? 1 : root.count + 1)) + slash)
            } else {
                throw GitStateError(
                    kind: .other, message: "\(argument): '\(argument)' is outside repository at '\(workTree)'",
                    path: "")
            }
        }
        self.init(relativePaths: relative)
    }

    /// True when the scope is the whole work tree.
    public var isWholeTree: Bool { prefixes == [[]] }

    /// Whether `path` (relative to the root) is in the scope; `isDirectory`: `path` names a
    /// directory or a submodule, which a scope path typed as `dir/` matches (a file does not).
    func contains(_ path: some Collection<UInt8>, isDirectory: Bool = false) -> Bool {
        zip(prefixes, directoryOnly).contains { prefix, directoryOnly in
            prefix.isEmpty
                || (path.count == prefix.count && (isDirectory || !directoryOnly) && path.elementsEqual(prefix))
                || (path.count > prefix.count && path[path.index(path.startIndex, offsetBy: prefix.count)] == slash
                    && path.starts(with: prefix))
        }
    }

    func contains(_ path: String, isDirectory: Bool = false) -> Bool {
        contains(Array(path.utf8), isDirectory: isDirectory)
    }

    func contains(_ key: PathKey) -> Bool { contains(key.bytes) }

    /// A change's path, which names a submodule when either side is one.
    func contains(_ delta: Delta) -> Bool {
        contains(delta.path, isDirectory: Self.isDirectory(delta.oldMode) || Self.isDirectory(delta.newMode))
    }

    /// Whether an entry of this mode is a directory or a submodule for a path typed as `dir/`.
    static func isDirectory(_ mode: UInt32) -> Bool { mode == 0o160000 || mode == 0o040000 }

    /// This scope as git matches it in `index`: a `dir/` whose name the index holds as a submodule
    /// (or a sparse directory) matches that entry too, so the status entries and the numstat rows
    /// named `dir` are kept.
    func matchingDirectories(in index: IndexFile) -> PathScope {
        guard directoryOnly.contains(true) else { return self }
        let resolved = prefixes.indices.map { position in
            guard directoryOnly[position] else { return false }
            let exact = lowerBound(prefixes[position], in: index)..<lowerBound(prefixes[position] + [0], in: index)
            return !exact.contains { Self.isDirectory(index.entries[$0].mode) }
        }
        return PathScope(paths: paths, prefixes: prefixes, directoryOnly: resolved)
    }

    /// The scope's paths that lie strictly below the directory `path`: an untracked directory
    /// git would list whole is listed from there down instead (`? dir/sub/` for `-- dir/sub`).
    func pathsBelow(directory path: [UInt8]) -> [[UInt8]] {
        prefixes.filter { Self.isBelow($0, path) }
    }

    /// The index positions of the entries in the scope, as ascending ranges: entries are sorted
    /// by path, so each prefix holds at most two runs (`p` itself, then `p/…` after `p-x`, `p.c`),
    /// found by binary search without looking at the entries outside.
    func ranges(in index: IndexFile) -> [Range<Int>] {
        if isWholeTree { return [0..<index.entries.count] }
        var ranges: [Range<Int>] = []
        for (prefix, directoryOnly) in zip(prefixes, directoryOnly) {
            var exact = lowerBound(prefix, in: index)..<lowerBound(prefix + [0], in: index)
            if directoryOnly, !exact.allSatisfy({ Self.isDirectory(index.entries[$0].mode) }) {
                exact = exact.lowerBound..<exact.lowerBound
            }
            // Every stage of `p` itself, then everything from `p/` up to (not including) `p0`.
            let below = lowerBound(prefix + [slash], in: index)..<lowerBound(prefix + [slash + 1], in: index)
            for range in [exact, below] where !range.isEmpty { ranges.append(range) }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// The first position whose path is not below `bound` in byte order.
    private func lowerBound(_ bound: [UInt8], in index: IndexFile) -> Int {
        var low = 0
        var high = index.entries.count
        while low < high {
            let middle = (low + high) / 2
            if index.path(at: middle).lexicographicallyPrecedes(bound) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private let slash = UInt8(ascii: "/")

    /// Whether `path` lies strictly below `directory` (everything is below the root, `[]`).
    static func isBelow(_ path: [UInt8], _ directory: [UInt8]) -> Bool {
        if directory.isEmpty { return !path.isEmpty }
        return path.count > directory.count && path[directory.count] == UInt8(ascii: "/")
            && path.starts(with: directory)
    }

    /// The path without `./` in front and slashes behind, and whether it had any behind.
    private static func trimmingSlashes(_ path: String) -> (path: String, hadSlash: Bool) {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        if path == "." { return ("", false) }
        let hadSlash = path.hasSuffix("/")
        while path.hasSuffix("/") { path = path.dropLast() }
        return (String(path), hadSlash)
    }

    private static func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `.` and `..` components taken away lexically, repeated slashes collapsed.
    static func normalized(_ absolute: String) -> String {
        var components: [Substring] = []
        for component in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if !components.isEmpty { components.removeLast() }
                continue
            }
            components.append(component)
        }
        return "/" + components.joined(separator: "/")
    }
}
