/// One line of the wrap-up checklist: what a check found, and where to look.
public struct WrapUpItem: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Nothing found.
        case ok
        /// Found, and the check does not block: worth a look.
        case warn
        /// Found, and the check blocks: something to do before stopping.
        case block
        /// Not run: the check is not configured (debug patterns).
        case off
    }

    public var check: WrapUpCheck
    public var status: Status
    /// One line: "2 staged, 1 untracked", "3 commits not pushed to origin/main".
    public var summary: String
    /// The counts behind the summary (`staged`, `ahead`…), for scripts.
    public var counts: [String: Int]
    /// Where to look: `path:line` with the line's text, a path, a stash, a failing test.
    public var details: [WrapUpDetail]

    public init(
        check: WrapUpCheck, status: Status, summary: String, counts: [String: Int] = [:],
        details: [WrapUpDetail] = []
    ) {
        self.check = check
        self.status = status
        self.summary = summary
        self.counts = counts
        self.details = details
    }
}

/// A place a finding points at: a file (and line), or only a text (a stash, a test's name).
public struct WrapUpDetail: Sendable, Equatable {
    public var path: String?
    public var line: Int?
    public var text: String

    public init(path: String? = nil, line: Int? = nil, text: String) {
        self.path = path
        self.line = line
        self.text = text
    }

    /// `path:line: text`, `path: text`, or the text alone.
    public var rendered: String {
        guard let path else { return text }
        let place = line.map { "\(path):\($0)" } ?? path
        return text.isEmpty ? place : "\(place): \(text)"
    }
}
