import ArgumentParser
import FoundationEssentials
import Handoff

extension HandoffCommand {
    /// `handoff learn "[Category] rule"`: record a learning now, for LEARNED.md and the next handoff.
    struct Learn: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "learn",
            abstract: "Record a rule learned the hard way, now.",
            discussion: """
                Appends "- [Category] rule" to .claude/LEARNED.md (created with a short header \
                when absent; the same line is never added twice) and keeps it for the next \
                handoff, whose Learnings Captured takes it in. Secrets in the text become \
                [redacted:<kind>]. `handoff replay KEYWORDS` finds it again.

                Examples:
                  handoff learn "[Testing] run git with a fixed clock in tests"
                  handoff learn "[Build] libgit2-dev must be installed before swift build"
                """)

        @Argument(
            help: ArgumentHelp("The rule, \"[Category] rule\" (no bracket: category General).", valueName: "learning"))
        var learning: String

        @Option var repository: RepositoryOption = .currentDirectory

        func execute() throws {
            let redacted = Redactor().redact(learning)
            let parsed = NoteSyntax.learning(redacted.text)
            guard !parsed.rule.allSatisfy(\.isWhitespace) else {
                throw HandoffError("a learning needs a rule: \"[Category] rule\", got \"\(learning)\"")
            }
            let project = try repository.project()
            let added = try LearnedFile.append(parsed, workTree: project.workTree)
            if added {
                try PendingLearnings(gitDirectory: project.gitDirectory).record(
                    parsed, at: HandoffClock().timestamp)
            }
            if !redacted.findings.isEmpty {
                StandardError.warn("a possible secret in the learning was redacted")
            }
            let line = "[\(parsed.category)] \(parsed.rule)"
            print(
                added
                    ? "Learned: \(line) (\(LearnedFile.relativePath))"
                    : "Already in \(LearnedFile.relativePath): \(line)")
        }
    }
}
