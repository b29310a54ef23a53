import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Reading git notes: `git notes --ref=REF show OBJECT` and `git notes --ref=REF list`.
extension Repository {
    /// The object `revision` names, not peeled, as `git notes show REV` takes it (an annotated
    /// tag's own id, not its commit's).
    public func objectID(_ revision: String) throws(GitStateError) -> String {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, revision)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            throw GitStateError(kind: .invalidReference, message: "unknown revision \(revision)", path: gitDirectory)
        }
        if code == GIT_EAMBIGUOUS.rawValue {
            throw GitStateError(
                kind: .invalidReference, message: "ambiguous revision \(revision): give more digits",
                path: gitDirectory)
        }
        try LibGit2.check(code, kind: .invalidReference, path: gitDirectory)
        guard let object else {
            throw GitStateError(kind: .invalidReference, message: "unknown revision \(revision)", path: gitDirectory)
        }
        defer { git_object_free(object) }
        return git_object_id(object).pointee.hex
    }

    /// The commit HEAD names, or `nil` on an unborn branch.
    public func headCommitID() throws(GitStateError) -> String? {
        try HeadReader(repository: self).read().oid?.hex
    }

    /// The note on `object` under `ref`, or `nil` when it has none (or the ref does not exist).
    public func note(on object: String, ref: String) throws(GitStateError) -> Note? {
        guard var oid = git_oid(hex: object) else {
            throw GitStateError(kind: .invalidReference, message: "not an object id: \(object)", path: gitDirectory)
        }
        var note: OpaquePointer?
        let code = git_note_read(&note, pointer, ref, &oid)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, path: gitDirectory)
        guard let note else { return nil }
        defer { git_note_free(note) }
        let blob = git_note_id(note).pointee
        return Note(object: object, blob: blob.hex, text: try blobText(blob))
    }

    /// Every note under `ref`, in the notes tree's order (`git notes list`'s: by annotated
    /// object id); empty when the ref does not exist.
    public func notes(ref: String) throws(GitStateError) -> [Note] {
        var iterator: OpaquePointer?
        let code = git_note_iterator_new(&iterator, pointer, ref)
        if code == GIT_ENOTFOUND.rawValue { return [] }
        try LibGit2.check(code, path: gitDirectory)
        guard let iterator else { return [] }
        defer { git_note_iterator_free(iterator) }
        var notes: [Note] = []
        while true {
            var blob = git_oid()
            var object = git_oid()
            let next = git_note_next(&blob, &object, iterator)
            if next == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(next, path: gitDirectory)
            notes.append(Note(object: object.hex, blob: blob.hex, text: try blobText(blob)))
        }
        return notes.sorted { $0.object < $1.object }
    }

    /// A blob's bytes, all of them (a note's text may hold NUL bytes `git_note_message` would cut at).
    func blobText(_ id: git_oid) throws(GitStateError) -> String {
        var oid = id
        let blob = try makeHandle(path: gitDirectory, kind: .missingObject, free: git_blob_free) {
            git_blob_lookup($0, pointer, &oid)
        }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let bytes = git_blob_rawcontent(blob.pointer) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: size), as: UTF8.self)
    }
}
