import BacklineEngine
import Foundation

/// A generation session: what was asked for, where it stands, and, once run, its song's outline.
///
/// The rendered song's bytes are not part of this value: a store keeps them beside it
/// (``StoredSong``) and hands them out only when a file is downloaded.
public struct Session: Sendable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable, CaseIterable {
        case pending, running, completed, failed
    }

    /// One part of a run session: the contract's track entry.
    public struct Track: Sendable, Codable, Hashable {
        public let instrument: String
        public let channel: Int
        public let file: String
    }

    public let id: UUID
    public var status: Status
    /// What was asked for, as accepted (the seed drawn if none was given): a run renders exactly this.
    public let request: SongRequest
    public let createdAt: Date
    public var completedAt: Date?
    /// Parts, meter and chords per bar, once completed.
    public var outline: SongOutline?
    /// Why generation failed (status `failed`).
    public var error: String?
    /// The hash of the access key that created it (``AccessKey/hash``); nil when made without keys.
    public let owner: String?

    public init(
        id: UUID, status: Status = .pending, request: SongRequest, createdAt: Date, completedAt: Date? = nil,
        outline: SongOutline? = nil, error: String? = nil, owner: String? = nil
    ) {
        self.id = id
        self.status = status
        self.request = request
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.outline = outline
        self.error = error
        self.owner = owner
    }

    /// The lowercase id, as every response and file name writes it.
    public var idString: String { id.uuidString.lowercased() }

    /// The first eight characters of the id: the prefix of the session's file names.
    public var filePrefix: String { SessionFiles.prefix(of: id) }

    /// The contract's file names, `output/<prefix>_<part>.mid` for each part, the combined file last;
    /// empty until the session has run.
    public var files: [String] {
        guard let outline else { return [] }
        return (outline.parts.map(\.name) + [SessionFiles.full]).map { SessionFiles.contractPath(prefix: filePrefix, part: $0) }
    }

    /// Each part's instrument, channel and file; empty until the session has run.
    public var tracks: [Track] {
        guard let outline else { return [] }
        return outline.parts.map {
            Track(instrument: $0.name, channel: $0.channel, file: SessionFiles.contractPath(prefix: filePrefix, part: $0.name))
        }
    }
}

/// The contract's names for a session's files.
public enum SessionFiles {
    /// The part name of the combined file.
    public static let full = "full"

    /// The first eight characters of the lowercase id.
    public static func prefix(of id: UUID) -> String { String(id.uuidString.lowercased().prefix(8)) }

    /// `<prefix>_<part>.mid`: the file name a download carries.
    public static func fileName(prefix: String, part: String) -> String { "\(prefix)_\(part).mid" }

    /// `output/<prefix>_<part>.mid`: the path the contract reports in `files` and `tracks`.
    public static func contractPath(prefix: String, part: String) -> String { "output/" + fileName(prefix: prefix, part: part) }

    /// `<prefix>_pianoroll.svg`.
    public static func pianoRollName(prefix: String) -> String { "\(prefix)_pianoroll.svg" }
    /// `<prefix>.musicxml`, uncompressed MusicXML.
    public static func musicXMLName(prefix: String) -> String { "\(prefix).musicxml" }
    /// MusicXML's registered media type for uncompressed files.
    public static let musicXMLType = "application/vnd.recordare.musicxml+xml"
}
