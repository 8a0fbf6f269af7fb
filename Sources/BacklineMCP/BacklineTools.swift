import BacklineAgents
import BacklineEngine
import BacklinePresets
import BacklineSessions
import Foundation
import MCP
import MusicTheory

/// Backline's Model Context Protocol server: tools to list genres, make backing tracks and game
/// loops, read sessions and validate presets, and resources for genres' YAML and sessions' files.
///
/// The same catalog, request model and session service as the REST API: a song made over MCP is a
/// session REST clients and the studio page can open, and the other way round. Bad arguments are
/// tool errors carrying the REST API's `detail`, never a failure of the server process.
public struct BacklineTools: Sendable {
    public let sessions: SessionService
    /// Validates `validate_preset`'s YAML with the same agents the catalog uses.
    public let loader: PresetLoader
    /// Where the REST API answers (`http://host:port`), for links in tool results; nil over stdio.
    public let restBase: String?
    /// Whose sessions the tools make and read: the key of an HTTP request; over stdio the local user.
    public let caller: Caller

    public init(sessions: SessionService, loader: PresetLoader, restBase: String? = nil, caller: Caller = .local) {
        self.sessions = sessions
        self.loader = loader
        self.restBase = restBase
        self.caller = caller
    }

    /// What is wrong in the moods files: unreadable moods, and moods that cannot play with the
    /// catalog's genres. Logged at start-up; `make_game_loop` answers such a mood with the reason.
    public func moodProblems() -> [PresetError] {
        let moods = MoodCatalog.load(directories: sessions.catalog.directories)
        return moods.failures.flatMap(\.errors) + moods.problems(genres: sessions.catalog.current.genres)
    }

    /// Presets larger than this are refused by `validate_preset` before they are parsed.
    public static let maximumPresetSize = 1 << 20

    /// A server with every tool and resource, ready to start on a transport.
    public func makeServer() async -> Server {
        let server = Server(
            name: "backline", version: "1.0.0", title: "Backline",
            instructions: """
                Backline writes multi-track MIDI backing tracks (drums, bass, guitar, keys, horns) for a genre, key, mode \
                and tempo. Call list_keys_and_modes before guessing spellings, list_genres or describe_genre before \
                choosing parts or sections, then make_backing_track; make_game_loop makes seamless loops for games.
                """,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: self.tools()) }
        await server.withMethodHandler(CallTool.self) { parameters in await self.call(parameters.name, parameters.arguments ?? [:]) }
        await server.withMethodHandler(ListResources.self) { _ in ListResources.Result(resources: self.resources()) }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in ListResourceTemplates.Result(templates: Self.templates) }
        await server.withMethodHandler(ReadResource.self) { parameters in try await self.read(parameters.uri) }
        return server
    }

    // MARK: - Tools

    func tools() -> [Tool] {
        let catalog = sessions.catalog.current
        let fields = SongRequest.fields(genres: catalog.ids, parts: catalog.partNames, sectionNames: catalog.sectionNames, defaults: .genreTempo)
        var request: [String: Value] = [:]
        for field in fields { request[field.name] = Value(schema: field.schema(.jsonSchema)).pointingAtTools }
        let moods = MoodCatalog.load(directories: sessions.catalog.directories)
        return [
            Tool(
                name: "list_genres", title: "List genres",
                description: "Every genre Backline can play: id, name, tempo range and default, meter, parts (and which play only on request).",
                inputSchema: Self.object([:]), annotations: .init(readOnlyHint: true)),
            Tool(
                name: "describe_genre", title: "Describe a genre",
                description: "One genre: what it sounds like, its tempo range, meter, parts, sections in order with their bars, swing and humanize.",
                inputSchema: Self.object(["genre": request["genre"]!], required: ["genre"]), annotations: .init(readOnlyHint: true)),
            Tool(
                name: "list_keys_and_modes", title: "List keys and modes",
                description: "The key spellings (sharps and flats) and the 15 modes a request may name: use these, never guess.",
                inputSchema: Self.object([:]), annotations: .init(readOnlyHint: true)),
            Tool(
                name: "make_backing_track", title: "Make a backing track",
                description: """
                    Renders a backing track and stores it as a session. Give a genre, key, mode and tempo (default: the \
                    genre's), sections or a form, the parts to play (leave your own instrument out), a seed, a chord chart. \
                    Returns the arrangement as a chord chart per section, the seed, and links to the MIDI files.
                    """,
                inputSchema: Self.object(request), annotations: .init(idempotentHint: false)),
            Tool(
                name: "make_game_loop", title: "Make a game music loop",
                description: """
                    A seamless loop for a game scene, from a mood (\(moods.ids.joined(separator: ", "))): no count-in, no \
                    ending hit, the last bar leading back into the first. Optionally the loop's length in bars and a key.
                    """,
                inputSchema: Self.object([
                    "mood": .object(["type": "string", "enum": .array(moods.ids.map(Value.string)), "description": "The scene's mood."]),
                    "bars": .object(["type": .array(["integer", "null"]), "minimum": 1, "maximum": 64, "description": "The loop's length; default: the mood's."]),
                    "key": request["key"]!.removingDefault, "seed": request["seed"]!,
                ], required: ["mood"])),
            Tool(
                name: "get_session", title: "Get a session",
                description: "A session: what was asked, its status and, once run, its arrangement and files.",
                inputSchema: Self.object(["id": .object(["type": "string", "format": "uuid"])], required: ["id"]), annotations: .init(readOnlyHint: true)),
            Tool(
                name: "list_sessions", title: "List sessions",
                description: "Recent sessions, newest first.",
                inputSchema: Self.object([
                    "limit": .object(["type": "integer", "minimum": 1, "maximum": 100, "default": 20]),
                    "offset": .object(["type": "integer", "minimum": 0, "default": 0]),
                ]), annotations: .init(readOnlyHint: true)),
            Tool(
                name: "import_ireal", title: "Import an iReal Pro playlist",
                description: """
                    Reads an iReal Pro link (irealb:// or irealbook://, one song or a playlist) into its songs: title, the \
                    genre its style maps to, key, meter, bars. Every song that can be read comes back; each one left out \
                    is listed in skipped with its place, bar, symbol and why. Play one with make_backing_track (ireal and song).
                    """,
                inputSchema: Self.object([
                    "url": .object(["type": "string", "pattern": .string(SongRequest.irealPattern), "description": "The iReal Pro link."]),
                    "strict": .object(["type": "boolean", "default": false, "description": "Refuse the link at the first symbol the reader does not know."]),
                ], required: ["url"]), annotations: .init(readOnlyHint: true)),
            Tool(
                name: "validate_preset", title: "Validate a genre preset",
                description: "Checks a genre preset's YAML text as `backline presets validate` does: every problem as line:column: message.",
                inputSchema: Self.object(["yaml": .object(["type": "string", "description": "The preset file's text."])], required: ["yaml"]),
                annotations: .init(readOnlyHint: true)),
        ]
    }

    func call(_ name: String, _ arguments: [String: Value]) async -> CallTool.Result {
        do {
            if let tool = tools().first(where: { $0.name == name }), let known = tool.inputSchema.objectValue?["properties"]?.objectValue {
                if let unknown = arguments.keys.sorted().first(where: { known[$0] == nil }) {
                    throw SessionError(.invalid, "\(name) has no argument \(Excerpt.quoted(unknown)); its arguments are \(known.keys.sorted().joined(separator: ", "))")
                }
            }
            switch name {
            case "list_genres": return listGenres()
            case "describe_genre": return try describeGenre(arguments)
            case "list_keys_and_modes": return listKeysAndModes()
            case "make_backing_track": return try await makeBackingTrack(arguments)
            case "make_game_loop": return try await makeGameLoop(arguments)
            case "get_session": return try await getSession(arguments)
            case "list_sessions": return try await listSessions(arguments)
            case "validate_preset": return try validatePreset(arguments)
            case "import_ireal": return try await importIReal(arguments)
            default: throw SessionError(.invalid, "there is no tool \(Excerpt.quoted(name)); the tools are \(tools().map(\.name).joined(separator: ", "))")
            }
        } catch let error as SessionError {
            return CallTool.Result(content: [.text(text: error.detail, annotations: nil, _meta: nil)], isError: true)
        } catch {
            return CallTool.Result(content: [.text(text: "\(error)", annotations: nil, _meta: nil)], isError: true)
        }
    }

    // MARK: - Resources

    func resources() -> [Resource] {
        let catalog = sessions.catalog.current
        return catalog.ids.compactMap(catalog.genre).map { preset in
            Resource(
                name: "\(preset.id).yaml", uri: "backline://genres/\(preset.id)", title: preset.name,
                description: preset.description, mimeType: "application/yaml")
        }
    }

    static let templates: [Resource.Template] = [
        Resource.Template(uriTemplate: "backline://genres/{id}", name: "genre", title: "A genre's preset", mimeType: "application/yaml"),
        Resource.Template(uriTemplate: "backline://sessions/{id}/full.mid", name: "song", title: "A session's combined MIDI file", mimeType: "audio/midi"),
        Resource.Template(uriTemplate: "backline://sessions/{id}/{part}.mid", name: "part", title: "One part's MIDI file", mimeType: "audio/midi"),
        Resource.Template(uriTemplate: "backline://sessions/{id}/pianoroll.svg", name: "pianoroll", title: "A session's piano roll", mimeType: "image/svg+xml"),
    ]

    func read(_ uri: String) async throws -> ReadResource.Result {
        let path = uri.hasPrefix("backline://") ? uri.dropFirst("backline://".count).split(separator: "/").map(String.init) : []
        switch path.count {
        case 2 where path[0] == "genres":
            guard let preset = sessions.catalog.current.genre(path[1]) else {
                throw MCPError.invalidParams("unknown genre \(Excerpt.quoted(path[1])); available genres: \(sessions.catalog.current.ids.joined(separator: ", "))")
            }
            let text = PresetFiles.text(of: preset.source) ?? ""
            return ReadResource.Result(contents: [.text(text, uri: uri, mimeType: "application/yaml")])
        case 3 where path[0] == "sessions":
            guard let id = UUID(uuidString: path[1]) else { throw MCPError.invalidParams("session \(path[1]) does not exist (session ids are UUIDs)") }
            let artifact: Artifact
            switch path[2] {
            case "pianoroll.svg": artifact = .pianoRoll
            case let file where file.hasSuffix(".mid"): artifact = .midi(part: String(file.dropLast(4)))
            default: throw MCPError.invalidParams("no resource \(uri); a session has full.mid, <part>.mid and pianoroll.svg")
            }
            do {
                guard case .file(let download) = try await sessions.download(artifact, of: id, caller: caller) else { throw MCPError.internalError("no file") }
                let content: Resource.Content = artifact == .pianoRoll
                    ? .text(String(decoding: download.bytes, as: UTF8.self), uri: uri, mimeType: download.contentType)
                    : .binary(Data(download.bytes), uri: uri, mimeType: download.contentType)
                return ReadResource.Result(contents: [content])
            } catch let error as SessionError {
                throw MCPError.invalidParams(error.detail)
            }
        default:
            throw MCPError.invalidParams("no resource \(uri); resources are backline://genres/{id} and backline://sessions/{id}/full.mid, /{part}.mid, /pianoroll.svg")
        }
    }

    // MARK: - Schema helpers

    static func object(_ properties: [String: Value], required: [String] = []) -> Value {
        var schema: [String: Value] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { schema["required"] = .array(required.map(Value.string)) }
        return .object(schema)
    }
}

extension Value {
    /// A JSON Schema built by the request model, as an MCP value.
    init(schema: [String: any Sendable]) {
        self = .object(schema.mapValues(Value.init(any:)))
    }

    init(any value: any Sendable) {
        switch value {
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .int(value)
        case let value as Double: self = .double(value)
        case let value as String: self = .string(value)
        case let value as [String]: self = .array(value.map(Value.string))
        case let value as [String: any Sendable]: self = Value(schema: value)
        case let value as [any Sendable]: self = .array(value.map(Value.init(any:)))
        default: self = .string("\(value)")
        }
    }

    /// The schema with its description sending the reader to this server's tools, not REST paths.
    var pointingAtTools: Value {
        guard case .object(var schema) = self, case .string(let text)? = schema["description"] else { return self }
        schema["description"] = .string(
            text.replacingOccurrences(of: "GET /genres/{id}", with: "describe_genre").replacingOccurrences(of: "GET /genres", with: "list_genres"))
        return .object(schema)
    }

    /// The schema without its default: a tool argument whose default is someone else's.
    var removingDefault: Value {
        guard case .object(var schema) = self else { return self }
        schema["default"] = nil
        return .object(schema)
    }
}
