/// Finds the operation in progress from the files git leaves in its directory,
/// with the precedence `git status` uses to describe it.
struct OperationDetector {
    /// The worktree's own git directory (where MERGE_HEAD and friends live).
    let gitDirectory: String

    func detect() -> OperationState {
        // git's wt_status_get_state, then wt_longstatus_print_state's order:
        // merge, am, rebase, cherry-pick, revert; bisect only when none of those.
        if exists("MERGE_HEAD") { return .merge }
        if exists("rebase-apply") {
            return exists("rebase-apply/applying") ? .am : .rebase
        }
        if exists("rebase-merge") { return .rebase }
        let sequencerCommand = lastSequencerCommand()
        if holdsObjectID("CHERRY_PICK_HEAD") || sequencerCommand == .cherryPick { return .cherryPick }
        if holdsObjectID("REVERT_HEAD") || sequencerCommand == .revert { return .revert }
        if exists("BISECT_LOG") { return .bisect }
        return .none
    }

    private func exists(_ name: String) -> Bool {
        FilePath.exists(gitDirectory + "/" + name)
    }

    /// True when the pseudo-ref's file starts with an object id, as git checks.
    private func holdsObjectID(_ name: String) -> Bool {
        guard let text = FilePath.readText(gitDirectory + "/" + name) else { return false }
        let word = text.prefix { !$0.isWhitespace }
        return word.count == 40 && word.allSatisfy(\.isHexDigit)
    }

    /// git's sequencer_get_last_command: the first word of `sequencer/todo`.
    private func lastSequencerCommand() -> OperationState? {
        guard let text = FilePath.readText(gitDirectory + "/sequencer/todo") else { return nil }
        let trimmed = text.drop { " \t\r\n".contains($0) }
        let word = trimmed.prefix { $0 != " " && $0 != "\t" }
        guard word.endIndex < trimmed.endIndex else { return nil }
        switch word {
        case "pick", "p": return .cherryPick
        case "revert": return .revert
        default: return nil
        }
    }
}
