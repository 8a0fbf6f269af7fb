import BacklineServer
import Foundation
import Hummingbird
import HummingbirdTesting
import MIDIFile
import Testing

@Suite("Sessions: the REST contract")
struct SessionEndpointTests {
    @Test("Create: 201 with id, pending status and an ISO 8601 time; defaults as the contract says")
    func create() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (status, body) = try await client.postJSON("/sessions", #"{"genre":"classic_rock","key":"E","mode":"minor","tempo":120,"sections":4,"with_keys":false}"#)
            #expect(status == .created)
            let id = try #require(body["id"] as? String)
            #expect(UUID(uuidString: id) != nil && id == id.lowercased())
            #expect(body["status"] as? String == "pending")
            let created = try #require(body["created_at"] as? String)
            #expect(created.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)

            let (_, empty) = try await client.postJSON("/sessions", "{}")
            let (_, session) = try await client.get("/sessions/\(try #require(empty["id"] as? String))")
            let detail = try #require(session as? [String: Any])
            #expect(detail["genre"] as? String == "classic_rock")
            #expect(detail["key"] as? String == "C")
            #expect(detail["mode"] as? String == "major")
            #expect(detail["tempo"] as? Int == 120)
            #expect(detail["sections"] as? Int == 4)
            #expect(detail["with_keys"] as? Bool == false)
            #expect(detail["completed_at"] is NSNull)
            #expect(detail["files"] as? [String] == [])
        }
    }

    @Test("Run: 200 with the contract's files; the export is the combined MIDI a reader accepts")
    func runAndExport() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (_, created) = try await client.postJSON("/sessions", #"{"genre":"blues","key":"A","mode":"minor","tempo":110,"seed":42}"#)
            let id = try #require(created["id"] as? String)
            let prefix = String(id.prefix(8))
            let (status, run) = try await client.postJSON("/sessions/\(id)/run", "")
            #expect(status == .ok)
            #expect(run["status"] as? String == "completed")
            #expect(run["files"] as? [String] == ["drums", "bass", "guitar", "full"].map { "output/\(prefix)_\($0).mid" })
            // The files live in the store: without --output-dir nothing is written to the data folder.
            #expect(!FileManager.default.fileExists(atPath: fixture.dataDirectory + "/output"))

            let (_, tracks) = try await client.get("/sessions/\(id)/tracks")
            let list = try #require(tracks as? [[String: Any]])
            #expect(list.map { $0["instrument"] as? String } == ["drums", "bass", "guitar"])
            #expect(list.map { $0["channel"] as? Int } == [9, 1, 2])
            #expect(list.map { $0["file"] as? String } == ["drums", "bass", "guitar"].map { "output/\(prefix)_\($0).mid" })

            try await client.execute(uri: "/sessions/\(id)/export", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/octet-stream")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(prefix)_full.mid\"")
                let contents = try MIDIFileReader().read(Array(buffer: response.body))
                #expect(contents.format == 1 && contents.trackCount == 4)
                #expect(contents.microsecondsPerQuarter == [545_455])
                #expect(Set(contents.notes.map(\.channel)) == [9, 1, 2])
            }

            let (_, detail) = try await client.get("/sessions/\(id)")
            let session = try #require(detail as? [String: Any])
            #expect(session["status"] as? String == "completed")
            #expect(session["seed"] as? Int == 42)
            #expect(session["completed_at"] is String)
            let arrangement = try #require(session["arrangement"] as? [[String: Any]])
            #expect(arrangement.first?["name"] as? String == "intro")
            #expect(arrangement.allSatisfy { ($0["chords"] as? [String])?.count == $0["bars"] as? Int && $0["beats_per_bar"] as? Int == 4 })
        }
    }

    @Test("Keys on request: a fourth track on channel 3; the same seed gives the same export bytes")
    func keysAndSeed() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var exports: [[UInt8]] = []
            for _ in 0..<2 {
                let id = try await client.createAndRun(#"{"genre":"jazz","key":"Bb","mode":"major","tempo":160,"with_keys":true,"seed":9}"#)
                let (_, tracks) = try await client.get("/sessions/\(id)/tracks")
                #expect((tracks as? [[String: Any]])?.map { $0["channel"] as? Int } == [9, 1, 2, 3])
                try await client.execute(uri: "/sessions/\(id)/export", method: .get) { exports.append(Array(buffer: $0.body)) }
            }
            #expect(exports[0] == exports[1])
        }
    }

    @Test("409 when run again; 409 for an export before the run")
    func conflicts() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (_, created) = try await client.postJSON("/sessions", "{}")
            let id = try #require(created["id"] as? String)
            try await client.execute(uri: "/sessions/\(id)/export", method: .get) { response in
                #expect(response.status == .conflict)
                let detail = try response.jsonObject()["detail"] as? String
                #expect(detail == "session \(id) has not been run yet (status pending); POST /sessions/\(id)/run first")
            }
            let (_, tracks) = try await client.get("/sessions/\(id)/tracks")
            #expect((tracks as? [Any])?.isEmpty == true)
            _ = try await client.postJSON("/sessions/\(id)/run", "")
            let (again, body) = try await client.postJSON("/sessions/\(id)/run", "")
            #expect(again == .conflict)
            #expect((body["detail"] as? String)?.contains("has already been run") == true)
        }
    }

    @Test("404 for an unknown session, an id that is not a UUID, and an unknown path", arguments: [
        "/sessions/00000000-0000-0000-0000-000000000000", "/sessions/not-a-uuid", "/sessions/123/tracks",
        "/sessions/xyz/export", "/nothing/here",
    ])
    func notFound(uri: String) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (status, body) = try await client.get(uri)
            #expect(status == .notFound)
            #expect((body as? [String: Any])?["detail"] is String)
            let (runStatus, _) = try await client.postJSON("/sessions/\(UUID().uuidString)/run", "")
            #expect(runStatus == .notFound)
        }
    }

    @Test("400 with a detail that says what is wrong and what is valid", arguments: [
        (#"{"genre":"polka"}"#, "available genres: afrobeat, ambient, balkan_7_8, bebop, bluegrass, blues"),
        (#"{"key":"H"}"#, "valid keys: C, C#, Db"),
        (#"{"key":"c"}"#, "valid keys:"),
        (#"{"mode":"ionian"}"#, "valid modes: major, minor, dorian"),
        (#"{"tempo":39}"#, "tempo 39 is outside 40–300 bpm"),
        (#"{"tempo":301}"#, "tempo 301 is outside 40–300 bpm"),
        (#"{"tempo":"fast"}"#, "tempo must be an integer, not a string"),
        (#"{"tempo":120.5}"#, "tempo must be an integer"),
        (#"{"sections":0}"#, "sections 0 is outside 1–64"),
        (#"{"sections":65}"#, "sections 65 is outside 1–64"),
        (#"{"with_keys":"yes"}"#, "with_keys must be true or false, not a string"),
        (#"{"genre":null}"#, "genre must be a string, not null"),
        (#"{"seed":-1}"#, "seed -1 is outside"),
        (#"{"progression":"Am7 | Q7"}"#, "'Q7' is not a chord symbol"),
        (#"{"genre": "blues""#, "request body is not valid JSON"),
        (#"[1, 2]"#, "request body must be a JSON object, not an array"),
        (#""blues""#, "request body must be a JSON object, not a string"),
    ])
    func badRequests(body: String, expected: String) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (status, response) = try await client.execute(uri: "/sessions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { response in
                (response.status, try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            #expect(status == .badRequest)
            let detail = try #require(response?["detail"] as? String)
            #expect(detail.contains(expected), "\(detail)")
            let (_, page) = try await client.get("/sessions")
            #expect((page as? [String: Any])?["total"] as? Int == 0, "a refused request must not create a session")
        }
    }

    @Test("500 when generation fails: the genre was removed between create and run")
    func generationFailure() async throws {
        let presets = FileManager.default.temporaryDirectory.appendingPathComponent("backline-presets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: presets, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ServerFixture.presetsDirectory + "/punk.yaml", toPath: presets + "/punk.yaml")
        let fixture = try ServerFixture(presetDirectories: [presets])
        try await fixture.test { client in
            let (_, created) = try await client.postJSON("/sessions", #"{"genre":"punk","tempo":180}"#)
            let id = try #require(created["id"] as? String)
            try FileManager.default.removeItem(atPath: presets + "/punk.yaml")
            fixture.catalog.refresh()
            let (status, body) = try await client.postJSON("/sessions/\(id)/run", "")
            #expect(status == .internalServerError)
            #expect(body["detail"] as? String == "generation failed: genre 'punk' is no longer installed on this server")
            let (_, session) = try await client.get("/sessions/\(id)")
            #expect((session as? [String: Any])?["status"] as? String == "failed")
            #expect(((session as? [String: Any])?["error"] as? String)?.contains("no longer installed") == true)
        }
    }

    @Test("413 for a body over 1 MiB; 405 with Allow for a known path's other methods")
    func sizeAndMethod() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let big = #"{"genre":"blues","padding":""# + String(repeating: "x", count: 1 << 20) + #""}"#
            try await client.execute(uri: "/sessions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: big)) { response in
                #expect(response.status == .contentTooLarge)
                let detail = try response.jsonObject()["detail"] as? String
                #expect(detail == "request body is larger than 1 MiB")
            }
            try await client.execute(uri: "/sessions", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST, GET, HEAD")
            }
        }
    }

    @Test("GET /sessions pages newest first; bad paging is a 400")
    func listing() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            var ids: [String] = []
            for tempo in [100, 110, 120] {
                let (_, created) = try await client.postJSON("/sessions", #"{"tempo":\#(tempo)}"#)
                ids.append(try #require(created["id"] as? String))
                try await Task.sleep(for: .milliseconds(5))
            }
            let (status, page) = try await client.get("/sessions?limit=2&offset=0")
            #expect(status == .ok)
            let body = try #require(page as? [String: Any])
            #expect(body["total"] as? Int == 3 && body["limit"] as? Int == 2 && body["offset"] as? Int == 0)
            #expect((body["sessions"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[2], ids[1]])
            let (_, next) = try await client.get("/sessions?limit=2&offset=2")
            #expect(((next as? [String: Any])?["sessions"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[0]])
            for bad in ["limit=0", "limit=101", "offset=-1", "limit=x"] {
                let (badStatus, _) = try await client.get("/sessions?\(bad)")
                #expect(badStatus == .badRequest, "\(bad)")
            }
        }
    }

    @Test("Genres, health and the documentation pages")
    func genresHealthDocs() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (_, genres) = try await client.get("/genres")
            let list = try #require(genres as? [[String: Any]])
            #expect(list.count == 42)
            let blues = try #require(list.first { $0["id"] as? String == "blues" })
            #expect((blues["parts"] as? [String])?.starts(with: ["drums", "bass", "guitar"]) == true)
            #expect(blues["tempo"] is [String: Int] && blues["sections"] is [[String: Any]])
            let (status, one) = try await client.get("/genres/reggae")
            #expect(status == .ok && (one as? [String: Any])?["name"] is String)
            #expect((one as? [String: Any])?["source"] as? String == ServerFixture.presetsDirectory + "/reggae.yaml", "where the genre came from")
            let (missing, detail) = try await client.get("/genres/polka")
            #expect(missing == .notFound && ((detail as? [String: Any])?["detail"] as? String)?.contains("available genres") == true)
            let (_, health) = try await client.get("/health")
            #expect((health as? [String: Any])?["status"] as? String == "ok")
            for page in ["/docs", "/redoc"] {
                try await client.execute(uri: page, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("/openapi.json"))
                }
            }
        }
    }
}
