import Foundation
import Testing

@testable import GitState

/// libgit2's own fixture repositories (Debian's `libgit2-fixtures`), none of them built by this
/// project: each one git answers, both engines answer as git does (bare ones as
/// `git rev-parse`, `for-each-ref` and `log` answer); each one git refuses (not a repository, no
/// work tree, an object or a packed-refs line git cannot read), GitState refuses in one line.
@Suite(.tags(.fromLibgit2Fixtures)) struct Libgit2FixtureTests {
    /// The package is there (the test installs it), with the fixtures libgit2 1.5.1 ships.
    @Test func fixturesAreInstalled() throws {
        let folder = try #require(Libgit2Fixtures.folder, "libgit2-fixtures is not installed")
        #expect(Libgit2Fixtures.names.count >= 60, "\(folder) has \(Libgit2Fixtures.names.count) fixtures")
    }

    @Test(arguments: Libgit2Fixtures.names)
    func fixture(name: String) throws {
        let scratch = try Scratch()
        let path = try Libgit2Fixtures.sandbox(name, in: scratch)
        let repo = GitRepo(existing: path, scratch: scratch)
        // GitState reads first: git's status may refresh the index.
        let scan = Result { () throws(GitStateError) in
            try Repository(discoveringFrom: path).snapshot(logLimit: 10, engine: .automatic)
        }
        let slow = Result { () throws(GitStateError) in
            try Repository(discoveringFrom: path).snapshot(logLimit: 10, engine: .libgit2)
        }
        let verdict = GitVerdict(repo)
        switch verdict {
        case .answers(let theirs, _):
            switch (scan, slow) {
            case (.success(let scan), .success(let slow)):
                expectEqual(scan: scan, libgit2: slow, git: theirs)
            case (.failure(let error), _), (_, .failure(let error)):
                Issue.record("git reads \(name), GitState refuses: \(error)")
            }
        case .refuses(let reason):
            for result in [scan, slow] {
                switch result {
                case .success: Issue.record("git refuses \(name) (\(reason)), GitState reads it")
                case .failure(let error): #expect(!error.description.contains("\n"), "\(error)")
                }
            }
        }
        FixtureTally.shared.record(name, verdict.kind)
    }
}

/// What git does with a fixture.
enum GitVerdict {
    case answers(GitAnswers, bare: Bool)
    case refuses(String)

    init(_ repo: GitRepo) {
        let probe = try? run(
            ["git", "rev-parse", "--is-bare-repository"], in: repo.path, environment: repo.environment,
            allowFailure: true)
        guard let probe, probe.status == 0 else {
            self = .refuses(probe.map { Self.firstLine($0.stderr) } ?? "git did not run")
            return
        }
        let bare = String(decoding: probe.stdout, as: UTF8.self).hasPrefix("true")
        do {
            self = .answers(try GitAnswers(repo, bare: bare), bare: bare)
        } catch {
            self = .refuses(Self.firstLine("\(error)"))
        }
    }

    var kind: FixtureTally.Kind {
        switch self {
        case .answers(_, let bare): bare ? .bare : .workTree
        case .refuses: .refused
        }
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "")
    }
}

/// Counts the fixtures as their tests finish, and prints the totals once all have.
final class FixtureTally: @unchecked Sendable {
    enum Kind { case workTree, bare, refused }

    static let shared = FixtureTally()
    private let lock = NSLock()
    private var kinds: [String: Kind] = [:]

    func record(_ name: String, _ kind: Kind) {
        lock.lock()
        kinds[name] = kind
        let all = kinds.count == Libgit2Fixtures.names.count ? kinds : nil
        lock.unlock()
        guard let all else { return }
        let count = { (kind: Kind) in all.values.filter { $0 == kind }.count }
        let refused = all.filter { $0.value == .refused }.keys.sorted().joined(separator: ", ")
        print(
            "libgit2 fixtures: \(all.count) compared with git: \(count(.workTree)) work trees and \(count(.bare)) bare "
                + "repositories answered, \(count(.refused)) refused by git and GitState (\(refused))")
    }
}
