import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff init [--remove]`: plug handoff into coding agents (Claude Code, AGENTS.md readers).
    struct Init: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Set the project up for coding agents (or take that out again with --remove).",
            discussion: """
                Adds, at the work tree's root, without changing anything already there:
                  .claude/commands/handoff.md  the /handoff slash command: what to gather, piped \
                into `handoff --notes - $ARGUMENTS` (--compact, --full)
                  .claude/settings.json        three hooks, merged with the existing keys and hooks:
                                               SessionStart: \(AgentFiles.sessionStartCommand)
                                               PreCompact:   \(AgentFiles.preCompactCommand)
                                               SessionEnd:   \(AgentFiles.sessionEndCommand)
                  AGENTS.md                    a short section (between <!-- handoff:begin --> and \
                <!-- handoff:end -->) on writing and reading handoffs
                  .mcp.json                    with --mcp: the MCP server (`handoff-mcp`) for Claude Code, \
                merged with the servers there; the lines for other clients are printed

                Running it again changes nothing. A malformed settings.json is reported and left \
                as it is; if any file cannot be written, none is. The original bytes of every \
                file it changes are kept in the git folder (handoff/init-backup), so \
                `handoff init --remove` puts them back exactly; a file edited since loses only \
                what init added.

                Examples:
                  handoff init
                  handoff init --mcp
                  handoff init --remove
                  handoff init -C path/to/repo
                """)

        @Flag(help: "Take out everything init added, restoring the original files.")
        var remove = false

        @Flag(help: "Also register the MCP server (handoff-mcp) in .mcp.json, and print how other clients start it.")
        var mcp = false

        @Option var repository: RepositoryOption = .currentDirectory

        func execute() throws {
            let project = try repository.project()
            let setup = ProjectSetup(workTree: project.workTree, gitDirectory: project.gitDirectory)
            let outcome = remove ? try setup.remove() : try setup.install(mcp: mcp)
            for line in outcome.lines { print(line) }
            for warning in outcome.warnings { StandardError.warn(warning) }
        }
    }
}
