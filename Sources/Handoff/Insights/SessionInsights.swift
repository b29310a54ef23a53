import FoundationEssentials

/// Patterns across saved sessions, from their handoffs: `handoff insights`.
///
/// Encoded as JSON with these keys (schema `handoff-insights/1`; a key is never dropped, a
/// missing figure is `null`):
/// `sessions`, `first_day`, `last_day`, `incomplete`, `commits` {`total`, `mean`, `median`},
/// `duration_minutes` {`sessions`, `mean`, `median`}, `tests` {`sessions`, `passing`,
/// `failing`}, `weeks` [{`week` (its Monday), `sessions`, `commits`, `incomplete`}],
/// `timeline` [{`name`, `day`, `commits`, `duration_minutes`, `incomplete`, `tests_passed`,
/// `tests_failed`}] (the last 60 sessions), `files` and `directories` [{`path`, `sessions`}]
/// (top 10), `blockers` and `gotchas` [{`text`, `sessions`, `variants`}] (said in two sessions
/// or more), `learnings` [{`category`, `count`, `rules`}], `unreadable`.
public struct SessionInsights: Sendable, Equatable, Encodable {
    public var schema = "handoff-insights/1"
    public var sessions: Int
    @AlwaysEncoded public var firstDay: String?
    @AlwaysEncoded public var lastDay: String?
    public var incomplete: Int
    public var commits: Spread
    public var durationMinutes: Spread
    public var tests: TestTally
    public var weeks: [Week]
    public var timeline: [Session]
    public var files: [Count]
    public var directories: [Count]
    public var blockers: [Recurring]
    public var gotchas: [Recurring]
    public var learnings: [Category]
    public var unreadable: Int

    public struct Spread: Sendable, Equatable, Encodable {
        /// How many sessions gave a figure.
        public var sessions: Int
        public var total: Int
        @AlwaysEncoded public var mean: Double?
        @AlwaysEncoded public var median: Double?

        init(_ values: [Int]) {
            sessions = values.count
            total = values.reduce(0, +)
            mean = values.isEmpty ? nil : (Double(total) / Double(values.count) * 10).rounded() / 10
            let sorted = values.sorted()
            if sorted.isEmpty {
                median = nil
            } else if sorted.count % 2 == 1 {
                median = Double(sorted[sorted.count / 2])
            } else {
                median = Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            }
        }
    }

    public struct TestTally: Sendable, Equatable, Encodable {
        /// Sessions that recorded a test result; of them, how many passed and how many failed.
        public var sessions: Int
        public var passing: Int
        public var failing: Int
    }

    public struct Week: Sendable, Equatable, Encodable {
        /// Its Monday, `YYYY-MM-DD`.
        public var week: String
        public var sessions: Int
        public var commits: Int
        public var incomplete: Int
    }

    public struct Session: Sendable, Equatable, Encodable {
        public var name: String
        public var day: String
        @AlwaysEncoded public var commits: Int?
        @AlwaysEncoded public var durationMinutes: Int?
        public var incomplete: Bool
        @AlwaysEncoded public var testsPassed: Int?
        @AlwaysEncoded public var testsFailed: Int?

        enum CodingKeys: String, CodingKey {
            case name, day, commits, incomplete
            case durationMinutes = "duration_minutes"
            case testsPassed = "tests_passed"
            case testsFailed = "tests_failed"
        }
    }

    public struct Count: Sendable, Equatable, Encodable {
        public var path: String
        /// In how many sessions' Files Touched.
        public var sessions: Int
    }

    public struct Recurring: Sendable, Equatable, Encodable {
        public var text: String
        public var sessions: Int
        public var variants: [String]
    }

    public struct Category: Sendable, Equatable, Encodable {
        public var category: String
        public var count: Int
        /// Distinct rules, first seen first.
        public var rules: [String]
    }

    enum CodingKeys: String, CodingKey {
        case schema, sessions, incomplete, commits, tests, weeks, timeline, files, directories, blockers, gotchas,
            learnings, unreadable
        case firstDay = "first_day"
        case lastDay = "last_day"
        case durationMinutes = "duration_minutes"
    }

    public static let top = 10
    public static let timelineLength = 60

    /// The insights of `collection`'s records (oldest first).
    public init(_ collection: HandoffCollection) {
        let records = collection.records
        sessions = records.count
        firstDay = records.map(\.day).min()
        lastDay = records.map(\.day).max()
        incomplete = records.count { $0.incomplete }
        commits = Spread(records.compactMap(\.commits))
        let timeByName = Dictionary(records.map { ($0.name, $0.time) }, uniquingKeysWith: { first, _ in first })
        let minutes = records.map { record in
            record.duration(previousTime: record.previousHandoff.flatMap { timeByName[$0] ?? nil })
                .map { Int(($0 / 60).rounded()) }
        }
        durationMinutes = Spread(minutes.compactMap { $0 })
        let tested = records.filter { $0.testsPassed != nil || $0.testsFailed != nil }
        tests = TestTally(
            sessions: tested.count, passing: tested.count { ($0.testsFailed ?? 0) == 0 },
            failing: tested.count { ($0.testsFailed ?? 0) > 0 })
        weeks = Self.weeks(records)
        timeline = zip(records, minutes).suffix(Self.timelineLength).map { record, minutes in
            Session(
                name: record.name, day: record.day, commits: record.commits, durationMinutes: minutes,
                incomplete: record.incomplete, testsPassed: record.testsPassed, testsFailed: record.testsFailed)
        }
        files = Self.counts(records.map { Set($0.files) })
        directories = Self.counts(records.map { Set($0.files.map(Self.directory(of:))) })
        blockers = Self.recurring(records.map(\.blockers))
        gotchas = Self.recurring(records.map(\.gotchas))
        learnings = Self.categories(records.flatMap(\.learnings))
        unreadable = collection.unreadable
    }

    /// `Sources/Handoff` for `Sources/Handoff/x.swift`; `.` for a file at the top.
    static func directory(of path: String) -> String {
        // Found in the bytes (a path's `/` is never part of a larger character).
        var bytes = Substring(path).utf8
        if bytes.last == UInt8(ascii: "/") { bytes.removeLast() }  // an untracked folder, as git collapses it
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return String(Substring(bytes[..<slash]))
    }

    /// Paths by the number of sessions naming them, most first (ties: by path), the top ones.
    static func counts(_ sets: [Set<String>]) -> [Count] {
        var counts: [String: Int] = [:]
        for set in sets { for path in set { counts[path, default: 0] += 1 } }
        return counts.map { Count(path: $0.key, sessions: $0.value) }
            .sorted { ($1.sessions, $0.path) < ($0.sessions, $1.path) }.prefix(top).map { $0 }
    }

    static func recurring(_ items: [[String]]) -> [Recurring] {
        SimilarItems.groups(items).filter { $0.handoffs >= 2 }.prefix(top).map {
            Recurring(text: $0.text, sessions: $0.handoffs, variants: $0.variants)
        }
    }

    static func categories(_ learnings: [Learning]) -> [Category] {
        var order: [String] = []
        var byCategory: [String: Category] = [:]
        // The rules already listed, per category: a scan of each category's list per learning
        // made 10,000 handoffs' learnings quadratic.
        var seen: Set<Learning> = []
        for learning in learnings {
            if byCategory[learning.category] == nil {
                order.append(learning.category)
                byCategory[learning.category] = Category(category: learning.category, count: 0, rules: [])
            }
            byCategory[learning.category]?.count += 1
            if seen.insert(learning).inserted {
                byCategory[learning.category]?.rules.append(learning.rule)
            }
        }
        return order.compactMap { byCategory[$0] }.enumerated()
            .sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
    }

    /// Sessions per week (Monday to Sunday, by the day each handoff was written), every week from
    /// the first to the last, empty ones included.
    static func weeks(_ records: [SessionRecord]) -> [Week] {
        var byMonday: [Int: Week] = [:]
        for record in records {
            guard let day = CivilDay(record.day) else { continue }
            let monday = day.number - day.weekdayFromMonday
            var week =
                byMonday[monday] ?? Week(week: CivilDay(number: monday).text, sessions: 0, commits: 0, incomplete: 0)
            week.sessions += 1
            week.commits += record.commits ?? 0
            week.incomplete += record.incomplete ? 1 : 0
            byMonday[monday] = week
        }
        guard let first = byMonday.keys.min(), let last = byMonday.keys.max() else { return [] }
        return stride(from: first, through: last, by: 7).map {
            byMonday[$0] ?? Week(week: CivilDay(number: $0).text, sessions: 0, commits: 0, incomplete: 0)
        }
    }

    /// The JSON text, keys sorted, ending in a newline.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}

/// A calendar day as a number of days since 1970-01-01 (proleptic Gregorian), for weeks
/// without a time zone: a handoff's day is already in its writer's zone.
struct CivilDay {
    var number: Int

    init(number: Int) { self.number = number }

    /// From `YYYY-MM-DD`.
    init?(_ text: String) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        // Howard Hinnant's days_from_civil.
        let year = parts[1] <= 2 ? parts[0] - 1 : parts[0]
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let month = parts[1]
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + parts[2] - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        number = era * 146097 + dayOfEra - 719468
    }

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    var weekdayFromMonday: Int { ((number % 7) + 7 + 3) % 7 }

    var text: String {
        let z = number + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}
