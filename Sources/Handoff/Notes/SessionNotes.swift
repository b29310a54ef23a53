/// What the user (or their coding agent) says about the session.
///
/// Every form of notes input (flags, JSON, Markdown, JUnit) produces this value;
/// several inputs combine with `merge(_:)`.
public struct SessionNotes: Sendable, Codable, Equatable {
    public var done: [String] = []
    public var inProgress: [WorkItem] = []
    /// Pending items that are not blocked.
    public var todo: [String] = []
    public var blocked: [BlockedItem] = []
    public var decisions: [Decision] = []
    public var learnings: [Learning] = []
    public var files: [FileNote] = []
    public var gotchas: [String] = []
    /// The key context for the resume command.
    public var context: String?
    /// The next step for the resume command.
    public var next: String?
    /// `nil` when tests were not run (or not reported).
    public var tests: TestResults?

    public init() {}

    /// Lists are appended; `other`'s context, next step and tests win when set.
    public mutating func merge(_ other: SessionNotes) {
        done += other.done
        inProgress += other.inProgress
        todo += other.todo
        blocked += other.blocked
        decisions += other.decisions
        learnings += other.learnings
        files += other.files
        gotchas += other.gotchas
        if let context = other.context { self.context = context }
        if let next = other.next { self.next = next }
        if let tests = other.tests { self.tests = tests }
    }

    /// Every free-text field passed through `transform` (used by the redactor).
    public func mapText(_ transform: (String) -> String) -> SessionNotes {
        var copy = self
        copy.done = done.map(transform)
        copy.inProgress = inProgress.map { WorkItem(text: transform($0.text), location: $0.location.map(transform)) }
        copy.todo = todo.map(transform)
        copy.blocked = blocked.map { BlockedItem(item: transform($0.item), reason: transform($0.reason)) }
        copy.decisions = decisions.map {
            Decision(title: transform($0.title), why: transform($0.why), tradeOff: $0.tradeOff.map(transform))
        }
        copy.learnings = learnings.map { Learning(category: transform($0.category), rule: transform($0.rule)) }
        copy.files = files.map { FileNote(path: $0.path, description: transform($0.description)) }
        copy.gotchas = gotchas.map(transform)
        copy.context = context.map(transform)
        copy.next = next.map(transform)
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case done, todo, blocked, decisions, learnings, files, gotchas, context, next, tests
        case inProgress = "in_progress"
    }
}

/// Work started and not finished, with where to resume (`path:line`) when known.
public struct WorkItem: Sendable, Codable, Equatable {
    public var text: String
    public var location: String?

    public init(text: String, location: String? = nil) {
        self.text = text
        self.location = location
    }

    enum CodingKeys: String, CodingKey {
        case text = "item"
        case location = "resume_at"
    }
}

public struct BlockedItem: Sendable, Codable, Equatable {
    public var item: String
    public var reason: String

    public init(item: String, reason: String) {
        self.item = item
        self.reason = reason
    }
}

public struct Decision: Sendable, Codable, Equatable {
    public var title: String
    public var why: String
    public var tradeOff: String?

    public init(title: String, why: String, tradeOff: String? = nil) {
        self.title = title
        self.why = why
        self.tradeOff = tradeOff
    }

    enum CodingKeys: String, CodingKey {
        case title, why
        case tradeOff = "trade_off"
    }
}

/// A rule learned the hard way, filed under a category: `[Testing] run git with a fixed clock`.
public struct Learning: Sendable, Codable, Hashable {
    public var category: String
    public var rule: String

    public init(category: String, rule: String) {
        self.category = category
        self.rule = rule
    }
}

/// The user's description of what changed in one file.
public struct FileNote: Sendable, Codable, Equatable {
    public var path: String
    public var description: String

    public init(path: String, description: String) {
        self.path = path
        self.description = description
    }
}
