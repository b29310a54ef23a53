import Handoff
import MCP

/// The handoff MCP server: the tools, resources and prompt over one stdio transport.
///
/// Calls run one at a time (the SDK hands each request to a task of its own; `Calls` is an
/// actor), each against the repository as it is then. A failure is an answer, never an exit:
/// a tool's failure is a result with `isError` and the message the CLI prints; an unknown
/// tool, resource or prompt is a JSON-RPC error with the same kind of line.
struct HandoffServer {
    static let tools: [any HandoffTool.Type] = [
        StatusTool.self, NoteTool.self, CreateTool.self, WrapUpTool.self, VerifyTool.self, ResumeTool.self,
        ReplayTool.self,
        ListTool.self, ShowTool.self,
    ]

    let context: ServerContext

    func run() async throws {
        let server = Server(
            name: "handoff", version: ServerOptions.version, title: "handoff",
            instructions: """
                Session handoffs for this git repository. At the start of a session, replay (session_start) \
                or resume and verify; as you go, note; at the end, create (the prompt handoff says what to gather).
                """,
            capabilities: .init(
                prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false),
                tools: .init(listChanged: false))
        )
        let calls = Calls(context: context)
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: Self.tools.map { $0.definition })
        }
        await server.withMethodHandler(CallTool.self) { parameters in
            guard let tool = Self.tools.first(where: { $0.definition.name == parameters.name }) else {
                let names = Self.tools.map { $0.definition.name }.joined(separator: ", ")
                throw MCPError.invalidParams("handoff: unknown tool \(parameters.name) (the tools are \(names))")
            }
            return await calls.call(tool, parameters.arguments)
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(
                resources: try await calls.run { context throws(HandoffError) in
                    try HandoffResources.list(in: context)
                })
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: HandoffResources.templates)
        }
        await server.withMethodHandler(ReadResource.self) { parameters in
            ReadResource.Result(contents: [
                try await calls.run { context throws(HandoffError) in
                    try HandoffResources.read(parameters.uri, in: context)
                }
            ])
        }
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: [HandoffPrompts.prompt])
        }
        await server.withMethodHandler(GetPrompt.self) { parameters in
            do throws(HandoffError) {
                return try HandoffPrompts.get(parameters.name, arguments: parameters.arguments)
            } catch {
                throw MCPError.invalidParams("handoff: \(error.description)")
            }
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }
}

/// Runs the calls one after another in the server's repository.
actor Calls {
    let context: ServerContext

    init(context: ServerContext) {
        self.context = context
    }

    func call(_ tool: any HandoffTool.Type, _ values: [String: Value]?) -> CallTool.Result {
        do throws(HandoffError) {
            let arguments = try ToolArguments(tool: tool.definition.name, values: values, known: tool.argumentNames)
            let output = try tool.call(arguments, in: context)
            return CallTool.Result(
                content: [.text(text: output.text, annotations: nil, _meta: nil)], structuredContent: output.structured,
                isError: false)
        } catch {
            return CallTool.Result(
                content: [.text(text: "handoff: \(error.description)", annotations: nil, _meta: nil)], isError: true)
        }
    }

    /// A resource read or list: a failure is a JSON-RPC error (resources have no error result).
    func run<T: Sendable>(_ body: (ServerContext) throws(HandoffError) -> T) throws -> T {
        do {
            return try body(context)
        } catch {
            throw MCPError.serverError(code: -32002, message: "handoff: \(error.description)")
        }
    }
}
