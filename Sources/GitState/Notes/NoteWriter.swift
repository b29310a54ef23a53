import CLibGit2

#if canImport(Glibc)
import Glibc
#endif

/// Adds a note to an object under a notes ref, without ever losing a note another process
/// adds at the same time.
///
/// Each attempt reads the ref, builds the new notes commit on the commit it read
/// (`git_note_commit_create`, which writes objects only), then moves the ref only if it still
/// points there (`git_reference_create_matching`: under the ref's lock file, the current value
/// is compared with the one read). When another writer moved the ref, or holds its lock, or
/// created it first, the attempt starts again from the ref's new commit, so the other writer's
/// notes are in the parent of ours. `git_note_create`, which moves the ref itself, would leave
/// the retry to the caller with no way to tell a moved ref from any other failure.
struct NoteWriter {
    let repository: Repository
    let ref: String

    /// The reflog message git would write is "notes: Notes added by 'git notes add'".
    static let reflogMessage = "notes: Notes added by 'handoff publish'"

    func write(_ text: String, on object: String, mode: NoteWriteMode, maxAttempts: Int) throws(GitStateError)
        -> NoteWrite
    {
        let path = repository.gitDirectory
        guard var target = git_oid(hex: object) else {
            throw GitStateError(kind: .invalidReference, message: "not an object id: \(object)", path: path)
        }
        guard !text.isEmpty else {
            throw GitStateError(kind: .other, message: "refusing to add an empty note", path: path)
        }
        let author = try NoteIdentity.resolve(.author, in: repository).signature(path: path)
        let committer = try NoteIdentity.resolve(.committer, in: repository).signature(path: path)
        for attempt in 1...maxAttempts {
            let parent = try currentCommit()
            var existing: Note?
            if let parent { existing = try note(on: &target, in: parent) }
            let change: NoteChange
            let wanted: String
            switch (existing, mode) {
            case (nil, _):
                change = .added
                wanted = text
            case (let old?, .append):
                if Self.holds(old.text, text) {
                    return NoteWrite(
                        change: .unchanged, note: old, notesCommit: parent.map { ObjectID(commitID($0)) } ?? .zero,
                        attempts: attempt)
                }
                change = .appended
                wanted = Self.appending(text, to: old.text)
            case (let old?, .replace):
                if old.text == text {
                    return NoteWrite(
                        change: .unchanged, note: old, notesCommit: parent.map { ObjectID(commitID($0)) } ?? .zero,
                        attempts: attempt)
                }
                change = .replaced
                wanted = text
            }
            var commit = git_oid()
            var blob = git_oid()
            try LibGit2.check(
                git_note_commit_create(
                    &commit, &blob, repository.pointer, parent?.pointer,
                    UnsafePointer(UnsafeMutablePointer<git_signature>(author.pointer)),
                    UnsafePointer(UnsafeMutablePointer<git_signature>(committer.pointer)), &target, wanted, 1),
                path: path)
            // A ref read as missing is expected to be still missing: the zero id. libgit2
            // checks a given old value under the ref's lock; without one (`nil`) it checks only
            // that the ref is missing before it takes the lock, so two first writers could both
            // pass and the second overwrite the first's note (seen once in 8 concurrent
            // publishes on a loaded machine).
            var expected = parent.map(commitID) ?? git_oid()
            var reference: OpaquePointer?
            let code = git_reference_create_matching(
                &reference, repository.pointer, ref, &commit, 1, &expected, Self.reflogMessage)
            if let reference { git_reference_free(reference) }
            if code == 0 {
                return NoteWrite(
                    change: change, note: Note(object: object, blob: blob.hex, text: wanted),
                    notesCommit: ObjectID(commit),
                    attempts: attempt)
            }
            if !Self.isContention(code) {
                try LibGit2.check(code, path: path + "/" + ref)
                throw GitStateError(kind: .other, message: "libgit2 error \(code) moving \(ref)", path: path)
            }
            // Another writer moved the ref, holds its lock, or created it: wait a little
            // (longer as contention goes on, jittered so writers do not retry in step), then
            // build on what it wrote.
            usleep(UInt32.random(in: 200...1_000) * UInt32(min(attempt, 20)))
        }
        throw GitStateError(
            kind: .other,
            message: "\(ref) kept moving: gave up after \(maxAttempts) attempts to add the note; try again",
            path: path)
    }

    /// The ref moved (`EMODIFIED`), is locked by another writer (`ELOCKED`), or was created
    /// by another writer since it was read as missing (`EEXISTS`).
    static func isContention(_ code: Int32) -> Bool {
        code == GIT_EMODIFIED.rawValue || code == GIT_ELOCKED.rawValue || code == GIT_EEXISTS.rawValue
    }

    /// `git notes append`'s text: the old note, a blank line, the new text (git 2.39 inserts one
    /// newline before the new text; a note git wrote ends with one).
    static func appending(_ text: String, to old: String) -> String {
        old.isEmpty ? text : old + "\n" + text
    }

    /// True when `note` holds `text` as one of its appended parts already (or is it).
    static func holds(_ note: String, _ text: String) -> Bool {
        note == text || note.hasPrefix(text + "\n") || note.hasSuffix("\n" + text) || note.contains("\n" + text + "\n")
    }

    /// The notes ref's commit now, or `nil` when the ref does not exist yet.
    private func currentCommit() throws(GitStateError) -> Handle? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, repository.pointer, ref)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, kind: .invalidReference, path: repository.gitDirectory + "/" + ref)
        return try makeHandle(path: repository.gitDirectory, kind: .missingObject, free: git_commit_free) {
            git_commit_lookup($0, repository.pointer, &oid)
        }
    }

    private func note(on target: inout git_oid, in commit: Handle) throws(GitStateError) -> Note? {
        var note: OpaquePointer?
        let code = git_note_commit_read(&note, repository.pointer, commit.pointer, &target)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, path: repository.gitDirectory)
        guard let note else { return nil }
        defer { git_note_free(note) }
        let blob = git_note_id(note).pointee
        return Note(object: target.hex, blob: blob.hex, text: try repository.blobText(blob))
    }

    private func commitID(_ commit: Handle) -> git_oid {
        git_commit_id(commit.pointer).pointee
    }
}

extension Repository {
    /// Adds `text` as the note on `object` under `ref` (a full ref name: `refs/notes/handoff`),
    /// appending to or replacing a note it has already; concurrent writers lose nothing.
    /// This is the one place GitState writes to a repository.
    public func addNote(
        _ text: String, on object: String, ref: String, mode: NoteWriteMode, maxAttempts: Int = 200
    ) throws(GitStateError) -> NoteWrite {
        try NoteWriter(repository: self, ref: ref).write(text, on: object, mode: mode, maxAttempts: maxAttempts)
    }
}
