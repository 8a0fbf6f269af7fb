import Foundation

/// `POST /sessions` → 201.
struct CreatedSession: Encodable {
    let id: String
    let status: String
    let createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, status
        case createdAt = "created_at"
    }
}

/// `POST /sessions/{id}/run` → 200.
struct RunSession: Encodable {
    let id: String
    let status: String
    let files: [String]
}

/// `GET /sessions/{id}`: the contract's fields, then Backline's additions.
struct SessionDetail: Encodable {
    let session: Session

    enum CodingKeys: String, CodingKey {
        case id, status, genre, key, mode, tempo, files, sections, seed, progression, arrangement, error
        case createdAt = "created_at"
        case completedAt = "completed_at"
        case withKeys = "with_keys"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(session.idString, forKey: .id)
        try c.encode(session.status.rawValue, forKey: .status)
        try c.encode(session.genre, forKey: .genre)
        try c.encode(session.key, forKey: .key)
        try c.encode(session.mode, forKey: .mode)
        try c.encode(session.tempo, forKey: .tempo)
        try c.encode(session.files, forKey: .files)
        try c.encode(Timestamp.string(session.createdAt), forKey: .createdAt)
        try c.encode(session.completedAt.map(Timestamp.string), forKey: .completedAt)
        try c.encode(session.sections, forKey: .sections)
        try c.encode(session.withKeys, forKey: .withKeys)
        try c.encode(session.seed, forKey: .seed)
        try c.encode(session.progression, forKey: .progression)
        try c.encodeIfPresent(session.arrangement, forKey: .arrangement)
        try c.encodeIfPresent(session.error, forKey: .error)
    }
}

/// `GET /sessions`.
struct SessionPage: Encodable {
    let sessions: [SessionDetail]
    let total: Int
    let limit: Int
    let offset: Int
}

enum Timestamp {
    /// `2026-04-11T02:00:00Z`, as the contract writes times.
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
