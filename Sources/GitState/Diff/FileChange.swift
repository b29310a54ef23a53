/// One file of `git diff BASE` (a commit's tree against the work tree): what kind of change
/// it is, its hunks as git's hunk headers give them, and the lines it adds.
public struct FileChange: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case added, deleted, modified, renamed, copied, typeChanged
    }

    /// The path after the change (for a rename, the new name), relative to the work tree.
    public var path: String
    /// The path before a rename or copy; `nil` otherwise.
    public var oldPath: String?
    public var kind: Kind
    /// The file modes before and after (`0o100644`, `0o100755`, `0o120000`…); `nil` on the side
    /// where the file does not exist.
    public var oldMode: UInt32?
    public var newMode: UInt32?
    /// True when git would say "Binary files … differ" (attributes or content).
    public var binary: Bool
    /// The size of the new side in bytes; `nil` for a deleted file.
    public var newSize: Int?
    public var hunks: [DiffHunk]

    public init(
        path: String, oldPath: String? = nil, kind: Kind, oldMode: UInt32? = nil,
        newMode: UInt32? = nil, binary: Bool = false, newSize: Int? = nil, hunks: [DiffHunk] = []
    ) {
        self.path = path
        self.oldPath = oldPath
        self.kind = kind
        self.oldMode = oldMode
        self.newMode = newMode
        self.binary = binary
        self.newSize = newSize
        self.hunks = hunks
    }

    /// True when both sides exist and their modes differ (`git diff`'s "old mode / new mode").
    public var modeChanged: Bool {
        guard let oldMode, let newMode else { return false }
        return oldMode != newMode
    }

    /// Every added line of every hunk, in order.
    public var addedLines: [AddedLine] { hunks.flatMap(\.addedLines) }
}

/// One hunk of a patch: `@@ -oldStart,oldCount +newStart,newCount @@ functionContext`.
public struct DiffHunk: Sendable, Equatable {
    public var oldStart: Int
    public var oldCount: Int
    public var newStart: Int
    public var newCount: Int
    /// The text git prints after the second `@@` (the enclosing function or section, found by
    /// the file's diff driver); empty when git prints none.
    public var functionContext: String
    public var addedLines: [AddedLine]
    /// The numbers, in the old file, of the lines it removes.
    public var removedLines: [Int]

    public init(
        oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, functionContext: String,
        addedLines: [AddedLine] = [], removedLines: [Int] = []
    ) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.functionContext = functionContext
        self.addedLines = addedLines
        self.removedLines = removedLines
    }
}

/// A line the diff adds: its number in the new file and its text without the line ending.
public struct AddedLine: Sendable, Equatable {
    public var number: Int
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

extension FileChange {
    /// The added lines that are conflict markers (seven `<`, `=`, `>` or `|`, then a space or
    /// the line's end): the lines `git diff --check` calls "leftover conflict marker". Only
    /// added lines count, so a marker-like line the file already had is not reported again.
    public var addedConflictMarkers: [AddedLine] {
        binary ? [] : addedLines.filter { ConflictMarker.isMarker(Array($0.text.utf8)) }
    }
}
