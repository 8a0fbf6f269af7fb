import BacklineSessions
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BacklineServer

/// Two clients' keys, as a keys file would name them.
enum Keys {
    static let alice = "alice-0123456789abcdef0123456789"
    static let bob = "bob-fedcba9876543210fedcba98765"
    static let unknown = "nobody-00000000000000000000000000"
    static let file = [AccessKey(secret: alice, name: "alice"), AccessKey(secret: bob, name: "bob")]
}

extension TestClientProtocol {
    /// A request as `key` (none when nil); status, headers and JSON body (nil when not JSON).
    func call(
        _ method: HTTPRequest.Method, _ uri: String, key: String?, json: String? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: Any?) {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        { response in
            (response.status, response.headers, try? JSONSerialization.jsonObject(with: Data(buffer: response.body)))
        }
    }

    /// Creates and runs a session as `key`; returns its id.
    func createAndRun(as key: String) async throws -> String {
        let created = try await call(
            .post, "/sessions", key: key, json: #"{"genre":"blues","key":"A","mode":"minor","tempo":110,"sections":1}"#)
        #expect(created.status == .created)
        let id = try #require((created.body as? [String: Any])?["id"] as? String)
        #expect(try await call(.post, "/sessions/\(id)/run", key: key).status == .ok)
        return id
    }
}

func detail(_ body: Any?) -> String { ((body as? [String: Any])?["detail"] as? String) ?? "" }

@Suite("API keys: who may do what")
struct AccessKeyTests {
    @Test(
        "Without a key, or with one the server never had, a request is 401 with WWW-Authenticate: Bearer; public pages stay open"
    )
    func unauthorized() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file)
        try await fixture.test { client in
            for (method, path) in [
                (HTTPRequest.Method.get, "/sessions"), (.post, "/sessions"), (.get, "/genres"), (.post, "/mcp"),
                (.get, "/sessions/\(UUID())"),
            ] {
                for key in [nil, Keys.unknown] {
                    let answer = try await client.call(method, path, key: key, json: method == .post ? "{}" : nil)
                    #expect(answer.status == .unauthorized, "\(method) \(path) with \(key ?? "no key")")
                    #expect(answer.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    #expect(!detail(answer.body).isEmpty)
                }
            }
            let basic = try await client.execute(
                uri: "/sessions", method: .get, headers: [.authorization: "Basic YWxpY2U6eA=="]
            ) { $0.status }
            #expect(basic == .unauthorized)
            for path in ["/health", "/openapi.json", "/docs", "/redoc", "/metrics", "/", "/studio.js"] {
                #expect(try await client.call(.get, path, key: nil).status == .ok, "\(path)")
            }
            // Every script and stylesheet the pages load is open too, or a keyed server's pages
            // would show unstyled and dead.
            for page in ["/", "/docs", "/redoc"] {
                let html = try await client.execute(uri: page, method: .get) { String(buffer: $0.body) }
                let assets = html.matches(of: /(?:src|href)="(\/[^"]*)"/).map { String($0.output.1) }
                #expect(!assets.isEmpty, "\(page) loads its script and stylesheet")
                for asset in assets {
                    #expect(try await client.call(.get, asset, key: nil).status == .ok, "\(page) loads \(asset)")
                }
            }
            // Only those: a path that merely starts like one is not open.
            #expect(try await client.call(.get, "/studio-sessions", key: nil).status == .unauthorized)
            #expect(try await client.call(.get, "/sessions", key: Keys.alice).status == .ok)
        }
    }

    @Test("Until its keys are in the store the server lets nothing through: 503 with Retry-After, and /health says so")
    func loading() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file)
        // The fixture's test() loads the keys first, as the server's start-up service does; here nobody has.
        let app = Application(router: buildRouter(fixture.dependencies))
        try await app.test(.router) { client in
            let refused = try await client.call(.get, "/sessions", key: Keys.alice)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "1")
            let health = try await client.call(.get, "/health", key: nil)
            #expect(health.status == .serviceUnavailable)
            #expect((health.body as? [String: Any])?["status"] as? String == "unavailable")
            _ = try await #require(fixture.access).load(into: fixture.sessions)
            #expect(try await client.call(.get, "/sessions", key: Keys.alice).status == .ok)
            #expect(try await client.call(.get, "/health", key: nil).status == .ok)
        }
    }

    @Test("A key no longer in the keys file is revoked: 403; its sessions stay its own")
    func revoked() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file)
        try await fixture.test { client in
            let id = try await client.createAndRun(as: Keys.bob)
            // The server restarts with a file that lists only alice.
            let sync = try await AccessControl(keys: [AccessKey(secret: Keys.alice, name: "alice")]).load(
                into: fixture.sessions)
            #expect(sync == AccessKeySync(added: 0, revoked: 1))
            let answer = try await client.call(.get, "/sessions/\(id)", key: Keys.bob)
            #expect(answer.status == .forbidden)
            #expect(detail(answer.body).contains("revoked"))
            #expect(try await client.call(.get, "/sessions", key: Keys.bob).status == .forbidden)
            #expect(try await client.call(.get, "/sessions/\(id)", key: Keys.alice).status == .notFound)
            // Listed again, the key is back, and so are its sessions.
            _ = try await AccessControl(keys: Keys.file).load(into: fixture.sessions)
            #expect(try await client.call(.get, "/sessions/\(id)", key: Keys.bob).status == .ok)
        }
    }

    @Test("Another key's session is 404 on every session route, exactly as a missing one")
    func othersSessionsAreNotFound() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file)
        try await fixture.test { client in
            let id = try await client.createAndRun(as: Keys.alice)
            let missing = UUID().uuidString.lowercased()
            let routes: [(HTTPRequest.Method, String)] = [
                (.get, ""), (.post, "/run"), (.get, "/tracks"), (.get, "/export"), (.get, "/parts/drums"),
                (.get, "/parts/full"),
                (.get, "/pianoroll.svg"), (.get, "/musicxml"), (.get, "/audio"), (.delete, ""),
            ]
            for (method, suffix) in routes {
                let theirs = try await client.call(method, "/sessions/\(id)\(suffix)", key: Keys.bob)
                #expect(theirs.status == .notFound, "\(method) /sessions/{id}\(suffix)")
                #expect(detail(theirs.body) == "session \(id) does not exist", "\(method) \(suffix)")
                let none = try await client.call(method, "/sessions/\(missing)\(suffix)", key: Keys.bob)
                #expect(none.status == .notFound)
            }
            // The owner still has it all.
            for suffix in ["", "/tracks", "/export", "/parts/drums", "/pianoroll.svg", "/musicxml"] {
                #expect(
                    try await client.call(.get, "/sessions/\(id)\(suffix)", key: Keys.alice).status == .ok, "\(suffix)")
            }
        }
    }

    @Test("GET /sessions lists only the caller's sessions, and total counts only those")
    func listsOwnSessions() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file)
        try await fixture.test { client in
            let mine = [try await client.createAndRun(as: Keys.alice), try await client.createAndRun(as: Keys.alice)]
            let theirs = try await client.createAndRun(as: Keys.bob)
            let page = try #require(try await client.call(.get, "/sessions", key: Keys.alice).body as? [String: Any])
            #expect(page["total"] as? Int == 2)
            #expect(Set(((page["sessions"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }) == Set(mine))
            let bobs = try #require(
                try await client.call(.get, "/sessions?limit=10", key: Keys.bob).body as? [String: Any])
            #expect(bobs["total"] as? Int == 1)
            #expect(((bobs["sessions"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == [theirs])
        }
    }

    @Test("DELETE /sessions/{id} is 204, then the session and its files are 404")
    func deleteSession() async throws {
        let fixture = try ServerFixture(sqlite: true, accessKeys: Keys.file)
        try await fixture.test { client in
            let id = try await client.createAndRun(as: Keys.alice)
            let deleted = try await client.call(.delete, "/sessions/\(id)", key: Keys.alice)
            #expect(deleted.status == .noContent)
            #expect(try await client.call(.get, "/sessions/\(id)", key: Keys.alice).status == .notFound)
            #expect(try await client.call(.get, "/sessions/\(id)/export", key: Keys.alice).status == .notFound)
            #expect(try await client.call(.delete, "/sessions/\(id)", key: Keys.alice).status == .notFound)
            #expect(
                (try await client.call(.get, "/sessions", key: Keys.alice).body as? [String: Any])?["total"] as? Int
                    == 0)
        }
        #expect(try await fixture.store.list(limit: 10, offset: 0).total == 0)
    }

    @Test("Without keys, DELETE works for anyone and the server stays open")
    func deleteWithoutKeys() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await client.createAndRun(as: Keys.unknown)
            #expect(try await client.call(.get, "/sessions/\(id)", key: nil).status == .ok)
            #expect(try await client.call(.delete, "/sessions/\(id)", key: nil).status == .noContent)
            #expect(try await client.call(.get, "/sessions/\(id)", key: nil).status == .notFound)
        }
    }

    @Test(
        "A key holding --max-sessions-per-key sessions gets 429 with Retry-After for one more; deleting one frees a place"
    )
    func quota() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file, maximumSessionsPerKey: 2)
        try await fixture.test { client in
            let body = #"{"genre":"blues"}"#
            let first = try await client.call(.post, "/sessions", key: Keys.alice, json: body)
            #expect(try await client.call(.post, "/sessions", key: Keys.alice, json: body).status == .created)
            let refused = try await client.call(.post, "/sessions", key: Keys.alice, json: body)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter].flatMap { Int($0) }.map { $0 > 0 } == true)
            #expect(detail(refused.body).contains("2"))
            // Another key has its own quota.
            #expect(try await client.call(.post, "/sessions", key: Keys.bob, json: body).status == .created)
            let id = try #require((first.body as? [String: Any])?["id"] as? String)
            #expect(try await client.call(.delete, "/sessions/\(id)", key: Keys.alice).status == .noContent)
            #expect(try await client.call(.post, "/sessions", key: Keys.alice, json: body).status == .created)
        }
    }

    @Test("Past --rate-limit requests a minute a key gets 429 with Retry-After; other keys are not slowed")
    func rateLimit() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file, rateLimit: 3)
        try await fixture.test { client in
            for _ in 0..<3 { #expect(try await client.call(.get, "/sessions", key: Keys.alice).status == .ok) }
            let refused = try await client.call(.get, "/sessions", key: Keys.alice)
            #expect(refused.status == .tooManyRequests)
            let wait = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...20).contains(wait))
            #expect(!detail(refused.body).isEmpty)
            #expect(try await client.call(.get, "/sessions", key: Keys.bob).status == .ok)
            // Public pages are never counted.
            #expect(try await client.call(.get, "/health", key: Keys.alice).status == .ok)
        }
    }

    @Test("The token bucket earns a request back after a fifth of a minute at 5 a minute")
    func bucketRefills() {
        let limiter = RateLimiter(requestsPerMinute: 5)
        let start = ContinuousClock.now
        for _ in 0..<5 { #expect(limiter.take("k", now: start) == nil) }
        #expect(limiter.take("k", now: start) == 12)
        #expect(limiter.take("k", now: start + .seconds(12)) == nil)
        #expect(limiter.take("k", now: start + .seconds(12)) != nil)
    }

    @Test("The retention sweep deletes sessions older than its days, and only those, once")
    func retention() async throws {
        let fixture = try ServerFixture(sqlite: true)
        try await fixture.test { client in
            let recent = try await client.createAndRun()
            let recentID = try #require(UUID(uuidString: recent))
            let request = try #require(try await fixture.store.session(id: recentID)).request
            let old = Session(id: UUID(), request: request, createdAt: Date().addingTimeInterval(-31 * 86_400))
            try await fixture.store.create(old)
            #expect(try await client.call(.get, "/sessions/\(old.idString)", key: nil).status == .ok)
            let sweeper = RetentionSweeper(
                sessions: fixture.sessions, days: 30, interval: .seconds(10), logger: Logger(label: "test"))
            #expect(try await sweeper.sweep() == 1)
            #expect(try await client.call(.get, "/sessions/\(old.idString)", key: nil).status == .notFound)
            #expect(try await client.call(.get, "/sessions/\(recent)", key: nil).status == .ok)
            #expect(try await sweeper.sweep() == 0)
        }
    }

    @Test("MCP over HTTP acts as the calling key: it makes that key's sessions and sees no other's")
    func mcpActsAsTheKey() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file)
        try await fixture.test { client in
            let bobs = try await client.createAndRun(as: Keys.bob)
            func tool(_ name: String, _ arguments: String, as key: String) async throws -> [String: Any] {
                let body =
                    #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\#(name)","arguments":\#(arguments)}}"#
                return try await client.execute(
                    uri: "/mcp", method: .post,
                    headers: [
                        .authorization: "Bearer \(key)", .contentType: "application/json",
                        .accept: "application/json, text/event-stream",
                    ],
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .ok)
                    return try #require(try response.jsonObject()["result"] as? [String: Any])
                }
            }
            let refused = try await tool("get_session", #"{"id":"\#(bobs)"}"#, as: Keys.alice)
            #expect(refused["isError"] as? Bool == true)
            #expect("\(refused["content"] ?? "")".contains("session \(bobs) does not exist"))
            let made = try await tool("make_backing_track", #"{"genre":"blues","sections":1}"#, as: Keys.alice)
            let id = try #require((made["structuredContent"] as? [String: Any])?["id"] as? String)
            #expect(try await client.call(.get, "/sessions/\(id)", key: Keys.alice).status == .ok)
            #expect(try await client.call(.get, "/sessions/\(id)", key: Keys.bob).status == .notFound)
            let listed = try await tool("list_sessions", "{}", as: Keys.alice)
            let ids = ((listed["structuredContent"] as? [String: Any])?["sessions"] as? [[String: Any]])?.compactMap {
                $0["id"] as? String
            }
            #expect(ids == [id])
        }
    }

    @Test(
        "With keys the OpenAPI document asks for the bearer key and lists 401, 403 and 429; health and metrics stay open"
    )
    func documentWithKeys() async throws {
        let fixture = try ServerFixture(accessKeys: Keys.file)
        try await fixture.test { client in
            let root = try #require(try await client.call(.get, "/openapi.json", key: nil).body as? [String: Any])
            let schemes = try #require(
                (root["components"] as? [String: Any])?["securitySchemes"] as? [String: [String: Any]])
            #expect(
                schemes["apiKey"]?["type"] as? String == "http" && schemes["apiKey"]?["scheme"] as? String == "bearer")
            let paths = try #require(root["paths"] as? [String: [String: [String: Any]]])
            for (path, method) in [
                ("/sessions", "post"), ("/sessions", "get"), ("/sessions/{id}", "delete"), ("/genres", "get"),
            ] {
                let operation = try #require(paths[path]?[method])
                let codes = Set((operation["responses"] as? [String: Any])?.keys.map { $0 } ?? [])
                #expect(codes.isSuperset(of: ["401", "403", "429"]), "\(method) \(path)")
                #expect((operation["security"] as? [[String: [String]]]) == [["apiKey": []]])
            }
            #expect(
                Set((paths["/sessions/{id}"]?["delete"]?["responses"] as? [String: Any])?.keys.map { $0 } ?? []) == [
                    "204", "401", "403", "404", "429", "503",
                ])
            #expect(paths["/health"]?["get"]?["security"] == nil)
            #expect((paths["/health"]?["get"]?["responses"] as? [String: Any])?["401"] == nil)
        }
        // Without keys nothing asks for one.
        let open = try ServerFixture()
        try await open.test { client in
            let root = try #require(try await client.call(.get, "/openapi.json", key: nil).body as? [String: Any])
            let paths = try #require(root["paths"] as? [String: [String: [String: Any]]])
            #expect(paths["/sessions"]?["post"]?["security"] == nil)
            #expect(
                Set((paths["/sessions/{id}"]?["delete"]?["responses"] as? [String: Any])?.keys.map { $0 } ?? []) == [
                    "204", "404", "503",
                ])
        }
    }

    @Test("The database holds the key's hash, never the key")
    func hashedStorage() async throws {
        let fixture = try ServerFixture(sqlite: true, accessKeys: Keys.file)
        try await fixture.test { client in
            _ = try await client.createAndRun(as: Keys.alice)
        }
        try await fixture.store.close()
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory)
        where name.hasPrefix("backline.sqlite") {
            bytes += try Data(contentsOf: URL(fileURLWithPath: fixture.dataDirectory + "/" + name))
        }
        #expect(bytes.range(of: Data(Keys.alice.utf8)) == nil)
        #expect(bytes.range(of: Data(Keys.bob.utf8)) == nil)
        // What is kept instead, so that this test would see a key stored in the clear.
        #expect(bytes.range(of: Data(AccessKey.hash(Keys.alice).utf8)) != nil)
    }
}
