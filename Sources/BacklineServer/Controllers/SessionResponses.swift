import BacklineEngine
import BacklineSessions
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

/// One arranged section, for `GET /sessions/{id}` once run.
struct ArrangedSection: Encodable {
    let name: String
    let bars: Int
    let beatsPerBar: Int
    /// One entry per bar: the chord names in that bar separated by spaces.
    let chords: [String]

    enum CodingKeys: String, CodingKey {
        case name, bars, chords
        case beatsPerBar = "beats_per_bar"
    }
}

/// `GET /sessions/{id}`: the contract's fields, then Backline's additions.
struct SessionDetail: Encodable {
    let session: Session

    enum CodingKeys: String, CodingKey {
        case id, status, genre, key, mode, tempo, files, sections, parts, form, bars, loop, choruses, practice, seed, progression, arrangement
        case meter, tempos, source, error
        case meterChanges = "meter_changes"
        case createdAt = "created_at"
        case countIn = "count_in"
        case completedAt = "completed_at"
        case withKeys = "with_keys"
    }

    func encode(to encoder: Encoder) throws {
        let request = session.request
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(session.idString, forKey: .id)
        try c.encode(session.status.rawValue, forKey: .status)
        try c.encode(request.genre, forKey: .genre)
        try c.encode(request.key.tonic.description, forKey: .key)
        try c.encode(request.key.mode.rawValue, forKey: .mode)
        try c.encode(request.tempo, forKey: .tempo)
        try c.encode(session.files, forKey: .files)
        try c.encode(Timestamp.string(session.createdAt), forKey: .createdAt)
        try c.encode(session.completedAt.map(Timestamp.string), forKey: .completedAt)
        try c.encode(request.sections, forKey: .sections)
        try c.encode(request.withKeys, forKey: .withKeys)
        try c.encode(request.parts, forKey: .parts)
        try c.encode(request.form, forKey: .form)
        try c.encode(request.bars, forKey: .bars)
        switch request.loop {
        case .none: try c.encode(false, forKey: .loop)
        case .whole: try c.encode(true, forKey: .loop)
        case .sections(let names): try c.encode(names, forKey: .loop)
        }
        try c.encode(request.countIn, forKey: .countIn)
        try c.encode(request.choruses, forKey: .choruses)
        try c.encode(request.practice?.description, forKey: .practice)
        try c.encode(request.seed, forKey: .seed)
        try c.encode(request.progression, forKey: .progression)
        if let source = request.source { try c.encode(["kind": source.kind.rawValue, "title": source.title], forKey: .source) }
        if let outline = session.outline {
            let arrangement = outline.sections.map {
                ArrangedSection(name: $0.name, bars: $0.bars, beatsPerBar: outline.meter(ofBar: $0.firstBar).numerator, chords: $0.chordNames)
            }
            try c.encode(arrangement, forKey: .arrangement)
            try c.encode(outline.meter.description, forKey: .meter)
            if !outline.tempos.isEmpty { try c.encode(outline.tempos, forKey: .tempos) }
            if !outline.meterChanges.isEmpty {
                try c.encode(outline.meterChanges.map { MeterChangeJSON(bar: $0.bar, meter: $0.meter.description) }, forKey: .meterChanges)
            }
        }
        try c.encodeIfPresent(session.error, forKey: .error)
    }
}

/// A meter change in `GET /sessions/{id}`: `{"bar": 8, "meter": "3/4"}`, bars from 0.
struct MeterChangeJSON: Encodable {
    let bar: Int
    let meter: String
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
