import FoundationEssentials

/// One line of a reflog: `<old> <new> <name> <<email>> <seconds> <zone>\t<message>`.
public struct ReflogEntry: Sendable, Equatable {
    public var old: String
    public var new: String
    public var time: Int64
    public var message: String

    public init(old: String, new: String, time: Int64, message: String) {
        self.old = old
        self.new = new
        self.time = time
        self.message = message
    }

    /// The command that moved HEAD: `commit`, `commit (amend)`, `checkout`, `rebase (pick)`, …
    public var action: String {
        String(message.prefix { $0 != ":" })
    }

    /// True when the entry records a commit it made: `commit…`, `merge`/`pull` (not fast-forwards),
    /// `cherry-pick`, `revert`, `am`, `rebase` picks (not the checkout that starts a rebase).
    public var madeCommit: Bool {
        guard new.contains(where: { $0 != "0" }) else { return false }
        let action = action
        if message.contains(": Fast-forward") { return false }
        if action.hasPrefix("rebase") || action.hasPrefix("pull --rebase") {
            return !action.contains("(start)") && !action.contains("(finish)") && !action.contains("(abort)")
        }
        return ["commit", "merge", "pull", "cherry-pick", "revert", "am"].contains { action.hasPrefix($0) }
    }

    /// The branches a `checkout: moving from A to B` (or `rebase (finish): returning to refs/heads/B`) names.
    public var branchesNamed: [String] {
        if action == "checkout", let range = message.firstRange(of: "moving from ") {
            let rest = message[range.upperBound...]
            guard let to = rest.ranges(of: " to ").last else { return [] }
            return [String(rest[..<to.lowerBound]), String(rest[to.upperBound...])]
        }
        if let range = message.firstRange(of: "returning to refs/heads/") {
            return [String(message[range.upperBound...])]
        }
        return []
    }
}

/// Reads the HEAD reflog of one worktree (`<git dir>/logs/HEAD`, plain text) without libgit2.
public enum Reflog {
    /// Parses reflog text; lines that are not reflog entries are skipped.
    public static func parse(_ text: Substring) -> [ReflogEntry] {
        text.split(separator: "\n").compactMap(entry)
    }

    static func entry(_ line: Substring) -> ReflogEntry? {
        let tab = line.firstIndex(of: "\t")
        let header = tab.map { line[..<$0] } ?? line
        let message = tab.map { String(line[line.index(after: $0)...]) } ?? ""
        let words = header.split(separator: " ")
        guard words.count >= 4, isObjectID(words[0]), isObjectID(words[1]),
            let time = Int64(words[words.count - 2])
        else { return nil }
        return ReflogEntry(old: String(words[0]), new: String(words[1]), time: time, message: message)
    }

    static func isObjectID(_ text: Substring) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }

    public static func path(gitDirectory: String) -> String { gitDirectory + "/logs/HEAD" }

    /// The reflog's size now: where a session starting now begins in it.
    public static func offset(gitDirectory: String) -> Int? {
        (try? FileInput.read(path(gitDirectory: gitDirectory))).map(\.count)
    }

    /// The entries written since `start`: those after its recorded offset when the reflog still
    /// has that shape (the entry before the offset moved HEAD to the start's HEAD), else those
    /// at or after its time. Empty when the worktree has no reflog.
    public static func entries(since start: SessionStart, gitDirectory: String) -> [ReflogEntry] {
        guard let data = try? FileInput.read(path(gitDirectory: gitDirectory)) else { return [] }
        return entries(since: start, in: data)
    }

    public static func entries(since start: SessionStart, in data: Data) -> [ReflogEntry] {
        let bytes = [UInt8](data)
        if let offset = start.reflogOffset, offset <= bytes.count,
            offset == 0 || bytes[offset - 1] == UInt8(ascii: "\n")
        {
            let before = parse(Substring(String(decoding: bytes[..<offset], as: UTF8.self)))
            if start.head == nil || before.last?.new == start.head {
                return parse(Substring(String(decoding: bytes[offset...], as: UTF8.self)))
            }
        }
        let seconds = start.startedAtSeconds ?? 0
        return parse(Substring(String(decoding: bytes, as: UTF8.self))).filter { $0.time >= seconds }
    }
}
