import FoundationEssentials

/// The instant a handoff is written, in the time zone it is named in (injected in tests).
public struct HandoffClock: Sendable, Equatable {
    public var now: Date
    public var timeZone: TimeZone

    public init(now: Date = Date(), timeZone: TimeZone = .current) {
        self.now = now
        self.timeZone = timeZone
    }

    private var components: DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
    }

    /// `YYYY-MM-DD`.
    public var day: String {
        let parts = components
        return "\(pad(parts.year ?? 0, 4))-\(pad(parts.month ?? 0, 2))-\(pad(parts.day ?? 0, 2))"
    }

    /// `HH:MM`.
    public var time: String {
        let parts = components
        return "\(pad(parts.hour ?? 0, 2)):\(pad(parts.minute ?? 0, 2))"
    }

    /// ISO 8601 with the zone's offset: `2026-11-22T09:05:00+01:00`.
    public var timestamp: String {
        let parts = components
        let offset = timeZone.secondsFromGMT(for: now)
        let sign = offset < 0 ? "-" : "+"
        let zone = offset == 0 ? "Z" : "\(sign)\(pad(abs(offset) / 3600, 2)):\(pad(abs(offset) % 3600 / 60, 2))"
        return "\(day)T\(time):\(pad(parts.second ?? 0, 2))\(zone)"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
