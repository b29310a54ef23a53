import GitState
import Testing

@testable import Handoff

/// What a Files Touched row says for the kinds of change that name no section.
@Suite struct ChangePhraseTests {
    @Test func aDeletedFileIsOnlyDeleted() {
        let change = FileChange(
            path: "TODO.txt", kind: .deleted, oldMode: 0o100644,
            hunks: [
                DiffHunk(oldStart: 1, oldCount: 1, newStart: 0, newCount: 0, functionContext: "", removedLines: [1])
            ])
        #expect(ChangePhrase(facts: ChangeFacts(change)).plain == "deleted")
    }

    @Test func anUntrackedFolderSaysHowManyFiles() {
        var facts = ChangeFacts(kind: .added)
        facts.folderFiles = 1
        #expect(ChangePhrase(facts: facts).plain == "new folder, 1 file")
        facts.folderFiles = 3
        #expect(ChangePhrase(facts: facts).plain == "new folder, 3 files")
        #expect(ChangePhrase(facts: ChangeFacts(kind: .added)).plain == "new file")
    }
}
