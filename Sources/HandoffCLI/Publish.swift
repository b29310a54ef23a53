import ArgumentParser
import GitState
import Handoff

extension HandoffCommand {
    /// `handoff publish`: a saved handoff as a git note on HEAD, under refs/notes/handoff.
    struct Publish: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Attach a saved handoff to HEAD as a git note (refs/notes/handoff), to push with the commits.",
            discussion: """
                Stores the latest saved handoff (or the one named: N from `handoff list`, or a \
                file) as a git note on HEAD's commit under refs/notes/handoff, byte for byte. \
                This writes to the repository (objects, and the notes ref with its reflog), \
                and only this command does so, only when you run it; nothing is pushed: push \
                the notes ref yourself, or let `handoff hook install --publish` push it with \
                every push.

                A commit that has a handoff note already keeps it: the new handoff is appended \
                after a blank line, exactly as `git notes --ref=handoff append` would add it, \
                and a handoff the note holds already is not added twice. --replace replaces \
                the note instead, as `git notes --ref=handoff add -f` does (the old text stays \
                in the notes ref's history). Concurrent publishes lose nothing: each moves the \
                ref only from the commit it built on, and builds again when another publish \
                moved it first.

                Nothing unredacted is published: a handoff is redacted when saved, and publish \
                refuses a file in which the redactor still finds a secret (edited by hand, or \
                not written by handoff).

                On a detached HEAD the note goes on the checked-out commit; on an unborn branch \
                there is no commit to annotate yet, which is an error.

                Read them back with `handoff list --notes` and `handoff show --note REV`, also \
                in a fresh clone once the ref is fetched. When the remote has handoffs this \
                clone lacks, the notes push is refused (never forced): fetch them into another \
                ref and merge, `git fetch origin refs/notes/handoff:refs/notes/handoff-remote` \
                then `git notes --ref=handoff merge -s union refs/notes/handoff-remote` (a \
                commit noted on both sides then holds both texts, one after the other).

                Examples:
                  handoff publish
                  handoff publish 2 --commit HEAD~1
                  git push origin refs/notes/handoff
                  git fetch origin refs/notes/handoff:refs/notes/handoff
                  handoff list --notes
                  handoff show --note HEAD
                  git log --notes=handoff -1
                """)

        @Argument(help: ArgumentHelp("latest, N (from `handoff list`) or a file.", valueName: "latest|N|path"))
        var handoff: String?

        @Option(help: ArgumentHelp("Annotate this commit instead of HEAD's.", valueName: "rev"))
        var commit: String?

        @Flag(help: "Replace a note the commit has already (git notes add -f) instead of appending.")
        var replace = false

        @OptionGroup var location: HandoffLocation

        func execute() throws {
            let workspace = try location.workspace()
            let selected = try workspace.select(handoff)
            let publisher = HandoffPublisher(repository: workspace.repository)
            let outcome = try publisher.publish(
                selected.text, path: Paths.display(selected.path), on: commit, mode: replace ? .replace : .append)
            let name = Paths.display(selected.path)
            let short = ObjectID.short(outcome.commit)
            if let written = outcome.writtenAt {
                StandardError.warn("\(name) was written at \(ObjectID.short(written)), not at \(short)")
            }
            let ref = HandoffPublisher.notesRef
            switch outcome.write.change {
            case .added: print("Published \(name) on \(short) (\(ref))")
            case .appended: print("Published \(name) on \(short) (\(ref)), after the handoff already there")
            case .replaced: print("Published \(name) on \(short) (\(ref)), replacing the note that was there")
            case .unchanged:
                print("\(name) is published on \(short) already (\(ref)); nothing changed")
                return
            }
            print("Push it with: git push origin \(ref)")
        }
    }
}
