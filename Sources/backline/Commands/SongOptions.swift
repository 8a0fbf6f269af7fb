import ArgumentParser
import BacklineEngine
import BacklinePresets
import ChordCharts
import Foundation
import MusicTheory

/// What song to make: shared by `generate` and `bench`. Each flag's help, bounds and default come
/// from the request model's table of fields, as the REST API's and the MCP tools' do.
struct SongOptions: ParsableArguments {
    @Option(help: FieldHelp.help("genre", valueName: "id"))
    var genre: String?

    @Option(help: FieldHelp.help("key", valueName: "note"))
    var key: String?

    @Option(help: FieldHelp.help("mode", valueName: "mode"))
    var mode: String?

    @Option(help: FieldHelp.help("tempo", valueName: "bpm"))
    var tempo: Int?

    @Option(help: FieldHelp.help("sections", valueName: "n"))
    var sections: Int?

    @Option(help: FieldHelp.help("meter", valueName: "n/d"))
    var meter: String?

    @Flag(help: FieldHelp.help("with_keys"))
    var withKeys = false

    @Option(help: FieldHelp.help("parts", valueName: "drums,bass,…"), transform: { $0.split(separator: ",").map { String($0).trimmingSpaces() } })
    var parts: [String]?

    @Option(help: FieldHelp.help("form", valueName: "intro,verse,…"), transform: { $0.split(separator: ",").map { String($0).trimmingSpaces() } })
    var form: [String]?

    @Option(help: FieldHelp.help("bars", valueName: "n"))
    var bars: Int?

    @Flag(help: "The song as a seamless loop (for games): no ending hit, the last bar leading back into the first, no note sounding across the loop point.")
    var loop = false

    @Option(
        help: ArgumentHelp(
            "Loop only these sections (the genre's, or the chart's own such as A,B), once each; with --practice, the passes play them. Comma-separated.",
            valueName: "A,B"),
        transform: { $0.split(separator: ",").map { String($0).trimmingSpaces() } })
    var loopSections: [String]?

    @Option(help: FieldHelp.help("count_in", valueName: "bars"))
    var countIn: Int?

    @Option(help: FieldHelp.help("choruses", valueName: "n"))
    var choruses: Int?

    @Option(help: FieldHelp.help("practice", valueName: "NxS"))
    var practice: String?

    @Option(help: FieldHelp.help("progression", valueName: "chart"))
    var progression: String?

    @Option(
        help: ArgumentHelp(
            "An iReal Pro link (irealb://… or irealbook://…), or a file holding one (or the HTML page iReal Pro's Share writes), whose song is the chord chart, played whole with its sections. The song's style picks the genre and its key the key, unless --genre, --key or --mode say otherwise (--key transposes the tune). See backline chart import.",
            valueName: "link-or-file"))
    var ireal: String?

    @Option(help: FieldHelp.help("song", valueName: "title"))
    var song: String?

    @Option(
        help: ArgumentHelp(
            "A chord chart from a file: a MusicXML lead sheet (.musicxml, .xml, or compressed .mxl), whose <harmony> chord symbols, measures, time signature and key are read, or a text file in the --progression syntax (one or more lines; a line ends a bar; # starts a comment).",
            valueName: "file"))
    var chart: String?

    @Flag(help: FieldHelp.help("strict"))
    var strict = false

    @OptionGroup var presets: PresetOptions

    /// The flags as a request draft; chart files are read here.
    func draft(seed: Int64?) throws -> SongRequest.Draft {
        var draft = SongRequest.Draft()
        draft.genre = genre
        draft.key = key
        draft.mode = mode
        draft.tempo = tempo
        draft.sections = sections
        draft.meter = meter
        draft.withKeys = withKeys
        draft.parts = parts
        draft.seed = seed
        draft.progression = progression
        draft.form = form
        draft.bars = bars
        draft.loop = loopSections.map { .sections($0) } ?? (loop ? .whole : nil)
        draft.countIn = countIn
        draft.choruses = choruses
        draft.practice = practice
        draft.song = song
        draft.strict = strict ? true : nil
        if let ireal { draft.ireal = try Self.link(ireal, song: song) }
        if let chart {
            switch try Self.chartFile(chart) {
            case .musicXML(let text): draft.musicxml = text
            case .progression(let text): draft.progression = text
            }
            if progression != nil { throw CLIError("give one chord chart: --progression or --chart, not both") }
        }
        return draft
    }

    /// The link `source` is, or the one in the file it names: with several (an iReal Pro HTML page
    /// of playlists), the one holding the song titled `song`.
    static func link(_ source: String, song: String?) throws -> String {
        let links = try ChartCommand.links(from: source)
        guard links.count > 1 else { return links[0] }
        if let song {
            let holding = links.first { link in
                guard let playlist = try? IRealPro.playlist(link) else { return false }
                let key = LeadSheet.titleKey(song)
                return playlist.song(titled: song) != nil || playlist.skipped.contains { LeadSheet.titleKey($0.title) == key }
            }
            guard let holding else { throw CLIError("no song titled '\(song)' in the \(links.count) links of \(source); see backline chart import \(source)") }
            return holding
        }
        throw CLIError("\(source) holds \(links.count) iReal Pro links; pick a song with --song (backline chart import \(source) lists them)")
    }

    /// What a `--chart` file holds.
    enum ChartFile {
        case musicXML(String)
        case progression(String)
    }

    /// Reads a `--chart` file: MusicXML when it starts with `<`, else a chart in the --progression
    /// syntax whose lines are bars (or rows of bars).
    static func chartFile(_ path: String) throws -> ChartFile {
        let data = try CLIError.contents(of: path, named: "--chart \(path)")
        // Compressed MusicXML (.mxl) is a zip: handed on as the request carries one, in base64.
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .musicXML(data.base64EncodedString()) }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("--chart \(path) is not UTF-8 text") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("<") { return .musicXML(text) }
        let rows = trimmed.split(whereSeparator: \.isNewline)
            .map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0] }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: " \t|")) }
            .filter { !$0.isEmpty }
        guard !rows.isEmpty else { throw CLIError("--chart \(path) holds no chords") }
        return .progression(rows.joined(separator: " | "))
    }

    /// The compiled genre and a checked request (with `seed`, or a drawn one). Only the genre's own
    /// file is parsed when that is enough; an unknown genre loads them all to list what there is.
    func resolve(seed: Int64?) throws -> (preset: GenrePreset, request: SongRequest) {
        let draft = try draft(seed: seed)
        // An imported chart's style may choose the genre, and its meter must find one: all genres are loaded.
        if draft.ireal != nil || draft.musicxml != nil {
            let catalog = try presets.catalog()
            do {
                let request = try SongRequest.validated(draft, defaults: .genreTempo, genres: catalog.genres)
                guard let preset = catalog.genre(request.genre) else { throw CLIError("unknown genre '\(request.genre)'") }
                return (preset, request)
            } catch let error as SongRequestError {
                throw CLIError(error.message)
            }
        }
        let id = genre ?? SongRequest.Defaults.genreTempo.genre
        let preset: GenrePreset
        if let found = try presets.genre(id) {
            preset = found
        } else {
            let catalog = try presets.catalog()
            guard let found = catalog.genre(id) else {
                throw CLIError("unknown genre '\(id)'; available genres: \(catalog.ids.joined(separator: ", "))")
            }
            preset = found
        }
        do {
            let request = try SongRequest.validated(draft, defaults: .genreTempo, genres: [preset.id: preset])
            return (preset, request)
        } catch {
            throw CLIError(error.message)
        }
    }
}

/// Help for a request flag from the request model's table: its summary, its bounds or choices, its
/// default.
enum FieldHelp {
    static let fields = SongRequest.fields(genres: [], parts: [], defaults: .genreTempo)

    /// API spellings in the field summaries and what the command line calls them, longest first.
    static let cliSpellings = [
        ("GET /genres/{id}", "backline genres"), ("GET /genres", "backline genres"), ("sections or form", "--sections or --form"),
        ("named by loop", "named by --loop-sections"), ("count_in", "--count-in"), ("with_keys", "--with-keys"),
    ]

    static func help(_ name: String, valueName: String? = nil) -> ArgumentHelp {
        guard let field = fields.first(where: { $0.name == name }) else { preconditionFailure("no request field '\(name)'") }
        var text = field.summary
        switch field.kind {
        case .text(_, let choices?) where !choices.isEmpty: text += " One of: \(choices.joined(separator: ", "))."
        case .integer(_, let range): text += " \(range.lowerBound)–\(range.upperBound)."
        case .seed(_, let range): text += " \(range.lowerBound)–\(range.upperBound)."
        case .names: text += " Comma-separated."
        default: break
        }
        if let value = field.defaultValue, !["with_keys", "loop"].contains(field.name) { text += " Default: \(value)." }
        // The API's field names become the flags a user types. Swift's own `replacing` (not
        // Foundation's) keeps this cheap: it runs for every option at every start.
        for (api, flag) in cliSpellings where text.contains(api) { text = text.replacing(api, with: flag) }
        return ArgumentHelp(text, valueName: valueName)
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
