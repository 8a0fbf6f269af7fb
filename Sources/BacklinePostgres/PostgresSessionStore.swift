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
    /// Whether operations may go to the database now.
    private struct Availability {
        /// What to say while the connector has not reached the database yet; nil once it has.
        var waiting: String?
        /// Why the database could not be reached lately, and when a request last tried it.
        var outage: (reason: String, lastProbe: ContinuousClock.Instant)?
    }

    private let availability: Mutex<Availability>
    /// Where the database is, for messages: `postgresql at HOST:PORT/DB`.
    public let place: String

    public init(url: String, logger: Logger, deadline: Duration = .seconds(5)) throws {
        let parsed = try DatabaseURL(url)
        var configuration = PostgresClient.Configuration(
            host: parsed.host, port: parsed.port, username: parsed.user, password: parsed.password, database: parsed.database,
            tls: parsed.tls)
        configuration.options.connectTimeout = .seconds(3)
        // No keep-alive queries and a short idle timeout: the pool arms its timers on every release,
        // each held until it would have fired, and with the defaults (30 s keep-alive, 60 s idle)
        // they grew the server by 2 MiB a second under load; with 10 s they level off at a few MiB.
        // No minimum either: postgres-nio 1.33.2 trips a precondition (and stops the process) when
        // a minimum is set and connections die with the database. A broken connection is found when
        // next used: that request answers 503, and the pool connects again.
        configuration.options.maximumConnections = 16
        configuration.options.minimumConnections = 0
        configuration.options.connectionIdleTimeout = .seconds(10)
        configuration.options.keepAliveBehavior = nil
        // The pool logs every failed connection attempt at info, hundreds while the database is
        // down; the store says what matters (the connector's tries, each unavailable request).
        var poolLogger = logger
        poolLogger.logLevel = .warning
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.logger = logger
        self.deadline = deadline
        self.place = "PostgreSQL at \(parsed.host):\(parsed.port)/\(parsed.database)"
        self.availability = Mutex(Availability(waiting: "\(place) has not been reached yet"))
    }

    /// The services that must run for the store to work: the connection pool, and the connector
    /// that migrates the database once it can be reached.
    public var services: [any Service] { [client, watch, Connector(store: self)] }

    /// Keeps every call's deadline.
    let watch = DeadlineWatch()

    // MARK: Sessions

    public func create(_ session: Session) async throws {
        let request = session.request.json
        do {
            try await run("create") { client, logger in
                _ = try await client.query(
                    """
                    INSERT INTO sessions (id, file_prefix, status, request, created_at, owner)
                    VALUES (\(session.id), \(session.filePrefix), \(session.status.rawValue), \(request), \(session.createdAt), \(session.owner))
                    """, logger: logger).all()
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw SessionStoreError.prefixTaken
        }
    }

    public func session(id: UUID) async throws -> Session? {
        try await run("read") { client, logger in
            let rows = try await client.query("SELECT \(unescaped: Self.sessionColumns) FROM sessions WHERE id = \(id)", logger: logger)
            return try await rows.decode(SessionRow.self).all().first.map(Self.session)
        }
    }

    public func list(limit: Int, offset: Int, owner: String?) async throws -> (sessions: [Session], total: Int) {
        try await run("list") { client, logger in
            let (page, count): (PostgresQuery, PostgresQuery)
            if let owner {
                page = """
                    SELECT \(unescaped: Self.sessionColumns) FROM sessions WHERE owner = \(owner)
                    ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)
                    """
                count = "SELECT COUNT(*) FROM sessions WHERE owner = \(owner)"
            } else {
                page = "SELECT \(unescaped: Self.sessionColumns) FROM sessions ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)"
                count = "SELECT COUNT(*) FROM sessions"
            }
            let sessions = try await client.query(page, logger: logger).decode(SessionRow.self).all().map(Self.session)
            let total = try await client.query(count, logger: logger).decode(Int.self).all().first ?? 0
            return (sessions, total)
        }
    }

    public func count(owner: String) async throws -> Int {
        try await run("count") { client, logger in
            try await client.query("SELECT COUNT(*) FROM sessions WHERE owner = \(owner)", logger: logger).decode(Int.self).all().first ?? 0
        }
    }

    public func delete(id: UUID) async throws -> Bool {
        try await run("delete") { client, logger in
            try await !client.query("DELETE FROM sessions WHERE id = \(id) RETURNING id", logger: logger).decode(UUID.self).all().isEmpty
        }
    }

    /// Replicas sweeping at once each delete the rows they reach first; a row is returned by one.
    public func deleteSessions(createdBefore date: Date) async throws -> [UUID] {
        try await run("expire") { client, logger in
            try await client.query("DELETE FROM sessions WHERE created_at < \(date) RETURNING id", logger: logger).decode(UUID.self).all()
        }
    }

    public func syncAccessKeys(_ keys: [AccessKey], at time: Date) async throws -> AccessKeySync {
        try await run("keys") { client, logger in
            try await client.withTransaction(logger: logger) { connection in
                // Replicas starting together with the same file would otherwise count each key twice.
                try await connection.query("SELECT pg_advisory_xact_lock(\(Migrations.lockKey + 1))", logger: logger)
                var sync = AccessKeySync(added: 0, revoked: 0)
                for key in keys {
                    let active = try await connection.query(
                        "SELECT revoked_at IS NULL FROM access_keys WHERE hash = \(key.hash)", logger: logger).decode(Bool.self).all().first
                    if active != true { sync.added += 1 }
                    try await connection.query(
                        """
                        INSERT INTO access_keys (hash, name, created_at) VALUES (\(key.hash), \(key.name), \(time))
                        ON CONFLICT (hash) DO UPDATE SET name = EXCLUDED.name, revoked_at = NULL
                        """, logger: logger)
                }
                let hashes = keys.map(\.hash)
                sync.revoked = try await connection.query(
                    "UPDATE access_keys SET revoked_at = \(time) WHERE revoked_at IS NULL AND NOT (hash = ANY(\(hashes))) RETURNING hash",
                    logger: logger
                ).decode(String.self).all().count
                return sync
            }
        }
    }

    public func accessKey(hash: String) async throws -> StoredAccessKey? {
        try await run("key") { client, logger in
            let rows = try await client.query("SELECT hash, name, revoked_at FROM access_keys WHERE hash = \(hash)", logger: logger)
            return try await rows.decode((String, String, Date?).self).all().first.map { hash, name, revokedAt in
                StoredAccessKey(key: AccessKey(hash: hash, name: name), revokedAt: revokedAt)
            }
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
            if let row = try await claimed.decode(SessionRow.self).all().first { return .claimed(try Self.session(row)) }
            let status = try await client.query("SELECT status FROM sessions WHERE id = \(id)", logger: logger).decode(String.self).all().first
            return status.map { .notPending(Session.Status(rawValue: $0) ?? .failed) } ?? .notFound
        }
    }

    public func complete(id: UUID, token: UUID, at time: Date, song: StoredSong) async throws -> Bool {
        let outline = song.outline.json
        let midi = ByteBuffer(bytes: song.midi)
        return try await run("complete") { client, logger in
            let rows = try await client.query(
                """
                UPDATE sessions SET status = 'completed', completed_at = \(time), outline = \(outline), midi = \(midi), claim_token = NULL
                WHERE id = \(id) AND status = 'running' AND claim_token = \(token)
                RETURNING id
                """, logger: logger)
            return try await !rows.decode(UUID.self).all().isEmpty
        }
    }

    public func fail(id: UUID, token: UUID, error: String) async throws {
        try await run("fail") { client, logger in
            _ = try await client.query(
                """
                UPDATE sessions SET status = 'failed', error = \(error), claim_token = NULL
                WHERE id = \(id) AND status = 'running' AND claim_token = \(token)
                """, logger: logger).all()
        }
    }

    public func release(id: UUID, token: UUID) async throws {
        try await run("release") { client, logger in
            _ = try await client.query(
                """
                UPDATE sessions SET status = 'pending', claim_token = NULL, claimed_at = NULL
                WHERE id = \(id) AND status = 'running' AND claim_token = \(token)
                """, logger: logger).all()
        }
    }

    public func song(id: UUID) async throws -> StoredSong? {
        try await run("song") { client, logger in
            let rows = try await client.query(
                "SELECT outline, midi FROM sessions WHERE id = \(id) AND status = 'completed'", logger: logger)
            guard let (outline, midi) = try await rows.decode((String, ByteBuffer).self).all().first else { return nil }
            return StoredSong(midi: Array(buffer: midi), outline: try Self.decode(SongOutline.self, outline))
        }
    }

    public func midi(id: UUID) async throws -> [UInt8]? {
        try await run("midi") { client, logger in
            let rows = try await client.query("SELECT midi FROM sessions WHERE id = \(id) AND status = 'completed'", logger: logger)
            return try await rows.decode(ByteBuffer.self).all().first.map { Array(buffer: $0) }
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
            return try await rows.decode(UUID.self).all().count
        }
    }

    /// `/health` asks this: it answers within a second, so a load balancer learns of an outage at once.
    public func ping() async throws {
        try await run("ping", within: .seconds(1)) { client, logger in
            _ = try await client.query("SELECT 1", logger: logger).decode(Int.self).all()
        }
    }

    public func close() async throws {}

    // MARK: Running operations

    /// Runs one operation against the pool within the deadline. Until the connector has migrated
    /// the database, and whenever the database cannot be reached, it is `unavailable`.
    func run<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws -> T {
        try await run(operation, within: deadline, body)
    }

    /// How often, during an outage, one request is let through to see whether the database is back;
    /// the others are answered `unavailable` at once instead of each waiting out the deadline.
    static let probeInterval: Duration = .milliseconds(500)

    private func run<T: Sendable>(
        _ operation: String, within deadline: Duration, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T
    ) async throws -> T {
        let now = ContinuousClock.now
        let refusal: String? = availability.withLock { state in
            if let waiting = state.waiting { return waiting }
            guard let outage = state.outage else { return nil }
            if outage.lastProbe.duration(to: now) < Self.probeInterval { return outage.reason }
            state.outage?.lastProbe = now
            return nil
        }
        if let refusal { throw SessionStoreError.unavailable(refusal) }
        do {
            let result = try await withinDeadline(deadline, body)
            availability.withLock { $0.outage = nil }
            return result
        } catch let error as SessionStoreError {
            if case .unavailable(let reason) = error {
                availability.withLock { state in
                    if state.outage == nil { state.outage = (reason, ContinuousClock.now) } else { state.outage?.reason = reason }
                }
            }
            throw error
        }
    }

    /// `body` against the pool, or `unavailable` at the deadline: the pool itself waits up to a
    /// minute for a connection to a database that does not answer.
    func withinDeadline<T: Sendable>(
        _ deadline: Duration? = nil, _ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T
    ) async throws -> T {
        let (client, logger, place, watch) = (self.client, self.logger, self.place, self.watch)
        let deadline = deadline ?? self.deadline
        do {
            return try await Deadline.run(within: deadline, watch: watch, timeout: { SessionStoreError.unavailable("\(place) did not answer within \(deadline)") }) {
                try await body(client, logger)
            }
        } catch let error as PSQLError {
            throw Self.classify(error, place: place)
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

    func markReachable() { availability.withLock { $0 = Availability() } }

    func markWaiting(_ reason: String) { availability.withLock { $0.waiting = reason } }

    // MARK: Rows

    static let sessionColumns = "id, status, request, created_at, completed_at, error, outline, owner"
    typealias SessionRow = (UUID, String, String, Date, Date?, String?, String?, String?)

    static func session(_ row: SessionRow) throws -> Session {
        let (id, status, request, createdAt, completedAt, error, outline, owner) = row
        guard let status = Session.Status(rawValue: status) else { throw SessionStoreError.corrupt("session row \(id) has status '\(status)'") }
        return Session(
            id: id, status: status, request: try decode(SongRequest.self, request), createdAt: createdAt, completedAt: completedAt,
            outline: try outline.map { try decode(SongOutline.self, $0) }, error: error, owner: owner)
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

extension AsyncSequence where Element: Sendable {
    /// Every element, read to the end: a row sequence left half read holds on to its connection's
    /// buffers.
    fileprivate func all() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
