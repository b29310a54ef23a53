import Foundation
import Testing

@testable import GitState

/// Notes written and read through libgit2's notes API, compared with `git notes`.
@Suite struct NotesDifferentialTests {
    static let ref = "refs/notes/handoff"

    /// A repository with `count` commits and an identity in its config (GitState reads it there:
    /// the test process has no GIT_COMMITTER_* variables of its own).
    private func repository(commits count: Int) throws -> (GitRepo, [String]) {
        let repo = try GitRepo()
        try repo.git(["config", "user.name", "Grace Hopper"])
        try repo.git(["config", "user.email", "grace@example.com"])
        var commits: [String] = []
        for index in 1...count { commits.append(try repo.commitFile("f\(index).txt", "\(index)\n")) }
        return (repo, commits)
    }

    private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test func aNoteWrittenHereIsWhatGitShowsAndLists() throws {
        let (repo, commits) = try repository(commits: 3)
        let repository = try Repository(discoveringFrom: repo.path)
        let text = "# Session Handoff\n\n  indented, trailing space \n\n\n\nno final newline"
        let first = try repository.addNote(text, on: commits[0], ref: Self.ref, mode: .append)
        #expect(first.change == .added)
        #expect(first.attempts == 1)
        let second = try repository.addNote("second\n", on: commits[2], ref: Self.ref, mode: .append)
        #expect(second.change == .added)

        // Byte for byte: no stripspace (git notes add -m would clean the text up; -C keeps it).
        #expect(try repo.git(["notes", "--ref=handoff", "show", commits[0]]) == text)
        #expect(try repo.git(["notes", "--ref=handoff", "show", commits[2]]) == "second\n")
        let listed = try repo.git(["notes", "--ref=handoff", "list"]).split(separator: "\n").map(String.init)
        let ours = try repository.notes(ref: Self.ref)
        #expect(ours.map { "\($0.blob) \($0.object)" } == listed)
        #expect(ours.count == 2)
        #expect(try repository.note(on: commits[1], ref: Self.ref) == nil)
        #expect(try repository.note(on: commits[0], ref: Self.ref)?.text == text)
        #expect(try repository.note(on: commits[0], ref: "refs/notes/none") == nil)
        #expect(try repository.notes(ref: "refs/notes/none") == [])
        // The notes ref's commit, with its parent the first note's commit.
        #expect(trimmed(try repo.git(["rev-parse", Self.ref])) == second.notesCommit.hex)
        #expect(trimmed(try repo.git(["rev-parse", Self.ref + "^"])) == first.notesCommit.hex)
        #expect(try repo.git(["fsck", "--no-progress", "--strict"]).isEmpty)
    }

    @Test func appendAndReplaceAreGitNotesAppendAndAddForce() throws {
        let (repo, commits) = try repository(commits: 1)
        let head = commits[0]
        let repository = try Repository(discoveringFrom: repo.path)
        let texts = ["first handoff\n", "second handoff\n", "third, no newline"]
        var writes: [NoteWrite] = []
        for text in texts { writes.append(try repository.addNote(text, on: head, ref: Self.ref, mode: .append)) }
        #expect(writes.map(\.change) == [.added, .appended, .appended])
        let again = try repository.addNote(texts[1], on: head, ref: Self.ref, mode: .append)
        #expect(again.change == .unchanged, "a handoff the note holds is not added twice")
        #expect(again.notesCommit == writes[2].notesCommit, "nothing was written")

        // git's own append, from the same texts as blobs, under another ref: the same blob.
        var blobs: [String] = []
        for text in texts { blobs.append(trimmed(try repo.git(["hash-object", "-w", "--stdin"], input: text))) }
        try repo.git(["notes", "--ref=gitcheck", "add", "-C", blobs[0], head])
        try repo.git(["notes", "--ref=gitcheck", "append", "-C", blobs[1], head])
        try repo.git(["notes", "--ref=gitcheck", "append", "-C", blobs[2], head])
        let gits = try repo.git(["notes", "--ref=gitcheck", "show", head])
        #expect(try repo.git(["notes", "--ref=handoff", "show", head]) == gits)
        #expect(writes[2].note.blob == trimmed(try repo.git(["notes", "--ref=gitcheck", "list", head])))

        let replaced = try repository.addNote("replacement\n", on: head, ref: Self.ref, mode: .replace)
        #expect(replaced.change == .replaced)
        let replacement = trimmed(try repo.git(["hash-object", "-w", "--stdin"], input: "replacement\n"))
        try repo.git(["notes", "--ref=gitcheck", "add", "-f", "-C", replacement, head])
        #expect(
            try repo.git(["notes", "--ref=handoff", "show", head])
                == (try repo.git(["notes", "--ref=gitcheck", "show", head])))
        #expect(try repository.addNote("replacement\n", on: head, ref: Self.ref, mode: .replace).change == .unchanged)
        // The replaced text stays in the ref's history.
        #expect(try repo.git(["show", Self.ref + "^:" + head]) == gits)
    }

    @Test func notesGitWroteAreReadAndKeptWhenOneIsAdded() throws {
        let (repo, commits) = try repository(commits: 3)
        try repo.git(["notes", "--ref=handoff", "add", "-m", "by git", commits[0]])
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(try repository.note(on: commits[0], ref: Self.ref)?.text == "by git\n")
        _ = try repository.addNote("by handoff\n", on: commits[1], ref: Self.ref, mode: .append)
        #expect(try repo.git(["notes", "--ref=handoff", "show", commits[0]]) == "by git\n")
        #expect(try repo.git(["notes", "--ref=handoff", "show", commits[1]]) == "by handoff\n")
        // A note added by git after ours, on a packed ref: still built upon.
        try repo.git(["pack-refs", "--all"])
        try repo.git(["notes", "--ref=handoff", "add", "-m", "by git again", commits[2]])
        _ = try repository.addNote("more\n", on: commits[0], ref: Self.ref, mode: .append)
        #expect(try repo.git(["notes", "--ref=handoff", "show", commits[0]]) == "by git\n\nmore\n")
        #expect(try repo.git(["notes", "--ref=handoff", "list"]).split(separator: "\n").count == 3)
    }

    @Test func threadsAddingNotesAtOnceLoseNone() async throws {
        let (repo, commits) = try repository(commits: 6)
        let path = repo.path
        let ref = Self.ref
        let writers = 8
        let rounds = 6
        // Each thread its own Repository (a handle is not shared), each writing a note per round:
        // on its own commit in round 0, then all on the first commit, at the same time.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let repository = try Repository(discoveringFrom: path)
                    for round in 0..<rounds {
                        let target = round == 0 ? commits[writer % commits.count] : commits[0]
                        _ = try repository.addNote("note \(writer).\(round)\n", on: target, ref: ref, mode: .append)
                    }
                }
            }
            try await group.waitForAll()
        }
        var expected: [String] = []
        for writer in 0..<writers {
            for round in 0..<rounds { expected.append("note \(writer).\(round)") }
        }
        var found: [String] = []
        for commit in commits {
            let text = try repo.git(["notes", "--ref=handoff", "show", commit], allowFailure: true)
            found += text.split(separator: "\n").map(String.init)
        }
        #expect(found.sorted() == expected.sorted())
        #expect(
            trimmed(try repo.git(["rev-list", "--count", ref])) == String(writers * rounds),
            "one notes commit per write")
    }

    @Test func revisionsAreResolvedAsGitNotesTakesThem() throws {
        let (repo, commits) = try repository(commits: 2)
        try repo.git(["tag", "-a", "-m", "annotated", "v1", commits[0]])
        let repository = try Repository(discoveringFrom: repo.path)
        for revision in ["HEAD", "HEAD~1", "v1", "main", String(commits[0].prefix(9))] {
            #expect(try repository.objectID(revision) == trimmed(try repo.git(["rev-parse", revision])), "\(revision)")
        }
        #expect(try repository.headCommitID() == commits[1])
        #expect(throws: GitStateError.self) { try repository.objectID("no-such-branch") }
    }
}
