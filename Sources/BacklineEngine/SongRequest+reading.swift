/// A value as a JSON document (a REST body, an MCP tool's arguments) gives it, before it is known
/// to be what a request field needs.
public enum RequestValue: Sendable, Hashable {
    case null, bool(Bool), integer(Int), number(Double), string(String), list([RequestValue]), object

    /// What it is, in words for an error message.
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number(let number): "the number \(number)"
        case .string: "a string"
        case .list: "an array"
        case .object: "an object"
        }
    }
}

extension SongRequest.Draft {
    /// The fields an object gives, each checked for its type against the request model's table;
    /// names the table does not know are ignored. Bounds and choices are `validated`'s to check.
    public static func reading(_ object: [String: RequestValue], fields: [SongRequest.Field]) throws(SongRequestError) -> SongRequest.Draft {
        var draft = SongRequest.Draft()
        for field in fields {
            guard let value = object[field.name], !(field.nullable && value == .null) else { continue }
            try draft.read(value, as: field)
        }
        return draft
    }

    private mutating func read(_ value: RequestValue, as field: SongRequest.Field) throws(SongRequestError) {
        let name = field.name
        func refuse(_ wanted: String) -> SongRequestError {
            SongRequestError(field: name, message: "\(name) must be \(wanted), not \(value.kind)")
        }
        switch field.kind {
        case .text(let path, _), .formatted(let path, _):
            guard case .string(let text) = value else { throw refuse("a string") }
            self[keyPath: path] = text
        case .integer(let path, _):
            guard case .integer(let number) = value else { throw refuse("an integer") }
            self[keyPath: path] = number
        case .seed(let path, _):
            guard case .integer(let number) = value else { throw refuse("an integer") }
            self[keyPath: path] = Int64(number)
        case .boolean(let path):
            guard case .bool(let flag) = value else { throw refuse("true or false") }
            self[keyPath: path] = flag
        case .names(let path, _, _):
            guard case .list(let items) = value else { throw refuse("a list of names") }
            var names: [String] = []
            for item in items {
                guard case .string(let text) = item else {
                    throw SongRequestError(field: name, message: "\(name) must list names (strings), not \(item.kind)")
                }
                names.append(text)
            }
            self[keyPath: path] = names
        case .loop(let path, _):
            switch value {
            case .bool(let flag): self[keyPath: path] = flag ? .whole : SongRequest.Loop.none
            case .list(let items):
                var names: [String] = []
                for item in items {
                    guard case .string(let text) = item else {
                        throw SongRequestError(field: name, message: "\(name) must list section names (strings), not \(item.kind)")
                    }
                    names.append(text)
                }
                self[keyPath: path] = .sections(names)
            default: throw refuse("true, false or a list of section names")
            }
        }
    }
}
