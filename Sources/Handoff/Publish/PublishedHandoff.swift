import GitState

/// A handoff published as a note on a commit, read back from `refs/notes/handoff`.
///
/// A note may hold several handoffs appended one after another (`handoff publish` on the same
/// commit twice): `record` is the last one's, the newest.
public struct PublishedHandoff: Sendable {
    public let note: Note
    /// `nil` when the note holds nothing this tool recorded (a note someone wrote by hand).
    public let record: RecordedState?

    public init(note: Note) {
        self.note = note
        record = RecordedState.read(from: Self.lastHandoff(in: note.text))
    }

    /// The last of the handoffs appended in a note's text: what follows the state comment of
    /// the one before it (Markdown), or the last object that starts a line after a blank one
    /// (JSON). Read whole, the text would give the first handoff's resume command.
    static func lastHandoff(in text: String) -> String {
        if text.first(where: { !$0.isWhitespace }) == "{" {
            guard let start = text.ranges(of: "\n\n{").last else { return text }
            return String(text[text.index(after: text.index(after: start.lowerBound))...])
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let states = lines.indices.filter { lines[$0].hasPrefix(RecordedState.statePrefix) }
        guard states.count >= 2 else { return text }
        return lines[(states[states.count - 2] + 1)...].joined(separator: "\n")
    }

    /// The commit's id, short.
    public var shortObject: String { ObjectID.short(note.object) }

    /// Every published handoff, newest first (by the time recorded; notes without one last,
    /// then by object id, as `git notes list` orders them).
    public static func all(in repository: Repository) throws(HandoffError) -> [PublishedHandoff] {
        let notes: [Note]
        do {
            notes = try repository.notes(ref: HandoffPublisher.notesRef)
        } catch {
            throw HandoffError(error.description)
        }
        // Each key parses a recorded time: made once per note, not once per comparison.
        let keyed: [(time: Double, handoff: PublishedHandoff)] = notes.map { note in
            let handoff = PublishedHandoff(note: note)
            return (handoff.record?.date?.timeIntervalSince1970 ?? -Double.infinity, handoff)
        }
        let sorted = keyed.sorted { left, right in
            left.time != right.time ? left.time > right.time : left.handoff.note.object < right.handoff.note.object
        }
        return sorted.map(\.handoff)
    }

    /// The handoff published on `revision`.
    public static func on(_ revision: String, in repository: Repository) throws(HandoffError) -> PublishedHandoff {
        do {
            let object = try repository.objectID(revision)
            guard let note = try repository.note(on: object, ref: HandoffPublisher.notesRef) else {
                throw HandoffError(
                    "no handoff published on \(revision) (\(ObjectID.short(object))) in \(HandoffPublisher.notesRef); fetch them with git fetch origin \(HandoffPublisher.notesRef):\(HandoffPublisher.notesRef)"
                )
            }
            return PublishedHandoff(note: note)
        } catch let error as HandoffError {
            throw error
        } catch let error as GitStateError {
            throw HandoffError(error.description)
        } catch {
            throw HandoffError("\(error)")
        }
    }
}
