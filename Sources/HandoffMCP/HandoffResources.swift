import Handoff
import MCP

/// The server's resources: the latest handoff (`handoff://latest`), each saved handoff
/// (`handoff://handoffs/<file name>`) and the session journal (`handoff://journal`).
enum HandoffResources {
    static let latest = "handoff://latest"
    static let journal = "handoff://journal"
    static let savedPrefix = "handoff://handoffs/"

    static let templates = [
        Resource.Template(
            uriTemplate: savedPrefix + "{name}", name: "handoff",
            description: "A saved handoff of .claude/handoffs, by file name (as `list` shows it).",
            mimeType: "text/markdown")
    ]

    static func list(in context: ServerContext) throws(HandoffError) -> [Resource] {
        let project = try context.project()
        let saved = HandoffFolder(path: project.folder).handoffs()
        var resources: [Resource] = []
        if let newest = saved.first {
            resources.append(
                Resource(
                    name: "latest", uri: latest, description: "The latest saved handoff (\(newest.name)).",
                    mimeType: mimeType(newest.name)))
        }
        resources += saved.map { handoff in
            Resource(
                name: handoff.name, uri: savedPrefix + handoff.name,
                description: "The handoff written \(handoff.record?.time ?? handoff.day)"
                    + (handoff.record.map { " on \($0.branchPhrase)" } ?? "") + ".",
                mimeType: mimeType(handoff.name))
        }
        resources.append(
            Resource(
                name: "journal", uri: journal,
                description: "This worktree's session journal (<git dir>/handoff/journal.jsonl): one JSON note a line.",
                mimeType: "application/jsonl"))
        return resources
    }

    /// The resource's text; a `HandoffError` when there is none (no handoff yet, an unknown name).
    static func read(_ uri: String, in context: ServerContext) throws(HandoffError) -> Resource.Content {
        let project = try context.project()
        if uri == journal {
            let path = project.store.journalPath
            let text = access(path, F_OK) == 0 ? try FileInput.readText(path) : ""
            return .text(text, uri: uri, mimeType: "application/jsonl")
        }
        let selector: String
        if uri == latest {
            selector = "latest"
        } else if uri.hasPrefix(savedPrefix), !uri.dropFirst(savedPrefix.count).isEmpty,
            !uri.dropFirst(savedPrefix.count).allSatisfy({ ("0"..."9").contains($0) })
        {
            selector = String(uri.dropFirst(savedPrefix.count))
        } else {
            throw HandoffError("unknown resource \(uri) (see resources/list)")
        }
        let selected = try project.select(selector)
        return .text(selected.text, uri: uri, mimeType: mimeType(selected.path))
    }

    static func mimeType(_ name: String) -> String {
        name.hasSuffix(".json") ? "application/json" : "text/markdown"
    }
}

#if canImport(Glibc)
import Glibc
#endif
