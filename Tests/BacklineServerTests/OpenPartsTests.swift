import BacklineAgents
import BacklineComposition
import BacklineEngine
import BacklinePresets
import BacklineServer
import Foundation
import Hummingbird
import HummingbirdTesting
import MIDIFile
import TestBellAgent
import Testing

@Suite("Parts are data: a new agent needs a module and a line")
struct OpenPartsTests {
    /// The bundled plugins plus the test-only bell: the one line a new instrument takes.
    static let loader: PresetLoader = {
        var registry = Composition.agentRegistry()
        TestBellAgent.register(into: &registry)
        return PresetLoader(registry: registry)
    }()

    /// A folder with one genre playing the bell: pop with a `test_bell` part.
    static func bellGenre() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backline-bell-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pop = try String(contentsOfFile: ServerFixture.presetsDirectory + "/pop.yaml", encoding: .utf8)
        let bell = pop.replacingOccurrences(of: "id: pop", with: "id: bell_pop").replacingOccurrences(of: "name: Pop", with: "name: Bell Pop")
            + "\n  test_bell:\n    agent: test_bell\n    octave: 6\n"
        try bell.write(toFile: folder + "/bell_pop.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    @Test("A preset playing a new agent validates, renders, is listed, documented, drawn and heard")
    func testBell() async throws {
        let folder = try Self.bellGenre()
        #expect(PresetValidator(loader: Self.loader).validate(files: [folder + "/bell_pop.yaml"]).isEmpty)
        let fixture = try ServerFixture(presetDirectories: [ServerFixture.presetsDirectory, folder], loader: Self.loader)
        try await fixture.test { client in
            let (_, genre) = try await client.get("/genres/bell_pop")
            #expect((genre as? [String: Any])?["parts"] as? [String] == ["drums", "bass", "guitar", "keys", "test_bell"])
            #expect((genre as? [String: Any])?["on_request"] as? [String] == ["keys"])

            let (_, document) = try await client.get("/openapi.json")
            let schemas = try #require(((document as? [String: Any])?["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let parts = try #require(((schemas["CreateSession"] as? [String: Any])?["properties"] as? [String: Any])?["parts"] as? [String: Any])
            #expect((parts["items"] as? [String: Any])?["enum"] as? [String] == fixture.catalog.current.partNames)
            #expect(fixture.catalog.current.partNames.contains("test_bell"))

            let id = try await client.createAndRun(#"{"genre":"bell_pop","key":"G","sections":2,"seed":4}"#)
            let (_, tracks) = try await client.get("/sessions/\(id)/tracks")
            let bell = try #require((tracks as? [[String: Any]])?.first { $0["instrument"] as? String == "test_bell" })
            #expect(bell["channel"] as? Int == 0, "the lowest channel no other part has")
            try await client.execute(uri: "/sessions/\(id)/parts/test_bell", method: .get) { response in
                let contents = try MIDIFileReader().read(Array(buffer: response.body))
                let song = try #require(contents.notes.first.map { _ in contents })
                #expect(song.programs.map(\.program) == [14])
                // Humanize may move a downbeat a few ticks early: a note belongs to the nearest bar line.
                let bars = Set(song.notes.map { ($0.start + 960) / 1920 })
                #expect(song.notes.count == bars.count && bars.count == contents.trackEnds[0] / 1920, "one note a bar")
            }
            try await client.execute(uri: "/sessions/\(id)/pianoroll.svg", method: .get) { response in
                #expect(String(buffer: response.body).contains(">test_bell</text>"))
            }
            if fixture.audio.isAvailable {
                try await client.execute(uri: "/sessions/\(id)/audio?part=test_bell", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(Array(Array(buffer: response.body).prefix(4)) == [UInt8]("RIFF".utf8))
                }
            }
        }
    }

    @Test("parts: play the ones named (with keys for with_keys); an unknown, repeated or empty list is a 400 naming the genre's parts")
    func partsField() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await client.createAndRun(#"{"genre":"funk","parts":["drums","bass","horns"],"seed":2}"#)
            let (_, tracks) = try await client.get("/sessions/\(id)/tracks")
            #expect((tracks as? [[String: Any]])?.map { $0["instrument"] as? String } == ["drums", "bass", "horns"])
            let (_, session) = try await client.get("/sessions/\(id)")
            #expect((session as? [String: Any])?["parts"] as? [String] == ["drums", "bass", "horns"])
            // with_keys adds keys to the parts asked for.
            let withKeys = try await client.createAndRun(#"{"genre":"funk","parts":["drums","horns"],"with_keys":true}"#)
            let (_, keysTracks) = try await client.get("/sessions/\(withKeys)/tracks")
            #expect((keysTracks as? [[String: Any]])?.map { $0["instrument"] as? String } == ["drums", "keys", "horns"])
            for (body, expected) in [
                (#"{"genre":"funk","parts":["drums","tuba"]}"#, "funk has no part 'tuba'; its parts are drums, bass, guitar, keys, horns"),
                (#"{"genre":"funk","parts":["bass","bass"]}"#, "parts names 'bass' twice"),
                (#"{"genre":"funk","parts":[]}"#, "parts is empty"),
                (#"{"genre":"funk","parts":"drums"}"#, "parts must be a list of names, not a string"),
            ] {
                let (status, answer) = try await client.postJSON("/sessions", body)
                #expect(status == .badRequest)
                #expect((answer["detail"] as? String)?.contains(expected) == true, "\(answer)")
            }
        }
    }
}
