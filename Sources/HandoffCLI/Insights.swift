import ArgumentParser
import FoundationEssentials
import Handoff

#if canImport(Glibc)
import Glibc
#endif

extension HandoffCommand {
    /// `handoff insights`: patterns across the saved sessions.
    struct Insights: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "insights",
            abstract: "Show patterns across past sessions, from the saved handoffs.",
            discussion: """
                Reads every handoff in this worktree's handoff folder (and, with --archive, a \
                CI archive's, as its index.jsonl lists them) and shows: sessions per week, \
                commits and minutes per session, how often work was left incomplete, the test \
                trend, the most-touched files and folders, blockers and gotchas that come back \
                (similar wording counts as the same: half their words shared), and the \
                learnings by category. Nothing is written unless you ask for --html.

                In a terminal the rows carry sparklines (▁▂▃▄▅▆▇█; plain ASCII when the output \
                is not a terminal or NO_COLOR is set). A session's minutes run from its \
                `handoff start` (or the previous handoff) to its handoff; the commits are those \
                the handoff counted.

                --json prints one object (schema handoff-insights/1): sessions, first_day, \
                last_day, incomplete, commits {sessions,total,mean,median}, duration_minutes \
                {…}, tests {sessions,passing,failing}, weeks [{week,sessions,commits,\
                incomplete}], timeline [the last 60 sessions], files and directories \
                [{path,sessions}], blockers and gotchas [{text,sessions,variants}], learnings \
                [{category,count,rules}], unreadable.

                --html FILE writes one self-contained page (inline SVG charts, no script, \
                nothing fetched when viewed), never over an existing file.

                Examples:
                  handoff insights
                  handoff insights --archive ci-handoffs
                  handoff insights --json | jq '.gotchas[0]'
                  handoff insights --html insights.html && xdg-open insights.html
                """)

        @Option(
            help: ArgumentHelp("Also read the CI archive in this folder (its index.jsonl).", valueName: "dir"))
        var archive: String?

        @Flag(help: "Print one JSON object instead of the table.")
        var json = false

        @Option(help: ArgumentHelp("Write a self-contained HTML page to this new file.", valueName: "file"))
        var html: String?

        @Flag(help: "Sparklines in plain ASCII even in a terminal.")
        var ascii = false

        @OptionGroup var location: HandoffLocation

        func execute() throws {
            let base = Paths.currentDirectory()
            let archiveFolder = archive.map { Paths.absolute($0, from: base) }
            // With --archive alone, a CI job outside any work tree can read it.
            let folder: String?
            do throws(HandoffError) {
                folder = try location.workspace().folder
            } catch {
                if archiveFolder == nil || location.dir != nil { throw error }
                folder = nil
            }
            let insights = SessionInsights(try HandoffCollection(folder: folder, archive: archiveFolder))
            if let html {
                try InsightsPage(insights).write(to: Paths.absolute(html, from: base))
            }
            if json {
                print(insights.json, terminator: "")
            } else if html == nil {
                let unicode = !ascii && isatty(1) == 1 && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
                print(InsightsTable(insights, unicode: unicode).text, terminator: "")
            }
        }
    }
}
