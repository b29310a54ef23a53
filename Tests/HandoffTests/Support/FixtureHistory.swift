import Foundation
import GitState
import Handoff

/// Answers history questions from a fixed linear log (newest first), for document tests.
///
/// Revisions resolve as `HEAD`, `HEAD~N` and (abbreviated) object ids of the log;
/// `commits(after:)` is the log above the base (all of it, marked incomplete, when the base is absent).
struct FixtureHistory: SessionHistorySource {
    var log: [LogEntry]
    var committed: [LineCounts]?
    var patch: String?
    /// What `fileChanges` answers (`nil`: this source cannot tell, as the protocol's default).
    var changes: [FileChange]?
    /// Extra tips (other branches): tip oid → that branch's log, newest first.
    var branches: [String: [LogEntry]] = [:]

    init(log: [LogEntry] = Fixtures.sessionLog, committed: [LineCounts]? = nil, patch: String? = nil) {
        self.log = log
        self.committed = committed
        self.patch = patch
    }

    func resolve(revision: String) throws -> String? {
        let name = revision
        if name == "HEAD" || name == "@" { return log.first?.oid.hex }
        if name.hasPrefix("HEAD~") || name.hasPrefix("HEAD^") {
            let suffix = name.dropFirst(5)
            guard let steps = suffix.isEmpty ? 1 : Int(suffix), steps >= 0, steps < log.count else { return nil }
            return log[steps].oid.hex
        }
        if name.hasSuffix("^"), let index = log.firstIndex(where: { $0.oid.hex == String(name.dropLast()) }) {
            return index + 1 < log.count ? log[index + 1].oid.hex : nil
        }
        let lower = name.lowercased()
        guard lower.count >= 4, lower.count <= 40, lower.allSatisfy(\.isHexDigit) else { return nil }
        let all = log + branches.values.flatMap { $0 }
        let matches = Set(all.map(\.oid.hex).filter { $0.hasPrefix(lower) })
        return matches.count == 1 ? matches.first : nil
    }

    func commits(after base: String) throws -> CommitRange {
        guard let index = log.firstIndex(where: { $0.oid.hex == base }) else {
            return CommitRange(commits: log, complete: false)
        }
        return CommitRange(commits: Array(log[..<index]), complete: true)
    }

    func commits(since date: Date) throws -> CommitRange {
        let recent = log.filter { entry in
            guard let time = try? Date(entry.time, strategy: .iso8601) else { return false }
            return time >= date
        }
        return CommitRange(commits: recent, complete: true)
    }

    func commits(reachableFrom tip: String, excluding excluded: [String]) throws -> CommitRange {
        let hidden = Set(excluded.flatMap { ancestry(of: $0).map(\.oid.hex) })
        let line = ancestry(of: tip == "HEAD" ? log.first?.oid.hex ?? "" : tip)
        return CommitRange(commits: line.filter { !hidden.contains($0.oid.hex) }, complete: true)
    }

    /// The commit and its ancestors: the rest of the first line (the log, then a branch) holding it.
    func ancestry(of oid: String) -> [LogEntry] {
        for line in [log] + branches.keys.sorted().map({ branches[$0]! }) {
            if let index = line.firstIndex(where: { $0.oid.hex == oid }) { return Array(line[index...]) }
        }
        return []
    }

    func committedChanges(since base: String) throws -> [LineCounts]? { committed }

    func uncommittedPatch() throws -> String? { patch }

    func fileChanges(since base: String?, committed: [String], uncommitted: [String]) throws -> [FileChange]? {
        changes
    }
}
