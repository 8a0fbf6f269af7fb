extension SongRequest.Field {
    /// Which flavour of JSON Schema to write: OpenAPI 3.0 marks null with `nullable`, JSON Schema
    /// (as MCP's tool schemas use it) with a list of types.
    public enum SchemaDialect: Sendable {
        case openAPI30, jsonSchema
    }

    /// The field as a JSON Schema property: type, choices or bounds, default, description.
    public func schema(_ dialect: SchemaDialect) -> [String: any Sendable] {
        var schema: [String: any Sendable] = ["description": summary]
        if case .loop(_, let choices) = kind {
            let names: [String: any Sendable] = [
                "type": "array", "minItems": 1,
                "items": (choices.isEmpty ? ["type": "string"] : ["type": "string", "enum": choices]) as [String: any Sendable],
            ]
            schema[dialect == .openAPI30 ? "oneOf" : "anyOf"] = [["type": "boolean"] as [String: any Sendable], names] as [any Sendable]
            schema["default"] = false
            return schema
        }
        let type: String
        switch kind {
        case .text(_, let choices):
            type = "string"
            if let choices { schema["enum"] = choices }
        case .formatted(_, let pattern):
            type = "string"
            schema["pattern"] = pattern
        case .integer(_, let range):
            type = "integer"
            schema["minimum"] = range.lowerBound
            schema["maximum"] = range.upperBound
        case .seed(_, let range):
            type = "integer"
            schema["minimum"] = Int(range.lowerBound)
            schema["maximum"] = Int(range.upperBound)
        case .boolean:
            type = "boolean"
        case .names(_, let choices, let repeats):
            type = "array"
            schema["items"] = (choices.isEmpty ? ["type": "string"] : ["type": "string", "enum": choices]) as [String: any Sendable]
            schema["minItems"] = 1
            if !repeats { schema["uniqueItems"] = true }
        case .loop:
            preconditionFailure("handled above")
        }
        if let defaultValue {
            switch kind {
            case .integer where Int(defaultValue) != nil: schema["default"] = Int(defaultValue)!
            case .boolean: schema["default"] = defaultValue == "true"
            case .text, .formatted: schema["default"] = defaultValue
            default: break
            }
        }
        switch (dialect, nullable) {
        case (.openAPI30, true):
            schema["type"] = type
            schema["nullable"] = true
        case (.jsonSchema, true):
            schema["type"] = [type, "null"]
        case (_, false):
            schema["type"] = type
        }
        return schema
    }
}
