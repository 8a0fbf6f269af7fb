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

    @OptionGroup var song: SongOptions

    @Option(help: ArgumentHelp("Integer seed (0–\(SongRequest.seedRange.upperBound)); the same seed writes the same bytes.", valueName: "n"))
    var seed: Int64?

    @Option(help: ArgumentHelp("File name prefix; default <genre>_<key>_<mode>.", valueName: "prefix"))
    var name: String?

    @Option(help: ArgumentHelp("Output folder, created if missing.", valueName: "dir"))
    var out: String

    func run() throws {
        let (preset, request) = try song.resolve(seed: seed)
        let prefix = name ?? "\(preset.id)_\(request.key.tonic)_\(request.key.mode.rawValue)"
        guard !prefix.isEmpty, !prefix.contains("/") else { throw CLIError("--name must be a file name prefix without '/'") }

        let rendered = Song(preset: preset, request: request)
        let written: [SongFiles.Written]
        do {
            written = try SongFiles.write(rendered, to: out, prefix: prefix)
        } catch {
            throw CLIError("cannot write to '\(out)': \(error.localizedDescription)")
        }
        print(ArrangementReport(song: rendered).text)
        print("files:")
        for file in written { print("  \(file.path)") }
    }
}
