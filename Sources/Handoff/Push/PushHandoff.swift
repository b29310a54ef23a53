import FoundationEssentials
import GitState

/// The handoff `handoff hook run` writes for one push, and what `--strict` makes of it.
///
/// The document is the usual one (same folder, same names, same session base) with a Push
/// section. Its test results are the ones recorded most recently in the handoff folder, so a
/// session that wrote `handoff --tests "3 passed, 1 failed"` and then pushes is caught by
/// `--strict`.
public struct PushHandoff {
    public var remote: String
    public var url: String
    /// git's pre-push standard input.
    public var input: String
    /// The handoff folder (absolute); `nil` for `.claude/handoffs` under the work tree.
    public var folder: String?
    public var clock = HandoffClock()

    public init(remote: String, url: String, input: String, folder: String? = nil) {
        self.remote = remote
        self.url = url
        self.input = input
        self.folder = folder
    }

    public struct Outcome: Sendable {
        public var result: HandoffResult
        /// Why `--strict` blocks this push; empty when nothing does.
        public var blockingReasons: [String]
    }

    public func write(repository: Repository) throws(HandoffError) -> Outcome {
        let updates = try PushUpdate.parse(input)
        let snapshot: RepositorySnapshot
        let refs: [PushedRef]
        do {
            snapshot = try repository.snapshot()
            refs = try PushCommitLister(repository: repository).list(updates)
        } catch {
            throw HandoffError(error.description)
        }
        guard let workTree = snapshot.workTree else {
            throw HandoffError("\(snapshot.gitDirectory) is a bare repository: a handoff needs a work tree")
        }
        let folder = self.folder ?? workTree + "/" + HandoffFolder.defaultRelativePath
        var request = HandoffRequest(destination: .folder(folder))
        request.clock = clock
        request.push = PushFacts(remote: remote, url: url, refs: refs)
        let recorded = RecordedTests.latest(in: folder)
        request.notes.tests = recorded?.tests
        let result = try HandoffWriter(request: request).write(
            snapshot: snapshot, history: GitStateHistory(repository: repository))
        return Outcome(
            result: result, blockingReasons: Self.blockingReasons(result.document, testsFrom: recorded?.file))
    }

    /// Incomplete work `--strict` does not let through: failing tests, conflicts, secrets.
    public static func blockingReasons(_ document: HandoffDocument, testsFrom file: String?) -> [String] {
        var reasons: [String] = []
        if let tests = document.notes.tests, tests.isFailing {
            reasons.append(
                "\(tests.failed) of \(tests.total) \(tests.total == 1 ? "test" : "tests") failing"
                    + (file.map { " (recorded in \($0))" } ?? ""))
        }
        let conflicted = document.changes.conflicted
        if conflicted > 0 { reasons.append("\(conflicted) conflicted \(conflicted == 1 ? "file" : "files")") }
        let secrets = document.redactions.total
        if secrets > 0 {
            reasons.append(
                "\(secrets) possible \(secrets == 1 ? "secret" : "secrets") (\(document.redactions.summary)) in the notes or the pushed commits' summaries"
            )
        }
        return reasons
    }
}

/// The test results recorded by the most recent handoff in a folder.
public enum RecordedTests {
    /// `nil` when no handoff there recorded any (or the latest said "not run").
    public static func latest(in folder: String) -> (tests: TestResults, file: String)? {
        guard let latest = HandoffFolder(path: folder).latestRecordedHead(),
            let text = try? FileInput.readText(folder + "/" + latest.name),
            let tests = read(from: text)
        else { return nil }
        return (tests, latest.name)
    }

    /// The JSON form's `notes.tests`, or the Markdown's `- **Tests**: ❌ 1 failing, 3 passing` line.
    static func read(from text: String) -> TestResults? {
        if text.first(where: { !$0.isWhitespace }) == "{" {
            struct Document: Decodable {
                struct Notes: Decodable { var tests: TestResults? }
                var notes: Notes
            }
            return (try? JSONDecoder().decode(Document.self, from: Data(text.utf8)))?.notes.tests
        }
        let prefix = "- **Tests**: "
        let text = RecordedState.withLineFeeds(text)
        guard let line = text.lines().first(where: { $0.utf8.starts(with: prefix.utf8) }) else { return nil }
        return (try? TestResults.parse(String(line.dropFirst(prefix.count)))) ?? nil
    }
}
