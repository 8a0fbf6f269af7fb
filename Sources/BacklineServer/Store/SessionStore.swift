import Foundation

/// Where sessions live. The server talks to this protocol; SQLite backs it in production and
/// memory in tests.
public protocol SessionStore: Sendable {
    /// Stores a new session. Its file prefix (first 8 characters of the id) must be unused, or
    /// ``SessionStoreError/prefixTaken`` is thrown so the caller can draw another id.
    func create(_ session: Session) async throws
    func session(id: UUID) async throws -> Session?
    /// Moves a pending session to running, atomically: of many callers exactly one gets `.claimed`.
    func claim(id: UUID) async throws -> ClaimResult
    func complete(_ session: Session) async throws
    func fail(id: UUID, error: String) async throws
    /// Newest first.
    func list(limit: Int, offset: Int) async throws -> (sessions: [Session], total: Int)
    /// Puts sessions left running by a crash back to pending; returns how many.
    func recoverInterrupted() async throws -> Int
    func close() async throws
}

public enum ClaimResult: Sendable {
    case claimed(Session)
    case notFound
    case notPending(Session.Status)
}

public enum SessionStoreError: Error, Sendable {
    case prefixTaken
}

/// Sessions in memory: for tests, and for `--data-dir` experiments that need no persistence.
public actor MemorySessionStore: SessionStore {
    private var sessions: [UUID: Session] = [:]

    public init() {}

    public func create(_ session: Session) throws {
        if sessions.values.contains(where: { $0.filePrefix == session.filePrefix }) { throw SessionStoreError.prefixTaken }
        sessions[session.id] = session
    }

    public func session(id: UUID) -> Session? { sessions[id] }

    public func claim(id: UUID) -> ClaimResult {
        guard var session = sessions[id] else { return .notFound }
        guard session.status == .pending else { return .notPending(session.status) }
        session.status = .running
        sessions[id] = session
        return .claimed(session)
    }

    public func complete(_ session: Session) {
        sessions[session.id] = session
    }

    public func fail(id: UUID, error: String) {
        sessions[id]?.status = .failed
        sessions[id]?.error = error
    }

    public func list(limit: Int, offset: Int) -> (sessions: [Session], total: Int) {
        let sorted = sessions.values.sorted { ($0.createdAt, $0.idString) > ($1.createdAt, $1.idString) }
        return (Array(sorted.dropFirst(offset).prefix(limit)), sorted.count)
    }

    public func recoverInterrupted() -> Int {
        let running = sessions.values.filter { $0.status == .running }
        for session in running { sessions[session.id]?.status = .pending }
        return running.count
    }

    public func close() {}
}
