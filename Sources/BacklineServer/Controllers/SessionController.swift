import BacklineEngine
import BacklinePresets
import Foundation
import Hummingbird
import Logging
import NIOPosix

/// The contract's sessions: create, run, read, list tracks, export; plus a paged list.
struct SessionController<Context: RequestContext>: Sendable {
    let store: any SessionStore
    let catalog: ReloadingPresetCatalog
    /// `<data-dir>`; files go to `<data-dir>/output/`.
    let dataDirectory: String
    let audio: AudioRenderer
    let audioRenders: AudioRenders

    init(_ dependencies: ServerDependencies) {
        store = dependencies.store
        catalog = dependencies.catalog
        dataDirectory = dependencies.dataDirectory
        audio = dependencies.audio
        audioRenders = dependencies.audioRenders
    }

    var endpoints: [Endpoint<Context>] {
        [
            Endpoint(.post, "/sessions", create),
            Endpoint(.get, "/sessions", list),
            Endpoint(.get, "/sessions/{id}", show),
            Endpoint(.post, "/sessions/{id}/run", run),
            Endpoint(.get, "/sessions/{id}/tracks", tracks),
            Endpoint(.get, "/sessions/{id}/export", export),
            Endpoint(.get, "/sessions/{id}/parts/{part}", part),
            Endpoint(.get, "/sessions/{id}/audio", audioFile),
            Endpoint(.get, "/sessions/{id}/pianoroll.svg", pianoRoll),
        ]
    }

    var outputDirectory: String { (dataDirectory as NSString).appendingPathComponent("output") }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let body = try await CreateSessionBody(request: request, context: context)
        let genres = catalog.current.ids
        let song: SongRequest
        do {
            song = try SongRequest.validated(
                genre: body.genre, key: body.key, mode: body.mode, tempo: body.tempo, sections: body.sections,
                withKeys: body.withKeys, seed: body.seed, progression: body.progression, genres: genres)
        } catch {
            throw APIError.badRequest(error.message)
        }
        // Files are named by the id's first 8 characters, so those must be unique: draw again on a clash.
        for _ in 0..<16 {
            let session = Session(
                id: UUID(), genre: body.genre, key: body.key, mode: body.mode, tempo: body.tempo, sections: body.sections,
                withKeys: body.withKeys, seed: song.seed, progression: body.progression, createdAt: Date())
            do {
                try await store.create(session)
            } catch SessionStoreError.prefixTaken {
                continue
            }
            return Response.json(
                CreatedSession(id: session.idString, status: session.status.rawValue, createdAt: Timestamp.string(session.createdAt)),
                status: .created, headers: [.location: "/sessions/\(session.idString)"])
        }
        throw APIError(.serviceUnavailable, "could not allocate a session id; try again")
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        Response.json(SessionDetail(session: try await session(context)))
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let limit = try Self.query(request, "limit", default: 20, in: 1...100)
        let offset = try Self.query(request, "offset", default: 0, in: 0...Int(Int32.max))
        let page = try await store.list(limit: limit, offset: offset)
        return Response.json(SessionPage(sessions: page.sessions.map(SessionDetail.init), total: page.total, limit: limit, offset: offset))
    }

    @Sendable func tracks(_ request: Request, context: Context) async throws -> Response {
        Response.json(try await session(context).tracks)
    }

    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let session = try await completedSession(context)
        return try await download(session.files.last ?? "", contentType: "application/octet-stream", context: context)
    }

    /// One part's MIDI file (`drums`, `bass`, `guitar`, `keys`) or `full`.
    @Sendable func part(_ request: Request, context: Context) async throws -> Response {
        let session = try await completedSession(context)
        let part = context.parameters.get("part") ?? ""
        guard let file = session.files.first(where: { $0.hasSuffix("_\(part).mid") }) else {
            let parts = session.tracks.map(\.instrument) + ["full"]
            throw APIError.notFound("session \(session.idString) has no part '\(part)'; its parts are \(parts.joined(separator: ", "))")
        }
        return try await download(file, contentType: "audio/midi", context: context)
    }

    /// The song (or one part) as audio, rendered by FluidSynth on first request and kept.
    @Sendable func audioFile(_ request: Request, context: Context) async throws -> Response {
        let session = try await completedSession(context)
        let formatName = request.uri.queryParameters["format"].map(String.init) ?? "wav"
        guard let format = AudioRenderer.Format(rawValue: formatName) else {
            throw APIError.badRequest("format must be wav or flac, not '\(formatName)'")
        }
        let part = request.uri.queryParameters["part"].map(String.init) ?? "full"
        let knownParts = ["full"] + PresetLoader.partDefaults.map(\.name)
        guard knownParts.contains(part) else {
            throw APIError.badRequest("part must be one of \(knownParts.joined(separator: ", ")), not '\(part)'")
        }
        guard let midi = session.files.first(where: { $0.hasSuffix("_\(part).mid") }) else {
            throw APIError.notFound("session \(session.idString) has no \(part) part")
        }
        if let reason = audio.unavailableReason { throw APIError(.serviceUnavailable, reason) }
        let file = String(midi.dropLast(".mid".count)) + "." + format.rawValue
        do {
            try await audioRenders.ensure(path(file), from: path(midi), format: format, with: audio)
        } catch {
            context.logger.error("audio rendering failed", metadata: ["session": "\(session.idString)", "error": "\(error)"])
            throw APIError(.internalServerError, "audio rendering failed: \(error)")
        }
        return try await download(file, contentType: format.contentType, context: context)
    }

    /// The arrangement as an SVG piano roll, written when the session ran.
    @Sendable func pianoRoll(_ request: Request, context: Context) async throws -> Response {
        let session = try await completedSession(context)
        return try await download("output/\(session.filePrefix)_pianoroll.svg", contentType: "image/svg+xml", attachment: false, context: context)
    }

    private func path(_ file: String) -> String { (dataDirectory as NSString).appendingPathComponent(file) }

    private func completedSession(_ context: Context) async throws -> Session {
        let session = try await session(context)
        guard session.status == .completed else {
            throw APIError.conflict("session \(session.idString) has not been run yet (status \(session.status.rawValue)); POST /sessions/\(session.idString)/run first")
        }
        return session
    }

    /// A file of the data folder, read off the event loop; an attachment unless shown in place.
    private func download(_ file: String, contentType: String, attachment: Bool = true, context: Context) async throws -> Response {
        let bytes: [UInt8]
        do {
            let location = path(file)
            bytes = try await NIOThreadPool.singleton.runIfActive { try [UInt8](Data(contentsOf: URL(fileURLWithPath: location))) }
        } catch {
            context.logger.error("file missing", metadata: ["file": "\(file)", "error": "\(error)"])
            throw APIError(.internalServerError, "the file \(file) is missing on the server (see the server log)")
        }
        var headers: HTTPFields = [.contentType: contentType]
        if attachment { headers[.contentDisposition] = "attachment; filename=\"\((file as NSString).lastPathComponent)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Renders the session's song and writes its files. Exactly one of many concurrent calls wins
    /// (the store's conditional update); the others get 409.
    @Sendable func run(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.id(context)
        var session: Session
        switch try await store.claim(id: id) {
        case .notFound:
            throw APIError.notFound("session \(id.uuidString.lowercased()) does not exist")
        case .notPending(let status):
            throw APIError.conflict("session \(id.uuidString.lowercased()) has already been run (status \(status.rawValue))")
        case .claimed(let claimed):
            session = claimed
        }
        do {
            let catalog = self.catalog.current
            guard let preset = catalog.genre(session.genre) else {
                throw GenerationFailure("genre '\(session.genre)' is no longer installed on this server")
            }
            let song = try SongRequest.validated(
                genre: session.genre, key: session.key, mode: session.mode, tempo: session.tempo, sections: session.sections,
                withKeys: session.withKeys, seed: Int64(session.seed), progression: session.progression, genres: catalog.ids)
            let output = outputDirectory
            let prefix = session.filePrefix
            let (rendered, written) = try await NIOThreadPool.singleton.runIfActive {
                let rendered = Song(preset: preset, request: song)
                let written = try SongFiles.write(rendered, to: output, prefix: prefix)
                try SongFiles.writePianoRoll(rendered, to: output, prefix: prefix)
                return (rendered, written)
            }
            session.status = .completed
            session.completedAt = Date()
            session.files = written.map { "output/" + ($0.path as NSString).lastPathComponent }
            session.tracks = zip(rendered.tracks, session.files).map { track, file in
                Session.Track(instrument: track.name, channel: track.channel.intValue, file: file)
            }
            session.arrangement = rendered.sectionSummaries.map {
                Session.ArrangedSection(name: $0.name, bars: $0.bars, beatsPerBar: rendered.arrangement.meter.numerator, chords: $0.chords)
            }
            try await store.complete(session)
        } catch {
            context.logger.error("generation failed", metadata: ["session": "\(session.idString)", "error": "\(error)"])
            try? await store.fail(id: id, error: "\(error)")
            throw APIError(.internalServerError, "generation failed: \(error)")
        }
        return Response.json(RunSession(id: session.idString, status: session.status.rawValue, files: session.files))
    }

    private func session(_ context: Context) async throws -> Session {
        let id = try Self.id(context)
        guard let session = try await store.session(id: id) else {
            throw APIError.notFound("session \(id.uuidString.lowercased()) does not exist")
        }
        return session
    }

    /// The `{id}` path parameter; anything that is not a UUID names no session: 404.
    private static func id(_ context: Context) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw APIError.notFound("session \(context.parameters.get("id") ?? "") does not exist (session ids are UUIDs)")
        }
        return id
    }

    private static func query(_ request: Request, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int(String(text)), range.contains(number) else {
            throw APIError.badRequest("\(name) must be an integer \(range.lowerBound)–\(range.upperBound), not '\(text)'")
        }
        return number
    }
}

struct GenerationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
