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
                "Only the song with this title (letter case aside); a playlist holds many.", valueName: "title"))
        var song: String?

        func run() throws {
            var songs: [IRealPro.Song] = []
            for link in try links() {
                do {
                    songs += try IRealPro.playlist(link).songs
                } catch {
                    throw CLIError(error.message)
                }
            }
            if let wanted = song {
                let matching = songs.filter { $0.sheet.title.lowercased() == wanted.lowercased() }
                guard !matching.isEmpty else {
                    let titles = songs.prefix(12).map(\.sheet.title).joined(separator: ", ")
                    throw CLIError(
                        "no song titled '\(wanted)'; the link holds \(titles)\(songs.count > 12 ? " …" : "")")
                }
                songs = matching
            }
            for song in songs {
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
                let data = try encoder.encode(songs.map(SongJSON.init))
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(songs.map(Self.text(of:)).joined(separator: "\n\n"))
            }
        }

        /// The links the argument names: itself, or those in the file it names.
        private func links() throws -> [String] {
            let lowered = source.lowercased()
            if lowered.hasPrefix("irealb://") || lowered.hasPrefix("irealbook://") { return [source] }
            guard FileManager.default.fileExists(atPath: source) else {
                throw CLIError("'\(source)' is neither an iReal Pro link (irealb://… or irealbook://…) nor a file")
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: source))
            } catch {
                throw CLIError("cannot read \(source): \(error.localizedDescription)")
            }
            let text = String(data: data, encoding: .utf8) ?? String(decoding: data, as: UTF8.self)
            let found = IRealPro.links(in: text)
            guard !found.isEmpty else { throw CLIError("\(source) holds no irealb:// or irealbook:// link") }
            return found
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

/// One song as `chart import --json` prints it.
private struct SongJSON: Encodable {
    struct Section: Encodable {
        let name: String
        let firstBar: Int
        let bars: Int

        enum CodingKeys: String, CodingKey {
            case name
            case firstBar = "first_bar"
            case bars
        }
    }

    struct MeterChange: Encodable {
        let bar: Int
        let meter: String
    }

    struct Unreadable: Encodable {
        let bar: Int
        let ireal: String
        let chord: String
        let playedAs: String

        enum CodingKeys: String, CodingKey {
            case bar, ireal, chord
            case playedAs = "played_as"
        }
    }

    let title: String
    let composer: String?
    let style: String?
    let groove: String?
    let genre: String?
    let key: String?
    let meter: String
    let tempo: Int?
    let chart: String
    let bars: [[String]]
    let sections: [Section]
    let meterChanges: [MeterChange]
    let unreadable: [Unreadable]

    init(_ song: IRealPro.Song) {
        let sheet = song.sheet
        title = sheet.title
        composer = sheet.composer
        style = sheet.style
        groove = song.groove
        genre = song.genre
        key = sheet.key?.description
        meter = (sheet.meter ?? .common).description
        tempo = sheet.tempo
        chart = sheet.chart.description
        bars = sheet.chart.bars.map { $0.map(\.description) }
        sections = sheet.chart.sections.map { Section(name: $0.name, firstBar: $0.firstBar, bars: $0.bars) }
        meterChanges = song.meterChanges.map { MeterChange(bar: $0.bar, meter: $0.meter.description) }
        unreadable = song.unreadable.map {
            Unreadable(bar: $0.bar, ireal: $0.ireal, chord: $0.chord, playedAs: $0.playedAs)
        }
    }

    enum CodingKeys: String, CodingKey {
        case title, composer, style, groove, genre, key, meter, tempo, chart, bars, sections
        case meterChanges = "meter_changes"
        case unreadable
    }

    func encode(to encoder: Encoder) throws {
        // Absent values are written as null, so every song has every key.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(composer, forKey: .composer)
        try container.encode(style, forKey: .style)
        try container.encode(groove, forKey: .groove)
        try container.encode(genre, forKey: .genre)
        try container.encode(key, forKey: .key)
        try container.encode(meter, forKey: .meter)
        try container.encode(tempo, forKey: .tempo)
        try container.encode(chart, forKey: .chart)
        try container.encode(bars, forKey: .bars)
        try container.encode(sections, forKey: .sections)
        try container.encode(meterChanges, forKey: .meterChanges)
        try container.encode(unreadable, forKey: .unreadable)
    }
}
