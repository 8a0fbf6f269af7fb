import BacklineEngine
import BacklinePresets
import BacklineSQLite
import BacklineSessions
import Foundation
import GRDB
import MusicTheory
import Testing

/// A data folder as the file-keeping server (before songs moved into the database) left it:
/// `backline.sqlite` with its v1 `session` table, and five MIDI files and a piano roll per completed
/// session in `output/`, written by the same engine calls that server made.
@Suite("Upgrading a data folder of the file-keeping server loses nothing")
struct LegacyUpgradeTests {
    struct OldSession {
        let id: UUID
        let genre: String
        let withKeys: Bool
        var prefix: String { String(id.uuidString.lowercased().prefix(8)) }
    }

    @Test("Every old session is there, every old file is served byte for byte from the database, and the folder is emptied")
    func upgrade() async throws {
        let data = try StoreFixture.temporaryFolder()
        let output = data + "/output"
        let catalog = try Genres.catalog()
        let completed = [
            OldSession(id: UUID(), genre: "blues", withKeys: false), OldSession(id: UUID(), genre: "jazz", withKeys: true),
            OldSession(id: UUID(), genre: "reggae", withKeys: false),
        ]
        let pending = OldSession(id: UUID(), genre: "funk", withKeys: false)
        let lost = OldSession(id: UUID(), genre: "punk", withKeys: false)

        // What the old server wrote, file by file.
        var oldFiles: [String: [UInt8]] = [:]
        let queue = try DatabaseQueue(path: data + "/backline.sqlite")
        try Self.v1Migrator.migrate(queue)
        for (index, old) in (completed + [lost]).enumerated() {
            let song = try Self.song(old, catalog: catalog.current, seed: UInt64(index))
            if old.id != lost.id {
                for file in try SongFiles.write(song, to: output, prefix: old.prefix) {
                    oldFiles[(file.path as NSString).lastPathComponent] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file.path)))
                }
                try SongFiles.writePianoRoll(song, to: output, prefix: old.prefix)
            }
            try await queue.write { db in try Self.insertV1(db, old, song: song, status: "completed") }
        }
        try await queue.write { db in try Self.insertV1(db, pending, song: nil, status: "running") }
        try queue.close()
        #expect(oldFiles.count == 13)

        let store = try SQLiteSessionStore(path: data + "/backline.sqlite")
        let report = try await store.importLegacyFiles(from: output, keepFiles: false)
        #expect(report.imported == 3 && report.missing == 1 && report.mismatched.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output), "moved files leave an empty folder, which goes too")

        let service = SessionService(store: store, catalog: catalog)
        for old in completed {
            let session = try await service.session(id: old.id, caller: .local)
            #expect(session.status == .completed && session.request.genre == old.genre && session.request.withKeys == old.withKeys)
            let parts = ["drums", "bass", "guitar"] + (old.withKeys ? ["keys"] : []) + ["full"]
            #expect(session.files == parts.map { "output/\(old.prefix)_\($0).mid" })
            for part in parts {
                guard case .file(let file) = try await service.download(.midi(part: part), of: old.id, caller: .local) else {
                    Issue.record("no \(part) for \(old.genre)")
                    continue
                }
                #expect(file.bytes == oldFiles["\(old.prefix)_\(part).mid"], "\(old.genre) \(part)")
            }
            guard case .file(let roll) = try await service.download(.pianoRoll, of: old.id, caller: .local) else { continue }
            let svg = String(decoding: roll.bytes, as: UTF8.self)
            #expect(svg.contains(">intro</text>") && svg.contains(">drums</text>"))
        }
        #expect(try await service.session(id: lost.id, caller: .local).status == .failed)
        #expect(try await service.session(id: lost.id, caller: .local).error?.contains("not in the output folder") == true)
        // The v1 server's crash recovery put running sessions back to pending; so does the upgrade.
        #expect(try await service.session(id: pending.id, caller: .local).status == .pending)
        #expect(try await service.run(id: pending.id, caller: .local).status == .completed)
        #expect(try await store.importLegacyFiles(from: output, keepFiles: false) == LegacyOutput.Report(), "a second start has nothing to move")
        try await store.close()
    }

    @Test("With --output-dir naming the old folder, the files stay where they are")
    func keepFiles() async throws {
        let data = try StoreFixture.temporaryFolder()
        let old = OldSession(id: UUID(), genre: "pop", withKeys: false)
        let song = try Self.song(old, catalog: try Genres.catalog().current, seed: 1)
        _ = try SongFiles.write(song, to: data + "/output", prefix: old.prefix)
        let queue = try DatabaseQueue(path: data + "/backline.sqlite")
        try Self.v1Migrator.migrate(queue)
        try await queue.write { db in try Self.insertV1(db, old, song: song, status: "completed") }
        try queue.close()

        let store = try SQLiteSessionStore(path: data + "/backline.sqlite")
        #expect(try await store.importLegacyFiles(from: data + "/output", keepFiles: true).imported == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: data + "/output").count == 4)
        try await store.close()
    }

    static func song(_ old: OldSession, catalog: PresetCatalog, seed: UInt64) throws -> Song {
        let preset = try #require(catalog.genre(old.genre))
        let request = SongRequest(
            genre: old.genre, key: Key(tonic: NoteName(parsing: "E")!, mode: .minor), tempo: preset.defaultTempo, sections: 3,
            withKeys: old.withKeys, seed: seed)
        return Song(preset: preset, request: request)
    }

    /// The v1 schema, as the file-keeping server's migrator created it (same identifier, same table).
    static var v1Migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions") { db in
            try db.execute(sql: """
                CREATE TABLE "session" ("id" TEXT PRIMARY KEY, "file_prefix" TEXT NOT NULL UNIQUE, "status" TEXT NOT NULL,
                  "genre" TEXT NOT NULL, "key" TEXT NOT NULL, "mode" TEXT NOT NULL, "tempo" INTEGER NOT NULL,
                  "sections" INTEGER NOT NULL, "with_keys" BOOLEAN NOT NULL, "seed" INTEGER NOT NULL, "progression" TEXT,
                  "created_at" DATETIME NOT NULL, "completed_at" DATETIME, "files" TEXT NOT NULL, "tracks" TEXT NOT NULL,
                  "arrangement" TEXT, "error" TEXT);
                CREATE INDEX "session_by_created_at" ON "session"("created_at");
                """)
        }
        return migrator
    }

    /// A v1 row: lists as JSON text, as its `SessionRecord` wrote them.
    static func insertV1(_ db: Database, _ old: OldSession, song: Song?, status: String) throws {
        let parts = song?.tracks.map(\.name) ?? []
        let files = (parts + (song == nil ? [] : ["full"])).map { "output/\(old.prefix)_\($0).mid" }
        let tracks = song?.tracks.map { ["instrument": $0.name, "channel": "\($0.channel.intValue)", "file": "output/\(old.prefix)_\($0.name).mid"] } ?? []
        let arrangement = song?.outline.sections.map { section -> [String: Any] in
            ["name": section.name, "bars": section.bars, "beats_per_bar": song!.arrangement.meter.numerator, "chords": section.chordNames]
        }
        func json(_ value: Any) throws -> String { String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self) }
        // Channels were integers in v1's JSON.
        let trackJSON = try json(tracks.map { track in track.mapValues { value -> Any in Int(value) ?? value } })
        try db.execute(
            sql: """
                INSERT INTO session (id, file_prefix, status, genre, key, mode, tempo, sections, with_keys, seed, progression,
                  created_at, completed_at, files, tracks, arrangement, error)
                VALUES (?, ?, ?, ?, 'E', 'minor', 120, 3, ?, 1, NULL, ?, ?, ?, ?, ?, NULL)
                """,
            arguments: [
                old.id.uuidString.lowercased(), old.prefix, status, old.genre, old.withKeys, Date(), song == nil ? nil : Date(),
                try json(files), trackJSON, try arrangement.map(json),
            ])
    }
}
