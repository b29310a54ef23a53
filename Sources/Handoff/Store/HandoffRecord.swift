import FoundationEssentials
import GitState

#if canImport(Glibc)
import Glibc
#endif

/// One uncommitted file as a handoff records it: its status code and its line counts
/// (staged plus unstaged; `nil` for untracked and binary files).
public struct DirtyFile: Sendable, Codable, Equatable, Hashable {
    public var path: String
    public var xy: String
    @AlwaysEncoded public var added: Int?
    @AlwaysEncoded public var deleted: Int?

    public init(path: String, xy: String, added: Int? = nil, deleted: Int? = nil) {
        self.path = path
        self.xy = xy
        self.added = added
        self.deleted = deleted
    }

    /// The status entries with their staged and unstaged counts added up, in status order.
    public static func list(status: [StatusEntry], staged: [LineCounts], unstaged: [LineCounts]) -> [DirtyFile] {
        status.map { entry in
            let counts = (staged + unstaged).filter { $0.path == entry.path && !$0.isBinary }
            return DirtyFile(
                path: entry.path, xy: entry.xy,
                added: counts.isEmpty ? nil : counts.reduce(0) { $0 + ($1.add ?? 0) },
                deleted: counts.isEmpty ? nil : counts.reduce(0) { $0 + ($1.del ?? 0) })
        }
    }

}

/// What a handoff recorded about the repository, read back from the file: when it was written,
/// the branch, HEAD, the uncommitted files and the resume command.
///
/// JSON handoffs carry it in `generated_at`, `git` and `resume_command`. Markdown handoffs end
/// with two comments, invisible when rendered:
/// ```
/// <!-- handoff:head <oid> <ISO 8601 time> -->
/// <!-- handoff:state {"branch":"main","detached":false,"dirty":[{"added":1,"deleted":0,"path":"a.txt","xy":".M"}],"head":"<oid>","resume":"Continue on main. …","time":"<ISO 8601>"} -->
/// ```
/// (`-->` inside the JSON is written `--\u003e`). Older Markdown handoffs have only the head line:
/// their branch and dirty files are then unknown (`nil`).
public struct RecordedState: Sendable, Codable, Equatable {
    @AlwaysEncoded public var time: String?
    @AlwaysEncoded public var branch: String?
    public var detached: Bool
    @AlwaysEncoded public var head: String?
    /// `nil` when the handoff did not record them.
    @AlwaysEncoded public var dirty: [DirtyFile]?
    @AlwaysEncoded public var resume: String?

    public init(
        time: String?, branch: String?, detached: Bool, head: String?, dirty: [DirtyFile]?, resume: String?
    ) {
        self.time = time
        self.branch = branch
        self.detached = detached
        self.head = head
        self.dirty = dirty
        self.resume = resume
    }

    public init(document: HandoffDocument) {
        self.init(
            time: document.timestamp, branch: document.git.branch, detached: document.git.detached,
            head: document.git.head, dirty: document.dirty, resume: document.resumeCommand)
    }

    public var date: Date? { time.flatMap { try? Date($0, strategy: .iso8601) } }

    /// `main`, `detached at abc1234`.
    public var branchPhrase: String {
        if let branch { return branch }
        if let head { return "detached at \(ObjectID.short(head))" }
        return detached ? "detached HEAD" : "?"
    }

    // MARK: Writing

    /// The comment lines a Markdown handoff ends with.
    public static func markerLines(for document: HandoffDocument) -> String {
        var lines: [String] = []
        if let head = document.git.head { lines.append(HeadMarker.line(head: head, timestamp: document.timestamp)) }
        lines.append(RecordedState(document: document).stateLine)
        return lines.joined(separator: "\n")
    }

    public var stateLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
        return Self.statePrefix + json.replacing("-->", with: "--\\u003e") + " -->"
    }

    static let statePrefix = "<!-- handoff:state "

    // MARK: Reading

    /// The recorded state of a handoff's text (Markdown or JSON); `nil` when it records none.
    public static func read(from text: String) -> RecordedState? {
        if text.first(where: { !$0.isWhitespace }) == "{" { return readJSON(text) }
        // A handoff saved by an editor with Windows line endings reads as the one written.
        let text = withLineFeeds(text)
        var state = readComments(text)
        // The resume command as the reader sees it (it may have been edited since).
        if let shown = resumeSection(of: text) {
            if state == nil {
                state = RecordedState(time: nil, branch: nil, detached: false, head: nil, dirty: nil, resume: nil)
            }
            state?.resume = shown
        }
        return state
    }

    /// The time `read(from:)` finds, without reading the resume section (insights reads the
    /// times of thousands of handoffs).
    ///
    /// The state comment's JSON is decoded for its time alone (with `detached`, the one key a
    /// state must have): the whole state cost a tenth of `insights` over 10,000 handoffs. So a
    /// state comment whose other keys are damaged still gives its time here.
    static func time(recordedIn text: String) -> String? {
        if text.first(where: { !$0.isWhitespace }) == "{" { return readJSON(text)?.time }
        struct Time: Decodable {
            var time: String?
            var detached: Bool
        }
        let text = withLineFeeds(text)
        for line in text.lines().reversed() {
            guard let json = stateJSON(line) else { continue }
            if let state = try? JSONDecoder().decode(Time.self, from: Data(json.utf8)) { return state.time }
        }
        return HeadMarker.read(from: text)?.time
    }

    /// The JSON of a state comment line, `nil` for any other line.
    private static func stateJSON(_ line: Substring) -> Substring? {
        // Only a line whose first visible byte is `<` can be the state comment: the others
        // (most of a long handoff) are passed over without trimming.
        guard line.firstVisibleByte == UInt8(ascii: "<") else { return nil }
        let trimmed = Substring(String(line).trimmed)
        guard trimmed.hasPrefix(statePrefix), trimmed.hasSuffix(" -->") else { return nil }
        return trimmed.dropFirst(statePrefix.count).dropLast(" -->".count)
    }

    /// The state comment of a Markdown handoff (LF line endings), else its head marker.
    private static func readComments(_ text: String) -> RecordedState? {
        var state: RecordedState?
        for line in text.lines().reversed() {
            guard let json = stateJSON(line) else { continue }
            state = try? JSONDecoder().decode(RecordedState.self, from: Data(json.utf8))
            if state != nil { break }
        }
        if state == nil, let marker = HeadMarker.read(from: text) {
            state = RecordedState(
                time: marker.time, branch: nil, detached: false, head: marker.head, dirty: nil, resume: nil)
        }
        return state
    }

    /// `text` with each CR LF line ending made LF (a CR elsewhere stays).
    static func withLineFeeds(_ text: String) -> String {
        // Looked for with `memchr` (most handoffs have no CR: insights and replay read thousands).
        let hasReturn =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), bytes.count) != nil } ?? false
            } ?? text.utf8.contains(UInt8(ascii: "\r"))
        guard hasReturn else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingReturn = false
        for byte in text.utf8 {
            if pendingReturn && byte != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\r")) }
            pendingReturn = byte == UInt8(ascii: "\r")
            if !pendingReturn { bytes.append(byte) }
        }
        if pendingReturn { bytes.append(UInt8(ascii: "\r")) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The quoted lines under `## Resume Command`, without the `> `.
    static func resumeSection(of text: String) -> String? {
        let lines = text.lines(omittingEmpty: false)
        // (Only a line whose first visible byte is `#` can be the heading: the others are passed
        // over without trimming.)
        guard
            let heading = lines.firstIndex(where: {
                $0.firstVisibleByte == UInt8(ascii: "#") && String($0).trimmed == "## Resume Command"
            })
        else { return nil }
        var quoted: [String] = []
        for line in lines[(heading + 1)...] {
            if line.hasPrefix(">") {
                quoted.append(String(line.dropFirst(line.hasPrefix("> ") ? 2 : 1)))
            } else if String(line).trimmed.isEmpty && quoted.isEmpty {
                continue
            } else {
                break
            }
        }
        return quoted.isEmpty ? nil : quoted.joined(separator: "\n")
    }

    static func readJSON(_ text: String) -> RecordedState? {
        struct Document: Decodable {
            struct Git: Decodable {
                var branch: String?
                var detached: Bool?
                var head: String?
                var dirty: [DirtyFile]?
            }
            var git: Git
            var generated_at: String?
            var resume_command: String?
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(text.utf8)) else { return nil }
        return RecordedState(
            time: document.generated_at, branch: document.git.branch, detached: document.git.detached ?? false,
            head: document.git.head, dirty: document.git.dirty, resume: document.resume_command)
    }
}
