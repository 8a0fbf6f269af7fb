import BacklineEngine
import Foundation

/// Where sessions and their songs live: SQLite on one machine, PostgreSQL behind several replicas,
/// memory in tests. ``SessionService`` is its only caller.
///
/// A session's song is written in the same transaction that marks it completed, so a completed
/// session always has its song and no song exists without its completed session.
public protocol SessionStore: Sendable {
    /// `sqlite`, `postgresql` or `memory`, for `/health` and the logs.
    var kind: String { get }

    /// Stores a new pending session. Its file prefix (first 8 characters of the id) must be unused,
    /// or ``SessionStoreError/prefixTaken`` is thrown so that the caller can draw another id.
    func create(_ session: Session) async throws
    func session(id: UUID) async throws -> Session?
    /// Newest first, and how many sessions there are in all; with an `owner`, only that owner's
    /// sessions, and only they are counted.
    func list(limit: Int, offset: Int, owner: String?) async throws -> (sessions: [Session], total: Int)
    /// How many sessions `owner` has, for the per-key quota.
    func count(owner: String) async throws -> Int
    /// Removes a session and its song; false when there was none. Deleting twice (two replicas at
    /// once) is harmless: one gets true, the other false.
    func delete(id: UUID) async throws -> Bool
    /// Removes every session created before `date` with its song, and returns their ids. Safe on
    /// several replicas at once: each row is deleted by one of them.
    func deleteSessions(createdBefore date: Date) async throws -> [UUID]

    /// Makes the store's keys those of a keys file: keys it lacks are added (a revoked one comes
    /// back), active keys the file lacks are revoked. Revoked keys and their sessions stay.
    func syncAccessKeys(_ keys: [AccessKey], at time: Date) async throws -> AccessKeySync
    /// The key with this hash, active or revoked; nil when the store never held it.
    func accessKey(hash: String) async throws -> StoredAccessKey?

    /// Moves a session to running for the caller holding `token`, atomically: of many concurrent
    /// callers (on any replica) exactly one gets `.claimed`. A pending session can be claimed, and
    /// so can a running one whose claim is older than `lease` (its runner is presumed dead).
    func claim(id: UUID, token: UUID, lease: Duration) async throws -> ClaimResult
    /// Stores the song and marks the session completed in one transaction, if `token` still holds
    /// the claim. Returns false (and changes nothing) when it does not.
    func complete(id: UUID, token: UUID, at time: Date, song: StoredSong) async throws -> Bool
    /// Marks a claimed session failed, if `token` still holds the claim.
    func fail(id: UUID, token: UUID, error: String) async throws
    /// Puts a claimed session back to pending, if `token` still holds the claim: its run could not
    /// start now (the server was busy), so a later run may try again at once.
    func release(id: UUID, token: UUID) async throws
    /// The song of a completed session.
    func song(id: UUID) async throws -> StoredSong?
    /// The combined MIDI file of a completed session: what an export needs, without its outline.
    func midi(id: UUID) async throws -> [UInt8]?
    /// Puts running sessions whose claim is older than `lease` back to pending; returns how many.
    func releaseExpiredClaims(lease: Duration) async throws -> Int

    /// Throws when the database cannot answer now.
    func ping() async throws
    func close() async throws
}

extension SessionStore {
    /// Newest first, every owner's.
    public func list(limit: Int, offset: Int) async throws -> (sessions: [Session], total: Int) {
        try await list(limit: limit, offset: offset, owner: nil)
    }
}

/// What a run produced and the store keeps: the combined MIDI file and the song's outline. Every
/// other file a client can download is derived from these two.
public struct StoredSong: Sendable, Hashable {
    public let midi: [UInt8]
    public let outline: SongOutline

    public init(midi: [UInt8], outline: SongOutline) {
        self.midi = midi
        self.outline = outline
    }
}

public enum ClaimResult: Sendable, Hashable {
    case claimed(Session)
    case notFound
    case notPending(Session.Status)
}

public enum SessionStoreError: Error, Sendable, CustomStringConvertible {
    /// Another session already uses the first 8 characters of this id.
    case prefixTaken
    /// The database cannot be reached, or did not answer in time; the request may be retried.
    case unavailable(String)
    /// A row the store cannot read back.
    case corrupt(String)

    public var description: String {
        switch self {
        case .prefixTaken: "the session's file prefix is taken"
        case .unavailable(let reason): reason
        case .corrupt(let reason): reason
        }
    }
}
