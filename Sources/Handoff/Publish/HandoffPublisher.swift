import GitState

/// Publishes a saved handoff as a git note on a commit, under `refs/notes/handoff`, so it
/// travels with the commits (`git push origin refs/notes/handoff`) and a fresh clone that
/// fetched the ref reads it back.
///
/// The text is published as saved, byte for byte, and only when the redactor finds nothing in
/// it: a saved handoff is redacted already, so a finding means the file was edited (or is not
/// one handoff wrote), and a secret pushed in a note is as public as one pushed in a commit.
public struct HandoffPublisher {
    public static let notesRef = "refs/notes/handoff"

    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    public struct Outcome: Sendable, Equatable {
        public var write: NoteWrite
        /// The commit the note is on.
        public var commit: String
        /// The HEAD the handoff recorded when it was written, when it differs from `commit`.
        public var writtenAt: String?
    }

    /// Publishes `text` (the handoff saved at `path`) on `revision`, or HEAD's commit.
    public func publish(_ text: String, path: String, on revision: String?, mode: NoteWriteMode)
        throws(HandoffError) -> Outcome
    {
        let findings = Redactor().redact(text).findings
        if !findings.isEmpty {
            let kinds = findings.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            throw HandoffError(
                "\(path) holds what looks like a secret (\(kinds)); not publishing it: remove it, or write a new handoff (handoffs are redacted when saved)"
            )
        }
        do {
            let commit: String
            if let revision {
                commit = try repository.objectID(revision)
            } else {
                guard let head = try repository.headCommitID() else {
                    throw HandoffError(
                        "HEAD has no commit yet (unborn branch): a note needs a commit to sit on; commit first, then publish"
                    )
                }
                commit = head
            }
            let write = try repository.addNote(text, on: commit, ref: Self.notesRef, mode: mode)
            let recorded = RecordedState.read(from: text)?.head
            return Outcome(write: write, commit: commit, writtenAt: recorded == commit ? nil : recorded)
        } catch let error as HandoffError {
            throw error
        } catch let error as GitStateError {
            throw HandoffError(error.description)
        } catch {
            throw HandoffError("\(error)")
        }
    }
}
