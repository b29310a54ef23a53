import Foundation
import Testing

@testable import GitState

/// Repository format and extensions (git's t1302-repo-version.sh), discovery of a bare layout
/// (t1510-repo-setup.sh) and packed-refs corruption (t1450-style): GitState answers where git
/// answers and refuses, in one line, where git refuses.
@Suite(.tags(.fromGitsTestScripts)) struct RepositoryFormatTests {
    /// A committed repository whose config has `version` and the extension `key = value`.
    func repository(version: Int, extension key: String?, value: String = "true") throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.write("a.txt", "2\n")
        try repo.git(["config", "core.repositoryformatversion", String(version)])
        if let key { try repo.git(["config", "extensions.\(key)", value]) }
        return repo
    }

    func gitRefuses(_ repo: GitRepo, in directory: String? = nil) throws -> Bool {
        let result = try run(
            ["git", "status", "--porcelain=v2"], in: directory ?? repo.path, environment: repo.environment,
            allowFailure: true)
        return result.status != 0
    }

    /// Both refuse, GitState in one line naming `fragment`.
    func expectBothRefuse(
        _ repo: GitRepo, in directory: String? = nil, naming fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(try gitRefuses(repo, in: directory), "git reads it", sourceLocation: sourceLocation)
        do {
            _ = try Repository(discoveringFrom: directory ?? repo.path).snapshot()
            Issue.record("GitState reads what git refuses", sourceLocation: sourceLocation)
        } catch {
            #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
    }

    /// t1302: every extension git 2.39 knows, at versions 0 and 1, and an unknown one.
    @Test(arguments: [
        ("noop", "true"), ("noop-v1", "true"), ("preciousObjects", "true"), ("partialClone", "origin"),
        ("worktreeConfig", "true"), ("objectFormat", "sha1"), ("objectFormat", "bogus"),
        ("no-such-extension", "true"), ("refStorage", "files"),
    ])
    func extensionAtEachVersion(key: String, value: String) throws {
        for version in [0, 1] {
            let repo = try repository(version: version, extension: key, value: value)
            if try gitRefuses(repo) {
                try expectBothRefuse(repo, naming: value == "bogus" ? "bogus" : key.lowercased())
            } else {
                try expectMatchesGit(repo)
            }
        }
    }

    /// t1302: no extension at versions 0 and 1; version 2 is refused.
    @Test func versions() throws {
        try expectMatchesGit(try repository(version: 0, extension: nil))
        try expectMatchesGit(try repository(version: 1, extension: nil))
        try expectBothRefuse(try repository(version: 2, extension: nil), naming: "found 2")
    }

    /// t1091 (sparse-checkout in a worktree): `extensions.worktreeConfig` at version 1, with
    /// the sparse settings in `config.worktree`, is read as git reads it.
    @Test func worktreeConfigAtVersionOne() throws {
        let repo = try repository(version: 1, extension: nil)
        try repo.commitFile("dir/b.txt", "b\n")
        try repo.commitFile("other/c.txt", "c\n")
        try repo.git(["config", "extensions.worktreeConfig", "true"])
        try repo.git(["sparse-checkout", "set", "dir"])
        try repo.write("dir/b.txt", "changed\n")
        try expectMatchesGit(repo)
    }

    /// t1510 (a git directory found as itself): a bare layout with `core.bare = false` or
    /// unset has no work tree for git, and `git status` refuses it.
    @Test(arguments: [false, true])
    func bareLayoutThatIsNotBare(unset: Bool) throws {
        let origin = try GitRepo()
        try origin.commitFile("a.txt", "1\n")
        try origin.git(["clone", "-q", "--bare", origin.path, origin.scratch.path + "/b.git"])
        let bare = origin.scratch.path + "/b.git"
        try origin.git(unset ? ["config", "--unset", "core.bare"] : ["config", "core.bare", "false"], in: bare)
        try expectBothRefuse(origin, in: bare, naming: "work tree")
    }

    /// A change to the `packed-refs` that `git pack-refs --all` wrote (header with `sorted`,
    /// `main` and `topic`).
    enum PackedRefsDamage: String, CaseIterable {
        case garbageAppended, junkHeader, lastLineUnterminated, headerOnlyUnterminated
        case emptyNameInSortedFile, emptyNameInUnsortedFile, longGarbageAtTheEnd, noHeaderUnsorted

        func apply(to text: String) -> String {
            var lines = text.split(separator: "\n").map(String.init)
            let header = lines.removeFirst()
            let unsorted = header.replacingOccurrences(of: " sorted", with: "")
            let emptyName = String(repeating: "0", count: 40) + " "
            switch self {
            case .garbageAppended: return text + "garbage\n"
            case .junkHeader: return (["# junk header"] + lines).joined(separator: "\n") + "\n"
            case .lastLineUnterminated: return String(text.dropLast())
            case .headerOnlyUnterminated: return header
            case .emptyNameInSortedFile: return ([header, emptyName] + lines).joined(separator: "\n") + "\n"
            case .emptyNameInUnsortedFile: return ([unsorted, emptyName] + lines).joined(separator: "\n") + "\n"
            case .longGarbageAtTheEnd: return text + String(repeating: "garbage ", count: 12) + "\n"
            case .noHeaderUnsorted: return lines.reversed().joined(separator: "\n") + "\n"
            }
        }
    }

    /// t1450-style and git's `refs/packed-backend.c` checks: a `packed-refs` git cannot parse is
    /// refused in git's words (the same line quoted, cut as git cuts it); one it reads is read.
    @Test(arguments: PackedRefsDamage.allCases)
    func damagedPackedRefs(damage: PackedRefsDamage) throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.git(["branch", "topic"])
        try repo.git(["pack-refs", "--all"])
        let file = repo.path + "/.git/packed-refs"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try damage.apply(to: text).write(toFile: file, atomically: true, encoding: .utf8)
        let git = try run(
            ["git", "status", "--porcelain=v2"], in: repo.path, environment: repo.environment, allowFailure: true)
        guard git.status != 0 else {
            try expectMatchesGit(repo)
            return
        }
        try expectBothRefuse(repo, naming: "packed-refs")
        // git names the file relative to where it runs; the words and the quoted line are git's.
        let gitsWords = try #require(git.stderr.split(separator: "\n").first).replacingOccurrences(
            of: "fatal: ", with: ""
        ).replacingOccurrences(of: ".git/packed-refs", with: file)
        do {
            _ = try Repository(discoveringFrom: repo.path)
            Issue.record("GitState opens what git refuses")
        } catch {
            #expect(error.description == gitsWords)
        }
    }

    /// t1300-config's bad values: git stops when a `core.*` value it parses on every start is no
    /// boolean or number (any occurrence, even one a later line overrides), in its own words;
    /// the spellings it accepts (`yes`, `0x0`, an empty value, `1k`, `always`, `input`) are read.
    @Test(arguments: [
        ("filemode", "maybe"), ("ignoreCase", "sometimes"), ("bare", "2x"), ("trustctime", "k"),
        ("bigFileThreshold", "12q"), ("bigFileThreshold", "-1"), ("bigFileThreshold", "99999999999999999999"),
        ("packedGitLimit", "k"), ("compression", "12"), ("looseCompression", "1.5"),
        ("filemode", "yes"), ("filemode", "0x0"), ("trustctime", ""), ("logAllRefUpdates", "Always"),
        ("autocrlf", "INPUT"), ("safecrlf", "warn"), ("bigFileThreshold", "1k"), ("compression", "-1"),
        ("symlinks", "10"), ("packedGitWindowSize", "0x100000"),
    ])
    func coreValuesGitParsesOnStart(key: String, value: String) throws {
        let repo = try GitRepo()
        try repo.commitFile("a.txt", "1\n")
        try repo.append(".git/config", "[core]\n\t\(key) = \(value)\n\t\(key) = 1\n")
        let git = try run(
            ["git", "status", "--porcelain=v2"], in: repo.path, environment: repo.environment, allowFailure: true)
        guard git.status != 0 else {
            try expectMatchesGit(repo)
            return
        }
        let gitsWords = try #require(git.stderr.split(separator: "\n").first).replacingOccurrences(
            of: "fatal: ", with: "")
        do {
            _ = try Repository(discoveringFrom: repo.path)
            Issue.record("GitState opens what git refuses: \(gitsWords)")
        } catch {
            #expect(error.description == gitsWords)
        }
    }

    /// t1450-style: a loose blob cut in half (what a crash or a full disk leaves). git's numstat
    /// refuses it ("corrupt loose object"); libgit2 1.5.1 never returned from reading it. Both
    /// engines refuse in one line, and within a deadline, so a return of the hang fails here
    /// instead of stopping the suite.
    @Test(arguments: [StatusEngine.automatic, .libgit2])
    func truncatedLooseObject(engine: StatusEngine) throws {
        let repo = try GitRepo()
        try repo.commitFile("big.txt", (1...2000).map { "line \($0)\n" }.joined())
        try repo.write("big.txt", "changed\n")
        let id = try repo.git(["rev-parse", "HEAD:big.txt"]).trimmingCharacters(in: .newlines)
        let object = repo.path + "/.git/objects/" + id.prefix(2) + "/" + id.dropFirst(2)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: object))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: object))
        let git = try run(
            ["git", "diff", "--numstat"], in: repo.path, environment: repo.environment, allowFailure: true)
        #expect(git.status != 0 && git.stderr.contains("corrupt loose object"))

        let outcome = LockedOutcome()
        let done = DispatchSemaphore(value: 0)
        let path = repo.path
        Thread {
            do {
                _ = try Repository(discoveringFrom: path).snapshot(logLimit: 10, engine: engine)
                outcome.set("read")
            } catch {
                outcome.set("\(error)")
            }
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + 60) == .success else {
            Issue.record("reading a truncated loose object did not return within 60 s")
            return
        }
        let message = try #require(outcome.value)
        #expect(message.contains("corrupt loose object '\(id)'") && !message.contains("\n"), "\(message)")
    }
}

/// A value a reading thread hands back.
final class LockedOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    func set(_ value: String) { lock.withLock { stored = value } }
    var value: String? { lock.withLock { stored } }
}
