import BacklinePostgres
import BacklineSessions
import Foundation
import Logging
import PostgresNIO
import Testing

@Suite("PostgreSQL at start", .enabled(if: StoreKind.postgresURL != nil, "set BACKLINE_TEST_DATABASE_URL (scripts/test does)"))
struct PostgresStartupTests {
    @Test("Two replicas starting together on an empty database migrate it once, and both serve")
    func concurrentMigrations() async throws {
        let url = try await StoreFixture.newDatabase()
        try await StoreFixture.withPostgres(url: url) { first in
            try await StoreFixture.withPostgres(url: url) { second in
                let session = StoreFixture.session()
                try await first.create(session)
                #expect(try await second.session(id: session.id)?.id == session.id)
            }
        }
        // Start four at once this time, on a fresh database.
        let fresh = try await StoreFixture.newDatabase()
        let stores = try (0..<4).map { _ in try PostgresSessionStore(url: fresh, logger: StoreFixture.logger) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { for service in store.services { group.addTask { try await service.run() } } }
            defer { group.cancelAll() }
            for store in stores { try await StoreFixture.waitUntilReady(store) }
        }
        let client = PostgresClient(configuration: try Self.configuration(fresh))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            var rows: [Int] = []
            for try await version in try await client.query("SELECT version FROM backline_schema_migrations").decode(Int.self) { rows.append(version) }
            #expect(rows == [1, 2], "every version applied once")
        }
    }

    @Test("Unreachable at start: every call is unavailable with where and why, not an error of the server's")
    func unreachable() async throws {
        // A loopback port nothing listens on.
        let store = try PostgresSessionStore(url: "postgres://backline@127.0.0.1:9/backline", logger: StoreFixture.logger, deadline: .seconds(2))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in store.services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            try await Task.sleep(for: .milliseconds(300))
            for call in [{ try await store.ping() }, { _ = try await store.session(id: UUID()) }] {
                do {
                    try await call()
                    Issue.record("a call succeeded without a database")
                } catch let error as SessionStoreError {
                    guard case .unavailable(let reason) = error else { Issue.record("\(error)"); continue }
                    #expect(reason.contains("PostgreSQL at 127.0.0.1:9/backline"), "\(reason)")
                }
            }
        }
    }

    @Test("A database URL that cannot work is refused at once with what to write", arguments: [
        ("mysql://u@h/db", "is not a PostgreSQL URL"), ("postgres://h/db", "names no user"), ("postgres://u@h", "names no database"),
        ("postgres://u:secret@h/db?sslmode=maybe", "sslmode 'maybe'"),
    ])
    func badURL(url: String, message: String) throws {
        #expect {
            _ = try PostgresSessionStore(url: url, logger: StoreFixture.logger)
        } throws: { error in
            "\(error)".contains(message) && !"\(error)".contains("secret")
        }
    }

    static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        let components = try #require(URLComponents(string: url))
        return PostgresClient.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres", password: nil,
            database: String(components.path.dropFirst()), tls: .disable)
    }
}
