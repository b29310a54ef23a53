import Foundation
import Testing

/// Symbolic links where handoff writes, end to end with the built binary: a link that leads out
/// of the repository (or nowhere) is refused in one line and nothing is written through it; a
/// link inside the repository is followed; an existing file is never clobbered.
@Suite struct SymlinkSafetyTests {
    /// A repository with one commit in `repo/`, and an empty folder `outside/` beside it.
    func setUp() throws -> Workspace {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.path("outside"), withIntermediateDirectories: true)
        try workspace.git("init", "-q", "-b", "main", "repo")
        try workspace.commit("README.md", "hello\n", message: "first", in: "repo")
        return workspace
    }

    func link(_ workspace: Workspace, _ relative: String, to target: String) throws {
        let path = workspace.path(relative)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    /// Fails unless the run was refused with one line that names the link, and `outside/` is still empty.
    func expectRefused(_ result: Workspace.Result, naming link: String, _ workspace: Workspace) {
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.stderr)")
        #expect(result.stderr.contains("symbolic link"), "\(result.stderr)")
        #expect(result.stderr.contains(link), "\(result.stderr)")
        #expect(workspace.list("outside").isEmpty, "written outside: \(workspace.list("outside"))")
    }

    @Test func handoffFolderLinkedOutsideIsRefused() throws {
        let workspace = try setUp()
        try link(workspace, "repo/.claude", to: workspace.path("outside"))
        let result = try workspace.handoff(["--done", "x"], in: "repo")
        expectRefused(result, naming: ".claude", workspace)
    }

    @Test func handoffsFolderLinkedOutsideIsRefused() throws {
        let workspace = try setUp()
        try link(workspace, "repo/.claude/handoffs", to: workspace.path("outside"))
        let result = try workspace.handoff(["--done", "x"], in: "repo")
        expectRefused(result, naming: ".claude/handoffs", workspace)
    }

    @Test func danglingHandoffsLinkIsRefused() throws {
        let workspace = try setUp()
        try link(workspace, "repo/.claude/handoffs", to: workspace.path("outside/missing"))
        let result = try workspace.handoff(["--done", "x"], in: "repo")
        expectRefused(result, naming: "does not exist", workspace)
    }

    @Test func handoffsFolderLinkedInsideIsFollowed() throws {
        let workspace = try setUp()
        try FileManager.default.createDirectory(
            atPath: workspace.path("repo/docs/handoffs"), withIntermediateDirectories: true)
        try link(workspace, "repo/.claude/handoffs", to: "../docs/handoffs")
        let result = try workspace.handoff(["--done", "x"], in: "repo")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(workspace.list("repo/docs/handoffs").count == 1)
    }

    /// A handoff's own name taken by a link (to a file outside): the link and its target stay
    /// as they are, and the handoff takes the next name.
    @Test func handoffNameTakenByALinkIsSkipped() throws {
        let workspace = try setUp()
        try workspace.write("outside/victim", "keep me\n")
        let day = try #require(
            try workspace.handoff(["--done", "probe", "--output", "-"], in: "repo").stdout
                .firstMatch(of: /\d{4}-\d{2}-\d{2}/)
        ).output
        try link(workspace, "repo/.claude/handoffs/handoff-\(day).md", to: workspace.path("outside/victim"))
        let result = try workspace.handoff(["--done", "x"], in: "repo")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(workspace.read("outside/victim") == "keep me\n")
        #expect(workspace.exists("repo/.claude/handoffs/handoff-\(day)-2.md"))
    }

    @Test func explicitOutputThroughALinkedFolderIsRefused() throws {
        let workspace = try setUp()
        try link(workspace, "repo/notes", to: workspace.path("outside"))
        let result = try workspace.handoff(["--done", "x", "--output", "notes/h.md"], in: "repo")
        expectRefused(result, naming: "notes", workspace)
    }

    @Test func sessionFolderInTheGitDirectoryLinkedOutsideIsRefused() throws {
        let workspace = try setUp()
        try link(workspace, "repo/.git/handoff", to: workspace.path("outside"))
        for arguments in [["start"], ["note", "--done", "x"]] {
            let result = try workspace.handoff(arguments, in: "repo")
            expectRefused(result, naming: ".git/handoff", workspace)
        }
    }

    @Test func journalLinkedOutsideIsRefused() throws {
        let workspace = try setUp()
        try workspace.write("outside/journal", "")
        try link(workspace, "repo/.git/handoff/journal.jsonl", to: workspace.path("outside/journal"))
        let result = try workspace.handoff(["note", "--done", "x"], in: "repo")
        #expect(result.status != 0)
        #expect(result.stderr.contains("symbolic link"), "\(result.stderr)")
        #expect(workspace.read("outside/journal") == "")
    }

    @Test func learnedFileLinkedOutsideIsRefused() throws {
        let workspace = try setUp()
        try link(workspace, "repo/.claude", to: workspace.path("outside"))
        let result = try workspace.handoff(["learn", "[Testing] keep links in mind"], in: "repo")
        expectRefused(result, naming: ".claude", workspace)
    }

    @Test func initRefusesSettingsLinkedOutside() throws {
        let workspace = try setUp()
        try workspace.write("outside/settings.json", "{}\n")
        try link(workspace, "repo/.claude/settings.json", to: workspace.path("outside/settings.json"))
        let result = try workspace.handoff(["init"], in: "repo")
        #expect(result.status != 0)
        #expect(result.stderr.contains("symbolic link"), "\(result.stderr)")
        #expect(workspace.read("outside/settings.json") == "{}\n")
        #expect(!workspace.exists("repo/AGENTS.md"), "nothing changed when one file is refused")
    }

    /// `AGENTS.md` linked to `CLAUDE.md`, as many projects keep them: the section goes into
    /// `CLAUDE.md`, the link stays a link, and `init --remove` gives back CLAUDE.md's bytes.
    @Test func initFollowsAgentsLinkedInside() throws {
        let workspace = try setUp()
        try workspace.write("repo/CLAUDE.md", "# Rules\n")
        try link(workspace, "repo/AGENTS.md", to: "CLAUDE.md")
        let installed = try workspace.handoff(["init"], in: "repo")
        #expect(installed.status == 0, "\(installed.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: workspace.path("repo/AGENTS.md"))
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(workspace.read("repo/CLAUDE.md")?.contains("handoff") == true)
        let removed = try workspace.handoff(["init", "--remove"], in: "repo")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(workspace.read("repo/CLAUDE.md") == "# Rules\n")
    }

    @Test func hooksFolderLinkedOutsideIsRefused() throws {
        let workspace = try setUp()
        try FileManager.default.removeItem(atPath: workspace.path("repo/.git/hooks"))
        try link(workspace, "repo/.git/hooks", to: workspace.path("outside"))
        let result = try workspace.handoff(["hook", "install"], in: "repo")
        expectRefused(result, naming: ".git/hooks", workspace)
    }

    /// A `core.hooksPath` the user set is where git runs hooks, wherever it is: not refused.
    @Test func chosenHooksPathOutsideIsUsed() throws {
        let workspace = try setUp()
        try workspace.git("config", "core.hooksPath", workspace.path("outside"), in: "repo")
        let result = try workspace.handoff(["hook", "install"], in: "repo")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(workspace.list("outside") == ["pre-push"])
    }
}
