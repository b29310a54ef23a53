/// The pattern of one attributes line, and whether a file's path matches it, by git's rules
/// (`parse_path_pattern`, then `match_basename` or `match_pathname` in `dir.c`).
///
/// - A pattern without a slash matches a file's name in any directory below its file's;
///   one with a slash (a leading one too) matches the path relative to that directory,
///   where `*` stays within one directory and `**` spans many.
/// - A trailing slash makes a pattern match directories only: never a file.
/// - Under `core.ignorecase` both kinds match without case (git's `fspathncmp`, `WM_CASEFOLD`).
struct AttributePattern {
    private let bytes: [UInt8]
    /// How many leading bytes hold no glob character (`simple_length`), at most the pattern's length.
    private let literalLength: Int
    private let directoriesOnly: Bool
    /// No slash in the pattern (git's `PATTERN_FLAG_NODIR`).
    private let matchesName: Bool
    /// `*literal`: a suffix test (`PATTERN_FLAG_ENDSWITH`).
    private let isSuffix: Bool

    /// `nil` for a negative pattern (`!pattern`), which git ignores in attributes.
    init?(_ text: [UInt8]) {
        if text.first == UInt8(ascii: "!") { return nil }
        var bytes = text[...]
        directoriesOnly = bytes.last == UInt8(ascii: "/")
        if directoriesOnly { bytes = bytes.dropLast() }
        self.bytes = Array(bytes)
        matchesName = !bytes.contains(UInt8(ascii: "/"))
        // Counted on the text before the trailing slash went, as git does, then capped.
        literalLength = min(text.firstIndex(where: Wildmatch.isGlobSpecial) ?? text.count, bytes.count)
        isSuffix = text.first == UInt8(ascii: "*") && !text.dropFirst().contains(where: Wildmatch.isGlobSpecial)
    }

    /// Whether the file at `path` (relative to the work tree) matches, for a pattern read from
    /// the attributes file of `directory` ("" for the root and the files outside the work tree).
    /// `path` lies inside `directory`; `nameStart` is where its last component begins.
    func matches(_ path: ArraySlice<UInt8>, nameStart: Int, directory: Int, ignoreCase: Bool) -> Bool {
        if directoriesOnly { return false }
        if matchesName { return matchesBasename(path[nameStart...], ignoreCase: ignoreCase) }
        return matchesPathname(path, directoryLength: directory, ignoreCase: ignoreCase)
    }

    private func matchesBasename(_ name: ArraySlice<UInt8>, ignoreCase: Bool) -> Bool {
        if literalLength == bytes.count {
            return name.count == bytes.count && Self.equal(name, bytes[...], ignoreCase: ignoreCase)
        }
        if isSuffix {
            let suffix = bytes.dropFirst()
            return suffix.count <= name.count && Self.equal(name.suffix(suffix.count), suffix, ignoreCase: ignoreCase)
        }
        return Wildmatch.matches(bytes, name, options: ignoreCase ? .caseFold : [])
    }

    private func matchesPathname(_ path: ArraySlice<UInt8>, directoryLength: Int, ignoreCase: Bool) -> Bool {
        var pattern = bytes[...]
        var literal = literalLength
        if pattern.first == UInt8(ascii: "/") {
            pattern = pattern.dropFirst()
            literal -= 1
        }
        // The path below the directory (the directory itself is the path's own, by construction).
        var name = directoryLength == 0 ? path : path.dropFirst(directoryLength + 1)
        if literal > 0 {
            guard literal <= name.count,
                Self.equal(pattern.prefix(literal), name.prefix(literal), ignoreCase: ignoreCase)
            else { return false }
            pattern = pattern.dropFirst(literal)
            name = name.dropFirst(literal)
            if pattern.isEmpty && name.isEmpty { return true }
        }
        return Wildmatch.matches(pattern, name, options: ignoreCase ? [.pathname, .caseFold] : .pathname)
    }

    /// Byte equality, or ASCII equality without case (`strncasecmp` in git's C locale).
    private static func equal(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, ignoreCase: Bool) -> Bool {
        guard a.count == b.count else { return false }
        if !ignoreCase { return a.elementsEqual(b) }
        return zip(a, b).allSatisfy { lowered($0) == lowered($1) }
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { Wildmatch.isUpper(byte) ? byte + 32 : byte }
}
