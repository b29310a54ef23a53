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
}

/// The HEAD reflog of one worktree (`<git dir>/logs/HEAD`), the bytes as git wrote them.
///
/// Read here rather than through libgit2's `git_reflog_read`: a session records where it starts
/// as a byte offset into this file (its size then), which libgit2's entries do not carry.
public struct HeadReflog: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The worktree's HEAD reflog, `nil` when it has none.
    public init?(gitDirectory: String) {
        guard let bytes = FilePath.read(Self.path(gitDirectory: gitDirectory)) else { return nil }
        self.bytes = bytes
    }

    public static func path(gitDirectory: String) -> String { gitDirectory + "/logs/HEAD" }

    /// The reflog's size in bytes (from `stat`, without reading it), `nil` when it has none.
    public static func size(gitDirectory: String) -> Int? { FilePath.size(path(gitDirectory: gitDirectory)) }

    /// Every entry, oldest first.
    public var entries: [ReflogEntry] { Self.parse(bytes[...]) }

    /// The entries in `bytes[range]`, oldest first; lines that are not reflog entries are skipped.
    public func entries(in range: Range<Int>) -> [ReflogEntry] { Self.parse(bytes[range]) }

    /// The last entry in the lines before `offset`, the same as `entries(in: 0..<offset).last`,
    /// read backwards from `offset` so that a long reflog (tens of thousands of lines, several
    /// megabytes, in a repository used for years) is not parsed whole to find one line.
    public func lastEntry(before offset: Int) -> ReflogEntry? {
        let newline = UInt8(ascii: "\n")
        var end = min(max(offset, 0), bytes.count)
        while end > 0 {
            let lineEnd = bytes[end - 1] == newline ? end - 1 : end
            var start = lineEnd
            while start > 0 && bytes[start - 1] != newline { start -= 1 }
            if let entry = Self.entry(bytes[start..<lineEnd]) { return entry }
            end = start
        }
        return nil
    }

    /// Parses reflog text; lines that are not reflog entries are skipped.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> [ReflogEntry] {
        bytes.split(separator: UInt8(ascii: "\n")).compactMap(entry)
    }

    static func entry(_ line: ArraySlice<UInt8>) -> ReflogEntry? {
        let tab = line.firstIndex(of: UInt8(ascii: "\t"))
        let header = tab.map { line[..<$0] } ?? line
        let message = tab.map { String(decoding: line[($0 + 1)...], as: UTF8.self) } ?? ""
        let words = header.split(separator: UInt8(ascii: " "))
        guard words.count >= 4, isObjectID(words[0]), isObjectID(words[1]),
            let time = Int64(String(decoding: words[words.count - 2], as: UTF8.self))
        else { return nil }
        return ReflogEntry(
            old: String(decoding: words[0], as: UTF8.self), new: String(decoding: words[1], as: UTF8.self),
            time: time, message: message)
    }

    /// A SHA-1 or SHA-256 object id in hex.
    static func isObjectID(_ text: ArraySlice<UInt8>) -> Bool {
        (text.count == 40 || text.count == 64)
            && text.allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
                    || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0)
            }
    }
}
