import BacklineSessions
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BacklineServer

/// Where requests may come from and what they may carry: the checks that keep a hostile web page,
/// a DNS-rebinding page and a megabyte of input from driving or flooding a local server.
@Suite struct RequestGuardTests {
    static let body = #"{"genre":"blues","key":"A","mode":"minor","tempo":110}"#

    @Test func aBodyThatIsNotJSONIs415() async throws {
        try await ServerFixture().test { client in
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                try await client.execute(uri: "/sessions", method: .post, headers: [.contentType: type], body: ByteBuffer(string: Self.body)) { response in
                    #expect(response.status == .unsupportedMediaType, "\(type)")
                    #expect(String(buffer: response.body).contains("Content-Type: application/json"))
                }
            }
            // No content type at all, as a form post without one: 415 too.
            try await client.execute(uri: "/charts/ireal", method: .post, body: ByteBuffer(string: #"{"url": "irealb://x"}"#)) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            // JSON with a charset, and an empty run request, are taken.
            try await client.execute(
                uri: "/sessions", method: .post, headers: [.contentType: "application/json; charset=utf-8"], body: ByteBuffer(string: Self.body)
            ) { response in
                #expect(response.status == .created)
                let id = try #require(try response.jsonObject()["id"] as? String)
                try await client.execute(uri: "/sessions/\(id)/run", method: .post) { run in #expect(run.status == .ok) }
            }
        }
    }

    @Test func anotherSitesPageCannotChangeState() async throws {
        try await ServerFixture().test { client in
            let evil: HTTPFields = [.contentType: "application/json", .origin: "http://evil.example"]
            try await client.execute(uri: "/sessions", method: .post, headers: evil, body: ByteBuffer(string: Self.body)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("--allowed-origins"))
            }
            try await client.execute(uri: "/mcp", method: .post, headers: evil, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .forbidden)
            }
            // Nothing was created.
            let (_, page) = try await client.get("/sessions")
            #expect((page as? [String: Any])?["total"] as? Int == 0)
            // The studio page itself posts from the server's own origin; reading stays open.
            try await client.execute(
                uri: "/sessions", method: .post, headers: [.contentType: "application/json", .origin: "http://localhost"],
                body: ByteBuffer(string: Self.body)
            ) { response in #expect(response.status == .created) }
            try await client.execute(uri: "/genres", method: .get, headers: [.origin: "http://evil.example"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func hostsAndOriginsAsTheServeOptionsSetThem() {
        let loopback = RequestGuard.forBinding("127.0.0.1", extraHosts: ["backline.local"], allowedOrigins: ["https://app.example/"])
        func status(_ host: String?, origin: String? = nil, method: HTTPRequest.Method = .post) -> HTTPResponse.Status? {
            loopback.refusal(method: method, host: host, origin: origin, contentType: "application/json", hasBody: true)?.status
        }
        for host in ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "127.4.5.6", "LOCALHOST", "backline.local:80", nil] {
            #expect(status(host) == nil, "\(host ?? "no host")")
        }
        // A DNS-rebinding page reaches the server under its own name.
        for host in ["evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", "[::2]:8000"] {
            #expect(status(host, method: .get) == .misdirectedRequest, "\(host)")
        }
        #expect(status("localhost:8000", origin: "https://app.example") == nil)
        #expect(status("localhost:8000", origin: "http://localhost:8000") == nil)
        #expect(status("localhost:8000", origin: "http://localhost:9000") == .forbidden)
        #expect(status("localhost:8000", origin: "null") == .forbidden)
        // Bound to every address with no names given, any host is answered; origins are still checked.
        let open = RequestGuard.forBinding("0.0.0.0", extraHosts: [], allowedOrigins: [])
        #expect(open.refusal(method: .get, host: "anything.example", origin: nil, contentType: nil, hasBody: false) == nil)
        #expect(open.refusal(method: .post, host: "api.example", origin: "https://evil.example", contentType: nil, hasBody: false)?.status == .forbidden)
        #expect(open.refusal(method: .post, host: "api.example", origin: "https://api.example", contentType: nil, hasBody: false) == nil)
    }

    @Test func errorsQuoteAtMost200CharactersOfTheInput() async throws {
        let long = String(repeating: "x", count: 500_000)
        try await ServerFixture().test { client in
            let bodies = [
                #"{"genre": "\#(long)"}"#, #"{"genre": "blues", "key": "\#(long)"}"#, #"{"genre": "blues", "form": ["\#(long)"]}"#,
                #"{"genre": "blues", "progression": "C | \#(long)"}"#,
            ]
            for (number, body) in bodies.enumerated() {
                let (status, answer) = try await client.postJSON("/sessions", body)
                #expect(status == .badRequest)
                let detail = try #require(answer["detail"] as? String)
                #expect(detail.count < 1000, "\(detail.prefix(300))")
                #expect(!detail.contains(String(repeating: "x", count: 201)))
                // Names are quoted, cut; a chord too long to be one is only described.
                if number < 3 { #expect(detail.contains(String(repeating: "x", count: 200) + "…"), "\(detail.prefix(300))") }
            }
        }
    }

    @Test func aBusyServerAnswers503WithRetryAfter() async throws {
        let fixture = try ServerFixture(work: WorkPool(threads: 1, queueLimit: 0, deadline: .milliseconds(300)))
        try await fixture.test { client in
            // A chart at the bar limit takes longer to plan than this pool's deadline allows.
            let chart = Array(repeating: "Am7 D7", count: 4000).joined(separator: " | ")
            try await client.execute(
                uri: "/sessions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"genre": "jazz", "progression": "\#(chart)"}"#)
            ) { response in
                #expect([.badRequest, .serviceUnavailable].contains(response.status))
                if response.status == .serviceUnavailable {
                    #expect(response.headers[.retryAfter] == "1")
                    #expect(String(buffer: response.body).contains("deadline"))
                }
            }
        }
    }
}
