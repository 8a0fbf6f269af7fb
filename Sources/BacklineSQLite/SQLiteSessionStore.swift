import BacklineEngine
import BacklineSessions
import Foundation
import GRDB

/// Sessions and their songs in `<data-dir>/backline.sqlite` (WAL), through GRDB: the embedded
/// default, nothing to install.
///
/// Every state change is one transaction, so a server killed at any moment restarts with every
/// session a response reported, and a completed session always has its song. A claim is a
/// conditional `UPDATE … RETURNING`: the database, not memory, decides which of many concurrent
/// runs wins.
public final class SQLiteSessionStore: SessionStore {
    private let pool: DatabasePool
    public var kind: String { "sqlite" }

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Versioned migrations, applied at start in one transaction each.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions") { db in
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.column("file_prefix", .text).notNull().unique()
                t.column("status", .text).notNull()
                t.column("genre", .text).notNull()
                t.column("key", .text).notNull()
                t.column("mode", .text).notNull()
                t.column("tempo", .integer).notNull()
                t.column("sections", .integer).notNull()
                t.column("with_keys", .boolean).notNull()
                t.column("seed", .integer).notNull()
                t.column("progression", .text)
                t.column("created_at", .datetime).notNull()
                t.column("completed_at", .datetime)
                t.column("files", .text).notNull()
                t.column("tracks", .text).notNull()
                t.column("arrangement", .text)
                t.column("error", .text)
            }
            try db.create(index: "session_by_created_at", on: "session", columns: ["created_at"])
        }
        migrator.registerMigration("v2: songs in the database") { db in
            try db.create(table: "sessions") { t in
                t.primaryKey("id", .text)
                t.column("file_prefix", .text).notNull().unique()
                t.column("status", .text).notNull()
                t.column("request", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("claim_token", .text)
                t.column("claimed_at", .datetime)
                t.column("completed_at", .datetime)
                t.column("error", .text)
                t.column("outline", .text)
                // Last, so that reading a session's other columns never touches its song's pages.
                t.column("midi", .blob)
            }
            try db.create(index: "sessions_by_created_at", on: "sessions", columns: ["created_at", "id"])
            try LegacyOutput.migrateRows(db)
        }
        return migrator
    }

    public func create(_ session: Session) async throws {
        do {
            try await write { db in
                try db.cachedStatement(sql: "INSERT INTO sessions (id, file_prefix, status, request, created_at) VALUES (?, ?, ?, ?, ?)").execute(
                    arguments: [session.idString, session.filePrefix, session.status.rawValue, session.request.json, session.createdAt])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw SessionStoreError.prefixTaken
        }
    }

    public func session(id: UUID) async throws -> Session? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.sessionColumns) FROM sessions WHERE id = ?"), arguments: [Self.key(id)]).map(Self.session)
        }
    }

    public func list(limit: Int, offset: Int) async throws -> (sessions: [Session], total: Int) {
        try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(Self.sessionColumns) FROM sessions ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: [limit, offset])
            return (try rows.map(Self.session), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions") ?? 0)
        }
    }

    public func claim(id: UUID, token: UUID, lease: Duration) async throws -> ClaimResult {
        let now = Date()
        let expired = now.addingTimeInterval(-lease.seconds)
        return try await write { db in
            let claimed = try Row.fetchOne(
                db.cachedStatement(sql: """
                    UPDATE sessions SET status = 'running', claim_token = ?, claimed_at = ?
                    WHERE id = ? AND (status = 'pending' OR (status = 'running' AND claimed_at < ?))
                    RETURNING \(Self.sessionColumns)
                    """),
                arguments: [token.uuidString, now, Self.key(id), expired])
            if let claimed { return .claimed(try Self.session(claimed)) }
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM sessions WHERE id = ?", arguments: [Self.key(id)]) else {
                return .notFound
            }
            return .notPending(Session.Status(rawValue: status) ?? .failed)
        }
    }

    public func complete(id: UUID, token: UUID, at time: Date, song: StoredSong) async throws -> Bool {
        let outline = song.outline.json
        return try await write { db in
            try db.cachedStatement(sql: """
                    UPDATE sessions SET status = 'completed', completed_at = ?, outline = ?, midi = ?, claim_token = NULL
                    WHERE id = ? AND status = 'running' AND claim_token = ?
                    """).execute(arguments: [time, outline, Data(song.midi), Self.key(id), token.uuidString])
            return db.changesCount == 1
        }
    }

    public func fail(id: UUID, token: UUID, error: String) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE sessions SET status = 'failed', error = ?, claim_token = NULL WHERE id = ? AND status = 'running' AND claim_token = ?",
                arguments: [error, Self.key(id), token.uuidString])
        }
    }

    public func release(id: UUID, token: UUID) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE sessions SET status = 'pending', claim_token = NULL, claimed_at = NULL WHERE id = ? AND status = 'running' AND claim_token = ?",
                arguments: [Self.key(id), token.uuidString])
        }
    }

    public func song(id: UUID) async throws -> StoredSong? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT outline, midi FROM sessions WHERE id = ? AND status = 'completed'", arguments: [Self.key(id)]),
                let outline = row["outline"] as String?, let midi = row["midi"] as Data?
            else { return nil }
            return StoredSong(midi: [UInt8](midi), outline: try Self.decode(SongOutline.self, outline))
        }
    }

    public func midi(id: UUID) async throws -> [UInt8]? {
        try await read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT midi FROM sessions WHERE id = ? AND status = 'completed'"), arguments: [Self.key(id)])
                .map { [UInt8]($0) }
        }
    }

    public func releaseExpiredClaims(lease: Duration) async throws -> Int {
        let expired = Date().addingTimeInterval(-lease.seconds)
        return try await write { db in
            try db.execute(
                sql: "UPDATE sessions SET status = 'pending', claim_token = NULL, claimed_at = NULL WHERE status = 'running' AND claimed_at < ?",
                arguments: [expired])
            return db.changesCount
        }
    }

    public func ping() async throws {
        try await read { db in _ = try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func close() async throws {
        try pool.close()
    }

    /// Songs of sessions completed by a server that kept them as files in `directory`, moved into
    /// the database; see ``LegacyOutput``.
    public func importLegacyFiles(from directory: String, keepFiles: Bool) async throws -> LegacyOutput.Report {
        try await LegacyOutput(directory: directory, keepFiles: keepFiles).importFiles(into: pool)
    }

    // MARK: Rows

    static let sessionColumns = "id, status, request, created_at, completed_at, error, outline"

    static func session(_ row: Row) throws -> Session {
        let id: String = row["id"]
        guard let uuid = UUID(uuidString: id), let status = Session.Status(rawValue: row["status"]) else {
            throw SessionStoreError.corrupt("session row \(id) is corrupt")
        }
        return Session(
            id: uuid, status: status, request: try decode(SongRequest.self, row["request"]), createdAt: row["created_at"],
            completedAt: row["completed_at"], outline: try (row["outline"] as String?).map { try decode(SongOutline.self, $0) },
            error: row["error"])
    }

    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

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

    /// A busy or unreachable database is `unavailable` (the client may retry); anything else is
    /// passed on as it is.
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Self.mapped { try await pool.write(body) }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Self.mapped { try await pool.read(body) }
    }

    private static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_CANTOPEN, .SQLITE_FULL, .SQLITE_IOERR].contains(error.resultCode) {
            throw SessionStoreError.unavailable("the database cannot be written now: \(error.message ?? "\(error.resultCode)")")
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
