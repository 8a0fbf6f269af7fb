import ArgumentParser
import BacklineEngine
import BacklinePresets
import MusicTheory

/// What song to make: shared by `generate` and `bench`.
struct SongOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Genre id (see 'backline genres').", valueName: "id"))
    var genre: String = "classic_rock"

    @Option(help: ArgumentHelp("Root note: \(NoteName.keyNames.joined(separator: ", ")).", valueName: "note"))
    var key: String = "C"

    @Option(help: ArgumentHelp("Mode: \(Mode.names.joined(separator: ", ")).", valueName: "mode"))
    var mode: String = "major"

    @Option(help: ArgumentHelp("Beats per minute, \(SongRequest.tempoRange.lowerBound)–\(SongRequest.tempoRange.upperBound); default: the genre's tempo.", valueName: "bpm"))
    var tempo: Int?

    @Option(help: ArgumentHelp("Number of song sections, \(SongRequest.sectionRange.lowerBound)–\(SongRequest.sectionRange.upperBound).", valueName: "n"))
    var sections: Int = 4

    @Flag(help: "Add a keyboard part.")
    var withKeys = false

    @Option(help: ArgumentHelp(
        "A chord chart for every section instead of the genre's: \"Am7 | D7 | Gmaj7 Cmaj7 | %\" or \"ii7 | V7 | Imaj7\".",
        valueName: "chart"))
    var progression: String?

    @OptionGroup var presets: PresetOptions

    /// The compiled genre and a checked request (with `seed`, or a drawn one). Only the genre's own
    /// file is parsed when that is enough; an unknown genre loads them all to list what there is.
    func resolve(seed: Int64?) throws -> (preset: GenrePreset, request: SongRequest) {
        let preset: GenrePreset
        if let found = try presets.genre(genre) {
            preset = found
        } else {
            let catalog = try presets.catalog()
            guard let found = catalog.genre(genre) else {
                throw CLIError("unknown genre '\(genre)'; available genres: \(catalog.ids.joined(separator: ", "))")
            }
            preset = found
        }
        do {
            let request = try SongRequest.validated(
                genre: genre, key: key, mode: mode, tempo: tempo ?? preset.defaultTempo, sections: sections,
                withKeys: withKeys, seed: seed, progression: progression, genres: [preset.id])
            return (preset, request)
        } catch {
            throw CLIError(error.message)
        }
    }
}
