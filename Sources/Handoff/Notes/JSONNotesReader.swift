import FoundationEssentials

/// Reads notes written as JSON.
///
/// Schema (every key optional; unknown keys are an error so a typo is not silently lost):
/// ```json
/// {
///   "done": ["Parser handles tabs"],
///   "in_progress": ["Wire up --full", {"item": "Budget fitting", "resume_at": "Sources/Fit.swift:40"}],
///   "todo": ["Document the schema"],
///   "blocked": ["Release: waiting for review", {"item": "CI", "reason": "runner down"}],
///   "decisions": ["Mustache: well kept; trade-off: Foundation at start-up",
///                 {"title": "…", "why": "…", "trade_off": "…"}],
///   "learnings": ["[Testing] fix the clock", {"category": "Git", "rule": "…"}],
///   "files": ["Sources/A.swift: new reader", {"path": "…", "description": "…"}],
///   "gotchas": ["…"],
///   "context": "…", "next": "…",
///   "tests": "23 passed, 0 failed"   (or {"passed": 23, "failed": 0, "skipped": 0}, or "not run")
/// }
/// ```
/// Each string form is the same as the matching command-line flag's.
public enum JSONNotesReader {
    static let keys: Set<String> = [
        "done", "in_progress", "todo", "blocked", "decisions", "learnings", "files", "gotchas", "context", "next",
        "tests",
    ]

    public static func read(_ data: Data, name: String) throws(HandoffError) -> SessionNotes {
        do {
            return try JSONDecoder().decode(NotesFile.self, from: data).notes
        } catch let error as HandoffError {
            throw HandoffError("\(name): \(error.description)")
        } catch let error as DecodingError {
            throw HandoffError("\(name): \(describe(error, data: data))")
        } catch {
            throw HandoffError("\(name): invalid JSON (\(error))")
        }
    }

    static func describe(_ error: DecodingError, data: Data) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            do throws(JSONSyntaxError) {
                _ = try JSONValue.parse(Array(data))
            } catch {
                return "invalid JSON at \(error)"
            }
            return "invalid JSON: \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        @unknown default:
            return "invalid notes: \(error)"
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "notes" : text
    }
}

/// The decoding side of the JSON schema; string forms are parsed with `NoteSyntax`.
private struct NotesFile: Decodable {
    var notes = SessionNotes()

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys where !JSONNotesReader.keys.contains(key.stringValue) {
            throw HandoffError(
                "unknown key \"\(key.stringValue)\" (known: \(JSONNotesReader.keys.sorted().joined(separator: ", ")))")
        }
        func strings(_ name: String) throws -> [String] {
            try container.decodeIfPresent([String].self, forKey: AnyKey(stringValue: name)) ?? []
        }
        func entries<T: Decodable>(_ name: String, _ type: T.Type) throws -> [Either<T>] {
            try container.decodeIfPresent([Either<T>].self, forKey: AnyKey(stringValue: name)) ?? []
        }
        notes.done = try strings("done")
        notes.todo = try strings("todo")
        notes.gotchas = try strings("gotchas")
        notes.inProgress = try entries("in_progress", WorkItem.self).map {
            switch $0 {
            case .text(let text): NoteSyntax.workItem(text)
            case .value(let value): value
            }
        }
        notes.blocked = try entries("blocked", BlockedItem.self).enumerated().map { index, entry in
            switch entry {
            case .text(let text): try NoteSyntax.blocked(text, field: "blocked[\(index)]")
            case .value(let value): value
            }
        }
        notes.decisions = try entries("decisions", Decision.self).enumerated().map { index, entry in
            switch entry {
            case .text(let text): try NoteSyntax.decision(text, field: "decisions[\(index)]")
            case .value(let value): value
            }
        }
        notes.learnings = try entries("learnings", Learning.self).map {
            switch $0 {
            case .text(let text): NoteSyntax.learning(text)
            case .value(let value): value
            }
        }
        notes.files = try entries("files", FileNote.self).enumerated().map { index, entry in
            switch entry {
            case .text(let text): try NoteSyntax.file(text, field: "files[\(index)]")
            case .value(let value): value
            }
        }
        notes.context = try container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: "context"))
        notes.next = try container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: "next"))
        switch try container.decodeIfPresent(Either<TestResults>.self, forKey: AnyKey(stringValue: "tests")) {
        case .text(let text): notes.tests = try TestResults.parse(text)
        case .value(let value): notes.tests = value
        case nil: break
        }
    }
}

/// A JSON value written either as a one-line string or as an object.
private enum Either<T: Decodable>: Decodable {
    case text(String)
    case value(T)

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let text = try? single.decode(String.self) {
            self = .text(text)
        } else {
            self = .value(try single.decode(T.self))
        }
    }
}
