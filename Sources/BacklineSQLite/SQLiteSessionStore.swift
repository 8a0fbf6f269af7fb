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
        migrator.registerMigration("v3: access keys and session owners") { db in
            // Rebuilt rather than altered: an added column would come after `midi`, and reading it
            // would walk each song's overflow pages.
            try db.create(table: "sessions_v3") { t in
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
                // The hash of the access key that created the session; NULL without keys.
                t.column("owner", .text)
                t.column("midi", .blob)
            }
            let columns = "id, file_prefix, status, request, created_at, claim_token, claimed_at, completed_at, error, outline, midi"
            try db.execute(sql: "INSERT INTO sessions_v3 (\(columns)) SELECT \(columns) FROM sessions")
            try db.drop(table: "sessions")
            try db.rename(table: "sessions_v3", to: "sessions")
            try db.create(index: "sessions_by_created_at", on: "sessions", columns: ["created_at", "id"])
            try db.create(index: "sessions_by_owner", on: "sessions", columns: ["owner", "created_at", "id"])
            // Keys by the SHA-256 of their secret; the secret is never stored.
            try db.create(table: "access_keys") { t in
                t.primaryKey("hash", .text)
                t.column("name", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("revoked_at", .datetime)
            }
        }
        return migrator
    }

    public func create(_ session: Session) async throws {
        do {
            try await write { db in
                try db.cachedStatement(sql: "INSERT INTO sessions (id, file_prefix, status, request, created_at, owner) VALUES (?, ?, ?, ?, ?, ?)").execute(
                    arguments: [session.idString, session.filePrefix, session.status.rawValue, session.request.json, session.createdAt, session.owner])
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

    public func list(limit: Int, offset: Int, owner: String?) async throws -> (sessions: [Session], total: Int) {
        try await read { db in
            let filter = owner == nil ? "" : "WHERE owner = ?"
            let ownerArguments: StatementArguments = owner.map { [$0] } ?? []
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(Self.sessionColumns) FROM sessions \(filter) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: ownerArguments + [limit, offset])
            return (try rows.map(Self.session), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions \(filter)", arguments: ownerArguments) ?? 0)
        }
    }

    public func count(owner: String) async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions WHERE owner = ?", arguments: [owner]) ?? 0 }
    }

    public func delete(id: UUID) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [Self.key(id)])
            return db.changesCount == 1
        }
    }

    public func deleteSessions(createdBefore date: Date) async throws -> [UUID] {
        try await write { db in
            try String.fetchAll(db, sql: "DELETE FROM sessions WHERE created_at < ? RETURNING id", arguments: [date]).compactMap(UUID.init(uuidString:))
        }
    }

    public func syncAccessKeys(_ keys: [AccessKey], at time: Date) async throws -> AccessKeySync {
        try await write { db in
            var sync = AccessKeySync(added: 0, revoked: 0)
            for key in keys {
                let active = try Bool.fetchOne(db, sql: "SELECT revoked_at IS NULL FROM access_keys WHERE hash = ?", arguments: [key.hash])
                if active != true { sync.added += 1 }
                try db.execute(
                    sql: """
                        INSERT INTO access_keys (hash, name, created_at) VALUES (?, ?, ?)
                        ON CONFLICT (hash) DO UPDATE SET name = excluded.name, revoked_at = NULL
                        """, arguments: [key.hash, key.name, time])
            }
            let listed = Set(keys.map(\.hash))
            for hash in try String.fetchAll(db, sql: "SELECT hash FROM access_keys WHERE revoked_at IS NULL") where !listed.contains(hash) {
                try db.execute(sql: "UPDATE access_keys SET revoked_at = ? WHERE hash = ?", arguments: [time, hash])
                sync.revoked += 1
            }
            return sync
        }
    }

    public func accessKey(hash: String) async throws -> StoredAccessKey? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT hash, name, revoked_at FROM access_keys WHERE hash = ?"), arguments: [hash]).map { row in
                StoredAccessKey(key: AccessKey(hash: row["hash"], name: row["name"]), revokedAt: row["revoked_at"])
            }
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

    static let sessionColumns = "id, status, request, created_at, completed_at, error, outline, owner"

    static func session(_ row: Row) throws -> Session {
        let id: String = row["id"]
        guard let uuid = UUID(uuidString: id), let status = Session.Status(rawValue: row["status"]) else {
            throw SessionStoreError.corrupt("session row \(id) is corrupt")
        }
        return Session(
            id: uuid, status: status, request: try decode(SongRequest.self, row["request"]), createdAt: row["created_at"],
            completedAt: row["completed_at"], outline: try (row["outline"] as String?).map { try decode(SongOutline.self, $0) },
            error: row["error"], owner: row["owner"])
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
