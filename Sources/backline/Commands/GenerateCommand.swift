import ArgumentParser
import BacklineEngine
import BacklinePresets
import Foundation
import MusicTheory

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a backing track: one MIDI file per part and a combined file.",
        discussion: """
            Writes <name>_drums.mid, <name>_bass.mid, <name>_guitar.mid (and <name>_keys.mid with \
            --with-keys) and <name>_full.mid into --out, then prints the files and the arrangement.
            Without --seed a seed is drawn and printed; pass it back to get the same bytes again.

            Examples:
              backline generate --genre blues --key A --mode minor --tempo 110 --sections 4 --out songs
              backline generate --genre jazz --key F --progression "ii7 | V7 | Imaj7 | %" --out songs
            """
    )

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

    @Option(help: ArgumentHelp("Integer seed (0–\(SongRequest.seedRange.upperBound)); the same seed writes the same bytes.", valueName: "n"))
    var seed: Int64?

    @Option(help: ArgumentHelp(
        "A chord chart for every section instead of the genre's: \"Am7 | D7 | Gmaj7 Cmaj7 | %\" or \"ii7 | V7 | Imaj7\".",
        valueName: "chart"))
    var progression: String?

    @Option(help: ArgumentHelp("File name prefix; default <genre>_<key>_<mode>.", valueName: "prefix"))
    var name: String?

    @Option(help: ArgumentHelp("Output folder, created if missing.", valueName: "dir"))
    var out: String

    @OptionGroup var presets: PresetOptions

    func run() throws {
        let catalog = try presets.catalog()
        let request: SongRequest
        do {
            let tempo = self.tempo ?? catalog.genre(genre)?.defaultTempo ?? 120
            request = try SongRequest.validated(
                genre: genre, key: key, mode: mode, tempo: tempo, sections: sections, withKeys: withKeys, seed: seed,
                progression: progression, genres: catalog.ids)
        } catch {
            throw CLIError(error.message)
        }
        guard let preset = catalog.genre(request.genre) else { throw CLIError("unknown genre '\(genre)'") }
        let prefix = name ?? "\(preset.id)_\(request.key.tonic)_\(request.key.mode.rawValue)"
        guard !prefix.isEmpty, !prefix.contains("/") else { throw CLIError("--name must be a file name prefix without '/'") }

        let song = Song(preset: preset, request: request)
        let written: [SongFiles.Written]
        do {
            written = try SongFiles.write(song, to: out, prefix: prefix)
        } catch {
            throw CLIError("cannot write to '\(out)': \(error.localizedDescription)")
        }
        print(ArrangementReport(song: song).text)
        print("files:")
        for file in written { print("  \(file.path)") }
    }
}
