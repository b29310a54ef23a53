/// What `handoff wrap-up` checks and what blocks, from `.claude/handoff.json`'s `wrap_up` object:
///
/// ```json
/// {"wrap_up": {
///   "blocking": ["uncommitted", "unpushed", "operation", "conflicts", "secrets", "tests"],
///   "debug_patterns": {"swift": ["print(", "dump("], "js": ["console.log(", "debugger"], "*": ["XXX-DEBUG"]},
///   "large_file_bytes": 1048576,
///   "junit": [".build/report.xml"]
/// }}
/// ```
///
/// Every key is optional; the defaults are the values above except `debug_patterns` (none: the
/// check is off until a project names its own) and `junit` (none). `debug_patterns` is an
/// object from file extension (`*` for every file) to plain substrings, or an array for every
/// file. An unknown key or check name is an error, so a typo does not silently do nothing.
public struct WrapUpSettings: Sendable, Equatable {
    public var blocking = WrapUpCheck.blockingByDefault
    public var debugPatterns = DebugPatterns()
    /// Files added over this size are reported.
    public var largeFileBytes = 1_048_576
    /// JUnit reports the project's tests write, relative to the work tree.
    public var junitReports: [String] = []

    public init() {}

    /// The settings file, relative to the work tree.
    public static let relativePath = ".claude/handoff.json"

    /// The work tree's settings; the defaults when the file is missing.
    public static func read(workTree: String) throws(HandoffError) -> WrapUpSettings {
        let path = workTree + "/" + relativePath
        guard FileSystem.exists(path, followingLinks: true) else { return WrapUpSettings() }
        return try parse(FileInput.readText(path), name: relativePath)
    }

    public static func parse(_ text: String, name: String) throws(HandoffError) -> WrapUpSettings {
        let json: JSONValue
        do {
            json = try JSONValue.parse(text)
        } catch {
            throw HandoffError("\(name): \(error.description)")
        }
        guard case .object = json else { throw HandoffError("\(name): the top level is not a JSON object") }
        var settings = WrapUpSettings()
        guard let wrapUp = json["wrap_up"] else { return settings }
        guard case .object(let members) = wrapUp else { throw HandoffError("\(name): \"wrap_up\" is not an object") }
        for (key, value) in members {
            let field = "\(name): wrap_up.\(key)"
            switch key {
            case "blocking":
                settings.blocking = []
                for name in try strings(value, field) {
                    guard let check = WrapUpCheck(rawValue: name) else {
                        throw HandoffError("\(field): no check named \"\(name)\" (checks: \(WrapUpCheck.names))")
                    }
                    settings.blocking.insert(check)
                }
            case "debug_patterns":
                settings.debugPatterns = try DebugPatterns(value, field: field)
            case "large_file_bytes":
                guard case .number(let text) = value, let bytes = Int(text), bytes > 0 else {
                    throw HandoffError("\(field) must be a whole number of bytes above zero")
                }
                settings.largeFileBytes = bytes
            case "junit":
                if let single = value.stringValue {
                    settings.junitReports = [single]
                } else {
                    settings.junitReports = try strings(value, field)
                }
            default:
                throw HandoffError(
                    "\(name): unknown key wrap_up.\(key) (keys: blocking, debug_patterns, large_file_bytes, junit)")
            }
        }
        return settings
    }

    static func strings(_ value: JSONValue, _ field: String) throws(HandoffError) -> [String] {
        guard let items = value.arrayValue else { throw HandoffError("\(field) must be an array of strings") }
        var result: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw HandoffError("\(field) must be an array of strings") }
            result.append(text)
        }
        return result
    }
}

/// The substrings that mark a debug leftover, by file extension.
public struct DebugPatterns: Sendable, Equatable {
    /// Extension (without the dot, lowercased; `*` for every file) to substrings.
    public var byExtension: [String: [String]] = [:]

    public init(byExtension: [String: [String]] = [:]) {
        self.byExtension = byExtension
    }

    init(_ value: JSONValue, field: String) throws(HandoffError) {
        if value.arrayValue != nil {
            byExtension["*"] = try WrapUpSettings.strings(value, field)
            return
        }
        guard case .object(let members) = value else {
            throw HandoffError("\(field) must be an object of extension to patterns, or an array of patterns")
        }
        for (key, patterns) in members {
            let name = key.hasPrefix(".") ? String(key.dropFirst()) : key
            byExtension[name.lowercased(), default: []] += try WrapUpSettings.strings(patterns, "\(field).\(key)")
        }
    }

    /// True when no pattern is configured: the check is off.
    public var isEmpty: Bool { byExtension.values.allSatisfy(\.isEmpty) }

    /// The patterns that apply to `path`: its extension's and `*`'s.
    public func patterns(for path: String) -> [String] {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext =
            name.split(separator: ".", omittingEmptySubsequences: false).count > 1
            ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        return (byExtension["*"] ?? []) + (ext.isEmpty ? [] : byExtension[ext] ?? [])
    }
}
