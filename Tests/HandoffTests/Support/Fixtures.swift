import Foundation
import GitState
import Handoff

/// Hand-made repository states and a fixed clock, so rendered documents are stable.
enum Fixtures {
    /// 2026-03-14 15:09:26 UTC, written in UTC+01:00 → "2026-03-14 16:09".
    static let clock = HandoffClock(
        now: Date(timeIntervalSince1970: 1_773_500_966), timeZone: TimeZone(secondsFromGMT: 3600)!)

    static let head = "9fceb02d0ae598e95dc970b74767f19372d61af8"
    static let base = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"

    static func commit(_ oid: String, _ summary: String, minute: Int = 0) -> LogEntry {
        LogEntry(
            oid: ObjectID(hex: oid)!, summary: summary, author: "Ada Lovelace",
            time: "2026-03-14T1\(minute % 10):00:00+01:00")
    }

    static func oid(_ seed: Int) -> String {
        let hex = Array("0123456789abcdef")
        return String((0..<40).map { hex[($0 * 7 + seed * 13 + $0 * seed) % 16] })
    }

    static func snapshot(
        branch: String? = "main", detached: Bool = false, head: String? = Fixtures.head,
        upstream: String? = "origin/main", ahead: Int? = 2, behind: Int? = 0, state: OperationState = .none,
        status: [StatusEntry] = [], staged: [LineCounts] = [], unstaged: [LineCounts] = [],
        log: [LogEntry] = [], stash: Int = 0, workTree: String = "/work/project"
    ) -> RepositorySnapshot {
        RepositorySnapshot(
            branch: branch, detached: detached, unborn: false, head: head.map { ObjectID(hex: $0)! },
            upstream: upstream,
            ahead: ahead,
            behind: behind, state: state, status: status, staged: staged, unstaged: unstaged, log: log, stash: stash,
            shallow: false, workTree: workTree, gitDirectory: workTree + "/.git")
    }

    /// A linear history: three session commits on top of `base`.
    static let sessionLog: [LogEntry] = [
        commit(head, "Wire the budget fitter into create", minute: 3),
        commit("4b825dc642cb6eb9a060e54bf8d69288fbee4904", "Add Markdown notes reader", minute: 2),
        commit("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", "Parse --blocked \"item: reason\"", minute: 1),
        commit(base, "Start the handoff library", minute: 0),
        commit("0000000000000000000000000000000000000001", "Initial commit", minute: 0),
    ]
}

/// Compares text with a golden file under `Tests/HandoffTests/Golden/`.
///
/// Set `UPDATE_GOLDEN=1` to (re)write the files after a deliberate change, then review the diff.
enum Golden {
    static let folder: String = {
        let file = #filePath
        let support = file[..<file.lastIndex(of: "/")!]
        let tests = support[..<support.lastIndex(of: "/")!]
        return tests + "/Golden"
    }()

    static func path(_ name: String) -> String { folder + "/" + name }

    /// The golden text, or `nil` when the file is missing (the test then fails).
    static func expected(_ name: String, actual: String) -> String? {
        let path = path(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A temporary folder removed when released.
final class TemporaryFolder: @unchecked Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/handoff-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        let folder = String(full[..<full.lastIndex(of: "/")!])
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(text.utf8)) else {
            throw HandoffError("cannot write \(full)")
        }
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func list(_ relative: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relative)) ?? []).sorted()
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
