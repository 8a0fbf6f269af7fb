import BacklineEngine
import BacklinePresets
import Foundation
import MusicTheory

/// The OpenAPI 3.0 description of the server, built from the same bounds the handlers enforce and
/// from the genres the server can play right now.
enum OpenAPIDocument {
    /// The document for the genres and parts the server can play now. With `keysRequired` (a server
    /// with `--api-keys`) every operation but the public ones asks for the bearer key and can answer
    /// 401, 403 and 429.
    static func json(genres: [String], parts: [String], sectionNames: [String], keysRequired: Bool = false) -> [String: Any] {
        func response(_ description: String, _ schema: String) -> [String: Any] {
            ["description": description, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]]
        }
        let idParameter: [String: Any] = [
            "name": "id", "in": "path", "required": true, "description": "Session id (a UUID).",
            "schema": ["type": "string", "format": "uuid"],
        ]
        let notFound: [String: Any] = ["description": "No session with this id (or the id is not a UUID).", "content": errorContent]
        var paths: [String: Any] = [:]
        paths["/sessions"] = [
            "post": [
                "summary": "Create a Session", "operationId": "createSession", "tags": ["sessions"],
                "description": "Creates a new generation session. Every field is optional and has a default; unknown fields are ignored.",
                "requestBody": ["required": false, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/CreateSession"]]]],
                "responses": [
                    "201": response("Created.", "CreatedSession").merging([
                        "headers": ["Location": ["description": "The session's URL.", "schema": ["type": "string"]]],
                        "links": links(["getSession", "runSession", "listTracks", "exportSession", "downloadPart", "pianoRoll", "renderAudio"]),
                    ]) { a, _ in a },
                    "400": ["description": "Invalid parameters: malformed JSON, a wrong type, an unknown genre, key or mode, a number out of range, an unreadable progression.", "content": errorContent],
                    "413": ["description": "Request body larger than 1 MiB.", "content": errorContent],
                ],
            ],
            "get": [
                "summary": "List Sessions", "operationId": "listSessions", "tags": ["sessions"],
                "description": "Recent sessions, newest first.",
                "parameters": [
                    ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 100, "default": 20]],
                    ["name": "offset", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 0, "maximum": Int(Int32.max), "default": 0]],
                ],
                "responses": ["200": response("A page of sessions.", "SessionPage"), "400": ["description": "limit or offset out of range.", "content": errorContent]],
            ],
        ]
        paths["/sessions/{id}"] = [
            "get": [
                "summary": "Get Session Status", "operationId": "getSession", "tags": ["sessions"], "parameters": [idParameter],
                "responses": ["200": response("The session.", "Session"), "404": notFound],
            ],
            "delete": [
                "summary": "Delete a Session", "operationId": "deleteSession", "tags": ["sessions"], "parameters": [idParameter],
                "description": "Removes the session, its stored song and its cached audio. With API keys, only the key that created it can delete it.",
                "responses": ["204": ["description": "Deleted."], "404": notFound],
            ],
        ]
        paths["/sessions/{id}/run"] = [
            "post": [
                "summary": "Run a Session", "operationId": "runSession", "tags": ["sessions"], "parameters": [idParameter],
                "description": "Generates the tracks synchronously: the response returns once every MIDI file is written.",
                "responses": [
                    "200": response("Completed.", "RunResult").merging(["links": links(["getSession", "listTracks", "exportSession", "downloadPart", "pianoRoll"])]) { a, _ in a }, "404": notFound,
                    "409": ["description": "The session has already been run.", "content": errorContent],
                    "500": ["description": "Generation failure (see the server log).", "content": errorContent],
                ],
            ]
        ]
        paths["/sessions/{id}/tracks"] = [
            "get": [
                "summary": "List Tracks", "operationId": "listTracks", "tags": ["tracks"], "parameters": [idParameter],
                "description": "Each generated track: instrument, MIDI channel (0-based), file. Empty until the session has run.",
                "responses": ["200": ["description": "The tracks.", "content": ["application/json": ["schema": ["type": "array", "items": ["$ref": "#/components/schemas/Track"]]]]], "404": notFound],
            ]
        ]
        paths["/sessions/{id}/export"] = [
            "get": [
                "summary": "Download Combined MIDI", "operationId": "exportSession", "tags": ["export"], "parameters": [idParameter],
                "responses": [
                    "200": [
                        "description": "The combined Standard MIDI File (format 1).",
                        "headers": ["Content-Disposition": ["description": "attachment; filename=\"<first 8 of id>_full.mid\"", "schema": ["type": "string"]]],
                        "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]],
                    ],
                    "404": notFound,
                    "409": ["description": "The session has not been run yet.", "content": errorContent],
                    "500": ["description": "The server failed (see its log).", "content": errorContent],
                ],
            ]
        ]
        let notRun: [String: Any] = ["description": "The session has not been run yet.", "content": errorContent]
        let missing: [String: Any] = ["description": "The server failed (see its log).", "content": errorContent]
        func attachment(_ description: String, _ type: String) -> [String: Any] {
            [
                "description": description,
                "headers": ["Content-Disposition": ["description": "attachment; filename=\"<first 8 of id>_<part>.<extension>\"", "schema": ["type": "string"]]],
                "content": [type: ["schema": ["type": "string", "format": "binary"]]],
            ]
        }
        paths["/sessions/{id}/parts/{part}"] = [
            "get": [
                "summary": "Download One Part", "operationId": "downloadPart", "tags": ["export"],
                "parameters": [idParameter, ["name": "part", "in": "path", "required": true, "schema": ["type": "string", "enum": ["full"] + parts]]],
                "responses": [
                    "200": attachment("The part's Standard MIDI File (format 1).", "audio/midi"),
                    "404": ["description": "No such session, or the session has no such part.", "content": errorContent],
                    "409": notRun, "500": missing,
                ],
            ]
        ]
        paths["/sessions/{id}/audio"] = [
            "get": [
                "summary": "Listen", "operationId": "renderAudio", "tags": ["export"],
                "description": "The song (or one part) rendered by FluidSynth with a General MIDI SoundFont, on first request; later requests get the same file.",
                "parameters": [
                    idParameter,
                    ["name": "format", "in": "query", "required": false, "schema": ["type": "string", "enum": AudioRenderer.Format.allCases.map(\.rawValue), "default": "wav"]],
                    ["name": "part", "in": "query", "required": false, "description": "The whole song or one part.", "schema": ["type": "string", "enum": ["full"] + parts, "default": "full"]],
                ],
                "responses": [
                    "200": [
                        "description": "The audio file.",
                        "headers": ["Content-Disposition": ["description": "attachment; filename=\"<first 8 of id>_<part>.wav\"", "schema": ["type": "string"]]],
                        "content": ["audio/wav": ["schema": ["type": "string", "format": "binary"]], "audio/flac": ["schema": ["type": "string", "format": "binary"]]],
                    ],
                    "400": ["description": "An unknown format or part.", "content": errorContent],
                    "404": ["description": "No such session, or the session has no such part (keys when it was made without them).", "content": errorContent],
                    "409": notRun,
                    "413": ["description": "The song lasts longer than this server renders audio for (--max-audio-seconds); its MIDI files have no such limit.", "content": errorContent],
                    "500": ["description": "FluidSynth failed (see the server log).", "content": errorContent],
                    "503": ["description": "Audio is not available on this server: the detail says what to install.", "content": errorContent],
                ],
            ]
        ]
        paths["/sessions/{id}/pianoroll.svg"] = [
            "get": [
                "summary": "Piano Roll", "operationId": "pianoRoll", "tags": ["export"], "parameters": [idParameter],
                "description": "One lane per part, bar lines, section names and chord symbols; a self-contained SVG.",
                "responses": [
                    "200": ["description": "The picture.", "content": ["image/svg+xml": ["schema": ["type": "string"]]]],
                    "404": notFound, "409": notRun, "500": missing,
                ],
            ]
        ]
        paths["/sessions/{id}/musicxml"] = [
            "get": [
                "summary": "MusicXML", "operationId": "exportMusicXML", "tags": ["export"], "parameters": [idParameter],
                "description": "A MusicXML 4.0 score-partwise lead sheet: a chord symbol (<harmony>) for every chord of the arrangement, a rehearsal mark per section, the tempo and key, the bass line as written notes and the drums on a percussion staff. Opens in MuseScore and music21.",
                "responses": [
                    "200": [
                        "description": "The score.",
                        "headers": ["Content-Disposition": ["description": "attachment; filename=\"<first 8 of id>.musicxml\"", "schema": ["type": "string"]]],
                        "content": ["application/vnd.recordare.musicxml+xml": ["schema": ["type": "string"]]],
                    ],
                    "404": notFound, "409": notRun, "500": missing,
                ],
            ]
        ]
        paths["/charts/ireal"] = [
            "post": [
                "summary": "Read an iReal Pro Link", "operationId": "readIRealLink", "tags": ["charts"],
                "description": "The songs of an irealb:// or irealbook:// link (one song or a playlist), each with its Backline chord chart, played-out bars, sections and the genre its style maps to. Play one with POST /sessions {\"ireal\": link, \"song\": title}.",
                "requestBody": [
                    "required": true,
                    "content": ["application/json": ["schema": [
                        "type": "object", "required": ["url"],
                        "properties": [
                            "url": ["type": "string", "pattern": SongRequest.irealPattern],
                            "strict": ["type": "boolean", "default": false, "description": "Refuse the link at the first symbol the reader does not know, instead of skipping the songs it cannot read."],
                        ],
                    ]]],
                ],
                "responses": [
                    "200": response("The link's songs, in its order, and the ones left out with why.", "IRealSongs"),
                    "400": ["description": "The body is not {\"url\": string}, or the link cannot be read: the detail says what was wrong and where (song, bar).", "content": errorContent],
                ],
            ]
        ]
        paths["/genres"] = [
            "get": [
                "summary": "List Genres", "operationId": "listGenres", "tags": ["genres"],
                "responses": ["200": ["description": "Every genre the server can play.", "content": ["application/json": ["schema": ["type": "array", "items": ["$ref": "#/components/schemas/Genre"]]]]]],
            ]
        ]
        paths["/genres/{id}"] = [
            "get": [
                "summary": "Get Genre", "operationId": "getGenre", "tags": ["genres"],
                "parameters": [["name": "id", "in": "path", "required": true, "schema": ["type": "string"]]],
                "responses": ["200": response("The genre.", "Genre"), "404": ["description": "No such genre.", "content": errorContent]],
            ]
        ]
        paths["/health"] = [
            "get": [
                "summary": "Health", "operationId": "health", "tags": ["service"],
                "description": "200 while the server can take sessions; 503 while its database cannot answer, so a load balancer can send requests elsewhere.",
                "responses": ["200": response("The server is up.", "Health"), "503": response("The database cannot be reached; the body says why.", "Health")],
            ]
        ]
        paths["/metrics"] = [
            "get": [
                "summary": "Metrics", "operationId": "metrics", "tags": ["service"],
                "description": "Every metric in Prometheus' text format: requests by route and status, request durations, sessions created, run and failed, render and store time.",
                "responses": ["200": ["description": "Prometheus text format 0.0.4.", "content": ["text/plain": ["schema": ["type": "string"]]]]],
            ]
        ]
        // What every session operation can meet, and what every derived file offers.
        let unavailable: [String: Any] = ["description": "The database cannot be reached now (or did not answer in time); retry. Nothing was half written.", "content": errorContent]
        let notModified: [String: Any] = ["description": "The copy named by If-None-Match is current.", "headers": ["ETag": ["schema": ["type": "string"]]]]
        let validator: [String: Any] = [
            "ETag": ["description": "Strong validator: the file never changes once the session has run.", "schema": ["type": "string"]],
            "Cache-Control": ["schema": ["type": "string"]],
        ]
        for (path, methods) in paths where path.hasPrefix("/sessions") {
            var operations = methods as? [String: [String: Any]] ?? [:]
            for (method, var operation) in operations {
                var responses = operation["responses"] as? [String: Any] ?? [:]
                responses["503"] = unavailable
                if ["/sessions/{id}/export", "/sessions/{id}/parts/{part}", "/sessions/{id}/pianoroll.svg", "/sessions/{id}/musicxml"].contains(path) {
                    responses["304"] = notModified
                    if var ok = responses["200"] as? [String: Any] {
                        ok["headers"] = (ok["headers"] as? [String: Any] ?? [:]).merging(validator) { a, _ in a }
                        responses["200"] = ok
                    }
                    operation["parameters"] = (operation["parameters"] as? [[String: Any]] ?? []) + [
                        ["name": "If-None-Match", "in": "header", "required": false, "schema": ["type": "string"]]
                    ]
                }
                operation["responses"] = responses
                operations[method] = operation
            }
            paths[path] = operations
        }
        if keysRequired { paths = Self.requiringKeys(paths) }

        let string: [String: Any] = ["type": "string"]
        let nullableString: [String: Any] = ["type": "string", "nullable": true]
        let schemas: [String: Any] = [
            "Error": ["type": "object", "required": ["detail"], "properties": ["detail": ["type": "string", "description": "What was wrong and what is valid."]]],
            "CreateSession": [
                "type": "object",
                "description": "Every field is optional; the defaults are the contract's (tempo 120 for every genre).",
                "properties": Dictionary(uniqueKeysWithValues: SongRequest.fields(genres: genres, parts: parts, sectionNames: sectionNames).map { ($0.name, $0.schema(.openAPI30) as Any) }),
            ],
            "CreatedSession": [
                "type": "object", "required": ["id", "status", "created_at"],
                "properties": ["id": ["type": "string", "format": "uuid"], "status": ["type": "string", "enum": ["pending"]], "created_at": ["type": "string", "format": "date-time"]],
            ],
            "RunResult": [
                "type": "object", "required": ["id", "status", "files"],
                "properties": ["id": ["type": "string", "format": "uuid"], "status": ["type": "string", "enum": ["completed"]], "files": ["type": "array", "items": string]],
            ],
            "Track": [
                "type": "object", "required": ["instrument", "channel", "file"],
                "properties": ["instrument": ["type": "string", "enum": parts], "channel": ["type": "integer", "minimum": 0, "maximum": 15], "file": string],
            ],
            "Session": [
                "type": "object",
                "required": ["id", "status", "genre", "key", "mode", "tempo", "files", "created_at", "completed_at", "sections", "with_keys", "parts", "form", "bars", "loop", "count_in", "choruses", "practice", "seed"],
                "properties": [
                    "id": ["type": "string", "format": "uuid"],
                    "status": ["type": "string", "enum": ["pending", "running", "completed", "failed"]],
                    "genre": string, "key": string, "mode": string,
                    "tempo": ["type": "integer"], "sections": ["type": "integer"], "with_keys": ["type": "boolean"],
                    "parts": ["type": "array", "items": string, "nullable": true, "description": "The parts asked for, or null for the genre's default parts."],
                    "form": ["type": "array", "items": string, "nullable": true, "description": "The sections asked for by name, or null for the genre's form."],
                    "bars": ["type": "integer", "nullable": true, "description": "The length the song was cut to, or null."],
                    "loop": [
                        "oneOf": [["type": "boolean"], ["type": "array", "items": string]],
                        "description": "true when the song is a seamless loop, the looped sections' names when it loops some, else false.",
                    ],
                    "count_in": ["type": "integer", "minimum": 0, "maximum": 2, "description": "Bars of count-in before the song and each practice pass."],
                    "choruses": ["type": "integer", "nullable": true, "description": "How many times the chart goes round when it plays whole, else null."],
                    "practice": ["type": "string", "nullable": true, "description": "The practice plan (4x+5), or null."],
                    "meter": ["type": "string", "description": "Once run: the time signature of the first bar (4/4, 3/4, 6/8), to turn bars into seconds: a bar lasts 4 × numerator / denominator quarter notes at the tempo."],
                    "meter_changes": ["type": "array", "description": "Once run, when the meter changes part-way: each change, the bar (from 0) it starts at and the time signature.", "items": ["type": "object", "required": ["bar", "meter"], "properties": ["bar": ["type": "integer"], "meter": ["type": "string"]]]],
                    "tempos": [
                        "type": "array", "description": "Once run, when the tempo changes (practice passes): the tempo from each bar on.",
                        "items": ["type": "object", "required": ["bar", "bpm"], "properties": ["bar": ["type": "integer"], "bpm": ["type": "integer"]]],
                    ],
                    "seed": ["type": "integer", "minimum": 0],
                    "progression": ["type": "string", "nullable": true, "description": "The chord chart: as given, or as read from ireal or musicxml."],
                    "source": [
                        "type": "object", "required": ["kind", "title"], "description": "Present when the chart was imported: from an iReal Pro link or a MusicXML lead sheet, and the tune's title.",
                        "properties": ["kind": ["type": "string", "enum": ChartSource.Kind.allCases.map(\.rawValue)], "title": string],
                    ],
                    "files": ["type": "array", "items": string],
                    "created_at": ["type": "string", "format": "date-time"],
                    "completed_at": ["type": "string", "format": "date-time", "nullable": true],
                    "error": ["type": "string", "description": "Why generation failed (status failed)."],
                    "arrangement": [
                        "type": "array", "description": "Once run: each section with its bars and chords per bar.",
                        "items": [
                            "type": "object", "required": ["name", "bars", "beats_per_bar", "chords"],
                            "properties": ["name": string, "bars": ["type": "integer"], "beats_per_bar": ["type": "integer"], "chords": ["type": "array", "items": string]],
                        ],
                    ],
                ],
            ],
            "IRealSongs": [
                "type": "object", "required": ["name", "songs", "skipped"],
                "properties": [
                    "name": ["type": "string", "nullable": true, "description": "The playlist's name, when the link names one."],
                    "skipped": [
                        "type": "array", "description": "The songs left out, each with its place in the link (from 1), the bar and symbol to blame (null when the whole song is), and why.",
                        "items": [
                            "type": "object", "required": ["song", "index", "bar", "symbol", "reason"],
                            "properties": [
                                "song": string, "index": ["type": "integer"], "bar": ["type": "integer", "nullable": true],
                                "symbol": nullableString, "reason": string,
                            ],
                        ],
                    ],
                    "songs": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "required": ["title", "composer", "style", "groove", "genre", "key", "meter", "tempo", "chart", "bars", "sections", "meter_changes", "unreadable", "warnings"],
                            "properties": [
                                "title": string, "composer": nullableString, "style": nullableString, "groove": nullableString,
                                "genre": ["type": "string", "nullable": true, "description": "The Backline genre the style maps to (Docs/CHARTS.md has the table)."],
                                "key": ["type": "string", "nullable": true, "description": "Eb major, C minor."],
                                "meter": string, "tempo": ["type": "integer", "nullable": true],
                                "chart": ["type": "string", "description": "The chart in the progression syntax, sections included."],
                                "bars": ["type": "array", "description": "Each bar's chords, in playing order.", "items": ["type": "array", "items": string]],
                                "sections": [
                                    "type": "array",
                                    "items": ["type": "object", "properties": ["name": string, "first_bar": ["type": "integer"], "bars": ["type": "integer"]]],
                                ],
                                "meter_changes": ["type": "array", "items": ["type": "object", "properties": ["bar": ["type": "integer"], "meter": string]]],
                                "unreadable": [
                                    "type": "array", "description": "Chords Backline cannot read yet, and what plays instead.",
                                    "items": ["type": "object", "properties": ["bar": ["type": "integer"], "ireal": string, "chord": string, "played_as": string]],
                                ],
                                "warnings": [
                                    "type": "array", "description": "Symbols the reader did not know, read as the nearest thing or dropped.",
                                    "items": ["type": "object", "properties": ["bar": ["type": "integer"], "symbol": string, "message": string]],
                                ],
                            ],
                        ],
                    ],
                ],
            ],
            "SessionPage": [
                "type": "object", "required": ["sessions", "total", "limit", "offset"],
                "properties": ["sessions": ["type": "array", "items": ["$ref": "#/components/schemas/Session"]], "total": ["type": "integer"], "limit": ["type": "integer"], "offset": ["type": "integer"]],
            ],
            "Genre": [
                "type": "object", "required": ["id", "name", "description", "tempo", "meter", "meters", "parts", "on_request", "sections", "source"],
                "properties": [
                    "id": string, "name": string, "description": string,
                    "meter": ["type": "string", "description": "The genre's own meter: the one a song plays when it asks for none."],
                    "meters": [
                        "type": "object", "required": ["written", "derived"],
                        "description": "Every genre plays every meter: written lists those it has grooves of its own for (its own meter first), derived the everyday meters it plays from grooves derived from its own (Docs/PRESETS.md, Meters).",
                        "properties": ["written": ["type": "array", "items": string], "derived": ["type": "array", "items": string]],
                    ],
                    "tempo": ["type": "object", "required": ["min", "max", "default"], "properties": ["min": ["type": "integer"], "max": ["type": "integer"], "default": ["type": "integer"]]],
                    "parts": ["type": "array", "items": string, "description": "Every part, in track order."],
                    "on_request": ["type": "array", "items": string, "description": "The parts that play only when asked for (with_keys, parts)."],
                    "sections": ["type": "array", "items": ["type": "object", "required": ["name", "bars"], "properties": ["name": string, "bars": ["type": "integer"]]]],
                    "source": ["type": "string", "description": "Where the genre came from: built-in (compiled into the server), or its preset file's path."],
                ],
            ],
            "Health": [
                "type": "object", "required": ["status", "genres", "database", "audio"],
                "properties": [
                    "status": ["type": "string", "enum": ["ok", "unavailable"]], "genres": ["type": "integer"],
                    "database": ["type": "string", "description": "sqlite or postgresql while it answers; otherwise why it does not."],
                    "audio": ["type": "boolean", "description": "Whether audio can be rendered (FluidSynth and its SoundFont are installed)."],
                    "audio_detail": ["type": "string", "nullable": true, "description": "What to install when audio is off."],
                ],
            ],
        ]
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "Backline", "version": "1.0.0",
                "description": "Multi-track MIDI backing tracks from YAML genre presets: create a session, run it, read its tracks, export the combined MIDI.",
            ],
            "paths": paths,
            "components": [
                "schemas": schemas, "responses": ["Error": ["description": "Error.", "content": errorContent]],
                "securitySchemes": [
                    securityScheme: [
                        "type": "http", "scheme": "bearer",
                        "description": "An API key of the server's keys file (`backline serve --api-keys FILE`), sent as Authorization: Bearer KEY. Servers without keys ask for none.",
                    ]
                ],
            ],
        ]
    }

    static let securityScheme = "apiKey"

    /// Every operation but the public ones asks for the bearer key and says what a client meets
    /// without one, with a revoked one, and past its rate or quota.
    static func requiringKeys(_ paths: [String: Any]) -> [String: Any] {
        var result = paths
        let retryAfter: [String: Any] = ["Retry-After": ["description": "Seconds to wait before asking again.", "schema": ["type": "integer"]]]
        // The documented public paths are the health check and the metrics; the rule is the middleware's.
        for (path, methods) in paths where !AccessControl.isPublic(path) {
            var operations = methods as? [String: [String: Any]] ?? [:]
            for (method, var operation) in operations {
                var responses = operation["responses"] as? [String: Any] ?? [:]
                responses["401"] = [
                    "description": "No API key, or one this server does not know.",
                    "headers": ["WWW-Authenticate": ["schema": ["type": "string"]]], "content": errorContent,
                ]
                responses["403"] = ["description": "The API key has been revoked.", "content": errorContent]
                responses["429"] = [
                    "description": "The key made too many requests this minute, or (creating a session) holds as many sessions as it may.",
                    "headers": retryAfter, "content": errorContent,
                ]
                operation["responses"] = responses
                operation["security"] = [[securityScheme: [String]()]]
                operations[method] = operation
            }
            result[path] = operations
        }
        return result
    }

    /// OpenAPI links from a response carrying a session's `id` to the operations that take it.
    static func links(_ operations: [String]) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: operations.map { ($0, ["operationId": $0, "parameters": ["id": "$response.body#/id"]] as [String: Any]) })
    }

    static var errorContent: [String: Any] { ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]] }

    static func data(genres: [String], parts: [String], sectionNames: [String], keysRequired: Bool = false) -> Data {
        (try? JSONSerialization.data(withJSONObject: json(genres: genres, parts: parts, sectionNames: sectionNames, keysRequired: keysRequired), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
