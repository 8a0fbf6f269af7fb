import BacklineAgents
import BacklineComposition
import BacklineEngine
import BacklinePresets
import Foundation
import MusicTheory

/// What every engine test shares: the plugins' registry and the bundled genres.
enum Fixtures {
    static let registry: AgentRegistry = Composition.agentRegistry()

    static let loader = PresetLoader(registry: registry)

    /// The repository's `Presets/` folder.
    static let presetsDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Presets").path

    static let catalog: PresetCatalog = {
        do {
            return try PresetCatalog.load(directories: [presetsDirectory], loader: loader)
        } catch {
            preconditionFailure("the bundled presets folder is missing: \(error)")
        }
    }()

    /// The contract's genres.
    static let contractGenres = [
        "classic_rock", "blues", "pop", "folk", "country", "punk", "hard_rock", "jazz", "funk", "reggae", "soul", "rnb",
        "metal", "hip_hop", "latin", "bossa_nova", "electronic", "house", "ambient", "gospel", "swing", "bebop",
    ]

    /// The genres added after the contract's 22: eighteen to forty, and two in odd meters.
    static let moreGenres = [
        "ska", "disco", "motown", "second_line", "samba", "afrobeat", "cumbia", "salsa", "jazz_waltz", "shuffle", "bluegrass",
        "drum_and_bass", "trap", "lofi", "indie_rock", "grunge", "tango", "soul_ballad", "jazz_5_4", "balkan_7_8",
    ]

    /// Every bundled genre.
    static let allGenres = contractGenres + moreGenres

    static func request(
        _ genre: String, key: String = "C", mode: Mode = .major, tempo: Int? = nil, sections: Int = 4, withKeys: Bool = false,
        seed: UInt64 = 7, chart: ChordChart? = nil, meter: Meter? = nil
    ) -> SongRequest {
        let preset = catalog.genre(genre)
        return SongRequest(
            genre: genre, key: Key(tonic: NoteName(parsing: key)!, mode: mode), tempo: tempo ?? preset?.defaultTempo ?? 120,
            sections: sections, withKeys: withKeys, seed: seed, chart: chart, meter: meter)
    }

    /// A request checked as every front end checks one.
    static func validated(
        genre: String, key: String, mode: String, tempo: Int, sections: Int, withKeys: Bool = false, parts: [String]? = nil, seed: Int64?,
        progression: String? = nil
    ) throws(SongRequestError) -> SongRequest {
        var draft = SongRequest.Draft()
        (draft.genre, draft.key, draft.mode, draft.tempo, draft.sections) = (genre, key, mode, tempo, sections)
        (draft.withKeys, draft.parts, draft.seed, draft.progression) = (withKeys, parts, seed, progression)
        return try SongRequest.validated(draft, defaults: .contract, genres: catalog.genres)
    }

    struct MissingGenre: Error, CustomStringConvertible {
        let id: String
        var description: String { "Presets/ has no genre '\(id)'" }
    }

    static func song(_ request: SongRequest) throws -> Song {
        guard let preset = catalog.genre(request.genre) else { throw MissingGenre(id: request.genre) }
        return Song(preset: preset, request: request)
    }

    /// Writes preset text into a fresh temporary folder and returns the file's path.
    static func temporaryPreset(_ text: String, name: String = "preset.yaml") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backline-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
