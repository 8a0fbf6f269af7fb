import BacklineEngine
import BacklineSessions
import Foundation
import Hummingbird
import MusicTheory

/// The contract's sessions (create, run, read, list tracks, export) and the files a run made: each
/// part, the piano roll and audio. Maps HTTP to the ``SessionService`` and back; nothing more.
struct SessionController<Context: RequestContext>: Sendable {
    let sessions: SessionService

    var endpoints: [Endpoint<Context>] {
        [
            Endpoint(.post, "/sessions", create),
            Endpoint(.get, "/sessions", list),
            Endpoint(.get, "/sessions/{id}", show),
            Endpoint(.delete, "/sessions/{id}", delete),
            Endpoint(.post, "/sessions/{id}/run", run),
            Endpoint(.get, "/sessions/{id}/tracks", tracks),
            Endpoint(.get, "/sessions/{id}/export", export),
            Endpoint(.get, "/sessions/{id}/parts/{part}", part),
            Endpoint(.get, "/sessions/{id}/audio", audioFile),
            Endpoint(.get, "/sessions/{id}/pianoroll.svg", pianoRoll),
            Endpoint(.get, "/sessions/{id}/musicxml", musicXML),
        ]
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let catalog = sessions.catalog.current
        let draft = try await CreateSessionBody.draft(from: request, fields: SongRequest.fields(genres: catalog.ids, parts: catalog.partNames, sectionNames: catalog.sectionNames))
        let session = try await sessions.create(draft, defaults: .contract, caller: RequestCaller.current)
        return Response.json(
            CreatedSession(id: session.idString, status: session.status.rawValue, createdAt: Timestamp.string(session.createdAt)),
            status: .created, headers: [.location: "/sessions/\(session.idString)"])
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        Response.json(SessionDetail(session: try await sessions.session(id: try Self.id(context), caller: RequestCaller.current)))
    }

    /// Removes the session, its song and its cached audio: 204, or 404 when it is not the caller's.
    @Sendable func delete(_ request: Request, context: Context) async throws -> Response {
        try await sessions.delete(id: try Self.id(context), caller: RequestCaller.current)
        return Response(status: .noContent)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let limit = try Self.query(request, "limit", default: 20, in: 1...100)
        let offset = try Self.query(request, "offset", default: 0, in: 0...Int(Int32.max))
        let page = try await sessions.list(limit: limit, offset: offset, caller: RequestCaller.current)
        return Response.json(SessionPage(sessions: page.sessions.map(SessionDetail.init), total: page.total, limit: limit, offset: offset))
    }

    @Sendable func tracks(_ request: Request, context: Context) async throws -> Response {
        Response.json(try await sessions.session(id: try Self.id(context), caller: RequestCaller.current).tracks)
    }

    /// Renders the session's song and stores it. Exactly one of many concurrent calls wins; the
    /// others get 409.
    @Sendable func run(_ request: Request, context: Context) async throws -> Response {
        let session = try await sessions.run(id: try Self.id(context), caller: RequestCaller.current)
        return Response.json(RunSession(id: session.idString, status: session.status.rawValue, files: session.files))
    }

    /// The combined MIDI file, as the contract has it: `application/octet-stream`.
    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        try await download(.midi(part: SessionFiles.full), request, context, contentType: "application/octet-stream")
    }

    /// One part's MIDI file (`drums`, `bass`, `guitar`, `keys`) or `full`.
    @Sendable func part(_ request: Request, context: Context) async throws -> Response {
        try await download(.midi(part: context.parameters.get("part") ?? ""), request, context)
    }

    /// The arrangement as an SVG piano roll, shown in place.
    @Sendable func pianoRoll(_ request: Request, context: Context) async throws -> Response {
        try await download(.pianoRoll, request, context, disposition: "inline")
    }

    /// The song as a MusicXML lead sheet: chord symbols, sections, the bass line and the drums.
    @Sendable func musicXML(_ request: Request, context: Context) async throws -> Response {
        try await download(.musicXML, request, context)
    }

    /// The song (or one part) as audio, rendered by FluidSynth on first request and cached. A client
    /// that disconnects while it waits cancels its request, and a render nobody waits for stops.
    @Sendable func audioFile(_ request: Request, context: Context) async throws -> Response {
        let id = try Self.id(context)
        let formatName = request.uri.queryParameters["format"].map(String.init) ?? "wav"
        guard let format = AudioRenderer.Format(rawValue: formatName) else {
            throw APIError.badRequest("format must be wav or flac, not \(Excerpt.quoted(formatName))")
        }
        let part = request.uri.queryParameters["part"].map(String.init) ?? SessionFiles.full
        let parts = [SessionFiles.full] + sessions.catalog.current.partNames
        guard parts.contains(part) else {
            throw APIError.badRequest("part must be one of \(parts.joined(separator: ", ")), not \(Excerpt.quoted(part))")
        }
        let sessions = self.sessions
        let caller = RequestCaller.current
        do {
            let file = try await request.body.consumeWithCancellationOnInboundClose { _ in
                try await sessions.audio(of: id, part: part, format: format, caller: caller)
            }
            return Self.response(file, disposition: "attachment")
        } catch is CancellationError {
            // The client went away; nobody reads this answer.
            return Response(status: .serviceUnavailable)
        }
    }

    private func download(
        _ artifact: Artifact, _ request: Request, _ context: Context, contentType: String? = nil, disposition: String = "attachment"
    ) async throws -> Response {
        switch try await sessions.download(artifact, of: try Self.id(context), ifNoneMatch: request.headers[.ifNoneMatch], caller: RequestCaller.current) {
        case .notModified(let tag):
            return Response(status: .notModified, headers: [.eTag: tag, .cacheControl: Self.cacheControl])
        case .file(let file):
            var response = Self.response(file, disposition: disposition)
            if let contentType { response.headers[.contentType] = contentType }
            return response
        }
    }

    /// A session's files never change once it has run.
    static var cacheControl: String { "public, max-age=31536000, immutable" }

    static func response(_ file: Download, disposition: String) -> Response {
        var headers: HTTPFields = [
            .contentType: file.contentType, .contentDisposition: "\(disposition); filename=\"\(file.fileName)\"",
        ]
        if let tag = file.entityTag {
            headers[.eTag] = tag
            headers[.cacheControl] = cacheControl
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    /// The `{id}` path parameter; anything that is not a UUID names no session: 404.
    private static func id(_ context: Context) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw APIError.notFound("session \(Excerpt.cut(context.parameters.get("id") ?? "")) does not exist (session ids are UUIDs)")
        }
        return id
    }

    private static func query(_ request: Request, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int(String(text)), range.contains(number) else {
            throw APIError.badRequest("\(name) must be an integer \(range.lowerBound)–\(range.upperBound), not \(Excerpt.quoted(text))")
        }
        return number
    }
}
