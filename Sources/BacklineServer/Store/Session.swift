import BacklineAgents
import BacklineEngine
import Foundation

/// A generation session as stored and as clients see it.
public struct Session: Sendable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable {
        case pending, running, completed, failed
    }

    /// One written part: the contract's track entry.
    public struct Track: Sendable, Codable, Hashable {
        public let instrument: String
        public let channel: Int
        public let file: String
    }

    /// One arranged section, for `GET /sessions/{id}` once run.
    public struct ArrangedSection: Sendable, Codable, Hashable {
        public let name: String
        public let bars: Int
        public let beatsPerBar: Int
        /// One entry per bar: the chord names in that bar separated by spaces.
        public let chords: [String]

        enum CodingKeys: String, CodingKey {
            case name, bars, chords
            case beatsPerBar = "beats_per_bar"
        }
    }

    public let id: UUID
    public var status: Status
    public let genre: String
    public let key: String
    public let mode: String
    public let tempo: Int
    public let sections: Int
    public let withKeys: Bool
    public let seed: UInt64
    public let progression: String?
    public let createdAt: Date
    public var completedAt: Date?
    /// Paths relative to the data folder: `output/<first 8 of id>_<part>.mid`, the full file last.
    public var files: [String]
    public var tracks: [Track]
    public var arrangement: [ArrangedSection]?
    public var error: String?

    public init(
        id: UUID, status: Status = .pending, genre: String, key: String, mode: String, tempo: Int, sections: Int,
        withKeys: Bool, seed: UInt64, progression: String?, createdAt: Date, completedAt: Date? = nil,
        files: [String] = [], tracks: [Track] = [], arrangement: [ArrangedSection]? = nil, error: String? = nil
    ) {
        self.id = id
        self.status = status
        self.genre = genre
        self.key = key
        self.mode = mode
        self.tempo = tempo
        self.sections = sections
        self.withKeys = withKeys
        self.seed = seed
        self.progression = progression
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.files = files
        self.tracks = tracks
        self.arrangement = arrangement
        self.error = error
    }

    /// The lowercase id, as every response and file name writes it.
    public var idString: String { id.uuidString.lowercased() }

    /// The first eight characters of the id: the prefix of the session's files.
    public var filePrefix: String { String(idString.prefix(8)) }
}
