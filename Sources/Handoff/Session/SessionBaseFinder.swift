import FoundationEssentials

/// Chooses the base of "commits this session".
///
/// An explicit `--since REV|DATE` wins (the user asked for it). Otherwise: the recorded
/// session start (`session-start.json` in the handoff folder), else the HEAD recorded by
/// the last handoff in that folder, else none.
public struct SessionBaseFinder {
    /// The folder handoffs are saved in (`.claude/handoffs` under the work tree by default).
    public var handoffFolder: String?
    public var since: String?
    public var timeZone: TimeZone

    public init(handoffFolder: String?, since: String?, timeZone: TimeZone) {
        self.handoffFolder = handoffFolder
        self.since = since
        self.timeZone = timeZone
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
        guard let handoffFolder else { return .none }
        if let record = try? JSONDecoder().decode(
            SessionStartRecord.self, from: FileInput.read(handoffFolder + "/" + SessionStartRecord.fileName)),
            isObjectID(record.head)
        {
            return .sessionStart(oid: record.head, startedAt: record.startedAt)
        }
        if let last = HandoffFolder(path: handoffFolder).latestRecordedHead() {
            return .lastHandoff(oid: last.head, file: last.name)
        }
        return .none
    }

    private func isObjectID(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
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
