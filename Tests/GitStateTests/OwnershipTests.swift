import Foundation
import Testing

@testable import GitState

/// A discovered repository that someone else owns is refused as git refuses it, unless
/// `safe.directory` trusts it (git's t0033-safe-directory.sh, with a real other owner: the tests
/// run as root, as CI does, and hand the folders to `nobody` with chown). And the configuration
/// files git's environment names (`GIT_CONFIG_GLOBAL`, `GIT_CONFIG_SYSTEM`,
/// `GIT_CONFIG_NOSYSTEM`, t1300-config.sh) are the ones read.
extension DiscoveryTests {
    static let nobody = "65534"

    func giveAway(_ path: String, recursively: Bool = false) throws {
        try run(["chown"] + (recursively ? ["-R"] : []) + [DiscoveryTests.nobody, path], in: "/")
    }

    /// The repository's own variables (identity, `GIT_CONFIG_GLOBAL` in its scratch folder,
    /// `HOME`), given to GitState as they are to git, with `extra` on top.
    func variables(_ repo: GitRepo, _ extra: [String: String] = [:]) -> [String: String] {
        repo.environment.merging(extra) { $1 }
    }

    /// Opened where git opens it (and then the snapshot equals git's answers), or refused in
    /// one line that starts with git's words and names the same folder.
    func expectOwnershipAsGits(
        _ repo: GitRepo, from directory: String? = nil, environment: [String: String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let directory = directory ?? repo.path
        let git = try run(
            ["git", "rev-parse", "--absolute-git-dir"], in: directory, environment: environment, allowFailure: true)
        guard git.status != 0 else {
            try expectFoundAsGitFinds(repo, from: directory, environment: environment, sourceLocation: sourceLocation)
            return
        }
        let gits = String(git.stderr.split(separator: "\n").first ?? "")
        #expect(gits.hasPrefix("fatal: detected dubious ownership in repository at '"), sourceLocation: sourceLocation)
        #expect(throws: GitStateError.self, sourceLocation: sourceLocation) {
            try Repository(discoveringFrom: directory, environment: { environment[$0] })
        }
        do {
            _ = try Repository(discoveringFrom: directory, environment: { environment[$0] })
        } catch {
            #expect(
                error.description.hasPrefix(String(gits.dropFirst("fatal: ".count))), sourceLocation: sourceLocation)
            #expect(error.kind == .notARepository && !error.description.contains("\n"), sourceLocation: sourceLocation)
        }
    }

    func ownedRepository() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.commitFile("sub/b.txt", "1\n")
        try repo.write("a.txt", "2\n")
        return repo
    }

    @Test func aWorkTreeSomeoneElseOwnsIsRefusedFromEveryFolder() throws {
        let repo = try ownedRepository()
        try giveAway(repo.path)
        try expectOwnershipAsGits(repo, environment: variables(repo))
        try expectOwnershipAsGits(repo, from: repo.path + "/sub", environment: variables(repo))
        // Through sudo, root takes SUDO_UID's folders as its own.
        try expectOwnershipAsGits(repo, environment: variables(repo, ["SUDO_UID": DiscoveryTests.nobody]))
        try expectOwnershipAsGits(repo, environment: variables(repo, ["SUDO_UID": "12345"]))
        // GIT_DIR names the repository: git checks nothing.
        try expectOwnershipAsGits(repo, environment: variables(repo, ["GIT_DIR": repo.path + "/.git"]))
    }

    @Test func aGitDirectoryABareRepositoryOrAGitfileSomeoneElseOwns() throws {
        let repo = try ownedRepository()
        try giveAway(repo.path + "/.git", recursively: true)
        try expectOwnershipAsGits(repo, environment: variables(repo))

        let bare = try GitRepo(bare: true)
        try giveAway(bare.path, recursively: true)
        try expectOwnershipAsGits(bare, environment: variables(bare))

        let main = try ownedRepository()
        try main.git(["worktree", "add", "-q", main.scratch.path + "/linked"])
        let linked = GitRepo(existing: main.scratch.path + "/linked", scratch: main.scratch)
        try giveAway(linked.path + "/.git")
        try expectOwnershipAsGits(linked, environment: variables(linked))
    }

    /// t0033: the folder's real path, `*`, an empty value that forgets the ones before it, a value
    /// that matches nothing, `~/` expanded; and never the repository's own configuration.
    @Test func safeDirectoryAsGitReadsIt() throws {
        let repo = try ownedRepository()
        try giveAway(repo.path)
        let global = repo.scratch.path + "/gitconfig"
        let home = repo.scratch.path
        for values in [
            [repo.path], ["*"], ["*", ""], [repo.path, ""], ["", repo.path], ["bogus"], [repo.path + "/"],
            ["~/repo"], [repo.path + "/sub"],
        ] {
            try? FileManager.default.removeItem(atPath: global)
            for value in values { try repo.git(["config", "--global", "--add", "safe.directory", value]) }
            try expectOwnershipAsGits(repo, environment: variables(repo, ["HOME": home]))
        }
        try FileManager.default.removeItem(atPath: global)
        try repo.git(["config", "--file", repo.path + "/.git/config", "safe.directory", "*"])
        try expectOwnershipAsGits(repo, environment: variables(repo))
    }

    /// `GIT_CONFIG_SYSTEM` is read unless `GIT_CONFIG_NOSYSTEM` is on; `GIT_CONFIG_GLOBAL`
    /// replaces `~/.gitconfig`: for `safe.directory` and for everything else
    /// (`status.showUntrackedFiles` here), in the snapshot and on both engines.
    @Test func theConfigurationFilesGitsEnvironmentNames() throws {
        let repo = try ownedRepository()
        try repo.write("untracked.txt", "u\n")
        let system = repo.scratch.path + "/system-config"
        try "[status]\n\tshowUntrackedFiles = no\n".write(toFile: system, atomically: true, encoding: .utf8)
        for environment in [
            ["GIT_CONFIG_SYSTEM": system, "GIT_CONFIG_NOSYSTEM": "0"], ["GIT_CONFIG_SYSTEM": system],
            ["GIT_CONFIG_GLOBAL": system], ["GIT_CONFIG_GLOBAL": "/dev/null", "HOME": repo.scratch.path],
        ] {
            try expectFoundAsGitFinds(repo, from: repo.path, environment: variables(repo, environment))
        }
        try "[safe]\n\tdirectory = *\n".write(toFile: system, atomically: true, encoding: .utf8)
        try giveAway(repo.path)
        try expectOwnershipAsGits(repo, environment: variables(repo, ["GIT_CONFIG_SYSTEM": system]))
        try expectOwnershipAsGits(
            repo, environment: variables(repo, ["GIT_CONFIG_SYSTEM": system, "GIT_CONFIG_NOSYSTEM": "0"]))
    }

    /// t1300's `git -c` as git hands it on (`GIT_CONFIG_PARAMETERS`, both its quotings) and
    /// `GIT_CONFIG_COUNT`: above the repository's own configuration, the counted entries read
    /// first, names in any case, a name alone true; a command line git cannot parse refused; and
    /// `safe.directory` from it, as git reads it there too.
    @Test func theCommandLineConfiguration() throws {
        let repo = try ownedRepository()
        try repo.write("untracked.txt", "u\n")
        try repo.git(["mv", "sub/b.txt", "sub/c.txt"])
        try repo.git(["config", "status.showUntrackedFiles", "all"])
        let count = [
            "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "Status.showUntrackedFiles", "GIT_CONFIG_VALUE_0": "no",
        ]
        for environment in [
            ["GIT_CONFIG_PARAMETERS": "'status.showUntrackedFiles'='no'"],
            ["GIT_CONFIG_PARAMETERS": "'STATUS.SHOWUNTRACKEDFILES=no'"],
            ["GIT_CONFIG_PARAMETERS": "'status.showuntrackedfiles'='no' 'status.showUntrackedFiles'='normal'"],
            count, count.merging(["GIT_CONFIG_PARAMETERS": "'status.showUntrackedFiles'='normal'"]) { $1 },
            ["GIT_CONFIG_PARAMETERS": "'status.renames'='false'  'diff.renames'='false'"],
            ["GIT_CONFIG_PARAMETERS": "'status.renames'= 'diff.renames'"],
            ["GIT_CONFIG_PARAMETERS": "'user.name'='it'\\''s' 'status.renames'='no'"],
            ["GIT_CONFIG_PARAMETERS": "'status.renames"], ["GIT_CONFIG_PARAMETERS": "'norenames'='x'"],
            ["GIT_CONFIG_PARAMETERS": "'status.renames'x"], ["GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "a.b"],
            ["GIT_CONFIG_COUNT": "one"],
        ] {
            try expectFoundAsGitFinds(repo, from: repo.path, environment: variables(repo, environment))
        }
        try giveAway(repo.path)
        for environment in [
            ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*"],
            ["GIT_CONFIG_PARAMETERS": "'safe.directory'='\(repo.path)'"],
            ["GIT_CONFIG_PARAMETERS": "'safe.directory'='*' 'safe.directory'=''"],
            ["GIT_CONFIG_PARAMETERS": "'safe.directory'='elsewhere'"],
        ] {
            try expectOwnershipAsGits(repo, environment: variables(repo, environment))
        }
    }
}
