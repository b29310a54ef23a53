import Handoff
import MCP

/// A tool call's arguments, read by name and type. A wrong type or an unknown name is a
/// `HandoffError` naming the argument, answered as a failed call: the server carries on.
struct ToolArguments {
    let tool: String
    let values: [String: Value]

    init(tool: String, values: [String: Value]?, known: Set<String>) throws(HandoffError) {
        self.tool = tool
        self.values = values ?? [:]
        if let unknown = self.values.keys.sorted().first(where: { !known.contains($0) }) {
            let names = known.sorted().joined(separator: ", ")
            throw HandoffError("\(tool): unknown argument \(unknown) (it takes \(names.isEmpty ? "none" : names))")
        }
    }

    func string(_ name: String) throws(HandoffError) -> String? {
        guard let value = present(name) else { return nil }
        guard let text = Self.text(value) else { throw mistyped(name, "a string", value) }
        return text
    }

    /// A list of strings; one string is taken as a list of one.
    func strings(_ name: String) throws(HandoffError) -> [String] {
        guard let value = present(name) else { return [] }
        if let text = Self.text(value) { return [text] }
        guard let array = value.arrayValue else { throw mistyped(name, "a list of strings", value) }
        var result: [String] = []
        for item in array {
            guard let text = Self.text(item) else { throw mistyped(name, "a list of strings", item) }
            result.append(text)
        }
        return result
    }

    func bool(_ name: String) throws(HandoffError) -> Bool {
        guard let value = present(name) else { return false }
        guard let flag = value.boolValue else { throw mistyped(name, "true or false", value) }
        return flag
    }

    func integer(_ name: String, minimum: Int) throws(HandoffError) -> Int? {
        guard let value = present(name) else { return nil }
        let number: Int?
        switch value {
        case .int(let int): number = int
        case .double(let double): number = double.rounded() == double && abs(double) < 1e15 ? Int(double) : nil
        default: number = nil
        }
        guard let number else { throw mistyped(name, "an integer", value) }
        guard number >= minimum else {
            throw HandoffError("\(tool): \(name) must be \(minimum) or more, not \(number)")
        }
        return number
    }

    /// `latest`, a number or a file name: given as a string or an integer.
    func selector(_ name: String) throws(HandoffError) -> String? {
        if case .int(let number)? = present(name) { return String(number) }
        return try string(name)
    }

    private func present(_ name: String) -> Value? {
        guard let value = values[name], !value.isNull else { return nil }
        return value
    }

    /// The SDK decodes a string that looks like a `data:` URL as data; it is text here.
    private static func text(_ value: Value) -> String? {
        switch value {
        case .string(let text): return text
        case .data(let mimeType, let data):
            return "data:\(mimeType ?? "");base64,\(data.base64EncodedString())"
        default: return nil
        }
    }

    private func mistyped(_ name: String, _ expected: String, _ value: Value) -> HandoffError {
        HandoffError("\(tool): \(name) must be \(expected), not \(Self.kind(of: value))")
    }

    private static func kind(of value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string, .data: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
