import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Reads the content git would compare for one side of a change: a blob,
/// a gitlink's "Subproject commit" line, or a work-tree file after git's
/// clean filters (end-of-line conversion and the like).
struct ContentReader {
    let repository: Repository
    /// Where attributes could apply; where none can, the lookups are skipped.
    private let attributes: AttributeFileProbe
    /// The attributes themselves, read by GitState (libgit2 ignores `core.ignorecase` there).
    private let rules: AttributeRules
    /// Whether `core.autocrlf` converts line endings even without attributes.
    private let autocrlfMayConvert: Bool
    private let autocrlf: LineEndingConversion.AutoCRLF
    /// The index whose copies decide git's "line endings already in the index" rule.
    private let index: IndexFile?
    /// `core.bigFileThreshold`: git counts no lines in a file larger than this (512 MiB unless set).
    let bigFileThreshold: Int

    init(repository: Repository, index: IndexFile? = nil) {
        self.repository = repository
        self.index = index
        attributes = AttributeFileProbe(repository: repository, index: index)
        rules = AttributeRules(repository: repository, index: index)
        autocrlfMayConvert = Self.autocrlfMayConvert(repository)
        autocrlf = LineEndingConversion.AutoCRLF(repository)
        bigFileThreshold = Self.bigFileThreshold(repository)
    }

    /// The threshold as git reads it (`k`, `m` and `g` suffixes; git's default when unset or unreadable).
    private static func bigFileThreshold(_ repository: Repository) -> Int {
        let standard = 512 * 1024 * 1024
        guard let config = repository.configSnapshot() else { return standard }
        var value: Int64 = 0
        guard git_config_get_int64(&value, config, "core.bigfilethreshold") == 0, value >= 0 else { return standard }
        return Int(value)
    }

    /// True unless `core.autocrlf` is unset or false (a key with no value is true, as in git;
    /// `input` and anything else that is no boolean counts as converting).
    private static func autocrlfMayConvert(_ repository: Repository) -> Bool {
        repository.configBool("core.autocrlf") ?? (repository.configString("core.autocrlf") != nil)
    }

    /// False only when no attribute file can reach `path` (a work-tree path).
    func attributesMayApply(to path: String) -> Bool {
        attributes.anyMayApply(to: path)
    }

    /// The path given to libgit2's patches: an empty one, so that libgit2 skips its own
    /// diff-driver lookup (GitState decides what is binary: `binaryByDriver`). Not `nil`:
    /// libgit2 1.5.1 names a path-less side "file" and looks that up instead.
    private static let diffPath = ""

    /// The content of an object id with a given file mode.
    func content(oid: git_oid, mode: UInt32) throws(GitStateError) -> [UInt8] {
        if mode == GIT_FILEMODE_COMMIT.rawValue {
            return Array("Subproject commit \(oid.hex)\n".utf8)
        }
        var id = oid
        if git_oid_is_zero(&id) == 1 { return [] }
        let blob = try makeHandle(path: repository.gitDirectory, kind: .missingObject, free: git_blob_free) {
            git_blob_lookup($0, repository.pointer, &id)
        }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let raw = git_blob_rawcontent(blob.pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// The content of a work-tree path as git would store it; `nil` when the path is gone.
    func workTreeContent(_ relativePath: String) throws(GitStateError) -> [UInt8]? {
        guard let root = repository.workTree else { return nil }
        let full = root + "/" + relativePath
        var info = stat()
        guard lstat(full, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = buffer.withUnsafeMutableBytes {
                readlink(full, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count)
            }
            return count < 0 ? nil : Array(buffer[0..<count])
        case S_IFDIR:
            // A checked-out submodule: its HEAD, as the index records it.
            var oid = git_oid()
            guard let inner = try? Repository(exactly: full), git_reference_name_to_id(&oid, inner.pointer, "HEAD") == 0
            else { return nil }
            return Array("Subproject commit \(oid.hex)\n".utf8)
        case S_IFREG:
            return try filteredFile(relativePath, full: full)
        default:
            // A FIFO, socket or device: no content to read (opening a FIFO would wait for a writer).
            return nil
        }
    }

    /// True where git's clean filter may change a work-tree file's content (line endings, `ident`).
    func filtersMayApply(to relativePath: String) -> Bool {
        autocrlfMayConvert || attributes.anyMayApply(to: relativePath)
    }

    /// A file's content after git's clean filters, in git's order (`convert_to_git`): line
    /// endings (`LineEndingConversion`, GitState's own), then `ident` (libgit2's filter).
    /// `filter=` drivers are external programs, which GitState never runs.
    private func filteredFile(_ relativePath: String, full: String) throws(GitStateError) -> [UInt8]? {
        // Without attributes, and with `core.autocrlf` off, every clean filter passes the content
        // through unchanged.
        guard filtersMayApply(to: relativePath) else { return FilePath.read(full) }
        guard let raw = FilePath.read(full) else { return nil }
        let values = attributeValues(relativePath)
        let conversion = LineEndingConversion(text: values[0], crlf: values[1], eol: values[2], autocrlf: autocrlf)
        let content = try conversion.toGit(raw) { () throws(GitStateError) -> [UInt8]? in
            guard let entry = index?.contentEntry(for: Array(relativePath.utf8)),
                entry.mode != GIT_FILEMODE_COMMIT.rawValue
            else { return nil }
            return try? self.content(oid: entry.oid, mode: entry.mode)
        }
        return values[3] == .set ? try collapsingIdent(content, path: full) : content
    }

    /// Whether git's diff takes this content for binary (`diff_filespec_is_binary`): what the
    /// diff driver says (`binaryByDriver`), else a file over `core.bigFileThreshold` or a NUL in
    /// its first 8,000 bytes.
    func isBinaryForDiff(_ content: [UInt8], path: String) -> Bool {
        binaryByDriver(path) ?? isBinaryContent(content)
    }

    /// git's content rule for a side no driver decides.
    private func isBinaryContent(_ content: [UInt8]) -> Bool {
        content.count > bigFileThreshold || content.prefix(8000).contains(0)
    }

    /// What `path`'s diff driver decides before any content is read (git's `userdiff`): `true`
    /// for `-diff` (and the `binary` macro), `false` for `diff` (text, whatever the content or
    /// size), a named driver's `diff.<name>.binary` where it is set, else `nil`: the content decides.
    func binaryByDriver(_ path: String) -> Bool? {
        guard attributes.anyMayApply(to: path) else { return nil }
        switch rules.values(["diff"], for: path)[0] {
        case .unset: return true
        case .set: return false
        case .string(let driver): return repository.configBool("diff.\(driver).binary")
        case .unspecified: return nil
        }
    }

    /// git's verdict for a diff's two sides, which is binary when either side is (`builtin_diffstat`):
    /// `nil` where only the contents decide (libgit2's own check, which is git's, then applies).
    private func binaryVerdict(
        oldPath: String, newPath: String, old: () throws(GitStateError) -> [UInt8],
        new: () throws(GitStateError) -> [UInt8]
    ) throws(GitStateError) -> Bool? {
        let oldDriver = binaryByDriver(oldPath)
        let newDriver = oldPath == newPath ? oldDriver : binaryByDriver(newPath)
        switch (oldDriver, newDriver) {
        case (nil, nil): return nil
        case (true, _), (_, true): return true
        case (false, false): return false
        case (false, nil): return isBinaryContent(try new())
        case (nil, false): return isBinaryContent(try old())
        }
    }

    /// The `text`, `crlf`, `eol` and `ident` attributes of a work-tree path.
    private func attributeValues(_ relativePath: String) -> [AttributeValue] {
        rules.values(["text", "crlf", "eol", "ident"], for: relativePath)
    }

    /// `$Id: ...$` back to `$Id$`, through libgit2's `ident` filter alone.
    private func collapsingIdent(_ content: [UInt8], path: String) throws(GitStateError) -> [UInt8] {
        var list: OpaquePointer?
        try LibGit2.check(git_filter_list_new(&list, repository.pointer, GIT_FILTER_TO_ODB, 0), path: path)
        guard let list else { return content }
        defer { git_filter_list_free(list) }
        try LibGit2.check(git_filter_list_push(list, git_filter_lookup("ident"), nil), path: path)
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let code = content.withUnsafeBytes { bytes in
            git_filter_list_apply_to_buffer(
                &buffer, list, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        try LibGit2.check(code, path: path)
        guard let pointer = buffer.ptr else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: buffer.size))
    }

    /// `--numstat`'s counts for a stored blob against new content, with the
    /// repository's attributes (`-diff`, `binary`, `diff`) deciding what is binary.
    func lineCounts(old: git_oid, against new: [UInt8], path: String) throws(GitStateError) -> LineCounts {
        let blob = try self.blob(old)
        let verdict = try binaryVerdict(oldPath: path, newPath: path, old: { Self.bytes(of: blob) }, new: { new })
        if verdict == true { return LineCounts(path: path, add: nil, del: nil) }
        var options = LineCounter.options(forcingText: verdict == false)
        var patch: OpaquePointer?
        let code = new.withUnsafeBytes { bytes in
            git_patch_from_blob_and_buffer(
                &patch, blob?.pointer, Self.diffPath, bytes.baseAddress, bytes.count, Self.diffPath, &options)
        }
        return try LineCounter.counts(
            of: patch, code: code, path: path, binaryAbove: verdict == false ? Int.max : bigFileThreshold)
    }

    /// `--numstat`'s counts between two stored blobs (a zero id for a side that is absent);
    /// `oldPath` for a rename's or copy's source, whose attributes count too.
    func lineCounts(old: git_oid, new: git_oid, path: String, oldPath: String? = nil) throws(GitStateError)
        -> LineCounts
    {
        let oldBlob = try blob(old)
        let newBlob = try blob(new)
        let verdict = try binaryVerdict(
            oldPath: oldPath ?? path, newPath: path, old: { Self.bytes(of: oldBlob) }, new: { Self.bytes(of: newBlob) })
        if verdict == true { return LineCounts(path: path, add: nil, del: nil) }
        var options = LineCounter.options(forcingText: verdict == false)
        var patch: OpaquePointer?
        let code = git_patch_from_blobs(
            &patch, oldBlob?.pointer, Self.diffPath, newBlob?.pointer, Self.diffPath, &options)
        return try LineCounter.counts(
            of: patch, code: code, path: path, binaryAbove: verdict == false ? Int.max : bigFileThreshold)
    }

    /// `--numstat`'s counts between two contents, the attributes of `path` (and of `oldPath`,
    /// a rename's source) deciding what is binary, as for stored blobs.
    func lineCounts(old: [UInt8], new: [UInt8], path: String, oldPath: String? = nil) throws(GitStateError)
        -> LineCounts
    {
        let verdict = try binaryVerdict(oldPath: oldPath ?? path, newPath: path, old: { old }, new: { new })
        if verdict == true { return LineCounts(path: path, add: nil, del: nil) }
        return try LineCounter.count(
            old: old, new: new, path: path, binaryAbove: bigFileThreshold, forcingText: verdict == false)
    }

    /// A blob's bytes (none for an absent side).
    private static func bytes(of blob: Handle?) -> [UInt8] {
        guard let blob, let raw = git_blob_rawcontent(blob.pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: Int(git_blob_rawsize(blob.pointer))))
    }

    private func blob(_ oid: git_oid) throws(GitStateError) -> Handle? {
        var id = oid
        if git_oid_is_zero(&id) == 1 { return nil }
        try LooseObject.verify(id, in: repository)
        return try makeHandle(path: repository.gitDirectory, kind: .missingObject, free: git_blob_free) {
            git_blob_lookup($0, repository.pointer, &id)
        }
    }

    /// True for a FIFO, socket or device at a work-tree path: git calls a tracked file replaced
    /// by one modified, and cannot count its lines (its `git diff` stops with "unsupported file type").
    func isSpecialFile(_ relativePath: String) -> Bool {
        guard let root = repository.workTree else { return false }
        return FilePath.isSpecialFile(root + "/" + relativePath)
    }

    /// The mode git would give a work-tree path (a link, a submodule's directory, an executable
    /// or a plain file); 0 when it is gone.
    func workTreeMode(_ relativePath: String) -> UInt32 {
        guard let root = repository.workTree else { return 0 }
        var info = stat()
        guard lstat(root + "/" + relativePath, &info) == 0 else { return 0 }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return GIT_FILEMODE_LINK.rawValue
        case S_IFDIR: return GIT_FILEMODE_COMMIT.rawValue
        default: return info.st_mode & 0o100 != 0 ? GIT_FILEMODE_BLOB_EXECUTABLE.rawValue : GIT_FILEMODE_BLOB.rawValue
        }
    }

    /// The object id git would give a work-tree path's content.
    func workTreeOID(_ relativePath: String) throws(GitStateError) -> git_oid? {
        try workTreeContent(relativePath).map(BlobID)
    }
}

/// The object id of content stored as a blob.
func BlobID(_ content: [UInt8]) -> git_oid {
    var oid = git_oid()
    _ = content.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
    return oid
}
