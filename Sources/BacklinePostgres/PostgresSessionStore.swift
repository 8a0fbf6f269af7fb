import BacklineEngine
import BacklineSessions
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Sessions and their songs in PostgreSQL, shared by any number of stateless replicas, through
/// postgres-nio's connection pool.
///
/// The store is usable as soon as it is made, but answers ``SessionStoreError/unavailable(_:)``
/// until ``Connector`` has reached the database and applied the migrations; it keeps trying with
/// backoff and logs each try. Every operation has a deadline, so a database that stops answering
/// turns into `unavailable` (503) within seconds, and the pool reconnects by itself when it is back.
public final class PostgresSessionStore: SessionStore {
    public var kind: String { "postgresql" }

    let client: PostgresClient
    let logger: Logger
    /// How long one operation may take before it is `unavailable`.
    let deadline: Duration
    /// What to say while the database has not been reached yet; nil once it has.
    private let waiting: Mutex<String?>
    /// Where the database is, for messages: `postgresql at HOST:PORT/DB`.
    public let place: String

    public init(url: String, logger: Logger, deadline: Duration = .seconds(5)) throws {
        let parsed = try DatabaseURL(url)
        var configuration = PostgresClient.Configuration(
            host: parsed.host, port: parsed.port, username: parsed.user, password: parsed.password, database: parsed.database,
            tls: parsed.tls)
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = 16
        configuration.options.minimumConnections = 2
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.deadline = deadline
        self.place = "PostgreSQL at \(parsed.host):\(parsed.port)/\(parsed.database)"
        self.waiting = Mutex("\(place) has not been reached yet")
    }

    /// The services that must run for the store to work: the connection pool, and the connector
    /// that migrates the database once it can be reached.
    public var services: [any Service] { [client, Connector(store: self)] }

    // MARK: Sessions

    public func create(_ session: Session) async throws {
        let request = try Self.json(session.request)
        do {
            try await run("create") { client, logger in
                _ = try await client.query(
                    """
                    INSERT INTO sessions (id, file_prefix, status, request, created_at)
                    VALUES (\(session.id), \(session.filePrefix), \(session.status.rawValue), \(request), \(session.createdAt))
                    """, logger: logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw SessionStoreError.prefixTaken
        }
    }

    public func session(id: UUID) async throws -> Session? {
        try await run("read") { client, logger in
            let rows = try await client.query("SELECT \(unescaped: Self.sessionColumns) FROM sessions WHERE id = \(id)", logger: logger)
            for try await row in rows.decode(SessionRow.self) { return try Self.session(row) }
            return nil
        }
    }

    public func list(limit: Int, offset: Int) async throws -> (sessions: [Session], total: Int) {
        try await run("list") { client, logger in
            var sessions: [Session] = []
            let rows = try await client.query(
                "SELECT \(unescaped: Self.sessionColumns) FROM sessions ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)",
                logger: logger)
            for try await row in rows.decode(SessionRow.self) { sessions.append(try Self.session(row)) }
            var total = 0
            for try await (count) in try await client.query("SELECT COUNT(*) FROM sessions", logger: logger).decode(Int.self) { total = count }
            return (sessions, total)
        }
    }

    public func claim(id: UUID, token: UUID, lease: Duration) async throws -> ClaimResult {
        let seconds = Self.seconds(lease)
        return try await run("claim") { client, logger in
            // The database's clock decides whether a claim expired, so replicas need not agree on time.
            let claimed = try await client.query(
                """
                UPDATE sessions SET status = 'running', claim_token = \(token), claimed_at = now()
                WHERE id = \(id) AND (status = 'pending' OR (status = 'running' AND claimed_at < now() - make_interval(secs => \(seconds))))
                RETURNING \(unescaped: Self.sessionColumns)
                """, logger: logger)
            for try await row in claimed.decode(SessionRow.self) { return .claimed(try Self.session(row)) }
            for try await status in try await client.query("SELECT status FROM sessions WHERE id = \(id)", logger: logger).decode(String.self) {
                return .notPending(Session.Status(rawValue: status) ?? .failed)
            }
            return .notFound
        }
    }

    public func complete(id: UUID, token: UUID, at time: Date, song: StoredSong) async throws -> Bool {
        let outline = try Self.json(song.outline)
        let midi = ByteBuffer(bytes: song.midi)
        return try await run("complete") { client, logger in
            let rows = try await client.query(
                """
                UPDATE sessions SET status = 'completed', completed_at = \(time), outline = \(outline), midi = \(midi), claim_token = NULL
                WHERE id = \(id) AND status = 'running' AND claim_token = \(token)
                RETURNING id
                """, logger: logger)
            for try await _ in rows.decode(UUID.self) { return true }
            return false
        }
    }

    public func fail(id: UUID, token: UUID, error: String) async throws {
        try await run("fail") { client, logger in
            _ = try await client.query(
                """
                UPDATE sessions SET status = 'failed', error = \(error), claim_token = NULL
                WHERE id = \(id) AND status = 'running' AND claim_token = \(token)
                """, logger: logger)
        }
    }

    public func song(id: UUID) async throws -> StoredSong? {
        try await run("song") { client, logger in
            let rows = try await client.query(
                "SELECT outline, midi FROM sessions WHERE id = \(id) AND status = 'completed'", logger: logger)
            for try await (outline, midi) in rows.decode((String, ByteBuffer).self) {
                return StoredSong(midi: Array(buffer: midi), outline: try Self.decode(SongOutline.self, outline))
            }
            return nil
        }
    }

    public func releaseExpiredClaims(lease: Duration) async throws -> Int {
        let seconds = Self.seconds(lease)
        return try await run("sweep") { client, logger in
            let rows = try await client.query(
                """
                UPDATE sessions SET status = 'pending', claim_token = NULL, claimed_at = NULL
                WHERE status = 'running' AND claimed_at < now() - make_interval(secs => \(seconds))
                RETURNING id
                """, logger: logger)
            var released = 0
            for try await _ in rows.decode(UUID.self) { released += 1 }
            return released
        }
    }

    public func ping() async throws {
        try await run("ping") { client, logger in
            for try await _ in try await client.query("SELECT 1", logger: logger).decode(Int.self) {}
        }
    }

    public func close() async throws {}

    // MARK: Running operations

    /// Runs one operation against the pool within the deadline. Until the connector has migrated
    /// the database, and whenever the database cannot be reached, it is `unavailable`.
    func run<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws -> T {
        if let waiting = waiting.withLock({ $0 }) { throw SessionStoreError.unavailable(waiting) }
        return try await withinDeadline(body)
    }

    /// `body` against the pool, or `unavailable` when it takes longer than the deadline: the pool
    /// itself waits up to a minute for a connection to a database that does not answer.
    func withinDeadline<T: Sendable>(_ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws -> T {
        let (client, logger, deadline, place) = (self.client, self.logger, self.deadline, self.place)
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body(client, logger) }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let result = first else {
                    throw SessionStoreError.unavailable("\(place) did not answer within \(deadline)")
                }
                return result
            }
        } catch let error as PSQLError {
            throw Self.classify(error, place: place)
        } catch is CancellationError {
            throw SessionStoreError.unavailable("\(place) did not answer within \(deadline)")
        }
    }

    /// A server's SQL error stays what it is (a unique violation is handled by the caller); a broken
    /// connection, a pool that cannot connect or a server shutting down is `unavailable`.
    static func classify(_ error: PSQLError, place: String) -> Error {
        if let state = error.serverInfo?[.sqlState] {
            // Class 08: connection exceptions; 57P: operator intervention (shutdown, cannot connect now).
            if state.hasPrefix("08") || state.hasPrefix("57P") {
                return SessionStoreError.unavailable("\(place) is not available (SQLSTATE \(state))")
            }
            return error
        }
        return SessionStoreError.unavailable("\(place) cannot be reached (\(error.code))")
    }

    func markReachable() { waiting.withLock { $0 = nil } }

    func markWaiting(_ reason: String) { waiting.withLock { $0 = reason } }

    // MARK: Rows

    static let sessionColumns = "id, status, request, created_at, completed_at, error, outline"
    typealias SessionRow = (UUID, String, String, Date, Date?, String?, String?)

    static func session(_ row: SessionRow) throws -> Session {
        let (id, status, request, createdAt, completedAt, error, outline) = row
        guard let status = Session.Status(rawValue: status) else { throw SessionStoreError.corrupt("session row \(id) has status '\(status)'") }
        return Session(
            id: id, status: status, request: try decode(SessionRequest.self, request), createdAt: createdAt, completedAt: completedAt,
            outline: try outline.map { try decode(SongOutline.self, $0) }, error: error)
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw SessionStoreError.corrupt("a stored \(type) cannot be read: \(error)")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
