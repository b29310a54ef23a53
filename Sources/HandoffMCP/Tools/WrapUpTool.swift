import Foundation
import Handoff
import MCP

/// `wrap_up`: the checklist before stopping, as `handoff wrap-up --json` prints it. Something
/// left to do is an answer (`ready: false`), not a failure: the CLI's exit status 1 has no
/// counterpart in a tool's result.
enum WrapUpTool: HandoffTool {
    static let definition = Tool(
        name: "wrap_up",
        description: """
            Check what is left before stopping, never changing anything: uncommitted changes, stashes, \
            unpushed or behind commits, an operation in progress, conflict markers, TODO/FIXME lines added \
            (path:line), debug leftovers, secrets, large files, the session's last test result, and what the \
            handoff will miss. Each check with its status (ok, block, look) and where to look, a verdict and \
            a suggested commit message. The JSON of `handoff wrap-up --json`; call it before create.
            """,
        inputSchema: Schema.object([
            "tests": Schema.string("This test result instead of the session's: \"23 passed, 1 failed\"."),
            "junit": Schema.string("Read the test result from this JUnit XML report (relative to the repository)."),
        ]),
        annotations: .init(readOnlyHint: true, openWorldHint: false)
    )

    static func call(_ arguments: ToolArguments, in context: ServerContext) throws(HandoffError) -> ToolOutput {
        let tests = try arguments.string("tests")
        let junit = try arguments.string("junit")
        if tests != nil && junit != nil { throw HandoffError("tests and junit cannot be combined") }
        let project = try context.project()
        let wrapUp = Handoff.WrapUp(
            settings: try WrapUpSettings.read(workTree: project.workTree),
            givenTests: try TestEvidence.given(tests: tests, junit: junit, from: context.base))
        let report = try wrapUp.check(repository: project.repository)
        let json = WrapUpRenderer.json(report, settings: wrapUp.settings)
        let structured: Value
        do {
            structured = try JSONDecoder().decode(Value.self, from: Data(json.utf8))
        } catch {
            throw HandoffError("cannot read the wrap-up's JSON: \(error)")
        }
        return ToolOutput(text: json.hasSuffix("\n") ? String(json.dropLast()) : json, structured: structured)
    }
}
