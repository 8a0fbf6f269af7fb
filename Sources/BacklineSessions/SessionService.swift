import BacklineEngine
import BacklinePresets
import CoreMetrics
import Foundation
import Logging

/// Sessions from request to song: create, run (claim → render → store → complete), read, list.
///
/// The one place that knows how a session runs. The REST controllers, the MCP tools and the tests
/// call it and only translate its values and ``SessionError``s to and from their own protocol.
public struct SessionService: Sendable {
    /// How long a run's claim holds before another runner may take the session over.
    public static let defaultLease: Duration = .seconds(30)

    public let store: any SessionStore
    public let catalog: ReloadingPresetCatalog
    /// Also write each completed session's MIDI files here (`--output-dir`), after the commit.
    public let outputDirectory: String?
    public let audio: AudioCache?
    /// Where reading charts, planning and rendering run: off the request threads, under a deadline.
    public let work: WorkPool
    /// The most sessions one access key may hold; nil for no limit.
    public let maximumSessionsPerKey: Int?
    let lease: Duration
    let metrics: SessionMetrics
    let logger: Logger

    public init(
        store: any SessionStore, catalog: ReloadingPresetCatalog, outputDirectory: String? = nil, audio: AudioCache? = nil,
        work: WorkPool = WorkPool(), maximumSessionsPerKey: Int? = nil, lease: Duration = Self.defaultLease, metrics: SessionMetrics = .none,
        logger: Logger = Logger(label: "backline.sessions")
    ) {
        self.store = store
        self.catalog = catalog
        self.outputDirectory = outputDirectory
        self.audio = audio
        self.work = work
        self.maximumSessionsPerKey = maximumSessionsPerKey
        self.lease = lease
        self.metrics = metrics
        self.logger = logger
    }

    /// Checks a request against the genres that can play now and stores it as a pending session.
    /// Without a seed, one is drawn and stored, so the run is reproducible. `defaults` fill in what
    /// the request leaves out: the contract's for REST, the genre's tempo for the CLI and MCP.
    /// The session belongs to `caller`'s key; a key holding ``maximumSessionsPerKey`` sessions
    /// already is refused (`limited`).
    public func create(
        _ draft: SongRequest.Draft, defaults: SongRequest.Defaults = .contract, caller: Caller
    ) async throws(SessionError) -> Session {
        let genres = catalog.current.genres
        let chartBytes = [draft.progression, draft.ireal, draft.musicxml].reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        let request = try await compute(inputBytes: chartBytes) { () throws(SessionError) -> SongRequest in
            do throws(SongRequestError) {
                return try SongRequest.validated(draft, defaults: defaults, genres: genres)
            } catch {
                throw SessionError(.invalid, error.message)
            }
        }
        if let maximum = maximumSessionsPerKey, let owner = caller.owner {
            // Counted before the insert: concurrent creates by one key may pass the quota by as many
            // as run at once, never by more.
            let held = try await storeCall("count") { try await store.count(owner: owner) }
            if held >= maximum {
                throw SessionError(
                    .limited, "this key holds \(held) sessions, the most this server keeps per key (\(maximum)); DELETE /sessions/{id} one first",
                    retryAfterSeconds: Self.quotaRetrySeconds)
            }
        }
        // Files are named by the id's first 8 characters, so those must be unique: draw again on a clash.
        for _ in 0..<16 {
            let session = Session(id: UUID(), request: request, createdAt: Date(), owner: caller.owner)
            let created = try await storeCall("create") { () async throws -> Bool in
                do {
                    try await store.create(session)
                    return true
                } catch SessionStoreError.prefixTaken {
                    return false
                }
            }
            guard created else { continue }
            metrics.created.increment()
            return session
        }
        throw SessionError(.unavailable, "could not allocate a session id; try again")
    }

    /// A quota frees up only when a session is deleted; ask again in a minute.
    static let quotaRetrySeconds = 60

    /// A session `caller` may see; another key's session is `notFound`, exactly as a missing one,
    /// so that its existence is not told.
    public func session(id: UUID, caller: Caller) async throws(SessionError) -> Session {
        guard let session = try await storeCall("read", { try await store.session(id: id) }), caller.owns(session) else {
            throw Self.notFound(id)
        }
        return session
    }

    /// Newest first: every session for the local caller, a key's own for a key.
    public func list(limit: Int, offset: Int, caller: Caller) async throws(SessionError) -> (sessions: [Session], total: Int) {
        try await storeCall("list") { try await store.list(limit: limit, offset: offset, owner: caller.owner) }
    }

    /// Removes a session `caller` may see, with its song and its cached audio. The files
    /// `--output-dir` wrote are copies for whoever reads that folder and are left there.
    public func delete(id: UUID, caller: Caller) async throws(SessionError) {
        _ = try await session(id: id, caller: caller)
        guard try await storeCall("delete", { try await store.delete(id: id) }) else { throw Self.notFound(id) }
        await audio?.remove(session: Self.text(id))
        metrics.deleted.increment()
    }

    /// Removes every session created before `date` (with songs and cached audio); returns how many.
    /// Safe on every replica at once: each session is removed by one of them.
    public func deleteSessions(createdBefore date: Date) async throws(SessionError) -> Int {
        let removed = try await storeCall("expire") { try await store.deleteSessions(createdBefore: date) }
        for id in removed { await audio?.remove(session: Self.text(id)) }
        metrics.deleted.increment(by: removed.count)
        return removed.count
    }

    /// Checks that a caller that is not the local user may see the session before acting on it.
    func check(_ id: UUID, _ caller: Caller) async throws(SessionError) {
        if caller != .local { _ = try await session(id: id, caller: caller) }
    }

    /// Renders a pending session's song and stores it with the session marked completed, in one
    /// transaction. Of many concurrent runs of one session, on any replica, exactly one renders;
    /// the others get a conflict.
    ///
    /// When the store fails after the claim, the session stays claimed until its lease runs out and
    /// is then pending again: never completed without its song, never lost.
    public func run(id: UUID, caller: Caller) async throws(SessionError) -> Session {
        try await check(id, caller)
        let token = UUID()
        var session: Session
        switch try await storeCall("claim", { try await store.claim(id: id, token: token, lease: lease) }) {
        case .notFound:
            throw Self.notFound(id)
        case .notPending(let status):
            throw SessionError(.conflict, "session \(Self.text(id)) has already been run (status \(status.rawValue))")
        case .claimed(let claimed):
            session = claimed
        }

        let started = ContinuousClock.now
        let stored: StoredSong
        do {
            let (request, current) = (session.request, catalog.current)
            stored = try await compute { () throws(SessionError) -> StoredSong in
                let song = try Self.render(request, catalog: current)
                return StoredSong(midi: song.fullMIDIFile(), outline: song.outline)
            }
        } catch where error.kind == .unavailable {
            // Busy or past its deadline: nothing was rendered, and the session may run again.
            _ = try? await storeCall("release") { try await store.release(id: id, token: token) }
            throw error
        } catch {
            metrics.failed.increment()
            logger.error("generation failed", metadata: ["session": "\(session.idString)", "error": "\(error.detail)"])
            // If this write is lost too, the claim expires and the session is pending again.
            _ = try? await storeCall("fail") { try await store.fail(id: id, token: token, error: error.detail) }
            throw SessionError(.generationFailed, "generation failed: \(error.detail)")
        }
        metrics.render.recordInterval(since: started)

        let completedAt = Date()
        let completed = try await storeCall("complete") { try await store.complete(id: id, token: token, at: completedAt, song: stored) }
        guard completed else {
            throw SessionError(.conflict, "session \(session.idString) was taken over by another run after its claim expired")
        }
        metrics.run.increment()
        session.status = .completed
        session.completedAt = completedAt
        session.outline = stored.outline
        if let outputDirectory {
            do {
                try OutputFolder(directory: outputDirectory).write(stored, prefix: session.filePrefix)
            } catch {
                // The store holds the song; the folder is a copy for whoever reads files.
                logger.error("could not write to the output folder", metadata: ["session": "\(session.idString)", "error": "\(error)"])
            }
        }
        return session
    }

    /// The song a stored request asks for, with the genres that can play now. The request was
    /// checked when the session was made; only the genre may have changed since.
    static func render(_ request: SongRequest, catalog: PresetCatalog) throws(SessionError) -> Song {
        guard let preset = catalog.genre(request.genre) else {
            throw SessionError(.generationFailed, "genre '\(request.genre)' is no longer installed on this server")
        }
        if let missing = request.parts?.first(where: { preset.part(named: $0) == nil }) {
            throw SessionError(.generationFailed, "genre '\(request.genre)' no longer has a part '\(missing)'")
        }
        return Song(preset: preset, request: request)
    }

    /// Runs CPU-heavy work on ``work``, off the request threads: a full queue or a passed deadline
    /// is `unavailable` (503, try again), a client that left is a `CancellationError` no one reads.
    /// Front ends run their own heavy reading (a playlist import) through it too.
    public func compute<T: Sendable>(
        inputBytes: Int = 0, _ body: @escaping @Sendable () throws(SessionError) -> T
    ) async throws(SessionError) -> T {
        do {
            return try await work.run(inputBytes: inputBytes) { () throws -> T in try body() }
        } catch let error as SessionError {
            throw error
        } catch let error as WorkPoolError {
            metrics.refused.increment()
            throw SessionError(.unavailable, error.description)
        } catch {
            // Cancelled: the client has gone and nobody reads this answer.
            throw SessionError(.unavailable, "the request was cancelled")
        }
    }

    /// Runs a store operation, timing it and turning its failures into ``SessionError``s: an
    /// unreachable database is `unavailable` (503), anything else `internal` (500).
    func storeCall<T>(_ operation: String, _ body: () async throws -> T) async throws(SessionError) -> T {
        let started = ContinuousClock.now
        defer { metrics.store(operation).recordInterval(since: started) }
        do {
            return try await body()
        } catch let error as SessionStoreError {
            switch error {
            case .unavailable(let reason):
                throw SessionError(.unavailable, reason)
            case .prefixTaken, .corrupt:
                logger.error("store error", metadata: ["operation": "\(operation)", "error": "\(error)"])
                throw SessionError(.internal, "the database failed (see the server log)")
            }
        } catch {
            logger.error("store error", metadata: ["operation": "\(operation)", "error": "\(error)"])
            throw SessionError(.internal, "the database failed (see the server log)")
        }
    }

    static func notFound(_ id: UUID) -> SessionError {
        SessionError(.notFound, "session \(text(id)) does not exist")
    }

    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }
}

extension CoreMetrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
