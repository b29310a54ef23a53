import GitState

/// Merges every file the session changed (its commits and the working tree) with the user's
/// descriptions, one entry per path, in path order.
///
/// Line counts add up the session's committed counts, the staged counts and the unstaged counts.
struct FilesTouchedBuilder {
    var committed: [LineCounts]?
    var staged: [LineCounts]
    var unstaged: [LineCounts]
    var status: [StatusEntry]
    var notes: [FileNote]
    /// What git says changed, file by file (`nil` when it could not tell).
    var changes: [FileChange]? = nil

    func build() -> [TouchedFile] {
        var files: [String: TouchedFile] = [:]
        var order: [String] = []

        func touch(_ path: String, state: FileState, _ update: (inout TouchedFile) -> Void = { _ in }) {
            if files[path] == nil {
                files[path] = TouchedFile(path: path, added: nil, deleted: nil, binary: false, states: [], note: nil)
                order.append(path)
            }
            if !files[path]!.states.contains(state) { files[path]!.states.append(state) }
            update(&files[path]!)
        }

        func count(_ entries: [LineCounts], state: FileState) {
            for entry in entries {
                touch(entry.path, state: state) { file in
                    if entry.isBinary {
                        file.binary = true
                    } else {
                        file.added = (file.added ?? 0) + (entry.add ?? 0)
                        file.deleted = (file.deleted ?? 0) + (entry.del ?? 0)
                    }
                }
            }
        }

        count(committed ?? [], state: .committed)
        count(staged, state: .staged)
        count(unstaged, state: .unstaged)
        for entry in status {
            if entry.isUntracked { touch(entry.path, state: .untracked) }
            if entry.isConflicted { touch(entry.path, state: .conflicted) }
            if entry.isStaged { touch(entry.path, state: .staged) }
            if entry.isUnstaged { touch(entry.path, state: .unstaged) }
        }
        for note in notes {
            let path = OwnOutputFilter.normalise(note.path)
            let known = files[path] != nil
            touch(path, state: known ? files[path]!.states.first ?? .noted : .noted) { file in
                file.note = [file.note, note.description].compactMap { $0 }.joined(separator: "; ")
            }
        }
        for change in changes ?? [] where files[change.path] != nil {
            files[change.path]!.change = ChangeFacts(change)
        }
        // A collapsed untracked folder: the diff lists the files below it.
        for path in files.keys where path.hasSuffix("/") && files[path]?.change == nil {
            let inside = (changes ?? []).filter { $0.path.hasPrefix(path) }.count
            if inside > 0 {
                var facts = ChangeFacts(kind: .added)
                facts.folderFiles = inside
                files[path]!.change = facts
            }
        }
        return order.sorted().compactMap { files[$0] }
    }
}
