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
              backline generate --ireal 'irealbook://Blues=Me=Medium Swing=F=n=*A{F7 |Bb7 |F7 |x }' --count-in 1 --out songs
              backline generate --chart tune.musicxml --genre bossa_nova --musicxml --out songs
            """
    )

    @OptionGroup var song: SongOptions

    @Option(help: ArgumentHelp("Integer seed (0–\(SongRequest.seedRange.upperBound)); the same seed writes the same bytes.", valueName: "n"))
    var seed: Int64?

    @Option(help: ArgumentHelp("File name prefix; default <genre>_<key>_<mode>.", valueName: "prefix"))
    var name: String?

    @Option(help: ArgumentHelp("Output folder, created if missing.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Also render <name>_full.wav or .flac with FluidSynth (apt-get install fluidsynth fluid-soundfont-gm).", valueName: "wav|flac"))
    var audio: AudioRenderer.Format?

    @Option(help: ArgumentHelp("General MIDI SoundFont for --audio (default BACKLINE_SOUNDFONT or \(AudioRenderer.defaultSoundFont)).", valueName: "file"))
    var soundfont: String?

    @Flag(help: "Also write <name>_pianoroll.svg, a picture of every part, bar and chord.")
    var pianoroll = false

    @Flag(help: "Also write <name>.musicxml: a MusicXML lead sheet with the chord symbols, sections, tempo, key, the bass line and the drums (opens in MuseScore).")
    var musicxml = false

    func run() throws {
        let renderer = AudioRenderer(soundFont: soundfont)
        if audio != nil, let reason = renderer.unavailableReason { throw CLIError(reason) }
        let (preset, request) = try song.resolve(seed: seed)
        let prefix = name ?? "\(preset.id)_\(request.key.tonic)_\(request.key.mode.rawValue)"
        guard !prefix.isEmpty, !prefix.contains("/") else { throw CLIError("--name must be a file name prefix without '/'") }

        let rendered = Song(preset: preset, request: request)
        var written: [String]
        do {
            written = try SongFiles.write(rendered, to: out, prefix: prefix).map(\.path)
            if pianoroll { written.append(try SongFiles.writePianoRoll(rendered, to: out, prefix: prefix)) }
            if musicxml { written.append(try SongFiles.write(Array(rendered.musicXML().utf8), named: "\(prefix).musicxml", in: out)) }
        } catch {
            throw CLIError("cannot write to '\(out)': \(error.localizedDescription)")
        }
        if let audio, let full = written.first(where: { $0.hasSuffix("_full.mid") }) {
            let path = String(full.dropLast(".mid".count)) + "." + audio.rawValue
            do {
                try renderer.render(midi: full, to: path, format: audio)
            } catch {
                throw CLIError("\(error)")
            }
            written.append(path)
        }
        print(ArrangementReport(song: rendered).text)
        print("files:")
        for file in written { print("  \(file)") }
    }
}

extension AudioRenderer.Format: ExpressibleByArgument {}
