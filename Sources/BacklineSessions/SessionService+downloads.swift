import BacklineEngine
import Foundation
import MusicTheory

/// A file of a completed session, ready to send.
public struct Download: Sendable {
    public let bytes: [UInt8]
    public let contentType: String
    /// The name a saved copy should have: the contract's `<prefix>_<part>.mid`.
    public let fileName: String
    /// Strong validator of a derived MIDI file or picture: the same on every replica and every
    /// request. Nil for audio, whose bytes depend on the replica's SoundFont.
    public let entityTag: String?
}

/// What a session can hand out besides its record.
public enum Artifact: Sendable, Hashable {
    /// A part's MIDI file, or `full` for the combined one.
    case midi(part: String)
    case pianoRoll
    /// A MusicXML lead sheet: chord symbols, sections, the bass line and the drums.
    case musicXML
}

public enum DownloadResult: Sendable {
    case file(Download)
    /// The client's copy (`If-None-Match`) is current.
    case notModified(entityTag: String)
}

extension SessionService {
    /// One of a completed session's files, derived from its stored song.
    public func download(
        _ artifact: Artifact, of id: UUID, ifNoneMatch: String? = nil, caller: Caller
    ) async throws(SessionError) -> DownloadResult {
        try await check(id, caller)
        let prefix = SessionFiles.prefix(of: id)
        // The combined file is served as stored: no outline to read.
        if artifact == .midi(part: SessionFiles.full) {
            guard let midi = try await storeCall("midi", { try await store.midi(id: id) }) else { throw try await notRun(id) }
            let tag = StoredSong.entityTag(of: midi, for: SessionFiles.full)
            if let ifNoneMatch, Self.matches(ifNoneMatch, tag) { return .notModified(entityTag: tag) }
            return .file(Download(bytes: midi, contentType: "audio/midi", fileName: SessionFiles.fileName(prefix: prefix, part: SessionFiles.full), entityTag: tag))
        }
        let song = try await completedSong(id, caller: .local)
        let derived: String
        switch artifact {
        case .midi(let part): derived = part
        case .pianoRoll: derived = "pianoroll"
        case .musicXML: derived = "musicxml"
        }
        let tag = song.entityTag(for: derived)
        if let ifNoneMatch, Self.matches(ifNoneMatch, tag) { return .notModified(entityTag: tag) }
        switch artifact {
        case .midi(let part):
            guard let bytes = try await compute({ song.midi(part: part) }) else {
                throw SessionError(.notFound, "session \(Self.text(id)) has no part \(Excerpt.quoted(part)); its parts are \(song.partNames.joined(separator: ", "))")
            }
            return .file(Download(bytes: bytes, contentType: "audio/midi", fileName: SessionFiles.fileName(prefix: prefix, part: part), entityTag: tag))
        case .pianoRoll:
            let picture = try await compute { Array(song.pianoRoll().utf8) }
            return .file(Download(bytes: picture, contentType: "image/svg+xml", fileName: SessionFiles.pianoRollName(prefix: prefix), entityTag: tag))
        case .musicXML:
            // The key and title are the request's; the song alone does not hold them.
            let request = try await session(id: id, caller: .local).request
            let document = try await compute { Array(song.musicXML(key: request.key, title: request.source?.title).utf8) }
            return .file(
                Download(
                    bytes: document, contentType: SessionFiles.musicXMLType,
                    fileName: SessionFiles.musicXMLName(prefix: prefix), entityTag: tag))
        }
    }

    /// The stored song of a session that has run; 404 for no session, 409 for one not run yet.
    public func completedSong(_ id: UUID, caller: Caller) async throws(SessionError) -> StoredSong {
        try await check(id, caller)
        if let song = try await storeCall("song", { try await store.song(id: id) }) { return song }
        throw try await notRun(id)
    }

    /// Why a session has no song: it does not exist (404), or it has not run (409).
    private func notRun(_ id: UUID) async throws(SessionError) -> SessionError {
        let session = try await session(id: id, caller: .local)
        return SessionError(
            .conflict,
            "session \(session.idString) has not been run yet (status \(session.status.rawValue)); POST /sessions/\(session.idString)/run first")
    }

    /// `If-None-Match`: `*` or a list of tags, weak or strong.
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == tag || trimmed == "W/" + tag
        }
    }
}
