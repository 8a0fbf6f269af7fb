import BacklineEngine
import Foundation
import Hummingbird

/// The body of `POST /sessions`, read field by field from the request model's table, so that each
/// mistake gets its own message and a new field needs no code here. Every field is optional;
/// unknown fields are ignored.
enum CreateSessionBody {
    static let maximumSize = 1 << 20

    static func draft(from request: Request, fields: [SongRequest.Field]) async throws -> SongRequest.Draft {
        var draft = SongRequest.Draft()
        let buffer = try await request.body.collect(upTo: maximumSize)
        guard buffer.readableBytes > 0 else { return draft }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
        } catch {
            throw APIError.badRequest("request body is not valid JSON; send an object such as {\"genre\": \"blues\", \"key\": \"A\", \"mode\": \"minor\", \"tempo\": 110}")
        }
        guard case .object(let object) = value else {
            throw APIError.badRequest("request body must be a JSON object, not \(value.kind)")
        }
        for field in fields {
            guard let value = object[field.name], !(field.nullable && value == .null) else { continue }
            try read(value, into: &draft, as: field)
        }
        return draft
    }

    /// One field's value, checked for its JSON type; its bounds are the request model's to check.
    private static func read(_ value: JSONValue, into draft: inout SongRequest.Draft, as field: SongRequest.Field) throws {
        let name = field.name
        switch field.kind {
        case .text(let path, _), .chart(let path, _):
            guard case .string(let text) = value else { throw APIError.badRequest("\(name) must be a string, not \(value.kind)") }
            draft[keyPath: path] = text
        case .integer(let path, _):
            guard case .integer(let number) = value else { throw APIError.badRequest("\(name) must be an integer, not \(value.kind)") }
            draft[keyPath: path] = number
        case .seed(let path, _):
            guard case .integer(let number) = value else { throw APIError.badRequest("\(name) must be an integer, not \(value.kind)") }
            draft[keyPath: path] = Int64(number)
        case .boolean(let path):
            guard case .bool(let flag) = value else { throw APIError.badRequest("\(name) must be true or false, not \(value.kind)") }
            draft[keyPath: path] = flag
        case .names(let path, _):
            guard case .array(let items) = value else { throw APIError.badRequest("\(name) must be a list of names, not \(value.kind)") }
            draft[keyPath: path] = try items.map { item in
                guard case .string(let text) = item else { throw APIError.badRequest("\(name) must list names (strings), not \(item.kind)") }
                return text
            }
        }
    }
}

/// Any JSON value, keeping booleans, integers and other numbers apart.
enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number(let n): "the number \(n)"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
