import BacklineAgents
import BacklineEngine
import Foundation

/// Moods for game music, read from `moods/*.yaml` beside the genres in each preset folder: each
/// mood names a genre and how to play it as a seamless loop (tempo, key, mode, form, parts, bars).
/// Editable without rebuilding; a later folder's mood replaces an earlier one's.
public struct MoodCatalog: Sendable {
    public struct Mood: Sendable, Hashable {
        public let id: String
        public let description: String
        public let genre: String
        public let tempo: Int?
        public let key: String
        public let mode: String
        public let form: [String]?
        public let parts: [String]?
        /// The loop's length when the caller names none.
        public let bars: Int
        /// Where the mood was written, for errors that point at it.
        public let file: String
        public let location: SourceLocation

        /// The loop as a request draft; `bars`, `key` and `seed` from the caller win.
        public func draft(bars: Int?, key: String?, seed: Int64?) -> SongRequest.Draft {
            var draft = SongRequest.Draft()
            draft.genre = genre
            draft.tempo = tempo
            draft.key = key ?? self.key
            draft.mode = mode
            draft.form = form
            draft.parts = parts
            draft.bars = bars ?? self.bars
            draft.loop = .whole
            draft.seed = seed
            return draft
        }
    }

    public let moods: [String: Mood]
    public let failures: [PresetLoadFailure]

    public var ids: [String] { moods.keys.sorted() }

    static let keys = ["description", "genre", "tempo", "key", "mode", "form", "parts", "bars"]

    /// The moods that would not play with these genres (an unknown genre, key, mode, section or
    /// part), as preset errors at the mood's name. Moods whose genre is not among `genres` are
    /// checked only when `requireGenre` is true.
    public func problems(genres: [String: GenrePreset], requireGenre: Bool = true) -> [PresetError] {
        moods.values.sorted { ($0.file, $0.location.line) < ($1.file, $1.location.line) }.compactMap { mood -> PresetError? in
            guard requireGenre || genres[mood.genre] != nil else { return nil }
            do throws(SongRequestError) {
                _ = try SongRequest.validated(mood.draft(bars: nil, key: nil, seed: nil), defaults: .genreTempo, genres: genres)
                return nil
            } catch {
                return PresetError(
                    .invalidValue, "mood '\(mood.id)' cannot play: \(error.message)", at: mood.location, keyPath: "\(mood.id).\(error.field)",
                    file: mood.file)
            }
        }
    }

    /// Whether a file is a moods file: it sits in a folder named `moods`.
    public static func isMoodsFile(_ path: String) -> Bool {
        ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent == "moods"
    }

    /// Every `moods/*.yaml` of the folders, in order.
    public static func load(directories: [String]) -> MoodCatalog {
        var moods: [String: Mood] = [:]
        var failures: [PresetLoadFailure] = []
        for directory in directories {
            let folder = (directory as NSString).appendingPathComponent("moods")
            for file in (try? PresetCatalog.presetFiles(in: folder)) ?? [] {
                switch read(file: file) {
                case .success(let found): moods.merge(found) { _, later in later }
                case .failure(let failure): failures.append(failure)
                }
            }
        }
        return MoodCatalog(moods: moods, failures: failures)
    }

    /// One moods file: a mapping of mood ids to their settings.
    public static func read(file: String) -> Result<[String: Mood], PresetLoadFailure> {
        guard let text = PresetFiles.text(of: file) else {
            return .failure(PresetLoadFailure(file: file, errors: [PresetError(.unreadableFile, "cannot read the file", at: .start, keyPath: "", file: file)]))
        }
        var d = Diagnostics()
        var moods: [String: Mood] = [:]
        switch YAMLDocument.parse(text) {
        case .failure(let error):
            d.report(error)
        case .success(let root):
            for entry in root.namedMapping(&d, of: "mood names to their settings") ?? [] {
                guard let map = entry.value.mapping(&d, allowed: keys) else { continue }
                let genre = map.require("genre", &d, hint: "the genre the mood plays, e.g. genre: ambient").flatMap { $0.string(&d, of: "a genre id") }
                let description = map["description"]?.string(&d, of: "a description") ?? ""
                let tempo = map["tempo"].flatMap { $0.int(&d, in: SongRequest.tempoRange, of: "a tempo in bpm") }
                let key = map["key"]?.string(&d, of: "a key such as C or Bb") ?? "C"
                let mode = map["mode"]?.string(&d, of: "a mode such as minor") ?? "major"
                let form = map["form"].flatMap { node in node.sequence(&d, of: "section names")?.compactMap { $0.string(&d, of: "a section name") } }
                let parts = map["parts"].flatMap { node in node.sequence(&d, of: "part names")?.compactMap { $0.string(&d, of: "a part name") } }
                let bars = map["bars"].flatMap { $0.int(&d, in: SongRequest.barRange, of: "a number of bars") } ?? 8
                guard let genre else { continue }
                moods[entry.key] = Mood(
                    id: entry.key, description: description, genre: genre, tempo: tempo, key: key, mode: mode, form: form, parts: parts,
                    bars: bars, file: file, location: entry.keyLocation)
            }
        }
        guard d.isEmpty else {
            return .failure(PresetLoadFailure(file: file, errors: d.errors.map { error in
                var located = error
                located.file = file
                return located
            }))
        }
        return .success(moods)
    }
}
