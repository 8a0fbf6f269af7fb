import Foundation

/// Sessions in memory, for tests: the same rules as the databases, nothing kept after exit.
public actor MemorySessionStore: SessionStore {
    private struct Entry {
        var session: Session
        var claim: (token: UUID, at: ContinuousClock.Instant)?
        var song: StoredSong?
    }

    private var entries: [UUID: Entry] = [:]
    private var keys: [String: StoredAccessKey] = [:]
    private let clock = ContinuousClock()

    public init() {}

    public nonisolated var kind: String { "memory" }

    public func create(_ session: Session) throws {
        if entries.values.contains(where: { $0.session.filePrefix == session.filePrefix }) { throw SessionStoreError.prefixTaken }
        entries[session.id] = Entry(session: session)
    }

    public func session(id: UUID) -> Session? { entries[id]?.session }

    public func list(limit: Int, offset: Int, owner: String?) -> (sessions: [Session], total: Int) {
        let sorted = entries.values.map(\.session).filter { owner == nil || $0.owner == owner }
            .sorted { ($0.createdAt, $0.idString) > ($1.createdAt, $1.idString) }
        return (Array(sorted.dropFirst(offset).prefix(limit)), sorted.count)
    }

    public func count(owner: String) -> Int { entries.values.count { $0.session.owner == owner } }

    public func delete(id: UUID) -> Bool { entries.removeValue(forKey: id) != nil }

    public func deleteSessions(createdBefore date: Date) -> [UUID] {
        let old = entries.values.filter { $0.session.createdAt < date }.map(\.session.id)
        for id in old { entries[id] = nil }
        return old
    }

    public func syncAccessKeys(_ listed: [AccessKey], at time: Date) -> AccessKeySync {
        var sync = AccessKeySync(added: 0, revoked: 0)
        let hashes = Set(listed.map(\.hash))
        for key in listed {
            if keys[key.hash] == nil || keys[key.hash]?.revokedAt != nil { sync.added += 1 }
            keys[key.hash] = StoredAccessKey(key: key, revokedAt: nil)
        }
        for (hash, stored) in keys where stored.revokedAt == nil && !hashes.contains(hash) {
            keys[hash] = StoredAccessKey(key: stored.key, revokedAt: time)
            sync.revoked += 1
        }
        return sync
    }

    public func accessKey(hash: String) -> StoredAccessKey? { keys[hash] }

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
