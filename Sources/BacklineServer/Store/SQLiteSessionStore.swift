import Foundation
import GRDB

/// Sessions in `<data-dir>/backline.sqlite` (WAL), through GRDB.
///
/// Every state change is one transaction, so a server killed at any moment restarts with every
/// session a response reported. `claim` is a conditional UPDATE: the database, not memory, decides
/// which of many concurrent runs wins.
public final class SQLiteSessionStore: SessionStore {
    private let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

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
        return migrator
    }

    public func create(_ session: Session) async throws {
        do {
            try await pool.write { db in try SessionRecord(session).insert(db) }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw SessionStoreError.prefixTaken
        }
    }

    public func session(id: UUID) async throws -> Session? {
        try await pool.read { db in try SessionRecord.fetchOne(db, key: id.uuidString.lowercased())?.session }
    }

    public func claim(id: UUID) async throws -> ClaimResult {
        let key = id.uuidString.lowercased()
        return try await pool.write { db in
            try db.execute(sql: "UPDATE session SET status = 'running' WHERE id = ? AND status = 'pending'", arguments: [key])
            guard let record = try SessionRecord.fetchOne(db, key: key) else { return .notFound }
            return db.changesCount == 1 ? .claimed(try record.session) : .notPending(try record.session.status)
        }
    }

    public func complete(_ session: Session) async throws {
        try await pool.write { db in try SessionRecord(session).update(db) }
    }

    public func fail(id: UUID, error: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE session SET status = 'failed', error = ? WHERE id = ?", arguments: [error, id.uuidString.lowercased()])
        }
    }

    public func list(limit: Int, offset: Int) async throws -> (sessions: [Session], total: Int) {
        try await pool.read { db in
            let records = try SessionRecord.order(Column("created_at").desc, Column("id").desc).limit(limit, offset: offset).fetchAll(db)
            return (try records.map { try $0.session }, try SessionRecord.fetchCount(db))
        }
    }

    public func recoverInterrupted() async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "UPDATE session SET status = 'pending' WHERE status = 'running'")
            return db.changesCount
        }
    }

    public func close() async throws {
        try pool.close()
    }
}

/// The table row. JSON columns hold the lists.
private struct SessionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"

    var id: String
    var file_prefix: String
    var status: String
    var genre: String
    var key: String
    var mode: String
    var tempo: Int
    var sections: Int
    var with_keys: Bool
    var seed: Int64
    var progression: String?
    var created_at: Date
    var completed_at: Date?
    var files: String
    var tracks: String
    var arrangement: String?
    var error: String?

    init(_ session: Session) throws {
        let encoder = JSONEncoder()
        id = session.idString
        file_prefix = session.filePrefix
        status = session.status.rawValue
        genre = session.genre
        key = session.key
        mode = session.mode
        tempo = session.tempo
        sections = session.sections
        with_keys = session.withKeys
        seed = Int64(session.seed)
        progression = session.progression
        created_at = session.createdAt
        completed_at = session.completedAt
        files = String(decoding: try encoder.encode(session.files), as: UTF8.self)
        tracks = String(decoding: try encoder.encode(session.tracks), as: UTF8.self)
        arrangement = try session.arrangement.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        error = session.error
    }

    var session: Session {
        get throws {
            let decoder = JSONDecoder()
            guard let uuid = UUID(uuidString: id), let status = Session.Status(rawValue: status) else {
                throw DatabaseError(message: "session row \(id) is corrupt")
            }
            return Session(
                id: uuid, status: status, genre: genre, key: key, mode: mode, tempo: tempo, sections: sections,
                withKeys: with_keys, seed: UInt64(seed), progression: progression, createdAt: created_at,
                completedAt: completed_at, files: try decoder.decode([String].self, from: Data(files.utf8)),
                tracks: try decoder.decode([Session.Track].self, from: Data(tracks.utf8)),
                arrangement: try arrangement.map { try decoder.decode([Session.ArrangedSection].self, from: Data($0.utf8)) },
                error: error)
        }
    }
}
