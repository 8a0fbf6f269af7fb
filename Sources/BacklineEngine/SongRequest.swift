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
    /// A seamless loop of the song, or of some of its sections; or no loop.
    public let loop: Loop
    /// The song's length in bars: its sections cut, or continued, to fit; nil plays every bar of
    /// its sections once.
    public let bars: Int?
    /// Bars of count-in before the song (and before each practice pass): 0, 1 or 2.
    public let countIn: Int
    /// How many times a chart played whole goes round; nil when the chart's chords are laid over
    /// the genre's sections (or there is no chart).
    public let choruses: Int?
    /// The woodshed loop: several passes, the tempo rising (or falling) each time.
    public let practice: Practice?
    /// Where the chart came from when it was imported (an iReal Pro link, a MusicXML lead sheet);
    /// its chords are then `progression`.
    public let source: ChartSource?
    /// The song's meter, asked for or the chart's; nil plays the genre's own. Every genre plays
    /// every meter.
    public let meter: Meter?

    /// What `loop` asks for.
    public enum Loop: Sendable, Hashable {
        case none
        /// The whole song, as a seamless loop.
        case whole
        /// Only these sections (by the names the song shows), once each, as a seamless loop.
        case sections([String])

        public var isLoop: Bool { self != .none }
    }

    /// `4x+5`: four passes, five bpm faster each time.
    public struct Practice: Sendable, Hashable, CustomStringConvertible {
        public let passes: Int
        /// Beats per minute added at each pass; negative slows down.
        public let step: Int

        public init(passes: Int, step: Int) {
            self.passes = passes
            self.step = step
        }

        /// Reads `Nx`, `Nx+S` or `Nx-S`; nil when the text is none of them or out of bounds.
        public init?(parsing text: String) {
            let parts = text.split(separator: "x", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let passes = Int(parts[0]), String(passes) == parts[0] else { return nil }
            var step = 0
            if !parts[1].isEmpty {
                guard let sign = parts[1].first, "+-".contains(sign), let value = Int(parts[1].dropFirst()), String(value) == parts[1].dropFirst()
                else { return nil }
                step = sign == "-" ? -value : value
            }
            guard SongRequest.passRange.contains(passes), SongRequest.stepRange.contains(step) else { return nil }
            self.init(passes: passes, step: step)
        }

        public var description: String { "\(passes)x" + (step == 0 ? "" : step > 0 ? "+\(step)" : "\(step)") }
    }

    public init(
        genre: String, key: Key, tempo: Int, sections: Int, withKeys: Bool, seed: UInt64, chart: ChordChart? = nil,
        progression: String? = nil, parts: [String]? = nil, form: [String]? = nil, loop: Loop = .none, bars: Int? = nil,
        countIn: Int = 0, choruses: Int? = nil, practice: Practice? = nil, source: ChartSource? = nil, meter: Meter? = nil
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
        self.countIn = countIn
        self.choruses = choruses
        self.practice = practice
        self.source = source
        self.meter = meter
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
    public static let countInRange = 0...2
    public static let chorusRange = 1...64
    public static let passRange = 1...16
    public static let stepRange = -50...50
    /// The longest song a request may ask for, count-ins and practice passes included.
    public static let maximumMinutes = 30
    /// What `practice` reads: `4x`, `4x+5`, `3x-10`.
    public static let practicePattern = "^([1-9]|1[0-6])x([+-]([0-9]|[1-4][0-9]|50))?$"
    /// What `meter` reads: `3/4`, `6/8`, `7/8 (2+2+3)`.
    public static let meterPattern = "^\\s*([1-9]|1[0-6])/(2|4|8|16)(\\s*\\(?[1-9][0-9]?(\\+[1-9][0-9]?)+\\)?)?\\s*$"
    /// What `ireal` reads: iReal Pro's share links.
    public static let irealPattern = "^\\s*(irealb|irealbook)://"
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
        public var loop: Loop?
        public var bars: Int?
        public var countIn: Int?
        public var choruses: Int?
        public var practice: String?
        public var meter: String?
        /// An iReal Pro link, and the title of the song to play when it holds a playlist.
        public var ireal: String?
        public var song: String?
        /// A MusicXML lead sheet, as text.
        public var musicxml: String?
        /// Refuse a chart at the first symbol the reader does not know, instead of reading the
        /// nearest thing with a warning.
        public var strict: Bool?

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
            /// Text matching `pattern`: a chord chart, a practice plan.
            case formatted(WritableKeyPath<Draft, String?> & Sendable, pattern: String)
            /// `true` (the whole song) or a list of names from `choices` (those sections).
            case loop(WritableKeyPath<Draft, Loop?> & Sendable, choices: [String])
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
            Field(name: "meter", flag: "meter", kind: .formatted(\Draft.meter, pattern: meterPattern), defaultValue: "the genre's", nullable: true,
                  summary: "The time signature: 3/4, 6/8, 12/8, 5/4, 7/8 (2+2+3) … Every genre plays every meter, from grooves of its own for it or derived from its own meter's (GET /genres/{id} says which). A chart's own meter wins. Odd meters are felt as 5/4 3+2, 7/8 2+2+3 unless a grouping follows."),
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
            Field(name: "loop", flag: "loop", kind: .loop(\Draft.loop, choices: sectionNames), defaultValue: "false", nullable: false,
                  summary: "true: the song as a seamless loop (for games): no ending hit, the last bar leading back into the first, no note sounding across the loop point. A list of section names (the genre's, or the chart's own such as A, B): only those sections, once each, as a loop; with practice, the passes play them."),
            Field(name: "count_in", flag: "count-in", kind: .integer(\Draft.countIn, range: countInRange), defaultValue: "0", nullable: false,
                  summary: "Bars of count-in before the song, and before each practice pass: side stick on every beat of the meter (dotted quarters in 6/8 and 12/8); in two bars, the first on every other beat."),
            Field(name: "choruses", flag: "choruses", kind: .integer(\Draft.choruses, range: chorusRange), defaultValue: nil, nullable: true,
                  summary: "How many times a chord chart goes round when it plays whole (a progression given without sections or form). Default 1."),
            Field(name: "practice", flag: "practice", kind: .formatted(\Draft.practice, pattern: practicePattern), defaultValue: nil, nullable: true,
                  summary: "The woodshed loop: 4x+5 plays the song (or the sections named by loop) 4 times, 5 bpm faster each pass (4x-5 slower, 4x the same); 1–16 passes, steps up to 50 bpm; each pass counted in with count_in."),
            Field(name: "seed", flag: "seed", kind: .seed(\Draft.seed, range: seedRange), defaultValue: nil, nullable: true,
                  summary: "Makes the output byte-identical; drawn when absent."),
            Field(name: "progression", flag: "progression", kind: .formatted(\Draft.progression, pattern: ChordChart.pattern), defaultValue: nil,
                  nullable: true,
                  summary: "A chord chart: bars separated by |, chords by spaces, % repeats a bar, N.C. for no chord; A7. a shot, A7.. a hold, ^A7 a push the whole band plays. Chord symbols (\"Am7 | D7 | Gmaj7\") or roman numerals (\"ii7 | V7 | Imaj7\"). Sections of its own: [A] … [B] … ([B=chorus] picks the genre's groove). Given without sections or form, it plays whole, choruses times; with them, its chords replace the genre's in every section."),
            Field(name: "ireal", flag: "ireal", kind: .formatted(\Draft.ireal, pattern: irealPattern), defaultValue: nil, nullable: true,
                  summary: "An iReal Pro link (irealb://… or irealbook://…) whose song is the chord chart, played whole like a progression with its sections. The song's style picks the genre (Docs/CHARTS.md has the table) and its key the key, unless genre, key or mode are given (another key transposes the tune); the tempo is the link's when it carries one (or one in its style's name, 120BPM Pop), else the genre's, unless tempo is given. Instead of progression."),
            Field(name: "song", flag: "song", kind: .text(\Draft.song, choices: nil), defaultValue: nil, nullable: true,
                  summary: "The title of the song to play when ireal is a playlist (letter case, accents and a leading or trailing The aside)."),
            Field(name: "strict", flag: "strict", kind: .boolean(\Draft.strict), defaultValue: "false", nullable: false,
                  summary: "Read an imported chart (ireal, musicxml) strictly: a symbol the reader does not know is refused with its song and bar, instead of being read as the nearest thing or dropped with a warning. For authors checking their own charts."),
            Field(name: "musicxml", flag: "chart", kind: .text(\Draft.musicxml, choices: nil), defaultValue: nil, nullable: true,
                  summary: "A MusicXML lead sheet (score-partwise, as text; a compressed .mxl file as base64) whose <harmony> chord symbols, measures, time signature and key are the chord chart. Its key is the key unless key or mode are given (another key transposes it); the tempo is the sheet's when it marks one, else the genre's, unless tempo is given. Instead of progression."),
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
        let imported = try importedChart(draft)
        let styleGenre = imported?.genre.flatMap { genres[$0] != nil ? $0 : nil }
        let genre = draft.genre ?? styleGenre ?? defaults.genre
        guard let preset = genres[genre] else {
            throw SongRequestError(field: "genre", message: "unknown genre \(Excerpt.quoted(genre)); available genres: \(genres.keys.sorted().joined(separator: ", "))")
        }
        // A chart's key is the song's unless the request names one.
        let chartKey = draft.key == nil ? imported?.sheet.key : nil
        let keyName = draft.key ?? chartKey?.tonic.description ?? defaults.key
        guard NoteName.keyNames.contains(keyName) || chartKey != nil, let tonic = NoteName(parsing: keyName) else {
            throw SongRequestError(field: "key", message: "unknown key \(Excerpt.quoted(keyName)); valid keys: \(NoteName.keyNames.joined(separator: ", "))")
        }
        // A tune in minor stays minor when the request moves it to another key.
        let modeName = draft.mode ?? imported?.sheet.key?.mode.rawValue ?? defaults.mode
        guard let mode = Mode(rawValue: modeName) else {
            throw SongRequestError(field: "mode", message: "unknown mode \(Excerpt.quoted(modeName)); valid modes: \(Mode.names.joined(separator: ", "))")
        }
        let tempo: Int
        switch (draft.tempo, defaults.tempo) {
        case (let given?, _): tempo = given
        // An imported tune takes its own tempo when it carries one (an iReal link's, or one in its
        // style's name, "120BPM Pop"), else the genre's, as its genre comes from its style.
        case (nil, _) where imported?.sheet.tempo.map(tempoRange.contains) == true: tempo = imported!.sheet.tempo!
        case (nil, .fixed(let bpm)): tempo = imported == nil ? bpm : preset.defaultTempo
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
        var chart = imported?.sheet.chart
        // A tune asked for in another key than its own is transposed there, chords and all.
        if let tuneKey = imported?.sheet.key, draft.key != nil, tuneKey.tonic.pitchClass != tonic.pitchClass {
            chart = chart?.transposed(by: tonic.pitchClass.value - tuneKey.tonic.pitchClass.value, into: Key(tonic: tonic, mode: mode))
        }
        let chartField = imported?.source.kind.rawValue ?? "progression"
        if let progression = draft.progression {
            do {
                chart = try ChordChart(parsing: progression)
            } catch {
                throw SongRequestError(field: "progression", message: "progression, at character \(error.offset + 1): \(error.reason)")
            }
        }
        let meter = try meter(of: draft, imported: imported, chart: chart, preset: preset)
        // A chart may bring any time signature; the band plays bars of two beats or more.
        if let chart, let bar = ([0] + chart.meters.keys.sorted()).first(where: { bar in !(chart.meters[bar] ?? meter ?? preset.meter).isPlayable }) {
            let short = chart.meters[bar] ?? meter ?? preset.meter
            throw SongRequestError(
                field: chartField,
                message: "bar \(bar + 1) of the chart is in \(short), a bar too short to play a groove in; Backline plays bars of two beats or more, from 2/8 up")
        }
        guard let played = preset.playing(in: meter ?? preset.meter) else {
            throw SongRequestError(field: "meter", message: "\(preset.id) cannot play \(meter?.descriptionWithGrouping ?? "its meter")")
        }
        if let chart, let other = chart.meters.values.first(where: { preset.playing(in: $0) == nil }) {
            throw SongRequestError(field: chartField, message: "\(preset.id) cannot play \(other.descriptionWithGrouping)")
        }
        let countIn = draft.countIn ?? 0
        guard countInRange.contains(countIn) else {
            throw SongRequestError(field: "count_in", message: "count_in \(countIn) is outside \(countInRange.lowerBound)–\(countInRange.upperBound) bars")
        }
        var practice: Practice?
        if let text = draft.practice {
            guard let parsed = Practice(parsing: text) else {
                throw SongRequestError(
                    field: "practice",
                    message: "practice \(Excerpt.quoted(text)) is not a practice plan: write passes, x, and an optional step in bpm, such as 4x+5 (1–16 passes, steps up to 50)")
            }
            let last = tempo + (parsed.passes - 1) * parsed.step
            guard tempoRange.contains(last) else {
                throw SongRequestError(
                    field: "practice",
                    message: "practice \(parsed) takes the tempo from \(tempo) to \(last) bpm, outside \(tempoRange.lowerBound)–\(tempoRange.upperBound)")
            }
            practice = parsed
        }
        var choruses: Int?
        if let chart {
            let explicitForm = draft.form != nil || draft.sections != nil
            if !chart.sections.isEmpty {
                if explicitForm {
                    throw SongRequestError(
                        field: draft.form != nil ? "form" : "sections",
                        message: "the \(chartField == "progression" ? "progression" : "chart") names its own sections (\(chart.sections.map { "[\($0.name)]" }.joined(separator: " "))); leave out sections and form, and repeat it with choruses")
                }
                guard chart.sections.count <= sectionRange.upperBound else {
                    throw SongRequestError(field: chartField, message: "the chart has \(chart.sections.count) sections; at most \(sectionRange.upperBound)")
                }
                let names = preset.sectionTypes.keys.sorted().joined(separator: ", ")
                if let wrong = chart.sections.first(where: { $0.type.map { preset.sectionTypes[$0] == nil } ?? false }) {
                    throw SongRequestError(
                        field: chartField, message: "section [\(wrong.name)=\(wrong.type ?? "")]: \(preset.id) has no section '\(wrong.type ?? "")'; its sections are \(names)")
                }
                sections = chart.sections.count
            }
            if !explicitForm {
                choruses = draft.choruses ?? 1
                if chart.sections.isEmpty { sections = choruses ?? 1 }
            }
        }
        if let given = draft.choruses {
            guard chorusRange.contains(given) else {
                throw SongRequestError(field: "choruses", message: "choruses \(given) is outside \(chorusRange.lowerBound)–\(chorusRange.upperBound)")
            }
            guard choruses != nil else {
                throw SongRequestError(
                    field: "choruses", message: "choruses repeats a chord chart played whole: give a progression (or ireal, or musicxml), and no sections or form")
            }
        }
        let loop = draft.loop ?? Loop.none
        let request = SongRequest(
            genre: genre, key: Key(tonic: tonic, mode: mode), tempo: tempo, sections: min(sections, sectionRange.upperBound), withKeys: withKeys,
            seed: seed, chart: chart, progression: imported.map { _ in chart?.description } ?? draft.progression, parts: draft.parts,
            form: draft.form, loop: loop, bars: draft.bars, countIn: countIn, choruses: choruses, practice: practice, source: imported?.source,
            meter: meter.flatMap { $0 == preset.meter ? nil : $0 })
        if case .sections(let names) = loop {
            let shown = SongPlan.sections(played, SongRequest(copying: request, loop: .none)).map(\.label)
            var seen: [String] = []
            for name in shown where !seen.contains(name) { seen.append(name) }
            guard !names.isEmpty else {
                throw SongRequestError(field: "loop", message: "loop names no section; name some of the song's sections: \(seen.joined(separator: ", ")), or say true")
            }
            if let unknown = names.first(where: { !shown.contains($0) }) {
                throw SongRequestError(field: "loop", message: "the song has no section \(Excerpt.quoted(unknown)) to loop; its sections are \(seen.joined(separator: ", "))")
            }
        }
        let plan = SongPlan(preset: played, request: request)
        guard plan.totalBars <= barRange.upperBound else {
            throw SongRequestError(
                field: "bars", message: "the song would last \(plan.totalBars) bars; a song is at most \(barRange.upperBound) bars (count-ins and practice passes included)")
        }
        guard plan.seconds <= Double(maximumMinutes * 60) else {
            let minutes = Int((plan.seconds / 60).rounded(.up))
            throw SongRequestError(
                field: "tempo", message: "the song would last \(minutes) minutes at \(tempo) bpm; a song is at most \(maximumMinutes) minutes (count-ins and practice passes included)")
        }
        return request
    }

    /// The same request with another loop: what a plan looks like before `loop` picks sections.
    init(copying request: SongRequest, loop: Loop) {
        self.init(
            genre: request.genre, key: request.key, tempo: request.tempo, sections: request.sections, withKeys: request.withKeys, seed: request.seed,
            chart: request.chart, progression: request.progression, parts: request.parts, form: request.form, loop: loop, bars: request.bars,
            countIn: request.countIn, choruses: request.choruses, practice: request.practice, source: request.source, meter: request.meter)
    }

    /// The meter a draft asks for: the chart's own, or `meter`; nil for the genre's.
    static func meter(of draft: Draft, imported: ImportedChart?, chart: ChordChart?, preset: GenrePreset) throws(SongRequestError) -> Meter? {
        let chartMeter = imported?.sheet.meter?.felt ?? chart?.meters[0]?.felt
        guard let text = draft.meter else { return chartMeter }
        guard let asked = Meter(parsing: text)?.felt else {
            throw SongRequestError(
                field: "meter", message: "meter \(Excerpt.quoted(text)) is not a time signature; write it like 3/4, 6/8, 12/8, 5/4 or 7/8 (2+2+3)")
        }
        guard asked.isPlayable else {
            throw SongRequestError(
                field: "meter", message: "meter \(Excerpt.quoted(text)) is a bar too short to play a groove in: give two beats or more, from 2/8 up (3/4, 6/8, 7/8 …)")
        }
        if let chartMeter, !chartMeter.hasSameSignature(as: asked), let imported {
            let name = imported.source.title.isEmpty ? "the chart" : Excerpt.quoted(imported.source.title)
            throw SongRequestError(field: "meter", message: "\(name) is in \(chartMeter); leave meter out, the chart says its own")
        }
        return chartMeter.map { $0.hasSameSignature(as: asked) ? asked : $0 } ?? asked
    }

    /// A form names sections the genre has, at least one and at most 64.
    static func check(form: [String], of preset: GenrePreset) throws(SongRequestError) {
        let names = preset.sectionTypes.keys.sorted().joined(separator: ", ")
        guard !form.isEmpty, form.count <= sectionRange.upperBound else {
            throw SongRequestError(field: "form", message: "form has \(form.count) sections; give 1–\(sectionRange.upperBound) of \(preset.id)'s sections: \(names)")
        }
        if let unknown = form.first(where: { preset.sectionTypes[$0] == nil }) {
            throw SongRequestError(field: "form", message: "\(preset.id) has no section \(Excerpt.quoted(unknown)); its sections are \(names)")
        }
    }

    /// A parts list names parts the genre has, each once, at least one.
    static func check(parts: [String], of preset: GenrePreset) throws(SongRequestError) {
        let names = preset.partNames.joined(separator: ", ")
        guard !parts.isEmpty else {
            throw SongRequestError(field: "parts", message: "parts is empty; name at least one of \(preset.id)'s parts: \(names)")
        }
        if let unknown = parts.first(where: { preset.part(named: $0) == nil }) {
            throw SongRequestError(field: "parts", message: "\(preset.id) has no part \(Excerpt.quoted(unknown)); its parts are \(names)")
        }
        if let twice = parts.first(where: { name in parts.filter { $0 == name }.count > 1 }) {
            throw SongRequestError(field: "parts", message: "parts names \(Excerpt.quoted(twice)) twice; \(preset.id)'s parts are \(names)")
        }
    }
}

// MARK: - Storage

extension SongRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case genre, key, mode, tempo, sections, parts, seed, progression, form, loop, bars, choruses, practice, source, meter
        case withKeys = "with_keys"
        case countIn = "count_in"
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
            form: try c.decodeIfPresent([String].self, forKey: .form), loop: try Self.decodeLoop(c),
            bars: try c.decodeIfPresent(Int.self, forKey: .bars), countIn: try c.decodeIfPresent(Int.self, forKey: .countIn) ?? 0,
            choruses: try c.decodeIfPresent(Int.self, forKey: .choruses),
            practice: try c.decodeIfPresent(String.self, forKey: .practice).map { text in
                guard let practice = Practice(parsing: text) else {
                    throw DecodingError.dataCorruptedError(forKey: .practice, in: c, debugDescription: "'\(text)' is not a practice plan")
                }
                return practice
            }, source: try c.decodeIfPresent(StoredSource.self, forKey: .source).map { ChartSource(kind: $0.kind, title: $0.title) },
            meter: try c.decodeIfPresent(String.self, forKey: .meter).map { text in
                guard let meter = Meter(parsing: text) else {
                    throw DecodingError.dataCorruptedError(forKey: .meter, in: c, debugDescription: "'\(text)' is not a meter")
                }
                return meter
            })
    }

    /// `source` as stored: `{"kind": "ireal", "title": "Autumn Leaves"}`.
    private struct StoredSource: Codable {
        let kind: ChartSource.Kind
        let title: String
    }

    /// `loop` as stored: absent or false, true, or a list of section names.
    private static func decodeLoop(_ c: KeyedDecodingContainer<CodingKeys>) throws -> Loop {
        if let names = try? c.decodeIfPresent([String].self, forKey: .loop) { return .sections(names) }
        return try c.decodeIfPresent(Bool.self, forKey: .loop) == true ? .whole : .none
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
        switch loop {
        case .none: break
        case .whole: try c.encode(true, forKey: .loop)
        case .sections(let names): try c.encode(names, forKey: .loop)
        }
        try c.encodeIfPresent(bars, forKey: .bars)
        if countIn > 0 { try c.encode(countIn, forKey: .countIn) }
        try c.encodeIfPresent(choruses, forKey: .choruses)
        try c.encodeIfPresent(practice?.description, forKey: .practice)
        try c.encodeIfPresent(source.map { StoredSource(kind: $0.kind, title: $0.title) }, forKey: .source)
        try c.encodeIfPresent(meter?.descriptionWithGrouping, forKey: .meter)
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
        switch loop {
        case .none: break
        case .whole: text += #","loop":true"#
        case .sections(let names): text += #","loop":["# + names.map(JSONText.string).joined(separator: ",") + "]"
        }
        if let bars { text += #","bars":"# + String(bars) }
        if countIn > 0 { text += #","count_in":"# + String(countIn) }
        if let choruses { text += #","choruses":"# + String(choruses) }
        if let practice { text += #","practice":"# + JSONText.string(practice.description) }
        if let source { text += #","source":{"kind":"# + JSONText.string(source.kind.rawValue) + #","title":"# + JSONText.string(source.title) + "}" }
        if let meter { text += #","meter":"# + JSONText.string(meter.descriptionWithGrouping) }
        return text + "}"
    }
}
