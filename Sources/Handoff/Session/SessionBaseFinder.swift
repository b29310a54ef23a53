import FoundationEssentials

/// Chooses the base of "commits this session".
///
/// An explicit `--since REV|DATE` wins (the user asked for it). Otherwise: the session start
/// recorded for this worktree (`SessionStore`), else the HEAD recorded by the last handoff in
/// the handoff folder, else none.
public struct SessionBaseFinder {
    /// The folder handoffs are saved in (`.claude/handoffs` under the work tree by default).
    public var handoffFolder: String?
    public var since: String?
    public var timeZone: TimeZone
    public var sessionStart: SessionStart?

    public init(handoffFolder: String?, since: String?, timeZone: TimeZone, sessionStart: SessionStart? = nil) {
        self.handoffFolder = handoffFolder
        self.since = since
        self.timeZone = timeZone
        self.sessionStart = sessionStart
    }

    public func find(history: any SessionHistorySource) throws(HandoffError) -> SessionBase {
        if let since, !since.trimmed.isEmpty {
            let text = since.trimmed
            if let date = SinceDate.parse(text, timeZone: timeZone) { return .date(text: text, date: date) }
            let oid: String?
            do {
                oid = try history.resolve(revision: text)
            } catch {
                throw HandoffError("--since \(text): \(error)")
            }
            guard let oid else {
                throw HandoffError(
                    "--since \(text): not a date (YYYY-MM-DD or ISO 8601) nor a revision in this repository"
                )
            }
            return .revision(name: text, oid: oid)
        }
        if let sessionStart { return .sessionStart(sessionStart) }
        guard let handoffFolder else { return .none }
        if let last = HandoffFolder(path: handoffFolder).latestRecordedHead() {
            return .lastHandoff(oid: last.head, file: last.name)
        }
        return .none
    }
}

/// `--since` dates: `YYYY-MM-DD` (midnight, local time) or ISO 8601 with a time.
enum SinceDate {
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
    }
}
