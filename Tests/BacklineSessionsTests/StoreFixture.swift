import BacklineEngine
import BacklinePostgres
import BacklineSQLite
import BacklineSessions
import Foundation
import Logging
import MusicTheory
import PostgresNIO
import Testing

/// The stores every store test runs against: memory and SQLite always; PostgreSQL when
/// `BACKLINE_TEST_DATABASE_URL` names a server the tests may create databases on (`scripts/test`
/// starts one).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, sqlite, postgresql

    static let postgresURL = ProcessInfo.processInfo.environment["BACKLINE_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Every store this machine can test.
    static var available: [StoreKind] { postgresURL == nil ? [.memory, .sqlite] : allCases }

    /// The stores that keep sessions across a restart.
    static var durable: [StoreKind] { available.filter { $0 != .memory } }

    var testDescription: String { rawValue }
}

/// Opens a fresh, empty store of a kind for one test and closes it after.
enum StoreFixture {
    static let logger = Logger(label: "backline-tests")

    static func with(_ kind: StoreKind, _ body: (any SessionStore) async throws -> Void) async throws {
        switch kind {
        case .memory:
            try await body(MemorySessionStore())
        case .sqlite:
            let store = try SQLiteSessionStore(path: try temporaryFolder() + "/backline.sqlite")
            try await body(store)
            try await store.close()
        case .postgresql:
            let url = try await newDatabase()
            try await withPostgres(url: url) { store in try await body(store) }
        }
    }

    /// A running store on `url` (services started, migrations applied) for the length of `body`.
    static func withPostgres(url: String, _ body: (PostgresSessionStore) async throws -> Void) async throws {
        let store = try PostgresSessionStore(url: url, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in store.services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            try await waitUntilReady(store)
            try await body(store)
        }
    }

    static func waitUntilReady(_ store: any SessionStore) async throws {
        for _ in 0..<200 {
            if (try? await store.ping()) != nil { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await store.ping()
    }

    /// A new database on the test server, and its URL.
    static func newDatabase() async throws -> String {
        let admin = try #require(StoreKind.postgresURL)
        var components = try #require(URLComponents(string: admin))
        let name = "backline_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let configuration = PostgresClient.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable)
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        components.path = "/" + name
        return try #require(components.string)
    }

    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backline-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func request(_ genre: String = "blues", seed: UInt64 = 7) -> SongRequest {
        SongRequest(genre: genre, key: Key(tonic: NoteName(parsing: "A")!, mode: .minor), tempo: 110, sections: 2, withKeys: false, seed: seed)
    }

    static func session(id: UUID = UUID(), created: Date = Date()) -> Session {
        Session(id: id, request: request(), createdAt: created)
    }

    /// A small song: two parts' worth of MIDI is not needed to test a store, any bytes will do, but
    /// they must come back exactly.
    static func song(_ bytes: [UInt8] = Array(0...255) + Array(repeating: 0, count: 20_000)) -> StoredSong {
        let outline = SongOutline(
            meter: .common, parts: [.init(name: "drums", channel: 9)],
            sections: [.init(name: "intro", firstBar: 0, chords: [[.init(name: "Am7", offset: 0)], [.init(name: "E7", offset: 960)]])])
        return StoredSong(midi: bytes, outline: outline)
    }
}
