/// A row of values as one line of bars: `▁▃█▅` (Unicode) or `_.-=#` (ASCII, for pipes and
/// `NO_COLOR`), each bar scaled to the largest value; a missing value is a space.
public struct Sparkline: Sendable {
    public var unicode: Bool

    public init(unicode: Bool) { self.unicode = unicode }

    static let unicodeBars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiBars: [Character] = ["_", ".", "-", "=", "#"]

    public func line(_ values: [Int?]) -> String {
        let bars = unicode ? Self.unicodeBars : Self.asciiBars
        let largest = values.compactMap { $0 }.max() ?? 0
        return String(
            values.map { value -> Character in
                guard let value else { return " " }
                guard largest > 0 else { return bars[0] }
                // 0 is the lowest bar, the largest value the highest; the others in between.
                return bars[min(bars.count - 1, (value * (bars.count - 1) + largest - 1) / largest)]
            })
    }
}
