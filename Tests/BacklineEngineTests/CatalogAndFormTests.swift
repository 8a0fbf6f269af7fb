import BacklineEngine
import BacklinePresets
import Foundation
import MusicTheory
import Testing

@Suite("Catalog, form and requests")
struct CatalogAndFormTests {
    @Test("A new YAML genre in a folder is played without rebuilding, and replaces a bundled one with its id")
    func newGenreFromFolder() throws {
        let file = try Fixtures.temporaryPreset(PresetValidationTests.valid, name: "test_genre.yaml")
        let folder = (file as NSString).deletingLastPathComponent
        let catalog = try PresetCatalog.load(directories: [Fixtures.presetsDirectory, folder], loader: Fixtures.loader)
        let preset = try #require(catalog.genre("test_genre"))
        let song = Song(preset: preset, request: SongRequest(genre: "test_genre", key: Key(tonic: NoteName(parsing: "D")!, mode: .major), tempo: 100, sections: 2, withKeys: false, seed: 1))
        #expect(song.arrangement.bars.count == 8)
        #expect(song.tracks.map(\.name) == ["drums", "bass", "guitar"])

        let override = PresetValidationTests.valid.replacingOccurrences(of: "id: test_genre", with: "id: classic_rock")
        let overrideFile = try Fixtures.temporaryPreset(override, name: "mine.yaml")
        let overridden = try PresetCatalog.load(directories: [Fixtures.presetsDirectory, (overrideFile as NSString).deletingLastPathComponent], loader: Fixtures.loader)
        #expect(overridden.genre("classic_rock")?.name == "Test Genre")
        #expect(overridden.overrides.map(\.id) == ["classic_rock"])
    }

    @Test("Loading one genre picks the file the full catalog would pick")
    func loadOneGenre() throws {
        for id in Fixtures.contractGenres {
            let found = try #require(try PresetCatalog.loadGenre(id, directories: [Fixtures.presetsDirectory], loader: Fixtures.loader))
            #expect(found.preset.source == Fixtures.catalog.genre(id)?.source)
        }
        #expect(try PresetCatalog.loadGenre("polka", directories: [Fixtures.presetsDirectory], loader: Fixtures.loader) == nil)

        let valid = PresetValidationTests.valid
        let override = try Fixtures.temporaryPreset(valid.replacingOccurrences(of: "id: test_genre", with: "id: classic_rock"), name: "mine.yaml")
        let folder = (override as NSString).deletingLastPathComponent
        let overridden = try #require(try PresetCatalog.loadGenre("classic_rock", directories: [Fixtures.presetsDirectory, folder], loader: Fixtures.loader))
        #expect(overridden.preset.name == "Test Genre")

        // A later file that is broken is skipped, as the full catalog skips it.
        try (valid.replacingOccurrences(of: "id: test_genre", with: "id: classic_rock") + "\nmetre: 4/4\n").write(toFile: override, atomically: true, encoding: .utf8)
        let fallback = try #require(try PresetCatalog.loadGenre("classic_rock", directories: [Fixtures.presetsDirectory, folder], loader: Fixtures.loader))
        #expect(fallback.preset.name == "Classic Rock" && fallback.skipped.count == 1)

        // A file whose id cannot be read from its text sends the caller to the full catalog.
        let flow = try Fixtures.temporaryPreset("{ id: flow_genre, name: Flow }", name: "flow.yaml")
        #expect(try PresetCatalog.loadGenre("classic_rock", directories: [Fixtures.presetsDirectory, (flow as NSString).deletingLastPathComponent], loader: Fixtures.loader) == nil)
    }

    @Test("Search path: built-in, then ./Presets, then BACKLINE_PRESETS, then --presets; a missing folder is an error")
    func searchPath() throws {
        let path = PresetCatalog.searchPath(flags: ["/c"], environment: ["BACKLINE_PRESETS": "/a:/b"], workingFolderHasPresets: true)
        #expect(path == ["built-in", "Presets", "/a", "/b", "/c"])
        #expect(PresetCatalog.searchPath(flags: [], environment: [:], workingFolderHasPresets: false) == ["built-in"])
        // The built-in genres are the bundled files, byte for byte, and ./Presets holding them overrides nothing.
        let builtIn = try PresetCatalog.load(directories: ["built-in"], loader: Fixtures.loader)
        #expect(builtIn.ids == Fixtures.catalog.ids && builtIn.genres.values.allSatisfy { $0.source.hasPrefix("built-in/") })
        let both = try PresetCatalog.load(directories: ["built-in", Fixtures.presetsDirectory], loader: Fixtures.loader)
        #expect(both.overrides.isEmpty && both.failures.isEmpty && both.ids.count == 42)
        let moods = MoodCatalog.load(directories: ["built-in"])
        #expect(!moods.ids.isEmpty && moods.failures.isEmpty)
        // A changed file replaces the built-in genre, and says so.
        let text = try String(contentsOfFile: Fixtures.presetsDirectory + "/blues.yaml", encoding: .utf8).replacingOccurrences(of: "name: Blues", with: "name: My Blues")
        let mine = try Fixtures.temporaryPreset(text, name: "blues.yaml")
        let replaced = try PresetCatalog.load(directories: ["built-in", (mine as NSString).deletingLastPathComponent], loader: Fixtures.loader)
        #expect(replaced.genre("blues")?.name == "My Blues")
        #expect(replaced.overrides.map(\.id) == ["blues"] && replaced.overrides.first?.replaced == "built-in/blues.yaml")
        #expect(throws: PresetDirectoryError.self) { try PresetCatalog.load(directories: ["/no/such/folder"], loader: Fixtures.loader) }
    }

    @Test("Sections: the first N of the form; past it the body repeats and the outro closes")
    func form() throws {
        let preset = try #require(Fixtures.catalog.genre("classic_rock"))
        #expect(preset.form == ["intro", "verse", "chorus", "verse", "chorus", "bridge", "outro"])
        #expect(preset.sectionNames(count: 1) == ["intro"])
        #expect(preset.sectionNames(count: 4) == ["intro", "verse", "chorus", "verse"])
        #expect(preset.sectionNames(count: 10) == ["intro", "verse", "chorus", "verse", "chorus", "bridge", "verse", "chorus", "verse", "outro"])
        #expect(preset.sectionNames(count: 64).count == 64)
    }

    @Test("The final bar rests on the tonic")
    func endsOnTonic() throws {
        for (key, mode) in [("E", Mode.minor), ("Bb", Mode.major), ("D", Mode.dorian)] {
            let song = try Fixtures.song(Fixtures.request("classic_rock", key: key, mode: mode, sections: 3))
            let last = try #require(song.arrangement.bars.last?.chords.first?.chord)
            #expect(last.root == NoteName(parsing: key)!.pitchClass)
            #expect(last.quality.third == mode.third)
        }
    }

    @Test("Request validation lists what is valid")
    func requestValidation() {
        func message(genre: String = "blues", key: String = "A", mode: String = "minor", tempo: Int = 110, sections: Int = 4, seed: Int64? = nil, progression: String? = nil) -> String? {
            do {
                _ = try Fixtures.validated(genre: genre, key: key, mode: mode, tempo: tempo, sections: sections, seed: seed, progression: progression)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message(genre: "polka")?.contains("available genres: ") == true)
        #expect(message(genre: "polka")?.contains("classic_rock") == true)
        #expect(message(key: "H")?.contains("C, C#, Db") == true)
        #expect(message(mode: "ionian")?.contains("hungarian_minor") == true)
        #expect(message(tempo: 39) == "tempo 39 is outside 40–300 bpm")
        #expect(message(tempo: 301) != nil && message(tempo: 300) == nil && message(tempo: 40) == nil)
        #expect(message(sections: 0) != nil && message(sections: 65) != nil && message(sections: 64) == nil)
        #expect(message(seed: -1) != nil)
        #expect(message(progression: "Am7 | Q7") == "progression, at character 7: 'Q7' is not a chord symbol (a root C–B with # or b, a quality such as m, 7, maj7, m7b5, dim, aug, sus4, add9 or 13, and an optional /bass)")
    }

    @Test("A drawn seed is recorded and reproduces the song")
    func drawnSeed() throws {
        let drawn = try Fixtures.validated(genre: "blues", key: "A", mode: "minor", tempo: 110, sections: 2, seed: nil)
        let replay = try Fixtures.validated(genre: "blues", key: "A", mode: "minor", tempo: 110, sections: 2, seed: Int64(drawn.seed))
        #expect(try Fixtures.song(drawn).fullMIDIFile() == Fixtures.song(replay).fullMIDIFile())
    }

    @Test("The key signature and the user's spelling reach the file")
    func spellingKept() throws {
        let sharp = try Fixtures.song(Fixtures.request("classic_rock", key: "A#", mode: .major))
        let flat = try Fixtures.song(Fixtures.request("classic_rock", key: "Bb", mode: .major))
        #expect(sharp.title.hasSuffix("in A# major"))
        #expect(flat.title.hasSuffix("in Bb major"))
        #expect(sharp.tracks.map(\.notes) == flat.tracks.map(\.notes))
    }
}
