import Handoff
import MCP

/// One tool of the server: its definition (name, description, input schema) and its call.
protocol HandoffTool: Sendable {
    static var definition: Tool { get }
    /// Runs the call in the server's repository; a `HandoffError` is the call's failure, with
    /// the message the CLI prints.
    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput
}

extension HandoffTool {
    /// The names the schema lists: any other argument is refused.
    static var argumentNames: Set<String> {
        Set(definition.inputSchema.objectValue?["properties"]?.objectValue?.keys.map { $0 } ?? [])
    }
}

/// What a tool answers: the text the CLI prints, and the same facts as JSON where they have a
/// shape of their own.
struct ToolOutput {
    var text: String
    var structured: Value?

    init(text: String, structured: Value? = nil) {
        self.text = text
        self.structured = structured
    }
}

/// Where the server runs: the repository named at start-up (`-C`), made absolute once.
struct ServerContext: Sendable {
    let base: String

    init(base: String) {
        self.base = Paths.absolute(base, from: Paths.currentDirectory())
    }

    func project(bareMessage: String = "handoffs need a work tree") throws(HandoffError) -> Project {
        try Project(base: base, bareMessage: bareMessage)
    }
}
