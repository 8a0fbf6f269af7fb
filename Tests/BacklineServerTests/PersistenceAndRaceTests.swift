import BacklineServer
import Foundation
import Hummingbird
import Synchronization
import HummingbirdTesting
import Testing

@Suite("SQLite persistence and the run race")
struct PersistenceAndRaceTests {
    @Test("16 concurrent runs of one session: exactly one 200, fifteen 409")
    func race() async throws {
        let fixture = try ServerFixture(sqlite: true)
        try await fixture.test { client in
            let (_, created) = try await client.postJSON("/sessions", #"{"genre":"punk","tempo":180}"#)
            let id = try #require(created["id"] as? String)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await client.postJSON("/sessions/\(id)/run", "").0 }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 15)
        }
    }

    @Test("A new server on the same data folder has every session and serves its export")
    func restart() async throws {
        let first = try ServerFixture(sqlite: true)
        let ids = Mutex<(completed: String, pending: String)>(("", ""))
        try await first.test { client in
            let completed = try await client.createAndRun()
            let (_, pending) = try await client.postJSON("/sessions", #"{"genre":"house"}"#)
            ids.withLock { $0 = (completed, try! #require(pending["id"] as? String)) }
        }
        try await first.store.close()

        let second = try ServerFixture(sqlite: true, dataDirectory: first.dataDirectory)
        let (completed, pending) = ids.withLock { $0 }
        try await second.test { client in
            let (_, done) = try await client.get("/sessions/\(completed)")
            #expect((done as? [String: Any])?["status"] as? String == "completed")
            try await client.execute(uri: "/sessions/\(completed)/export", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Array(Array(buffer: response.body).prefix(4)) == [UInt8]("MThd".utf8))
            }
            let (status, _) = try await client.postJSON("/sessions/\(pending)/run", "")
            #expect(status == .ok)
        }
    }
}
