import Handoff
import MCP

#if canImport(Glibc)
import Glibc
#endif

// `handoff-mcp [-C path]`: the handoff MCP server, on standard input and output.
let options = ServerOptions.parse(Array(CommandLine.arguments.dropFirst()))
let server = HandoffServer(context: ServerContext(base: options.base))
do {
    try await server.run()
} catch {
    StandardError.write("handoff-mcp: \(error)")
    exit(1)
}
exit(0)
