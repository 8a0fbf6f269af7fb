import BacklineEngine
import Foundation
import Hummingbird

/// The body of `POST /sessions`, read field by field from the request model's table, so that each
/// mistake gets its own message and a new field needs no code here. Every field is optional;
/// unknown fields are ignored.
enum CreateSessionBody {
    static let maximumSize = 1 << 20

    static func draft(from request: Request, fields: [SongRequest.Field]) async throws -> SongRequest.Draft {
        let object = try await object(
            from: request, example: #"{"genre": "blues", "key": "A", "mode": "minor", "tempo": 110}"#, emptyIsObject: true)
        do {
            return try SongRequest.Draft.reading(object.mapValues(\.requestValue), fields: fields)
        } catch {
            throw APIError.badRequest(error.message)
        }
    }

    /// A JSON object body of at most ``maximumSize`` bytes; `example` shows a client what to send.
    /// An empty body is an empty object when `emptyIsObject`, else refused.
    static func object(from request: Request, example: String, emptyIsObject: Bool = false) async throws -> [String: JSONValue] {
        let buffer = try await request.body.collect(upTo: maximumSize)
        guard buffer.readableBytes > 0 else {
            if emptyIsObject { return [:] }
            throw APIError.badRequest("request body is empty; send a JSON object such as \(example)")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
        } catch {
            throw APIError.badRequest("request body is not valid JSON; send an object such as \(example)")
        }
        guard case .object(let object) = value else {
            throw APIError.badRequest("request body must be a JSON object, not \(value.kind)")
        }
        return object
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

    var kind: String { requestValue.kind }
}

extension JSONValue {
    /// The value as the request model reads it.
    var requestValue: RequestValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let number): .integer(number)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(\.requestValue))
        case .object: .object
        }
    }
}
