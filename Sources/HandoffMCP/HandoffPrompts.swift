import Handoff
import MCP

/// The prompt `handoff`: the `/handoff` slash command's instructions, for clients without
/// slash commands, with how to hand the notes to this server's `create` tool.
enum HandoffPrompts {
    static let name = "handoff"

    static let prompt = Prompt(
        name: name, title: "Write a session handoff",
        description: "Write a session handoff so the next session resumes in a minute.",
        arguments: [
            .init(
                name: "options",
                description: "--compact (only the resume command and key context) or --full (adds the diff).")
        ])

    static func get(_ name: String, arguments: [String: String]?) throws(HandoffError) -> GetPrompt.Result {
        guard name == Self.name else { throw HandoffError("unknown prompt \(name) (the one prompt is handoff)") }
        let options = arguments?["options"]?.trimmingWhitespace ?? ""
        return GetPrompt.Result(
            description: prompt.description, messages: [.user(.text(text: text(options: options)))])
    }

    /// The slash command without its front matter, its `$ARGUMENTS` filled in.
    static func text(options: String) -> String {
        var body = Substring(AgentFiles.slashCommand)
        if body.hasPrefix("---\n"), let end = body.dropFirst(4).firstRange(of: "\n---\n") {
            body = body[end.upperBound...]
        }
        let command = body.replacing(" $ARGUMENTS", with: options.isEmpty ? "" : " " + options)
        let setting =
            options.contains("--compact") ? " with compact set" : options.contains("--full") ? " with full set" : ""
        return command + """

            With the handoff MCP server connected, call its `create` tool\(setting) instead of running the \
            command: the same notes as its arguments (done, in_progress, todo, blocked, decisions, learnings, \
            files, gotchas, next, tests), or the Markdown above as `notes`.

            """
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
