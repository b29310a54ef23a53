import MCP

/// JSON Schemas for the tools' inputs, built from a few shapes.
enum Schema {
    static func object(_ properties: KeyValuePairs<String, Value>, required: [String] = []) -> Value {
        var schema: [String: Value] = [
            "type": "object",
            "properties": .object(Dictionary(uniqueKeysWithValues: properties.map { ($0.key, $0.value) })),
            "additionalProperties": false,
        ]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }

    static func string(_ description: String) -> Value {
        .object(["type": "string", "description": .string(description)])
    }

    static func strings(_ description: String) -> Value {
        .object(["type": "array", "items": .object(["type": "string"]), "description": .string(description)])
    }

    static func boolean(_ description: String) -> Value {
        .object(["type": "boolean", "description": .string(description)])
    }

    static func integer(_ description: String, minimum: Int) -> Value {
        .object(["type": "integer", "minimum": .int(minimum), "description": .string(description)])
    }

    /// `latest`, a number from `list` (1 is the newest) or a file name in the handoff folder.
    static let selector: Value = .object([
        "type": ["string", "integer"],
        "description": "latest (the default), N from `list` (1 is the newest), or a file name in .claude/handoffs.",
    ])
}
