import CLibGit2

extension Repository {
    /// `git diff BASE` as values, for the paths a caller knows changed: each file changed
    /// between `base`'s tree (HEAD's when `nil`; nothing before the first commit) and the work
    /// tree, with its hunks, their function context (the file's `diff=<driver>` from
    /// `.gitattributes`, git's default rule otherwise) and the lines they add; renames as
    /// `diff.renames` says. Untracked files among `uncommitted` count as added, as `git add -N`
    /// would show them.
    ///
    /// `uncommitted` are the paths the status lists (a collapsed untracked directory `dir/`
    /// stands for everything below it), compared with the work tree; `committed` are those the
    /// session's commits changed (`git diff --name-only BASE HEAD`): the ones not also in
    /// `uncommitted` are compared with HEAD's tree, so a file a sparse checkout leaves out is
    /// not taken for deleted. Limiting the diff this way spares libgit2 a walk of the whole work
    /// tree, and the work-tree side reads no index (libgit2 would parse all of it: ~0.2 s at a
    /// million files): each listed file is hashed instead.
    public func changes(since base: String? = nil, committed: [String] = [], uncommitted: [String])
        throws(GitStateError) -> [FileChange]
    {
        guard let workTree else { return [] }
        let head = try HeadReader(repository: self).read().oid
        let baseOID: git_oid?
        if let base {
            guard let oid = try resolveOID(base) else {
                throw GitStateError(
                    kind: .missingObject, message: "unknown revision '\(base)' in \(gitDirectory)", path: gitDirectory)
            }
            baseOID = oid
        } else {
            baseOID = head
        }
        let old = try baseOID.map(tree(of:))
        let dirty = Set(uncommitted.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
        let committedOnly = baseOID == head ? [] : committed.filter { !dirty.contains($0) }
        // Attributes come from the work tree's `.gitattributes`, as for `lineCounts(from:)`;
        // an empty index also makes every file the base lacks an untracked one, shown whole.
        let restore = shadowIndex()
        defer { restore() }
        var result: [FileChange] = []
        if !committedOnly.isEmpty, let head {
            let new = try tree(of: head)
            var options = Self.changeOptions()
            let diff = try options.limited(toExactly: committedOnly.map { Array($0.utf8) }) {
                options throws(GitStateError) in
                try makeHandle(path: gitDirectory, free: git_diff_free) {
                    git_diff_tree_to_tree($0, pointer, old?.pointer, new.pointer, &options)
                }
            }
            result += try read(diff, path: workTree, untracked: false)
        }
        if !dirty.isEmpty {
            var options = Self.changeOptions()
            options.flags |=
                GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
                | GIT_DIFF_SHOW_UNTRACKED_CONTENT.rawValue
            let diff = try options.limited(toExactly: dirty.sorted().map { Array($0.utf8) }) {
                options throws(GitStateError) in
                try makeHandle(path: workTree, free: git_diff_free) {
                    git_diff_tree_to_workdir($0, pointer, old?.pointer, &options)
                }
            }
            result += try read(diff, path: workTree, untracked: true)
        }
        return result.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private static func changeOptions() -> git_diff_options {
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        return options
    }

    /// The diff's files, renames and copies paired as git pairs them (`RenamePairing`, as for
    /// status and the numstats; libgit2's `git_diff_find_similar` scores and breaks ties
    /// otherwise); `untracked`: files git does not track yet may be the new side of a rename (a
    /// staged `git mv` is one, with no index to say so), and their contents are the work tree's.
    private func read(_ diff: Handle, path: String, untracked: Bool) throws(GitStateError) -> [FileChange] {
        let content = ContentReader(repository: self)
        var read: [FileChangeReader.Read] = []
        for position in 0..<git_diff_num_deltas(diff.pointer) {
            guard let raw = git_diff_get_delta(diff.pointer, position)?.pointee,
                let change = try FileChangeReader.read(
                    diff: diff, position: position, path: path, content: content, newSideInWorkTree: untracked)
            else { continue }
            read.append(FileChangeReader.Read(change: change, delta: raw))
        }
        let rule = RenameSettings(repository: self).diff
        guard rule.detection != .off else { return read.map(\.change) }
        return try FileChangeReader.pairingRenames(read, rule: rule, content: content, newSideInWorkTree: untracked)
    }
}

/// Turns one delta of a libgit2 diff, and its patch, into a `FileChange`.
enum FileChangeReader {
    /// A file read from a diff, with the delta it came from.
    struct Read {
        var change: FileChange
        var delta: git_diff_delta
    }

    /// `changes` with each destination git pairs with a source turned into a rename or a copy
    /// (a renamed source's deletion goes), its patch made from the two contents.
    static func pairingRenames(
        _ changes: [Read], rule: RenameRule, content: ContentReader, newSideInWorkTree: Bool
    ) throws(GitStateError) -> [FileChange] {
        let copies = rule.detection == .copies
        let destinations = changes.indices.filter { changes[$0].change.kind == .added }
        let sources = changes.indices.filter {
            changes[$0].change.kind == .deleted
                || (copies && (changes[$0].change.kind == .modified || changes[$0].change.kind == .typeChanged))
        }
        guard !destinations.isEmpty, !sources.isEmpty else { return changes.map(\.change) }
        func newContent(_ file: RenamePairing.File) throws(GitStateError) -> [UInt8] {
            newSideInWorkTree
                ? try content.workTreeContent(file.path) ?? [] : try content.content(oid: file.oid, mode: file.mode)
        }
        let pairing = RenamePairing(copies: copies, limit: rule.limit) { file, isSource throws(GitStateError) in
            let bytes = isSource ? try content.content(oid: file.oid, mode: file.mode) : try newContent(file)
            return (bytes, content.isBinaryForDiff(bytes, path: file.path))
        }
        let sourceFiles = sources.map { index in
            let delta = changes[index].delta
            return RenamePairing.Source(
                file: .init(
                    path: changes[index].change.path, oid: delta.old_file.id, mode: UInt32(delta.old_file.mode)),
                stays: changes[index].change.kind != .deleted)
        }
        var destinationFiles: [RenamePairing.File] = []
        for index in destinations {
            let delta = changes[index].delta
            var oid = delta.new_file.id
            if newSideInWorkTree { oid = try content.workTreeOID(changes[index].change.path) ?? oid }
            destinationFiles.append(
                .init(path: changes[index].change.path, oid: oid, mode: UInt32(delta.new_file.mode)))
        }
        let matches = try pairing.matches(sources: sourceFiles, destinations: destinationFiles)
        var result = changes.map(\.change)
        var gone: Set<Int> = []
        for (position, match) in zip(destinations.indices, matches) {
            guard let match else { continue }
            let source = sourceFiles[match.source].file
            let destination = destinationFiles[position]
            result[destinations[position]] = try paired(
                source: source, destination: destination, old: content.content(oid: source.oid, mode: source.mode),
                new: newContent(destination), isCopy: match.isCopy, content: content)
            if !sourceFiles[match.source].stays { gone.insert(sources[match.source]) }
        }
        return result.indices.filter { !gone.contains($0) }.map { result[$0] }
    }

    /// A rename's or copy's change, its hunks from the two contents (binary when git takes
    /// either side for binary).
    private static func paired(
        source: RenamePairing.File, destination: RenamePairing.File, old: [UInt8], new: [UInt8], isCopy: Bool,
        content: ContentReader
    ) throws(GitStateError) -> FileChange {
        var change = FileChange(
            path: destination.path, oldPath: source.path, kind: isCopy ? .copied : .renamed, oldMode: source.mode,
            newMode: destination.mode,
            binary: content.isBinaryForDiff(old, path: source.path)
                || content.isBinaryForDiff(new, path: destination.path),
            newSize: new.count)
        guard !change.binary else { return change }
        var patch: OpaquePointer?
        defer { git_patch_free(patch) }
        let code = old.withUnsafeBytes { oldBytes in
            new.withUnsafeBytes { newBytes in
                git_patch_from_buffers(
                    &patch, oldBytes.baseAddress, oldBytes.count, source.path, newBytes.baseAddress, newBytes.count,
                    destination.path, nil)
            }
        }
        try LibGit2.check(code, path: destination.path)
        if let patch { change.hunks = try hunks(of: patch, path: destination.path) }
        return change
    }

    /// With `content`, a regular file no attribute can reach is diffed from its two contents
    /// without libgit2's repository (`git_patch_from_buffers`), which is what libgit2's own patch
    /// comes to there: its patch of a diff looks the file's attributes up twice more (the diff
    /// driver, the filters), each time taking the `realpath` of the folder and probing every
    /// `.gitattributes` above it, about 80 system calls per changed file. `newSideInWorkTree`:
    /// the new side is the work tree's file (else a stored blob).
    static func read(
        diff: Handle, position: Int, path: String, content: ContentReader? = nil, newSideInWorkTree: Bool = false
    ) throws(GitStateError) -> FileChange? {
        guard let raw = git_diff_get_delta(diff.pointer, position)?.pointee else { return nil }
        let kind: FileChange.Kind
        switch Delta.Kind(raw.status) {
        case .added, .untracked: kind = .added
        case .deleted: kind = .deleted
        case .modified, .conflicted: kind = .modified
        case .renamed: kind = .renamed
        case .copied: kind = .copied
        case .typeChanged: kind = .typeChanged
        case .ignored, .unmodified, .unreadable: return nil
        }
        let newPath = raw.new_file.path.map { String(cString: $0) }
        let oldPath = raw.old_file.path.map { String(cString: $0) }
        var patch: OpaquePointer?
        // A patch of buffers points into them (libgit2 copies nothing): they live as long as it.
        var kept: [UnsafeMutableRawBufferPointer] = []
        var fromBuffers = false
        defer {
            git_patch_free(patch)
            kept.forEach { $0.deallocate() }
        }
        if let content, let newPath, let oldPath,
            let buffers = try plainBuffers(
                raw, kind: kind, newPath: newPath, oldPath: oldPath, content: content,
                newSideInWorkTree: newSideInWorkTree)
        {
            kept = [buffers.old, buffers.new].map { bytes in
                let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
                copy.copyBytes(from: bytes)
                return copy
            }
            fromBuffers = true
            let code = git_patch_from_buffers(
                &patch, kept[0].baseAddress, buffers.old.count, oldPath, kept[1].baseAddress, buffers.new.count,
                newPath,
                nil)
            try LibGit2.check(code, path: path)
        } else {
            try LibGit2.check(git_patch_from_diff(&patch, diff.pointer, position), path: path)
        }
        var delta = patch.flatMap { git_patch_get_delta($0)?.pointee } ?? raw
        if fromBuffers, patch.map({ git_patch_get_delta($0) }) != nil {
            // A patch of buffers knows no modes and no sides that are missing: the diff's delta does.
            let binary = delta.flags & GIT_DIFF_FLAG_BINARY.rawValue
            let size = delta.new_file.size
            delta = raw
            delta.flags = (delta.flags & ~GIT_DIFF_FLAG_BINARY.rawValue) | binary
            delta.new_file.size = size
        }
        var change = FileChange(
            path: newPath ?? oldPath ?? "", oldPath: kind == .renamed || kind == .copied ? oldPath : nil, kind: kind,
            oldMode: kind == .added ? nil : UInt32(delta.old_file.mode),
            newMode: kind == .deleted ? nil : UInt32(delta.new_file.mode),
            binary: delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0,
            newSize: kind == .deleted ? nil : Int(delta.new_file.size))
        guard let patch, !change.binary else { return change }
        change.hunks = try hunks(of: patch, path: path)
        return change
    }

    /// A patch's hunks: their ranges, function context, added lines and removed line numbers.
    static func hunks(of patch: OpaquePointer, path: String) throws(GitStateError) -> [DiffHunk] {
        var result: [DiffHunk] = []
        for hunkIndex in 0..<git_patch_num_hunks(patch) {
            var hunkPointer: UnsafePointer<git_diff_hunk>?
            var lineCount = 0
            try LibGit2.check(git_patch_get_hunk(&hunkPointer, &lineCount, patch, hunkIndex), path: path)
            guard let hunk = hunkPointer?.pointee else { continue }
            var added: [AddedLine] = []
            var removed: [Int] = []
            for lineIndex in 0..<lineCount {
                var linePointer: UnsafePointer<git_diff_line>?
                try LibGit2.check(
                    git_patch_get_line_in_hunk(&linePointer, patch, hunkIndex, lineIndex), path: path)
                guard let line = linePointer?.pointee else { continue }
                if line.origin == CChar(UInt8(ascii: "+")) {
                    added.append(AddedLine(number: Int(line.new_lineno), text: text(of: line)))
                } else if line.origin == CChar(UInt8(ascii: "-")) {
                    removed.append(Int(line.old_lineno))
                }
            }
            result.append(
                DiffHunk(
                    oldStart: Int(hunk.old_start), oldCount: Int(hunk.old_lines), newStart: Int(hunk.new_start),
                    newCount: Int(hunk.new_lines), functionContext: functionContext(of: hunk), addedLines: added,
                    removedLines: removed))
        }
        return result
    }

    /// The two contents of a delta that no attribute can reach, both sides regular files (or
    /// absent), or `nil` where libgit2's own patch is needed (attributes, links, submodules,
    /// type changes, a work-tree file gone meanwhile).
    private static func plainBuffers(
        _ raw: git_diff_delta, kind: FileChange.Kind, newPath: String, oldPath: String, content: ContentReader,
        newSideInWorkTree: Bool
    ) throws(GitStateError) -> (old: [UInt8], new: [UInt8])? {
        let regular = [UInt32(GIT_FILEMODE_BLOB.rawValue), UInt32(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)]
        guard kind != .typeChanged, !content.attributesMayApply(to: newPath), !content.attributesMayApply(to: oldPath)
        else { return nil }
        let oldMode = UInt32(raw.old_file.mode)
        let newMode = UInt32(raw.new_file.mode)
        guard kind == .added || regular.contains(oldMode), kind == .deleted || regular.contains(newMode) else {
            return nil
        }
        let old = kind == .added ? [] : try content.content(oid: raw.old_file.id, mode: oldMode)
        if kind == .deleted { return (old, []) }
        if newSideInWorkTree {
            guard let new = try content.workTreeContent(newPath) else { return nil }
            return (old, new)
        }
        return (old, try content.content(oid: raw.new_file.id, mode: newMode))
    }

    /// A line's content without its line feed (a CR before it is kept, as git keeps it).
    static func text(of line: git_diff_line) -> String {
        guard let content = line.content else { return "" }
        var count = line.content_len
        content.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            if count > 0, bytes[count - 1] == UInt8(ascii: "\n") { count -= 1 }
        }
        return content.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    /// What follows the hunk range in `@@ -1,3 +1,4 @@ func name`, without the line feed.
    static func functionContext(of hunk: git_diff_hunk) -> String {
        let header = withUnsafeBytes(of: hunk.header) { Array($0.prefix(hunk.header_len)) }
        return functionContext(header: header)
    }

    static func functionContext(header: [UInt8]) -> String {
        // The range ends at the second "@@"; the context, when there is one, follows a space.
        let at = UInt8(ascii: "@")
        guard header.count > 4 else { return "" }
        var index = 2
        while index + 1 < header.count, !(header[index] == at && header[index + 1] == at) { index += 1 }
        var start = index + 2
        if start < header.count, header[start] == UInt8(ascii: " ") { start += 1 }
        var end = header.count
        while end > start, header[end - 1] == UInt8(ascii: "\n") || header[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard start < end else { return "" }
        return String(decoding: header[start..<end], as: UTF8.self)
    }
}
