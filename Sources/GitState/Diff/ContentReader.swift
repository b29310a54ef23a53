import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Reads the content git would compare for one side of a change: a blob,
/// a gitlink's "Subproject commit" line, or a work-tree file after git's
/// clean filters (end-of-line conversion and the like).
struct ContentReader {
    let repository: Repository
    /// Where attributes could apply; where none can, libgit2's lookups are skipped.
    private let attributes: AttributeFileProbe
    /// Whether `core.autocrlf` converts line endings even without attributes.
    private let autocrlfMayConvert: Bool

    init(repository: Repository) {
        self.repository = repository
        attributes = AttributeFileProbe(repository: repository)
        autocrlfMayConvert = Self.autocrlfMayConvert(repository)
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

    /// The path to give libgit2's diff: an empty one where no attribute can apply, so it skips
    /// the diff-driver lookup (the driver is then git's default, as it would be anyway).
    /// Not `nil`: libgit2 1.5.1 names a path-less side "file" and looks that up instead.
    private func diffPath(_ path: String) -> String {
        attributes.anyMayApply(to: path) ? path : ""
    }

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
        default:
            return try filteredFile(relativePath, full: full)
        }
    }

    private func filteredFile(_ relativePath: String, full: String) throws(GitStateError) -> [UInt8]? {
        // Without attributes, and with `core.autocrlf` off, libgit2's clean filters (end of line,
        // `ident`, `filter=`) all pass the content through unchanged.
        if !autocrlfMayConvert && !attributes.anyMayApply(to: relativePath) { return FilePath.read(full) }
        var filters: OpaquePointer?
        let code = git_filter_list_load(&filters, repository.pointer, nil, relativePath, GIT_FILTER_TO_ODB, 0)
        try LibGit2.check(code, path: full)
        guard let filters else { return FilePath.read(full) }
        defer { git_filter_list_free(filters) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try LibGit2.check(git_filter_list_apply_to_file(&buffer, filters, repository.pointer, relativePath), path: full)
        guard let pointer = buffer.ptr else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: buffer.size))
    }

    /// `--numstat`'s counts for a stored blob against new content, with the
    /// repository's attributes (`-diff`, `binary`) deciding what is binary.
    func lineCounts(old: git_oid, against new: [UInt8], path: String) throws(GitStateError) -> LineCounts {
        let blob = try self.blob(old)
        var patch: OpaquePointer?
        let diffPath = diffPath(path)
        let code = new.withUnsafeBytes { bytes in
            git_patch_from_blob_and_buffer(
                &patch, blob?.pointer, diffPath, bytes.baseAddress, bytes.count, diffPath, nil)
        }
        return try LineCounter.counts(of: patch, code: code, path: path)
    }

    /// `--numstat`'s counts between two stored blobs (a zero id for a side that is absent).
    func lineCounts(old: git_oid, new: git_oid, path: String) throws(GitStateError) -> LineCounts {
        let oldBlob = try blob(old)
        let newBlob = try blob(new)
        var patch: OpaquePointer?
        let diffPath = diffPath(path)
        let code = git_patch_from_blobs(&patch, oldBlob?.pointer, diffPath, newBlob?.pointer, diffPath, nil)
        return try LineCounter.counts(of: patch, code: code, path: path)
    }

    private func blob(_ oid: git_oid) throws(GitStateError) -> Handle? {
        var id = oid
        if git_oid_is_zero(&id) == 1 { return nil }
        try LooseObject.verify(id, in: repository)
        return try makeHandle(path: repository.gitDirectory, kind: .missingObject, free: git_blob_free) {
            git_blob_lookup($0, repository.pointer, &id)
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
