import Foundation
import Testing

/// The other side of git's ownership rule, which only a second user shows: a repository root
/// owns, opened by someone else, is refused by git (libgit2 1.5.1 would open it: it trusts the
/// administrator's folders), and `safe.directory` in that user's configuration lets it in.
/// The test runs as root, as CI does, and runs git and handoff as `nobody` with setpriv.
@Suite struct OwnershipTests {
    @Test func aRepositoryRootOwnsIsRefusedToAnotherUserAsGitRefusesIt() throws {
        let workspace = try Workspace()
        try workspace.git("init", "-q", "-b", "main", "repo")
        try workspace.commit("a.txt", "a\n", message: "first", in: "repo")
        // nobody may read the folders, and has a configuration of its own.
        #expect(try workspace.run("/bin/chmod", ["-R", "a+rwX", workspace.root], in: "").status == 0)
        let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        func both() throws -> (git: Workspace.Result, handoff: Workspace.Result) {
            let git = try workspace.run(
                "/usr/bin/setpriv", asNobody + ["/usr/bin/git", "status", "--short"], in: "repo")
            let handoff = try workspace.run(
                "/usr/bin/setpriv", asNobody + [EndToEndTests.binary, "status", "--json"], in: "repo")
            return (git, handoff)
        }
        let refused = try both()
        #expect(refused.git.status == 128)
        let gits = String(refused.git.stderr.split(separator: "\n").first ?? "").dropFirst("fatal: ".count)
        #expect(gits.hasPrefix("detected dubious ownership in repository at '\(workspace.path("repo"))'"))
        #expect(refused.handoff.status == 1)
        #expect(refused.handoff.stderr.hasPrefix("handoff: " + gits), "\(refused.handoff.stderr)")
        #expect(refused.handoff.stderr.split(separator: "\n").count == 1)

        try workspace.write("home/.gitconfig", "[safe]\n\tdirectory = \(workspace.path("repo"))\n")
        let trusted = try both()
        #expect(trusted.git.status == 0, "\(trusted.git.stderr)")
        #expect(trusted.handoff.status == 0, "\(trusted.handoff.stderr)")
        #expect(trusted.handoff.stdout.contains("\"branch\" : \"main\""))
    }
}
