import BacklineEngine
import BacklinePresets
import BacklineServer
import BacklineSessions
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MusicTheory
import Testing

@Suite("Songs served from the store")
struct StoreAndDownloadTests {
    @Test("Every file is the one the engine writes for the same request, byte for byte")
    func derivedFilesAreTheEnginesFiles() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await client.createAndRun(#"{"genre":"jazz","key":"Bb","mode":"dorian","tempo":150,"sections":3,"with_keys":true,"seed":11}"#)
            let preset = try #require(fixture.catalog.current.genre("jazz"))
            let song = Song(
                preset: preset,
                request: SongRequest(genre: "jazz", key: Key(tonic: NoteName(parsing: "Bb")!, mode: .dorian), tempo: 150, sections: 3, withKeys: true, seed: 11))
            for file in song.midiFiles() {
                let uri = file.part == "full" ? "/sessions/\(id)/export" : "/sessions/\(id)/parts/\(file.part)"
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(Array(buffer: response.body) == file.bytes, "\(file.part)")
                    #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(id.prefix(8))_\(file.part).mid\"")
                }
            }
            try await client.execute(uri: "/sessions/\(id)/pianoroll.svg", method: .get) { response in
                #expect(String(buffer: response.body) == song.pianoRollSVG())
                #expect(response.headers[.contentDisposition] == "inline; filename=\"\(id.prefix(8))_pianoroll.svg\"")
            }
        }
    }

    @Test("A file's ETag answers If-None-Match with 304 and no body; each file has its own tag")
    func conditionalRequests() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await client.createAndRun()
            var tags: [String] = []
            for uri in ["/sessions/\(id)/export", "/sessions/\(id)/parts/bass", "/sessions/\(id)/pianoroll.svg"] {
                let tag = try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.cacheControl]?.contains("immutable") == true)
                    return try #require(response.headers[.eTag])
                }
                tags.append(tag)
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: tag]) { response in
                    #expect(response.status == .notModified)
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.eTag] == tag)
                }
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"stale\""]) { response in
                    #expect(response.status == .ok && response.body.readableBytes > 0)
                }
            }
            #expect(Set(tags).count == 3)
            try await client.execute(uri: "/sessions/\(id)/export", method: .get) { #expect($0.headers[.eTag] == tags[0], "the same tag every time") }
        }
    }

    @Test("--output-dir also gets every MIDI file of a completed run, the same bytes as the downloads")
    func outputFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backline-out-\(UUID().uuidString)").path
        let fixture = try ServerFixture(outputDirectory: folder)
        try await fixture.test { client in
            let (_, created) = try await client.postJSON("/sessions", #"{"genre":"funk"}"#)
            let id = try #require(created["id"] as? String)
            #expect(!FileManager.default.fileExists(atPath: folder + "/\(id.prefix(8))_full.mid"), "nothing before the run")
            _ = try await client.postJSON("/sessions/\(id)/run", "")
            for part in ["drums", "bass", "guitar", "full"] {
                let onDisk = try #require(FileManager.default.contents(atPath: folder + "/\(id.prefix(8))_\(part).mid"))
                let uri = part == "full" ? "/sessions/\(id)/export" : "/sessions/\(id)/parts/\(part)"
                try await client.execute(uri: uri, method: .get) { #expect(Array(buffer: $0.body) == [UInt8](onDisk)) }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 4)
        }
    }

    @Test("/metrics counts sessions and requests by route and status, and times rendering and the store")
    func metrics() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await client.createAndRun()
            _ = try await client.postJSON("/sessions/\(id)/run", "")
            try await client.execute(uri: "/sessions/\(id)/export", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("backline_sessions_created_total 1"))
                #expect(text.contains("backline_sessions_run_total 1"))
                #expect(text.contains(#"backline_http_requests_total{route="/sessions/{id}/run",method="POST",status="200"} 1"#), "\(text)")
                #expect(text.contains(#"backline_http_requests_total{route="/sessions/{id}/run",method="POST",status="409"} 1"#))
                #expect(text.contains(#"backline_http_request_duration_seconds_count{route="/sessions/{id}/export",method="GET",status="200"} 1"#))
                #expect(text.contains("backline_render_seconds_count 1"))
                #expect(text.contains(#"backline_store_seconds_count{operation="complete"} 1"#))
            }
        }
    }

    @Test("Every response carries X-Request-Id: a new one, or the client's own")
    func requestIDs() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let first = try await client.execute(uri: "/health", method: .get) { $0.headers[RequestID.header] }
            let second = try await client.execute(uri: "/nothing", method: .get) { $0.headers[RequestID.header] }
            #expect(first != nil && second != nil && first != second)
            let echoed = try await client.execute(uri: "/genres/blues", method: .get, headers: [RequestID.header: "trace-42"]) { $0.headers[RequestID.header] }
            #expect(echoed == "trace-42")
        }
    }

    @Test("When the database cannot answer: 503 with a detail on every session call, /health says why, never a 500")
    func databaseUnavailable() async throws {
        let catalog = try ReloadingPresetCatalog(directories: [ServerFixture.presetsDirectory], loader: ServerFixture.loader)
        let sessions = SessionService(store: UnreachableStore(), catalog: catalog)
        let app = Application(router: buildRouter(ServerDependencies(sessions: sessions, audio: AudioRenderer(), metrics: .init(), loader: ServerFixture.loader)))
        try await app.test(.router) { client in
            let id = UUID().uuidString.lowercased()
            for (uri, method) in [("/sessions", HTTPRequest.Method.post), ("/sessions", .get), ("/sessions/\(id)", .get), ("/sessions/\(id)/run", .post),
                                  ("/sessions/\(id)/export", .get), ("/sessions/\(id)/tracks", .get)] {
                try await client.execute(
                    uri: uri, method: method, headers: method == .post ? [.contentType: "application/json"] : [:],
                    body: method == .post ? ByteBuffer(string: "{}") : nil
                ) { response in
                    #expect(response.status == .serviceUnavailable, "\(method) \(uri)")
                    let detail = try response.jsonObject()["detail"] as? String
                    #expect(detail == "PostgreSQL at db:5432/backline cannot be reached (connectionError)")
                }
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try response.jsonObject()
                #expect(body["status"] as? String == "unavailable")
                #expect((body["database"] as? String)?.contains("cannot be reached") == true)
            }
        }
    }
}

enum RequestID {
    static let header = HTTPField.Name("X-Request-Id")!
}

/// A store whose database is down.
struct UnreachableStore: SessionStore {
    var kind: String { "postgresql" }
    var error: SessionStoreError { .unavailable("PostgreSQL at db:5432/backline cannot be reached (connectionError)") }
    func create(_ session: Session) async throws { throw error }
    func session(id: UUID) async throws -> Session? { throw error }
    func list(limit: Int, offset: Int, owner: String?) async throws -> (sessions: [Session], total: Int) { throw error }
    func count(owner: String) async throws -> Int { throw error }
    func delete(id: UUID) async throws -> Bool { throw error }
    func deleteSessions(createdBefore date: Date) async throws -> [UUID] { throw error }
    func syncAccessKeys(_ keys: [AccessKey], at time: Date) async throws -> AccessKeySync { throw error }
    func accessKey(hash: String) async throws -> StoredAccessKey? { throw error }
    func claim(id: UUID, token: UUID, lease: Duration) async throws -> ClaimResult { throw error }
    func complete(id: UUID, token: UUID, at time: Date, song: StoredSong) async throws -> Bool { throw error }
    func fail(id: UUID, token: UUID, error: String) async throws { throw self.error }
    func release(id: UUID, token: UUID) async throws { throw error }
    func song(id: UUID) async throws -> StoredSong? { throw error }
    func midi(id: UUID) async throws -> [UInt8]? { throw error }
    func releaseExpiredClaims(lease: Duration) async throws -> Int { throw error }
    func ping() async throws { throw error }
    func close() async throws {}
}
