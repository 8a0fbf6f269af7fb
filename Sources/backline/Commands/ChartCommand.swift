import ArgumentParser
import ChordCharts
import Foundation
import MusicTheory

struct ChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Bring chord charts in from other apps.",
        subcommands: [ImportCommand.self]
    )

    /// The links `source` names: itself, or those in the file it names.
    static func links(from source: String) throws -> [String] {
        let lowered = source.lowercased()
        if lowered.hasPrefix("irealb://") || lowered.hasPrefix("irealbook://") { return [source] }
        guard FileManager.default.fileExists(atPath: source) else {
            throw CLIError("'\(source)' is neither an iReal Pro link (irealb://… or irealbook://…) nor a file")
        }
        let data = try CLIError.contents(of: source, named: source)
        let text = String(data: data, encoding: .utf8) ?? String(decoding: data, as: UTF8.self)
        let found = IRealPro.links(in: text)
        guard !found.isEmpty else { throw CLIError("\(source) holds no irealb:// or irealbook:// link") }
        return found
    }

    struct ImportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Read an iReal Pro link (one song or a playlist) and print each song's Backline chart.",
            discussion: """
                Reads irealb:// and irealbook:// links, given as they are or in a file: a file holding a link, \
                or the HTML page iReal Pro's Share writes (every link in it is read). Repeats, 1st and 2nd endings, \
                bar repeats and D.C./D.S. al Coda are played out, so bars come in playing order; rehearsal marks \
                name the sections (*A → [A], *i → [Intro], *V → [Verse]).

                For each song it prints a line `Title — Composer (Style → genre, Key, Meter)` and the chart in \
                the syntax --progression reads. A chord Backline cannot read yet (7alt, 13b9 …) plays as the \
                nearest one it can; a warning on stderr names it. With --json it prints a list of songs with \
                title, composer, style, groove, genre, key ("Eb major", "C minor"), meter, tempo, chart, bars \
                (the chords of each bar in playing order), sections (name, first_bar from 0, bars), \
                meter_changes and unreadable.

                Examples:
                  backline chart import 'irealbook://Blues=Me=Medium Swing=F=n=*A{F7 |Bb7 |F7 |x }'
                  backline chart import Jazz1460.html --song "Autumn Leaves" --json
                """
        )

        @Argument(
            help: ArgumentHelp(
                "An irealb:// or irealbook:// link, or a file holding one (or an iReal Pro HTML page).",
                valueName: "link-or-file"))
        var source: String

        @Flag(help: "Print the songs as JSON.")
        var json = false

        @Option(
            help: ArgumentHelp(
                "Only the song with this title (letter case, accents and a leading or trailing 'The' aside); a playlist holds many.",
                valueName: "title"))
        var song: String?

        @Flag(help: "Refuse the link at the first symbol the reader does not know, naming the song and bar, instead of skipping the songs it cannot read and reading the nearest thing inside the others. For authors checking their own charts.")
        var strict = false

        func run() throws {
            var songs: [IRealPro.Song] = []
            var skipped: [IRealPro.SkippedSong] = []
            for link in try ChartCommand.links(from: source) {
                do {
                    let playlist = try IRealPro.playlist(link, strict: strict)
                    songs += playlist.songs
                    skipped += playlist.skipped
                } catch {
                    throw CLIError(error.message)
                }
            }
            if let wanted = song {
                let key = LeadSheet.titleKey(wanted)
                skipped = skipped.filter { LeadSheet.titleKey($0.title) == key }
                let matching = songs.filter { LeadSheet.titleKey($0.sheet.title) == key }
                if matching.isEmpty, let unreadable = skipped.first { throw CLIError("cannot read \(unreadable.description)") }
                guard !matching.isEmpty else {
                    let titles = songs.prefix(12).map(\.sheet.title).joined(separator: ", ")
                    throw CLIError(
                        "no song titled '\(wanted)'; the link holds \(titles)\(songs.count > 12 ? " …" : "")")
                }
                songs = matching
            }
            // Every song left out is named, with why, so a playlist imports whole and says what it lost.
            for song in skipped {
                FileHandle.standardError.write(Data("skipped: \(song.description)\n".utf8))
            }
            for song in songs {
                for warning in song.warnings {
                    FileHandle.standardError.write(Data("warning: \(song.sheet.title), bar \(warning.bar): \(warning.message)\n".utf8))
                }
                for chord in song.unreadable {
                    FileHandle.standardError.write(
                        Data(
                            "warning: \(song.sheet.title), bar \(chord.bar): \(chord.chord) plays as \(chord.playedAs) (Backline does not read \(chord.chord) yet)\n"
                                .utf8))
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(songs.map(IRealPro.SongJSON.init))
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(songs.map(Self.text(of:)).joined(separator: "\n\n"))
            }
        }

        /// `Title — Composer (Style → genre, Key, Meter)`, then the chart.
        private static func text(of song: IRealPro.Song) -> String {
            let sheet = song.sheet
            var facts: [String] = []
            let style = sheet.style ?? song.groove
            switch (style, song.genre) {
            case (let style?, let genre?): facts.append("\(style) → \(genre)")
            case (let style?, nil): facts.append("\(style) → no Backline genre")
            case (nil, let genre?): facts.append("→ \(genre)")
            case (nil, nil): break
            }
            if let key = sheet.key { facts.append(key.description) }
            facts.append((sheet.meter ?? .common).description)
            let composer = sheet.composer.map { " — \($0)" } ?? ""
            return "\(sheet.title)\(composer) (\(facts.joined(separator: ", ")))\n\(sheet.chart.description)"
        }
    }
}
