import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// A handoff saved earlier, read back for replay: its resume command and the items worth
/// carrying into a new session.
public struct PastHandoff: Sendable, Equatable {
    public var name: String
    public var resumeCommand: String?
    public var inProgress: [String] = []
    public var pending: [String] = []
    public var learnings: [String] = []
    public var gotchas: [String] = []
    public var decisions: [String] = []
    public var automatic = false
    /// Seconds since 1970: the time recorded inside the file, else its modification time.
    public var time: Double

    /// Reads a saved Markdown or JSON handoff leniently: unknown sections (a custom template's)
    /// are skipped, never an error.
    public static func read(_ text: String, name: String, time: Double) -> PastHandoff {
        var handoff = PastHandoff(name: name, time: time)
        if text.first(where: { !$0.isWhitespace }) == "{" {
            handoff.readJSON(text)
        } else {
            // A handoff saved by an editor with Windows line endings reads as the one written.
            handoff.readMarkdown(RecordedState.withLineFeeds(text))
        }
        return handoff
    }

    mutating func readJSON(_ text: String) {
        struct Document: Decodable {
            var notes: Notes?
            var resume_command: String?
            var automatic: Bool?
        }
        struct Notes: Decodable {
            var in_progress: [WorkItem]?
            var todo: [String]?
            var blocked: [BlockedItem]?
            var learnings: [Learning]?
            var gotchas: [String]?
            var decisions: [Decision]?
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(text.utf8)) else { return }
        resumeCommand = document.resume_command
        automatic = document.automatic ?? false
        let notes = document.notes
        inProgress = (notes?.in_progress ?? []).map { $0.text + ($0.location.map { " — resume at `\($0)`" } ?? "") }
        pending = (notes?.todo ?? []) + (notes?.blocked ?? []).map { "\($0.item) — blocked: \($0.reason)" }
        learnings = (notes?.learnings ?? []).map { "[\($0.category)] \($0.rule)" }
        gotchas = notes?.gotchas ?? []
        decisions = (notes?.decisions ?? []).map {
            "\($0.title): \($0.why)" + ($0.tradeOff.map { "; trade-off: \($0)" } ?? "")
        }
    }

    mutating func readMarkdown(_ text: String) {
        enum Section { case inProgress, pending, learnings, gotchas, decisions, keyContext, resume, other }
        var section = Section.other
        var inFence = false
        for raw in text.lines(omittingEmpty: false) {
            // Every line this reads begins (after white space) with one of ` _ # > - *: the
            // others are passed over without trimming them (10,000 handoffs' lines are read).
            guard Self.mayMatter(raw) else { continue }
            let line = String(raw).trimmed
            if line.hasPrefix("```") { inFence.toggle(); continue }
            if inFence { continue }
            if line.hasPrefix(AutomaticMarker.prefix) { automatic = true }
            if line.hasPrefix("#") {
                let heading = MarkdownNotesReader.normalise(String(line.drop { $0 == "#" }))
                switch heading {
                case "what's in progress", "in progress": section = .inProgress
                case "what's pending", "pending", "blocked": section = .pending
                case "learnings captured", "learnings": section = .learnings
                case "gotchas for next session", "gotchas": section = .gotchas
                case "key decisions made", "key decisions", "decisions": section = .decisions
                case "key context": section = .keyContext
                case "resume command": section = .resume
                default: section = .other
                }
                continue
            }
            if section == .resume, line.hasPrefix(">"), resumeCommand == nil {
                resumeCommand = String(line.dropFirst()).trimmed
                continue
            }
            guard line.hasPrefix("- ") || line.hasPrefix("* ") else { continue }
            let item = String(line.dropFirst(2)).trimmed
            switch section {
            case .inProgress: inProgress.append(item)
            case .pending: pending.append(item)
            case .learnings: learnings.append(item)
            case .gotchas: gotchas.append(item)
            case .decisions: decisions.append(item)
            case .keyContext:
                if item.hasPrefix("**In progress**: ") {
                    inProgress.append(String(item.dropFirst("**In progress**: ".count)))
                }
                if item.hasPrefix("**Blocked**: ") { pending.append(String(item.dropFirst("**Blocked**: ".count))) }
            case .resume, .other: break
            }
        }
    }
}

extension PastHandoff {
    /// False for a line whose first byte after spaces and tabs is ASCII and cannot begin
    /// anything `readMarkdown` reads (nor white space `trimmed` would remove).
    static func mayMatter(_ line: Substring) -> Bool {
        guard let byte = line.firstVisibleByte, byte < 0x80 else { return true }
        switch byte {
        case UInt8(ascii: "`"), UInt8(ascii: "_"), UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "-"),
            UInt8(ascii: "*"), UInt8(ascii: "\r"), 0x0B, 0x0C:
            return true
        default:
            return false
        }
    }
}

/// The line that marks a handoff written by a hook rather than by a person or agent.
public enum AutomaticMarker {
    public static let prefix = "_Automatic handoff"
    public static let line =
        "_Automatic handoff, written by a hook (before compaction or at session end): notes may be missing._"
}

extension HandoffFolder {
    /// Every handoff in the folder, oldest first (by the time recorded inside, then the file's
    /// modification time, then name).
    ///
    /// The files are read and parsed on every core at once, a few dozen per task.
    public func pastHandoffs() -> [PastHandoff] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        let entries = names.compactMap(Entry.init(name:))
        // Indices are sorted, not the reads: moving 10,000 handoffs' arrays cost 6% of `replay`.
        let reads = entries.concurrentMap(chunk: 64, read).compactMap { $0 }
        let order = reads.indices.sorted { left, right in
            if reads[left].key != reads[right].key { return reads[left].key < reads[right].key }
            if reads[left].modified != reads[right].modified { return reads[left].modified < reads[right].modified }
            return reads[left].entry < reads[right].entry
        }
        return order.map { reads[$0].handoff }
    }

    private typealias Read = (key: Double, modified: Double, entry: Entry, handoff: PastHandoff)

    /// One handoff file, with the keys it is sorted by; `nil` when it cannot be read.
    private func read(_ entry: Entry) -> Read? {
        let file = path + "/" + entry.name
        guard let text = try? FileInput.readText(file) else { return nil }
        var info = stat()
        let modified = stat(file, &info) == 0 ? Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9 : 0
        let recorded = HeadMarker.read(from: text)?.time.flatMap { try? Date($0, strategy: .iso8601) }?
            .timeIntervalSince1970
        let handoff = PastHandoff.read(text, name: entry.name, time: recorded ?? modified)
        return (recorded ?? -Double.infinity, modified, entry, handoff)
    }
}
