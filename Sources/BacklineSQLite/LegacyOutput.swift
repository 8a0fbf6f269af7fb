import BacklineEngine
import BacklineSessions
import Foundation
import GRDB
import MIDIFile
import MusicTheory

/// The upgrade from servers that kept each run's songs as files in `<data-dir>/output/` (five MIDI
/// files and a piano roll per session) to songs kept in the database.
///
/// The `v2` migration copies every session row into the new table; the results of completed ones
/// (their tracks and arrangement) wait in `legacy_results` until ``importFiles(into:)``, run at
/// start before the server answers, reads each one's combined file, checks every part file against
/// the one derived from it, and stores the song. Files that were moved are then removed.
public struct LegacyOutput: Sendable {
    public struct Report: Sendable, Hashable {
        /// Sessions whose files are now in the database.
        public var imported = 0
        /// Completed sessions whose combined file was gone: marked failed, with the reason.
        public var missing = 0
        /// Part files that differ from the part derived from the combined file: kept on disk.
        public var mismatched: [String] = []

        public init() {}
    }

    let directory: String
    /// Leave the old files where they are (when `--output-dir` names that same folder).
    let keepFiles: Bool

    /// Part of the `v2` migration: the v1 `session` rows into `sessions`.
    static func migrateRows(_ db: Database) throws {
        try db.create(table: "legacy_results") { t in
            t.primaryKey("id", .text)
            t.column("tracks", .text).notNull()
            t.column("arrangement", .text).notNull()
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM session") {
            let request = try v1Request(row)
            // A v1 server put sessions a crash left running back to pending at its next start.
            let status: String = row["status"] == "running" ? "pending" : row["status"]
            try db.execute(
                sql: "INSERT INTO sessions (id, file_prefix, status, request, created_at, completed_at, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [row["id"], row["file_prefix"], status, request.json, row["created_at"], row["completed_at"], row["error"]])
            if status == Session.Status.completed.rawValue {
                try db.execute(
                    sql: "INSERT INTO legacy_results (id, tracks, arrangement) VALUES (?, ?, ?)",
                    arguments: [row["id"], row["tracks"], row["arrangement"] ?? "[]"])
            }
        }
        try db.drop(table: "session")
    }

    /// A v1 row's request fields, which a v1 server had validated, as a request.
    private static func v1Request(_ row: Row) throws -> SongRequest {
        let id: String = row["id"]
        let keyName: String = row["key"]
        let modeName: String = row["mode"]
        let progression: String? = row["progression"]
        let tempo: Int = row["tempo"]
        let sections: Int = row["sections"]
        let seed: Int64 = row["seed"]
        guard let tonic = NoteName(parsing: keyName), let mode = Mode(rawValue: modeName),
            SongRequest.tempoRange.contains(tempo), SongRequest.sectionRange.contains(sections)
        else { throw DatabaseError(message: "session row \(id) holds a request no server accepts") }
        var chart: ChordChart?
        if let progression {
            do {
                chart = try ChordChart(parsing: progression)
            } catch {
                throw DatabaseError(message: "session row \(id) holds a chart that does not read: \(error.reason)")
            }
        }
        return SongRequest(
            genre: row["genre"], key: Key(tonic: tonic, mode: mode), tempo: tempo, sections: sections, withKeys: row["with_keys"],
            seed: UInt64(max(0, seed)), chart: chart, progression: progression)
    }

    /// Moves the waiting sessions' songs into the database, one transaction each.
    func importFiles(into pool: DatabasePool) async throws -> Report {
        var report = Report()
        guard try await pool.read({ db in try db.tableExists("legacy_results") }) else { return report }
        let waiting = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT l.id, s.file_prefix, l.tracks, l.arrangement FROM legacy_results l JOIN sessions s ON s.id = l.id")
        }
        for row in waiting {
            let id: String = row["id"]
            let prefix: String = row["file_prefix"]
            let fullPath = path(SessionFiles.fileName(prefix: prefix, part: SessionFiles.full))
            guard let data = FileManager.default.contents(atPath: fullPath) else {
                report.missing += 1
                try await pool.write { db in
                    try db.execute(
                        sql: "UPDATE sessions SET status = 'failed', error = ? WHERE id = ?",
                        arguments: ["its MIDI files were not in the output folder when the server was upgraded", id])
                    try db.execute(sql: "DELETE FROM legacy_results WHERE id = ?", arguments: [id])
                }
                continue
            }
            let song = StoredSong(midi: [UInt8](data), outline: try outline(tracks: row["tracks"], arrangement: row["arrangement"], midi: [UInt8](data)))
            var moved = [fullPath]
            var consistent = true
            for part in song.outline.parts.map(\.name) {
                let partPath = path(SessionFiles.fileName(prefix: prefix, part: part))
                guard let old = FileManager.default.contents(atPath: partPath) else { continue }
                if [UInt8](old) == song.midi(part: part) {
                    moved.append(partPath)
                } else {
                    consistent = false
                    report.mismatched.append(partPath)
                }
            }
            let outline = try SQLiteSessionStore.json(song.outline)
            try await pool.write { db in
                try db.execute(sql: "UPDATE sessions SET outline = ?, midi = ? WHERE id = ?", arguments: [outline, data, id])
                try db.execute(sql: "DELETE FROM legacy_results WHERE id = ?", arguments: [id])
            }
            report.imported += 1
            if !keepFiles && consistent {
                // The piano roll and audio renders are derived from the song; they go with it.
                let derived = ["\(prefix)_pianoroll.svg"] + song.partNames.flatMap { ["\(prefix)_\($0).wav", "\(prefix)_\($0).flac"] }
                for file in moved + derived.map(path) { try? FileManager.default.removeItem(atPath: file) }
            }
        }
        try await pool.write { db in
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM legacy_results") == 0 { try db.drop(table: "legacy_results") }
        }
        if !keepFiles, (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: directory)
        }
        return report
    }

    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// The outline a v1 server would have derived: its tracks, its arrangement's chords sharing each
    /// bar equally (as v1 laid them out), and the meter the file itself declares.
    private func outline(tracks: String, arrangement: String, midi: [UInt8]) throws -> SongOutline {
        struct Track: Decodable {
            let instrument: String
            let channel: Int
        }
        struct Section: Decodable {
            let name: String
            let bars: Int
            let chords: [String]
        }
        let decoder = JSONDecoder()
        let parts = try decoder.decode([Track].self, from: Data(tracks.utf8)).map { SongOutline.Part(name: $0.instrument, channel: $0.channel) }
        let signature = (try? MIDIFileReader().read(midi))?.timeSignatures.first
        let meter = signature.flatMap { Meter(numerator: $0.numerator, denominator: $0.denominator) } ?? .common
        var firstBar = 0
        let sections = try decoder.decode([Section].self, from: Data(arrangement.utf8)).map { section in
            let chords = section.chords.map { bar in
                let names = bar.split(separator: " ").map(String.init)
                let share = meter.ticksPerBar / max(1, names.count)
                return names.enumerated().map { SongOutline.ChordMark(name: $1, offset: $0 * share) }
            }
            defer { firstBar += section.bars }
            return SongOutline.Section(name: section.name, firstBar: firstBar, chords: chords)
        }
        return SongOutline(meter: meter, parts: parts, sections: sections)
    }
}
