import BacklineServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The OpenAPI document agrees with the router")
struct OpenAPITests {
    @Test("Every route is documented with its method, and every documented operation is routed")
    func routesMatchDocument() async throws {
        let fixture = try ServerFixture()
        let routed = Set(allEndpoints(fixture.dependencies, context: BasicRequestContext.self).flatMap { $0 }.filter(\.inSchema).map { "\($0.method.rawValue) \($0.path)" })
        try await fixture.test { client in
            let (status, document) = try await client.get("/openapi.json")
            #expect(status == .ok)
            let paths = try #require((document as? [String: Any])?["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(documented == routed)
        }
    }

    @Test("The document's bounds are the server's: tempo, sections, keys, modes and the genres it can play")
    func boundsMatch() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (_, document) = try await client.get("/openapi.json")
            let root = try #require(document as? [String: Any])
            #expect(root["openapi"] as? String == "3.0.3")
            let schemas = try #require((root["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let create = try #require((schemas["CreateSession"] as? [String: Any])?["properties"] as? [String: [String: Any]])
            #expect(create["tempo"]?["minimum"] as? Int == 40 && create["tempo"]?["maximum"] as? Int == 300)
            #expect(create["sections"]?["minimum"] as? Int == 1 && create["sections"]?["maximum"] as? Int == 64)
            #expect((create["key"]?["enum"] as? [String])?.count == 17)
            #expect((create["mode"]?["enum"] as? [String])?.count == 15)
            #expect(create["genre"]?["enum"] as? [String] == fixture.catalog.current.ids)
            // Every status the tests above observe is documented for its operation.
            let paths = try #require(root["paths"] as? [String: [String: [String: Any]]])
            let codes = { (path: String, method: String) in Set(((paths[path]?[method]?["responses"]) as? [String: Any])?.keys ?? [:].keys) }
            #expect(codes("/sessions", "post") == ["201", "400", "413", "503"])
            #expect(codes("/sessions/{id}/run", "post") == ["200", "404", "409", "500", "503"])
            #expect(codes("/sessions/{id}/export", "get") == ["200", "304", "404", "409", "500", "503"])
            #expect(codes("/sessions/{id}", "get") == ["200", "404", "503"])
            #expect(codes("/health", "get") == ["200", "503"])
        }
    }
}
