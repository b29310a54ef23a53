/// One git note: the object it annotates and the blob holding its text.
///
/// Both ids are full hexadecimal object ids, as `git notes list` prints them (blob first there).
public struct Note: Sendable, Equatable, Hashable {
    /// The annotated object (a commit, for the notes handoff publishes).
    public var object: String
    /// The blob that holds the note's text.
    public var blob: String
    /// The note's bytes as UTF-8 text, exactly as stored (`git notes show` prints them as they are).
    public var text: String

    public init(object: String, blob: String, text: String) {
        self.object = object
        self.blob = blob
        self.text = text
    }
}

/// What adding a note did to the object's note.
public enum NoteChange: String, Sendable, Equatable {
    /// The object had no note; it has this one now.
    case added
    /// The object had a note; the text was added after it, as `git notes append` adds it.
    case appended
    /// The object had a note; it is this text now, as `git notes add -f` leaves it.
    case replaced
    /// The note held the text already: nothing was written.
    case unchanged
}

/// How a new text meets a note the object has already.
public enum NoteWriteMode: Sendable, Equatable {
    /// `git notes append`: the old text, a blank line, the new text (the new text alone when
    /// there was none). A text the note holds already is not added twice.
    case append
    /// `git notes add -f`: the new text replaces the old (which stays in the notes ref's history).
    case replace
}

/// The outcome of one note write.
public struct NoteWrite: Sendable, Equatable {
    public var change: NoteChange
    /// The object's note after the write.
    public var note: Note
    /// The notes ref's commit after the write (unchanged for `.unchanged`).
    public var notesCommit: ObjectID
    /// How many times the notes ref was read and a compare-and-swap tried (1 without contention).
    public var attempts: Int
}
