import ArgumentParser
import BacklineEngine
import BacklinePresets
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

    @OptionGroup var presets: PresetOptions

    /// The flags as a request draft.
    func draft(seed: Int64?) -> SongRequest.Draft {
        var draft = SongRequest.Draft()
        draft.genre = genre
        draft.key = key
        draft.mode = mode
        draft.tempo = tempo
        draft.sections = sections
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
        return draft
    }

    /// The compiled genre and a checked request (with `seed`, or a drawn one). Only the genre's own
    /// file is parsed when that is enough; an unknown genre loads them all to list what there is.
    func resolve(seed: Int64?) throws -> (preset: GenrePreset, request: SongRequest) {
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
            let request = try SongRequest.validated(draft(seed: seed), defaults: .genreTempo, genres: [preset.id: preset])
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
        text = text.replacingOccurrences(of: "count_in", with: "--count-in").replacingOccurrences(of: "sections or form", with: "--sections or --form")
        text = text.replacingOccurrences(of: "named by loop", with: "named by --loop-sections")
        text = text.replacingOccurrences(of: "GET /genres/{id}", with: "backline genres").replacingOccurrences(of: "GET /genres", with: "backline genres")
        text = text.replacingOccurrences(of: "with_keys", with: "--with-keys")
        return ArgumentHelp(text, valueName: valueName)
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
