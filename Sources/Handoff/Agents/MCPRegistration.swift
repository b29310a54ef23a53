/// The handoff MCP server's entry in `.mcp.json` at the work tree's root (Claude Code's project
/// scope), which `handoff init --mcp` adds and `handoff init --remove` takes out, and the lines
/// that say how other clients start it.
///
/// Clients run the server's own executable, `handoff-mcp`, in the repository: handoff never
/// starts a process itself, so `handoff` cannot hand the session over to it.
public enum MCPRegistration {
    public static let path = ".mcp.json"
    public static let serverName = "handoff"
    public static let command = "handoff-mcp"

    /// `"handoff": {"command": "handoff-mcp", "args": []}` under `mcpServers`.
    public static let entry = JSONValue.object([("command", .string(command)), ("args", .array([]))])

    /// The configuration with the server added (existing servers and keys kept, in order); `nil`
    /// when a server of that name is there already (init's, or one of the user's own, left alone).
    public static func adding(to configuration: JSONValue) throws(HandoffError) -> JSONValue? {
        guard case .object = configuration else { throw HandoffError("the top level is not a JSON object") }
        let servers = configuration["mcpServers"] ?? .object([])
        guard case .object = servers else { throw HandoffError("\"mcpServers\" is not a JSON object") }
        if servers[serverName] != nil { return nil }
        return configuration.setting("mcpServers", to: servers.setting(serverName, to: entry))
    }

    /// The configuration without the server (and without `mcpServers` when left empty); `nil`
    /// when the server is not there as init writes it.
    public static func removing(from configuration: JSONValue) -> JSONValue? {
        guard let servers = configuration["mcpServers"], servers[serverName] == entry else { return nil }
        let rest = servers.removing(serverName)
        return rest == .object([])
            ? configuration.removing("mcpServers") : configuration.setting("mcpServers", to: rest)
    }

    /// How other clients start the server, for `handoff init --mcp` to print.
    public static let otherClients = [
        "other MCP clients start `\(command)` in the repository (stdio):",
        "  Claude Code, user scope: claude mcp add \(serverName) -- \(command)",
        "  Codex (~/.codex/config.toml): [mcp_servers.\(serverName)] command = \"\(command)\"",
        "  Cursor (.cursor/mcp.json), Gemini CLI (.gemini/settings.json): {\"mcpServers\": {\"\(serverName)\": {\"command\": \"\(command)\"}}}",
        "  VS Code (.vscode/mcp.json): {\"servers\": {\"\(serverName)\": {\"type\": \"stdio\", \"command\": \"\(command)\"}}}",
        "  Zed (settings.json): {\"context_servers\": {\"\(serverName)\": {\"command\": \"\(command)\", \"args\": []}}}",
    ]
}
