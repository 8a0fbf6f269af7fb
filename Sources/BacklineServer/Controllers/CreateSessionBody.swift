import Foundation
import Hummingbird

/// The body of `POST /sessions`, read field by field so that each mistake gets its own message.
/// Every field is optional and has the contract's default; unknown fields are ignored.
struct CreateSessionBody {
    var genre = "classic_rock"
    var key = "C"
    var mode = "major"
    var tempo = 120
    var sections = 4
    var withKeys = false
    var seed: Int64?
    var progression: String?

    static let maximumSize = 1 << 20

    init(request: Request, context: some RequestContext) async throws {
        let buffer = try await request.body.collect(upTo: Self.maximumSize)
        guard buffer.readableBytes > 0 else { return }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
        } catch {
            throw APIError.badRequest("request body is not valid JSON; send an object such as {\"genre\": \"blues\", \"key\": \"A\", \"mode\": \"minor\", \"tempo\": 110}")
        }
        guard case .object(let fields) = value else {
            throw APIError.badRequest("request body must be a JSON object, not \(value.kind)")
        }
        if let v = fields["genre"] { genre = try Self.string(v, "genre") }
        if let v = fields["key"] { key = try Self.string(v, "key") }
        if let v = fields["mode"] { mode = try Self.string(v, "mode") }
        if let v = fields["tempo"] { tempo = try Self.integer(v, "tempo") }
        if let v = fields["sections"] { sections = try Self.integer(v, "sections") }
        if let v = fields["with_keys"] {
            guard case .bool(let flag) = v else { throw APIError.badRequest("with_keys must be true or false, not \(v.kind)") }
            withKeys = flag
        }
        if let v = fields["seed"], v != .null { seed = Int64(try Self.integer(v, "seed")) }
        if let v = fields["progression"], v != .null { progression = try Self.string(v, "progression") }
    }

    private static func string(_ value: JSONValue, _ name: String) throws -> String {
        guard case .string(let text) = value else { throw APIError.badRequest("\(name) must be a string, not \(value.kind)") }
        return text
    }

    private static func integer(_ value: JSONValue, _ name: String) throws -> Int {
        guard case .integer(let number) = value else { throw APIError.badRequest("\(name) must be an integer, not \(value.kind)") }
        return number
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
