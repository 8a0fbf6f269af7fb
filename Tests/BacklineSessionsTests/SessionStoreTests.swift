import BacklineEngine
import BacklineSessions
import MusicTheory
import Foundation
import Testing

/// One suite, every store: what the service relies on holds the same in memory, in SQLite and in
/// PostgreSQL.
@Suite("Session stores keep the same promises")
struct SessionStoreTests {
    @Test("A created session reads back as it was; lists are newest first with the total", arguments: StoreKind.available)
    func createReadList(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            let sessions = (0..<3).map { StoreFixture.session(created: base.addingTimeInterval(Double($0))) }
            for session in sessions { try await store.create(session) }
            let read = try #require(try await store.session(id: sessions[1].id))
            #expect(read.id == sessions[1].id && read.status == .pending && read.request == sessions[1].request)
            #expect(abs(read.createdAt.timeIntervalSince(sessions[1].createdAt)) < 0.001)
            #expect(read.outline == nil && read.completedAt == nil && read.files.isEmpty)
            #expect(try await store.session(id: UUID()) == nil)
            let page = try await store.list(limit: 2, offset: 0)
            #expect(page.total == 3 && page.sessions.map(\.id) == [sessions[2].id, sessions[1].id])
            #expect(try await store.list(limit: 2, offset: 2).sessions.map(\.id) == [sessions[0].id])
        }
    }

    @Test("Two sessions never share a file prefix", arguments: StoreKind.available)
    func prefixUnique(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            try await store.create(StoreFixture.session(id: UUID(uuidString: "11111111-0000-0000-0000-000000000001")!))
            await #expect(throws: SessionStoreError.self) {
                try await store.create(StoreFixture.session(id: UUID(uuidString: "11111111-0000-0000-0000-000000000002")!))
            }
            #expect(try await store.list(limit: 10, offset: 0).total == 1)
        }
    }

    @Test("Of 16 concurrent claims exactly one wins", arguments: StoreKind.available)
    func claimRace(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let session = StoreFixture.session()
            try await store.create(session)
            let results = try await withThrowingTaskGroup(of: ClaimResult.self) { group in
                for _ in 0..<16 { group.addTask { try await store.claim(id: session.id, token: UUID(), lease: .seconds(30)) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { if case .claimed = $0 { true } else { false } }.count == 1)
            #expect(results.filter { $0 == .notPending(.running) }.count == 15)
            #expect(try await store.claim(id: UUID(), token: UUID(), lease: .seconds(30)) == .notFound)
        }
    }

    @Test("Completing stores the song in the same step; only the claim's holder can complete", arguments: StoreKind.available)
    func complete(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let session = StoreFixture.session()
            try await store.create(session)
            let token = UUID()
            guard case .claimed(let claimed) = try await store.claim(id: session.id, token: token, lease: .seconds(30)) else {
                Issue.record("claim failed")
                return
            }
            #expect(claimed.status == .running)
            #expect(try await store.song(id: session.id) == nil, "no song before the run completes")
            #expect(try await store.midi(id: session.id) == nil)
            let song = StoredSong(midi: Array(0...255) + Array(repeating: 7, count: 30_000), outline: StoreFixture.song().outline)
            #expect(try await store.complete(id: session.id, token: UUID(), at: Date(), song: song) == false)
            #expect(try await store.session(id: session.id)?.status == .running)
            let when = Date(timeIntervalSince1970: 1_900_000_000)
            #expect(try await store.complete(id: session.id, token: token, at: when, song: song))
            let done = try #require(try await store.session(id: session.id))
            #expect(done.status == .completed && done.outline == song.outline && done.completedAt.map { abs($0.timeIntervalSince(when)) < 0.001 } == true)
            #expect(done.files == ["output/\(done.filePrefix)_drums.mid", "output/\(done.filePrefix)_full.mid"])
            #expect(try await store.song(id: session.id) == song)
            #expect(try await store.midi(id: session.id) == song.midi)
            #expect(try await store.claim(id: session.id, token: UUID(), lease: .zero) == .notPending(.completed))
        }
    }

    @Test("A failed run keeps its reason", arguments: StoreKind.available)
    func fail(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let session = StoreFixture.session()
            try await store.create(session)
            let token = UUID()
            _ = try await store.claim(id: session.id, token: token, lease: .seconds(30))
            try await store.fail(id: session.id, token: UUID(), error: "not mine")
            #expect(try await store.session(id: session.id)?.status == .running)
            try await store.fail(id: session.id, token: token, error: "genre 'punk' is no longer installed")
            let failed = try #require(try await store.session(id: session.id))
            #expect(failed.status == .failed && failed.error == "genre 'punk' is no longer installed")
            #expect(try await store.song(id: session.id) == nil)
        }
    }

    @Test("A live claim is never taken over; an expired one is, and its old holder can no longer complete", arguments: StoreKind.available)
    func lease(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let session = StoreFixture.session()
            try await store.create(session)
            let first = UUID()
            _ = try await store.claim(id: session.id, token: first, lease: .seconds(60))
            #expect(try await store.claim(id: session.id, token: UUID(), lease: .seconds(60)) == .notPending(.running))
            #expect(try await store.releaseExpiredClaims(lease: .seconds(60)) == 0)
            try await Task.sleep(for: .milliseconds(20))
            let second = UUID()
            guard case .claimed = try await store.claim(id: session.id, token: second, lease: .milliseconds(10)) else {
                Issue.record("an expired claim was not taken over")
                return
            }
            #expect(try await store.complete(id: session.id, token: first, at: Date(), song: StoreFixture.song()) == false)
            #expect(try await store.complete(id: session.id, token: second, at: Date(), song: StoreFixture.song()))
        }
    }

    @Test("Sessions whose runner died are pending again after the lease; others are left alone", arguments: StoreKind.available)
    func sweep(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let crashed = StoreFixture.session()
            let pending = StoreFixture.session()
            try await store.create(crashed)
            try await store.create(pending)
            _ = try await store.claim(id: crashed.id, token: UUID(), lease: .seconds(30))
            #expect(try await store.releaseExpiredClaims(lease: .seconds(30)) == 0)
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await store.releaseExpiredClaims(lease: .milliseconds(10)) == 1)
            #expect(try await store.session(id: crashed.id)?.status == .pending)
            #expect(try await store.session(id: pending.id)?.status == .pending)
            guard case .claimed = try await store.claim(id: crashed.id, token: UUID(), lease: .seconds(30)) else {
                Issue.record("a released session could not be claimed")
                return
            }
        }
    }

    @Test("A request is stored as it was asked for, whatever its text holds", arguments: StoreKind.available)
    func requestRoundTrip(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            var draft = SongRequest.Draft()
            (draft.genre, draft.key, draft.mode, draft.tempo, draft.sections) = ("blues", "F#", "harmonic_minor", 300, 64)
            (draft.withKeys, draft.parts, draft.seed, draft.progression) = (true, ["keys", "bass"], 9_007_199_254_740_991, "Am7 | D7/F# E7 | % | ii7b5")
            let blues = try #require(try Genres.catalog().current.genre("blues"))
            let request = try SongRequest.validated(draft, defaults: .contract, genres: ["blues": blues])
            let session = Session(id: UUID(), request: request, createdAt: Date())
            try await store.create(session)
            #expect(try await store.session(id: session.id)?.request == request)
            let plain = Session(id: UUID(), request: StoreFixture.request(), createdAt: Date())
            try await store.create(plain)
            #expect(try await store.session(id: plain.id)?.request.progression == nil)
        }
    }
}
