import BacklineEngine
import MIDIFile
import MusicTheory

extension StoredSong {
    /// The names of the MIDI files a session offers: each part, then `full`.
    public var partNames: [String] { outline.parts.map(\.name) + [SessionFiles.full] }

    /// One part's Standard MIDI File, or the combined one for `full`: the combined file's conductor
    /// track and the part's track, byte for byte. Nil when the song has no such part.
    public func midi(part: String) -> [UInt8]? {
        if part == SessionFiles.full { return midi }
        guard let index = outline.parts.firstIndex(where: { $0.name == part }) else { return nil }
        do {
            return try StandardMIDIFile.selecting(tracks: [0, index + 1], of: midi)
        } catch {
            // The store only ever holds files Backline encoded with one track per part.
            preconditionFailure("stored MIDI file does not match its outline: \(error)")
        }
    }

    /// The piano roll, drawn from the stored file and outline.
    public func pianoRoll() -> String {
        do {
            return try PianoRoll.svg(midi: midi, outline: outline)
        } catch {
            preconditionFailure("stored MIDI file cannot be read back: \(error)")
        }
    }

    /// The MusicXML lead sheet, drawn from the stored file and outline.
    public func musicXML(key: Key, title: String?) -> String {
        do {
            return try SongMusicXML.document(midi: midi, outline: outline, key: key, title: title)
        } catch {
            preconditionFailure("stored MIDI file cannot be read back: \(error)")
        }
    }

    /// A validator for everything derived from this song: a hash of the stored file (FNV-1a, 64
    /// bits) with what is derived from it. The song never changes, so neither does the tag.
    public func entityTag(for derived: String) -> String { Self.entityTag(of: midi, for: derived) }

    /// The tag of anything derived from the stored MIDI file `midi`.
    static func entityTag(of midi: [UInt8], for derived: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in midi {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "-" + derived + "-\(Self.derivationVersion)\""
    }

    /// Raised whenever the drawing of derived files changes, so caches fetch them again.
    static let derivationVersion = 2
}

/// `--output-dir`: a folder that also receives each completed session's MIDI files, written after
/// the commit, each to a temporary name and renamed.
struct OutputFolder {
    let directory: String

    func write(_ song: StoredSong, prefix: String) throws {
        for part in song.partNames {
            guard let bytes = song.midi(part: part) else { continue }
            try SongFiles.write(bytes, named: SessionFiles.fileName(prefix: prefix, part: part), in: directory)
        }
    }
}
