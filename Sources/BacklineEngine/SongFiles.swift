import Foundation

/// Writes a song's MIDI files into a folder, each to a temporary name first and then renamed, so a
/// reader never sees a half-written file.
public enum SongFiles {
    /// A file that was written: the part (`drums` … `full`) and its path.
    public struct Written: Sendable, Hashable {
        public let part: String
        public let path: String
    }

    /// Writes `<prefix>_<part>.mid` for every part and `<prefix>_full.mid` into `directory`,
    /// creating the folder if needed.
    public static func write(_ song: Song, to directory: String, prefix: String) throws -> [Written] {
        try song.midiFiles().map { file in
            Written(part: file.part, path: try write(file.bytes, named: "\(prefix)_\(file.part).mid", in: directory))
        }
    }

    /// Writes `<prefix>_pianoroll.svg` into `directory` and returns its path.
    @discardableResult
    public static func writePianoRoll(_ song: Song, to directory: String, prefix: String) throws -> String {
        try write(Array(song.pianoRollSVG().utf8), named: "\(prefix)_pianoroll.svg", in: directory)
    }

    /// Writes one file into `directory` (created if needed), atomically; returns its path.
    @discardableResult
    public static func write(_ bytes: [UInt8], named name: String, in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(name)
        try writeAtomically(bytes, to: path)
        return path
    }

    /// Writes to `path.tmp-<random>`, flushes it to disk, then renames it over `path`.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        let url = URL(fileURLWithPath: temporary)
        do {
            try Data(bytes).write(to: url)
            let handle = try FileHandle(forWritingTo: url)
            try handle.synchronize()
            try handle.close()
            if rename(temporary, path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
