import BacklineComposition
import BacklineMCP
import BacklinePresets
import BacklineSessions
import Foundation
import MCP
import MIDIFile
import Testing

/// An MCP client talking to Backline's tools over an in-memory transport: the JSON-RPC an
/// assistant sends, the answers it gets.
struct Connected {
    static let presetsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Presets").path

    let client: Client
    let sessions: SessionService

    static func with(_ body: (Connected) async throws -> Void) async throws {
        let loader = Composition.presetLoader()
        let catalog = try ReloadingPresetCatalog(directories: [presetsDirectory], loader: loader)
        let sessions = SessionService(store: MemorySessionStore(), catalog: catalog)
        let server = await BacklineTools(sessions: sessions, loader: loader).makeServer()
        let (clientEnd, serverEnd) = await InMemoryTransport.createConnectedPair()
        try await server.start(transport: serverEnd)
        let client = Client(name: "backline-tests", version: "1")
        _ = try await client.connect(transport: clientEnd)
        try await body(Connected(client: client, sessions: sessions))
        await client.disconnect()
        await server.stop()
    }

    /// A tool's whole answer: content, structured content and error flag.
    func call(_ tool: String, _ arguments: [String: Value]) async throws -> CallTool.Result {
        try await client.send(CallTool.request(.init(name: tool, arguments: arguments))).value
    }
}

extension CallTool.Result {
    var text: String {
        content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined(separator: "\n")
    }

    var links: [String] {
        content.compactMap { if case .resourceLink(let uri, _, _, _, _, _) = $0 { uri } else { nil } }
    }

    func structured(_ key: String) -> Value? {
        guard case .object(let object)? = structuredContent else { return nil }
        return object[key]
    }
}

@Suite("MCP tools and resources")
struct MCPToolsTests {
    @Test("import_ireal reads a whole playlist and names the songs it left out; strict refuses; make_backing_track plays one in its meter")
    func importIReal() async throws {
        try await Connected.with { connected in
            let link = "irealbook://Waltz=Me=Jazz Waltz=Bb=n=T34[Bb^7 |G-7 |C-7 |F7 Z=Drums=Me=Pop=C=n=[<Drums only> | Z=Odd=Me=Rock=C=n=[C |Hx7 Z"
            let imported = try await connected.call("import_ireal", ["url": .string(link)])
            #expect(imported.isError != true)
            guard case .object(let body)? = imported.structuredContent, case .array(let songs)? = body["songs"], case .array(let skipped)? = body["skipped"]
            else {
                Issue.record("no songs and skipped: \(String(describing: imported.structuredContent))")
                return
            }
            #expect(songs.count == 2 && skipped.count == 1)
            #expect(skipped.first == .object(["song": "Drums", "index": 2, "bar": .null, "symbol": .null, "reason": "the song has no chords"]))
            let strict = try await connected.call("import_ireal", ["url": .string(link), "strict": true])
            #expect(strict.isError == true)
            let made = try await connected.call("make_backing_track", ["ireal": .string(link), "song": "waltz", "genre": "jazz", "seed": 1])
            #expect(made.isError != true)
            guard case .object(let session)? = made.structuredContent else { return }
            #expect(session["meter"] == "3/4", "\(session)")
        }
    }

    @Test("tools/list names every tool; make_backing_track's schema lists the genres, keys and modes a request may name")
    func listTools() async throws {
        try await Connected.with { connected in
            let tools = try await connected.client.listTools().tools
            #expect(tools.map(\.name) == [
                "list_genres", "describe_genre", "list_keys_and_modes", "make_backing_track", "make_game_loop", "get_session", "list_sessions",
                "import_ireal", "validate_preset",
            ])
            let make = try #require(tools.first { $0.name == "make_backing_track" })
            guard case .object(let schema) = make.inputSchema, case .object(let properties)? = schema["properties"],
                case .object(let genre)? = properties["genre"], case .array(let genres)? = genre["enum"],
                case .object(let key)? = properties["key"], case .array(let keys)? = key["enum"]
            else {
                Issue.record("make_backing_track has no genre and key enums: \(make.inputSchema)")
                return
            }
            #expect(genres.count == 42 && genres.contains("bossa_nova"))
            #expect(keys.contains("Eb") && keys.contains("F#") && !keys.contains("H"))
            #expect(schema["additionalProperties"] == .bool(false))
            guard case .string(let partsHelp)? = (properties["parts"]?.objectValue?["description"]) else { Issue.record("parts has no description"); return }
            #expect(partsHelp.contains("describe_genre") && !partsHelp.contains("GET /"), "tool help names tools, not REST paths")
        }
    }

    @Test("make_backing_track renders a session; its MIDI resource is the bytes REST exports, in the key and tempo asked")
    func makeAndRead() async throws {
        try await Connected.with { connected in
            let result = try await connected.call(
                "make_backing_track", ["genre": "jazz", "key": "Bb", "mode": "major", "tempo": 132, "seed": 9, "parts": ["drums", "bass", "keys"]])
            #expect(result.isError != true, "\(result.text)")
            #expect(result.text.contains("jazz in Bb major, 132 bpm, seed 9, completed, 4/4"))
            #expect(result.structured("parts") == .array(["drums", "bass", "keys"]))
            let id = try #require(result.structured("id")?.stringValue)
            #expect(result.links == [
                "backline://sessions/\(id)/full.mid", "backline://sessions/\(id)/drums.mid", "backline://sessions/\(id)/bass.mid",
                "backline://sessions/\(id)/keys.mid", "backline://sessions/\(id)/pianoroll.svg",
            ])
            let contents = try await connected.client.readResource(uri: "backline://sessions/\(id)/full.mid")
            guard let blob = contents.first?.blob, let bytes = Data(base64Encoded: blob) else {
                Issue.record("full.mid is not a binary resource: \(contents)")
                return
            }
            #expect(contents.first?.mimeType == "audio/midi")
            guard case .file(let export) = try await connected.sessions.download(.midi(part: "full"), of: try #require(UUID(uuidString: id)), caller: .local) else {
                Issue.record("no export")
                return
            }
            #expect([UInt8](bytes) == export.bytes, "the resource is the file GET /sessions/{id}/export serves")
            let midi = try MIDIFileReader().read([UInt8](bytes))
            #expect(midi.microsecondsPerQuarter.first == 60_000_000 / 132)
            #expect(midi.keySignatures.first.map { $0.sharps == -2 && !$0.minor } == true, "Bb major: two flats")
            #expect(Set(midi.notes.map(\.channel)) == [9, 1, 3], "drums, bass and keys; no guitar")
        }
    }

    @Test("Bad arguments are tool errors with the REST API's detail; the server keeps answering")
    func toolErrors() async throws {
        try await Connected.with { connected in
            let badKey = try await connected.call("make_backing_track", ["genre": "funk", "key": "H"])
            #expect(badKey.isError == true)
            #expect(badKey.text == "unknown key 'H'; valid keys: C, C#, Db, D, D#, Eb, E, F, F#, Gb, G, G#, Ab, A, A#, Bb, B")
            let badPart = try await connected.call("make_backing_track", ["genre": "metal", "parts": ["drums", "horns"]])
            #expect(badPart.isError == true)
            #expect(badPart.text == "metal has no part 'horns'; its parts are drums, bass, guitar, keys")
            let unknownArgument = try await connected.call("make_backing_track", ["genre": "funk", "colour": "red"])
            #expect(unknownArgument.isError == true && unknownArgument.text.hasPrefix("make_backing_track has no argument 'colour'; its arguments are bars, choruses, count_in, form, genre"))
            let missing = try await connected.call("get_session", ["id": .string(UUID().uuidString)])
            #expect(missing.isError == true && missing.text.hasSuffix("does not exist"))
            let mood = try await connected.call("make_game_loop", ["mood": "jolly"])
            #expect(mood.isError == true && mood.text.hasPrefix("unknown mood 'jolly'; moods are battle, boss"))
            let after = try await connected.call("list_keys_and_modes", [:])
            #expect(after.isError != true && after.text.contains("hungarian_minor"))
        }
    }

    @Test("make_game_loop plays a mood as a loop of the bars asked; every bundled mood plays")
    func gameLoops() async throws {
        try await Connected.with { connected in
            let moods = MoodCatalog.load(directories: [Connected.presetsDirectory])
            #expect(moods.failures.isEmpty && moods.problems(genres: connected.sessions.catalog.current.genres).isEmpty)
            #expect(moods.ids.count >= 12)
            for mood in moods.ids {
                let result = try await connected.call("make_game_loop", ["mood": .string(mood), "bars": 4, "seed": 1])
                #expect(result.isError != true, "\(mood): \(result.text)")
                #expect(result.structured("loop") == .bool(true) && result.structured("bars") == .int(4), "\(mood)")
            }
        }
    }

    @Test("validate_preset names line and column of each problem; a valid preset names its genre")
    func validatePreset() async throws {
        try await Connected.with { connected in
            let text = try String(contentsOfFile: Connected.presetsDirectory + "/blues.yaml", encoding: .utf8)
            let valid = try await connected.call("validate_preset", ["yaml": .string(text)])
            #expect(valid.structured("valid") == .bool(true) && valid.text.hasPrefix("valid: genre 'blues'"))
            let broken = text.replacingOccurrences(of: "tempo:", with: "tempo_:")
            let invalid = try await connected.call("validate_preset", ["yaml": .string(broken)])
            #expect(invalid.structured("valid") == .bool(false))
            let line = text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("tempo:") }.map { $0 + 1 }
            #expect(invalid.text.contains("\(try #require(line)):1: unknown key 'tempo_'"), "\(invalid.text)")
        }
    }

    @Test("Genre resources are the preset files; a session that does not exist is a clear error")
    func resources() async throws {
        try await Connected.with { connected in
            let listed = try await connected.client.listResources().resources
            #expect(listed.count == 42 && listed.contains { $0.uri == "backline://genres/reggae" })
            let contents = try await connected.client.readResource(uri: "backline://genres/reggae")
            let expected = try String(contentsOfFile: Connected.presetsDirectory + "/reggae.yaml", encoding: .utf8)
            #expect(contents.first?.text == expected)
            #expect(contents.first?.mimeType == "application/yaml")
            await #expect(throws: MCPError.self) { _ = try await connected.client.readResource(uri: "backline://sessions/\(UUID().uuidString)/full.mid") }
        }
    }
}
