import ArgumentParser
import Handoff

extension HandoffCommand {
    /// `handoff mcp`: says where the MCP server is. It is an executable of its own
    /// (`handoff-mcp`), which links the Foundation this one does not, and handoff never starts
    /// another process, so this cannot run it: a client configured with `handoff mcp` gets the
    /// reason on stderr instead of a silent failure.
    struct MCP: HandoffSubcommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Say how to run the MCP server (handoff-mcp).",
            discussion: """
                The Model Context Protocol server is its own executable, \(MCPRegistration.command), \
                installed next to handoff: configure the client to run it in the repository. \
                `handoff init --mcp` registers it in .mcp.json for Claude Code and prints the \
                lines for other clients.
                """)

        func execute() throws {
            throw HandoffError(
                "the MCP server is its own executable: configure the client to run \(MCPRegistration.command) (`handoff init --mcp` registers it in .mcp.json)"
            )
        }
    }
}
