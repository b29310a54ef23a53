import CLibGit2

/// `git diff`'s patch text for a libgit2 diff whose renames and copies GitState pairs itself
/// (`RenamePairing`, as for status and the numstats): libgit2's text for every other file, and
/// for a pair git's own header (`similarity index`, `rename from`/`to` or `copy from`/`to`, the
/// `index` line) over the patch of its two contents.
///
/// The diff must have been made without `GIT_DIFF_INCLUDE_TYPECHANGE`: git prints a type change
/// as a deletion and an addition, and neither half is a rename candidate.
struct PatchText {
    let diff: Handle
    let rule: RenameRule
    let content: ContentReader
    /// Hex digits of the object ids on `index` lines (libgit2's, for the other files: 7 unless
    /// `core.abbrev` says otherwise).
    let abbreviation: Int
    let path: String

    func text() throws(GitStateError) -> String {
        let deltas = Diff(handle: diff).deltas
        let pairs = try renames(deltas)
        var gone: Set<Int> = []
        for pair in pairs.values where !pair.match.isCopy { gone.insert(pair.source) }
        var text = ""
        for position in deltas.indices where !gone.contains(position) {
            if let pair = pairs[position] {
                text += try renameText(source: deltas[pair.source], destination: deltas[position], pair: pair)
            } else {
                text += try libgit2Text(at: position)
            }
        }
        return text
    }

    /// A destination's pairing: its source's position, git's match, and the destination's content.
    private struct Pair {
        var source: Int
        var match: RenamePairing.Match
        var new: [UInt8]
    }

    /// The destinations git pairs, by position.
    private func renames(_ deltas: [Delta]) throws(GitStateError) -> [Int: Pair] {
        guard rule.detection != .off else { return [:] }
        let deleted = Set(deltas.filter { $0.kind == .deleted }.map(\.path))
        let typeChanged = Set(deltas.filter { $0.kind == .added && deleted.contains($0.path) }.map(\.path))
        let destinations = deltas.indices.filter { deltas[$0].kind == .added && !typeChanged.contains(deltas[$0].path) }
        let sources = deltas.indices.filter {
            (deltas[$0].kind == .deleted && !typeChanged.contains(deltas[$0].path))
                || (rule.detection == .copies && deltas[$0].kind == .modified)
        }
        guard !destinations.isEmpty, !sources.isEmpty else { return [:] }
        // The new side of `git diff HEAD` is the work tree's file (the index's where there is none).
        var newContents: [String: [UInt8]] = [:]
        var destinationFiles: [RenamePairing.File] = []
        for position in destinations {
            let delta = deltas[position]
            var found = try content.workTreeContent(delta.path)
            if found == nil { found = try content.content(oid: delta.newOID, mode: delta.newMode) }
            let bytes = found ?? []
            newContents[delta.path] = bytes
            destinationFiles.append(.init(path: delta.path, oid: BlobID(bytes), mode: delta.newMode))
        }
        let pairing = RenamePairing(copies: rule.detection == .copies, limit: rule.limit) {
            file, isSource throws(GitStateError) in
            let bytes = isSource ? try content.content(oid: file.oid, mode: file.mode) : newContents[file.path] ?? []
            return (bytes, content.isBinaryForDiff(bytes, path: file.path))
        }
        let matches = try pairing.matches(
            sources: sources.map {
                RenamePairing.Source(
                    file: .init(path: deltas[$0].oldPath, oid: deltas[$0].oldOID, mode: deltas[$0].oldMode),
                    stays: deltas[$0].kind != .deleted)
            },
            destinations: destinationFiles)
        var pairs: [Int: Pair] = [:]
        for (index, match) in matches.enumerated() {
            guard let match else { continue }
            let position = destinations[index]
            pairs[position] = Pair(
                source: sources[match.source], match: match, new: newContents[deltas[position].path] ?? [])
        }
        return pairs
    }

    private func libgit2Text(at position: Int) throws(GitStateError) -> String {
        var patch: OpaquePointer?
        try LibGit2.check(git_patch_from_diff(&patch, diff.pointer, position), path: path)
        guard let patch else { return "" }
        defer { git_patch_free(patch) }
        return try Self.text(of: patch, path: path)
    }

    private static func text(of patch: OpaquePointer, path: String) throws(GitStateError) -> String {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try LibGit2.check(git_patch_to_buf(&buffer, patch), path: path)
        guard let text = buffer.ptr else { return "" }
        return withNameTabs(String(decoding: UnsafeRawBufferPointer(start: text, count: buffer.size), as: UTF8.self))
    }

    /// git ends a `---` or `+++` line with a tab when its name holds a space (`builtin_diff`'s
    /// `name_a_tab`), so that the name's end is clear; libgit2 does not. Only the header, before
    /// the first hunk, is looked at.
    static func withNameTabs(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            let line = lines[index]
            if line.hasPrefix("@@ ") || line.hasPrefix("Binary files ") { break }
            guard line.hasPrefix("--- ") || line.hasPrefix("+++ "), line.dropFirst(4).contains(" ") else { continue }
            lines[index] = line + "\t"
        }
        return lines.joined(separator: "\n")
    }

    /// git's text for a rename or copy (`fill_metainfo`, `builtin_diff`): the modes when they
    /// differ, the similarity and the two names, the `index` line when the contents differ, then
    /// "Binary files … differ" or the hunks.
    private func renameText(source: Delta, destination: Delta, pair: Pair) throws(GitStateError) -> String {
        let oldPath = source.oldPath
        let newPath = destination.path
        let oldMode = source.oldMode
        let newMode = destination.newMode
        var text = "diff --git \(GitQuoted.path(oldPath, prefix: "a/")) \(GitQuoted.path(newPath, prefix: "b/"))\n"
        if oldMode != newMode { text += "old mode \(Self.octal(oldMode))\nnew mode \(Self.octal(newMode))\n" }
        let word = pair.match.isCopy ? "copy" : "rename"
        text += "similarity index \(pair.match.score * 100 / Similarity.maxScore)%\n"
        text += "\(word) from \(GitQuoted.path(oldPath))\n\(word) to \(GitQuoted.path(newPath))\n"
        var newID = BlobID(pair.new)
        var oldID = source.oldOID
        guard git_oid_equal(&oldID, &newID) == 0 else { return text }
        text += "index \(String(oldID.hex.prefix(abbreviation)))..\(String(newID.hex.prefix(abbreviation)))"
        text += (oldMode == newMode ? " \(Self.octal(oldMode))" : "") + "\n"
        let old = try content.content(oid: source.oldOID, mode: oldMode)
        if content.isBinaryForDiff(old, path: oldPath) || content.isBinaryForDiff(pair.new, path: newPath) {
            return text
                + "Binary files \(GitQuoted.path(oldPath, prefix: "a/")) and \(GitQuoted.path(newPath, prefix: "b/")) differ\n"
        }
        var patch: OpaquePointer?
        defer { git_patch_free(patch) }
        let code = old.withUnsafeBytes { oldBytes in
            pair.new.withUnsafeBytes { newBytes in
                git_patch_from_buffers(
                    &patch, oldBytes.baseAddress, oldBytes.count, oldPath, newBytes.baseAddress, newBytes.count,
                    newPath, nil)
            }
        }
        try LibGit2.check(code, path: path)
        guard let patch else { return text }
        // libgit2's own header for two buffers ends where the `---` line starts: keep the rest.
        let body = Array(try Self.text(of: patch, path: path).utf8)
        let marker = Array("\n--- ".utf8)
        guard let start = body.indices.first(where: { body[$0...].starts(with: marker) }) else { return text }
        return text + String(decoding: body[(start + 1)...], as: UTF8.self)
    }

    private static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

/// git's quoting of a path in a patch (`quote_c_style` under `core.quotePath`, its default): in
/// double quotes, with C escapes, when it holds a control byte, a quote, a backslash or a byte
/// above 0x7f (as three octal digits).
enum GitQuoted {
    static func path(_ path: String, prefix: String = "") -> String {
        let bytes = Array((prefix + path).utf8)
        let needsQuotes = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x7F }
        guard needsQuotes else { return prefix + path }
        var result = "\""
        for byte in bytes {
            switch byte {
            case 7: result += "\\a"
            case 8: result += "\\b"
            case 9: result += "\\t"
            case 10: result += "\\n"
            case 11: result += "\\v"
            case 12: result += "\\f"
            case 13: result += "\\r"
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0..<0x20, 0x7F...:
                let digits = String(byte, radix: 8)
                result += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
            default: result.append(Character(Unicode.Scalar(byte)))
            }
        }
        return result + "\""
    }
}
