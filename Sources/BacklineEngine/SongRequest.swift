import MusicTheory

/// What a user asks for: a genre, a key and mode, a tempo, the song's length, which parts play, a
/// seed, and a chord chart of their own.
///
/// The one request model of every front end. The CLI's flags, the REST body, the OpenAPI document
/// and the MCP tool schema are all made from its table of fields (``fields(genres:parts:)``), a
/// request is checked once (``validated(_:defaults:genres:)``) and stored with its session as it
/// is (`Codable`), and songs are rendered from it.
public struct SongRequest: Sendable, Hashable {
    public let genre: String
    public let key: Key
    public let tempo: Int
    public let sections: Int
    /// The contract's field: asks for the `keys` part.
    public let withKeys: Bool
    /// The parts to play, by name; nil plays the genre's default parts. Keys play too with `withKeys`.
    public let parts: [String]?
    /// The seed that makes the song reproducible; a validated request always has one.
    public let seed: UInt64
    /// The chord chart as the user wrote it, and as read.
    public let progression: String?
    public let chart: ChordChart?
    /// The song's sections by name, in order; nil takes the first `sections` of the genre's form.
    public let form: [String]?
    /// A seamless loop: no ending, the last bar leading back into the first.
    public let loop: Bool
    /// The song's length in bars: its sections cut, or continued, to fit; nil plays every bar of
    /// its sections once.
    public let bars: Int?

    public init(
        genre: String, key: Key, tempo: Int, sections: Int, withKeys: Bool, seed: UInt64, chart: ChordChart? = nil,
        progression: String? = nil, parts: [String]? = nil, form: [String]? = nil, loop: Bool = false, bars: Int? = nil
    ) {
        precondition(Self.tempoRange.contains(tempo), "tempo \(tempo) outside \(Self.tempoRange)")
        precondition(Self.sectionRange.contains(sections), "sections \(sections) outside \(Self.sectionRange)")
        self.genre = genre
        self.key = key
        self.tempo = tempo
        self.sections = sections
        self.withKeys = withKeys
        self.parts = parts
        self.seed = seed
        self.progression = progression
        self.chart = chart
        self.form = form
        self.loop = loop
        self.bars = bars
    }

    /// The parts of `preset` this request plays, in the genre's track order.
    /// `with_keys` adds keys to the parts asked for, or to the genre's default parts.
    public func partsToPlay(in preset: GenrePreset) -> [GenrePreset.Part] {
        preset.parts.filter { part in
            (parts.map { $0.contains(part.name) } ?? !part.onRequest) || (withKeys && part.name == Self.keysPart)
        }
    }

    /// The part `with_keys` asks for.
    public static let keysPart = "keys"
}

// MARK: - Bounds and defaults, in one place

extension SongRequest {
    public static let tempoRange = 40...300
    public static let sectionRange = 1...64
    public static let barRange = 1...1024
    /// Seeds are whole numbers a JSON client can hold exactly: 0 … 2^53 − 1.
    public static let seedRange: ClosedRange<UInt64> = 0...(1 << 53 - 1)

    /// What a field left out becomes.
    public struct Defaults: Sendable, Hashable {
        /// The REST contract fixes 120 bpm for every genre; the CLI and the MCP tools take the
        /// genre's own tempo (`tempo.default` in its preset).
        public enum Tempo: Sendable, Hashable {
            case fixed(Int)
            case genre
        }

        public var genre = "classic_rock"
        public var key = "C"
        public var mode = "major"
        public var tempo: Tempo
        public var sections = 4

        /// The REST API's, as the contract writes them.
        public static let contract = Defaults(tempo: .fixed(120))
        /// The CLI's and the MCP tools': the genre's tempo.
        public static let genreTempo = Defaults(tempo: .genre)
    }
}

// MARK: - Fields

extension SongRequest {
    /// A request as it arrives, every field optional: from CLI flags, a JSON body, a tool call.
    public struct Draft: Sendable, Hashable {
        public var genre: String?
        public var key: String?
        public var mode: String?
        public var tempo: Int?
        public var sections: Int?
        public var withKeys: Bool?
        public var parts: [String]?
        public var seed: Int64?
        public var progression: String?
        public var form: [String]?
        public var loop: Bool?
        public var bars: Int?

        public init() {}
    }

    /// One field of a request, described once for every front end: its JSON name and CLI flag, what
    /// it holds and its bounds, its default, and a sentence for help texts and schemas.
    public struct Field: Sendable {
        public enum Kind: Sendable {
            /// Text, one of `choices` when they are given.
            case text(WritableKeyPath<Draft, String?> & Sendable, choices: [String]?)
            case integer(WritableKeyPath<Draft, Int?> & Sendable, range: ClosedRange<Int>)
            case seed(WritableKeyPath<Draft, Int64?> & Sendable, range: ClosedRange<UInt64>)
            case boolean(WritableKeyPath<Draft, Bool?> & Sendable)
            /// A list of names from `choices`, distinct unless `repeats`.
            case names(WritableKeyPath<Draft, [String]?> & Sendable, choices: [String], repeats: Bool = false)
            /// A chord chart: bars separated by `|`, chords by spaces.
            case chart(WritableKeyPath<Draft, String?> & Sendable, pattern: String)
        }

        /// As JSON and the OpenAPI document write it: `with_keys`.
        public let name: String
        /// The CLI's long option: `with-keys`.
        public let flag: String
        public let kind: Kind
        /// The default as text, for documents (`"120"`); nil when there is none.
        public let defaultValue: String?
        /// Whether JSON `null` may stand for "not given".
        public let nullable: Bool
        public let summary: String
    }

    /// Every field, with the choices the given genres and parts allow.
    public static func fields(genres: [String], parts: [String], sectionNames: [String] = [], defaults: Defaults = .contract) -> [Field] {
        let tempoDefault: String = switch defaults.tempo {
        case .fixed(let bpm): String(bpm)
        case .genre: "the genre's"
        }
        return [
            Field(name: "genre", flag: "genre", kind: .text(\Draft.genre, choices: genres), defaultValue: defaults.genre, nullable: false,
                  summary: "Genre preset (see GET /genres)."),
            Field(name: "key", flag: "key", kind: .text(\Draft.key, choices: NoteName.keyNames), defaultValue: defaults.key, nullable: false,
                  summary: "Root note, sharps or flats."),
            Field(name: "mode", flag: "mode", kind: .text(\Draft.mode, choices: Mode.names), defaultValue: defaults.mode, nullable: false,
                  summary: "Scale mode."),
            Field(name: "tempo", flag: "tempo", kind: .integer(\Draft.tempo, range: tempoRange), defaultValue: tempoDefault, nullable: false,
                  summary: "Beats per minute."),
            Field(name: "sections", flag: "sections", kind: .integer(\Draft.sections, range: sectionRange), defaultValue: String(defaults.sections),
                  nullable: false, summary: "Number of song sections."),
            Field(name: "with_keys", flag: "with-keys", kind: .boolean(\Draft.withKeys), defaultValue: "false", nullable: false,
                  summary: "Include the keyboard part (the same as adding keys to the parts played)."),
            Field(name: "parts", flag: "parts", kind: .names(\Draft.parts, choices: parts), defaultValue: nil, nullable: true,
                  summary: "The parts to play, from the genre's parts (GET /genres/{id}); left out, the genre's default parts play. Leave your own instrument out to play along. A name the chosen genre does not have is refused with the genre's parts."),
            Field(name: "form", flag: "form", kind: .names(\Draft.form, choices: sectionNames, repeats: true), defaultValue: nil, nullable: true,
                  summary: "The song's sections by name, in order, repeats allowed (up to \(sectionRange.upperBound)), from the genre's sections (GET /genres/{id}); instead of sections."),
            Field(name: "bars", flag: "bars", kind: .integer(\Draft.bars, range: barRange), defaultValue: nil, nullable: true,
                  summary: "The song's length in bars: the sections are cut to fit, or continued past the end of the form by repeating its body (every section but an intro and an outro)."),
            Field(name: "loop", flag: "loop", kind: .boolean(\Draft.loop), defaultValue: "false", nullable: false,
                  summary: "A seamless loop (for games): no ending hit, the last bar leading back into the first, no note sounding across the loop point."),
            Field(name: "seed", flag: "seed", kind: .seed(\Draft.seed, range: seedRange), defaultValue: nil, nullable: true,
                  summary: "Makes the output byte-identical; drawn when absent."),
            Field(name: "progression", flag: "progression", kind: .chart(\Draft.progression, pattern: ChordChart.pattern), defaultValue: nil,
                  nullable: true,
                  summary: "A chord chart replacing the genre's progressions: bars separated by |, chords by spaces, % repeats a bar. Chord symbols (\"Am7 | D7 | Gmaj7\") or roman numerals (\"ii7 | V7 | Imaj7\")."),
        ]
    }
}

// MARK: - Validation

/// Why a song request was refused, in words that say what is valid.
public struct SongRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field's JSON name: `tempo`, `with_keys` …
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}

extension SongRequest {
    /// Checks a draft against the genres that can play now and fills in what it leaves out; a
    /// missing seed is drawn, so the request renders the same song every time.
    public static func validated(_ draft: Draft, defaults: Defaults, genres: [String: GenrePreset]) throws(SongRequestError) -> SongRequest {
        let genre = draft.genre ?? defaults.genre
        guard let preset = genres[genre] else {
            throw SongRequestError(field: "genre", message: "unknown genre '\(genre)'; available genres: \(genres.keys.sorted().joined(separator: ", "))")
        }
        let keyName = draft.key ?? defaults.key
        guard NoteName.keyNames.contains(keyName), let tonic = NoteName(parsing: keyName) else {
            throw SongRequestError(field: "key", message: "unknown key '\(keyName)'; valid keys: \(NoteName.keyNames.joined(separator: ", "))")
        }
        let modeName = draft.mode ?? defaults.mode
        guard let mode = Mode(rawValue: modeName) else {
            throw SongRequestError(field: "mode", message: "unknown mode '\(modeName)'; valid modes: \(Mode.names.joined(separator: ", "))")
        }
        let tempo: Int
        switch (draft.tempo, defaults.tempo) {
        case (let given?, _): tempo = given
        case (nil, .fixed(let bpm)): tempo = bpm
        case (nil, .genre): tempo = preset.defaultTempo
        }
        guard tempoRange.contains(tempo) else {
            throw SongRequestError(field: "tempo", message: "tempo \(tempo) is outside \(tempoRange.lowerBound)–\(tempoRange.upperBound) bpm")
        }
        var sections = draft.sections ?? defaults.sections
        guard sectionRange.contains(sections) else {
            throw SongRequestError(field: "sections", message: "sections \(sections) is outside \(sectionRange.lowerBound)–\(sectionRange.upperBound)")
        }
        if let form = draft.form {
            try check(form: form, of: preset)
            if let given = draft.sections, given != form.count {
                throw SongRequestError(field: "sections", message: "sections \(given) disagrees with the form's \(form.count) sections; give one or the other")
            }
            sections = form.count
        }
        if let bars = draft.bars, !barRange.contains(bars) {
            throw SongRequestError(field: "bars", message: "bars \(bars) is outside \(barRange.lowerBound)–\(barRange.upperBound)")
        }
        let withKeys = draft.withKeys ?? false
        if let parts = draft.parts { try check(parts: parts, of: preset) }
        let seed: UInt64
        if let given = draft.seed {
            guard given >= 0, seedRange.contains(UInt64(given)) else {
                throw SongRequestError(field: "seed", message: "seed \(given) is outside 0–\(seedRange.upperBound)")
            }
            seed = UInt64(given)
        } else {
            seed = UInt64.random(in: seedRange)
        }
        var chart: ChordChart?
        if let progression = draft.progression {
            do {
                chart = try ChordChart(parsing: progression)
            } catch {
                throw SongRequestError(field: "progression", message: "progression, at character \(error.offset + 1): \(error.reason)")
            }
        }
        return SongRequest(
            genre: genre, key: Key(tonic: tonic, mode: mode), tempo: tempo, sections: sections, withKeys: withKeys, seed: seed,
            chart: chart, progression: draft.progression, parts: draft.parts, form: draft.form, loop: draft.loop ?? false, bars: draft.bars)
    }

    /// A form names sections the genre has, at least one and at most 64.
    static func check(form: [String], of preset: GenrePreset) throws(SongRequestError) {
        let names = preset.sectionTypes.keys.sorted().joined(separator: ", ")
        guard !form.isEmpty, form.count <= sectionRange.upperBound else {
            throw SongRequestError(field: "form", message: "form has \(form.count) sections; give 1–\(sectionRange.upperBound) of \(preset.id)'s sections: \(names)")
        }
        if let unknown = form.first(where: { preset.sectionTypes[$0] == nil }) {
            throw SongRequestError(field: "form", message: "\(preset.id) has no section '\(unknown)'; its sections are \(names)")
        }
    }

    /// A parts list names parts the genre has, each once, at least one.
    static func check(parts: [String], of preset: GenrePreset) throws(SongRequestError) {
        let names = preset.partNames.joined(separator: ", ")
        guard !parts.isEmpty else {
            throw SongRequestError(field: "parts", message: "parts is empty; name at least one of \(preset.id)'s parts: \(names)")
        }
        if let unknown = parts.first(where: { preset.part(named: $0) == nil }) {
            throw SongRequestError(field: "parts", message: "\(preset.id) has no part '\(unknown)'; its parts are \(names)")
        }
        if let twice = parts.first(where: { name in parts.filter { $0 == name }.count > 1 }) {
            throw SongRequestError(field: "parts", message: "parts names '\(twice)' twice; \(preset.id)'s parts are \(names)")
        }
    }
}

// MARK: - Storage

extension SongRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case genre, key, mode, tempo, sections, parts, seed, progression, form, loop, bars
        case withKeys = "with_keys"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let keyName = try c.decode(String.self, forKey: .key)
        let modeName = try c.decode(String.self, forKey: .mode)
        guard let tonic = NoteName(parsing: keyName), let mode = Mode(rawValue: modeName) else {
            throw DecodingError.dataCorruptedError(forKey: .key, in: c, debugDescription: "'\(keyName) \(modeName)' is not a key")
        }
        let progression = try c.decodeIfPresent(String.self, forKey: .progression)
        var chart: ChordChart?
        if let progression {
            do {
                chart = try ChordChart(parsing: progression)
            } catch {
                throw DecodingError.dataCorruptedError(forKey: .progression, in: c, debugDescription: "stored chart no longer reads: \(error.reason)")
            }
        }
        let tempo = try c.decode(Int.self, forKey: .tempo)
        let sections = try c.decode(Int.self, forKey: .sections)
        guard Self.tempoRange.contains(tempo), Self.sectionRange.contains(sections) else {
            throw DecodingError.dataCorruptedError(forKey: .tempo, in: c, debugDescription: "tempo or sections out of bounds")
        }
        self.init(
            genre: try c.decode(String.self, forKey: .genre), key: Key(tonic: tonic, mode: mode), tempo: tempo, sections: sections,
            withKeys: try c.decode(Bool.self, forKey: .withKeys), seed: try c.decode(UInt64.self, forKey: .seed), chart: chart,
            progression: progression, parts: try c.decodeIfPresent([String].self, forKey: .parts),
            form: try c.decodeIfPresent([String].self, forKey: .form), loop: try c.decodeIfPresent(Bool.self, forKey: .loop) ?? false,
            bars: try c.decodeIfPresent(Int.self, forKey: .bars))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(genre, forKey: .genre)
        try c.encode(key.tonic.description, forKey: .key)
        try c.encode(key.mode.rawValue, forKey: .mode)
        try c.encode(tempo, forKey: .tempo)
        try c.encode(sections, forKey: .sections)
        try c.encode(withKeys, forKey: .withKeys)
        try c.encodeIfPresent(parts, forKey: .parts)
        try c.encode(seed, forKey: .seed)
        try c.encodeIfPresent(progression, forKey: .progression)
        try c.encodeIfPresent(form, forKey: .form)
        if loop { try c.encode(loop, forKey: .loop) }
        try c.encodeIfPresent(bars, forKey: .bars)
    }

    /// The request as the JSON its `Codable` conformance reads back, written by hand: a store
    /// writes one for every session created, and Foundation's encoder is slow at it.
    public var json: String {
        var text = #"{"genre":"# + JSONText.string(genre) + #","key":"# + JSONText.string(key.tonic.description)
        text += #","mode":"# + JSONText.string(key.mode.rawValue) + #","tempo":"# + String(tempo) + #","sections":"# + String(sections)
        text += #","with_keys":"# + (withKeys ? "true" : "false")
        if let parts { text += #","parts":["# + parts.map(JSONText.string).joined(separator: ",") + "]" }
        text += #","seed":"# + String(seed) + #","progression":"# + (progression.map(JSONText.string) ?? "null")
        if let form { text += #","form":["# + form.map(JSONText.string).joined(separator: ",") + "]" }
        if loop { text += #","loop":true"# }
        if let bars { text += #","bars":"# + String(bars) }
        return text + "}"
    }
}
