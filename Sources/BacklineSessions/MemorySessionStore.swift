import Foundation

/// Sessions in memory, for tests: the same rules as the databases, nothing kept after exit.
public actor MemorySessionStore: SessionStore {
    private struct Entry {
        var session: Session
        var claim: (token: UUID, at: ContinuousClock.Instant)?
        var song: StoredSong?
    }

    private var entries: [UUID: Entry] = [:]
    private let clock = ContinuousClock()

    public init() {}

    public nonisolated var kind: String { "memory" }

    public func create(_ session: Session) throws {
        if entries.values.contains(where: { $0.session.filePrefix == session.filePrefix }) { throw SessionStoreError.prefixTaken }
        entries[session.id] = Entry(session: session)
    }

    public func session(id: UUID) -> Session? { entries[id]?.session }

    public func list(limit: Int, offset: Int) -> (sessions: [Session], total: Int) {
        let sorted = entries.values.map(\.session).sorted { ($0.createdAt, $0.idString) > ($1.createdAt, $1.idString) }
        return (Array(sorted.dropFirst(offset).prefix(limit)), sorted.count)
    }

    public func claim(id: UUID, token: UUID, lease: Duration) -> ClaimResult {
        guard var entry = entries[id] else { return .notFound }
        let expired = entry.session.status == .running && entry.claim.map { $0.at.duration(to: clock.now) >= lease } ?? true
        guard entry.session.status == .pending || expired else { return .notPending(entry.session.status) }
        entry.session.status = .running
        entry.claim = (token, clock.now)
        entries[id] = entry
        return .claimed(entry.session)
    }

    public func complete(id: UUID, token: UUID, at time: Date, song: StoredSong) -> Bool {
        guard var entry = entries[id], entry.session.status == .running, entry.claim?.token == token else { return false }
        entry.session.status = .completed
        entry.session.completedAt = time
        entry.session.outline = song.outline
        entry.claim = nil
        entry.song = song
        entries[id] = entry
        return true
    }

    public func fail(id: UUID, token: UUID, error: String) {
        guard var entry = entries[id], entry.session.status == .running, entry.claim?.token == token else { return }
        entry.session.status = .failed
        entry.session.error = error
        entry.claim = nil
        entries[id] = entry
    }

    public func release(id: UUID, token: UUID) {
        guard var entry = entries[id], entry.session.status == .running, entry.claim?.token == token else { return }
        entry.session.status = .pending
        entry.claim = nil
        entries[id] = entry
    }

    public func song(id: UUID) -> StoredSong? { entries[id]?.song }

    public func midi(id: UUID) -> [UInt8]? { entries[id]?.song?.midi }

    public func releaseExpiredClaims(lease: Duration) -> Int {
        let now = clock.now
        var released = 0
        for (id, entry) in entries where entry.session.status == .running {
            guard let claim = entry.claim, claim.at.duration(to: now) >= lease else { continue }
            entries[id]?.session.status = .pending
            entries[id]?.claim = nil
            released += 1
        }
        return released
    }

    public func ping() {}

    public func close() {}
}
