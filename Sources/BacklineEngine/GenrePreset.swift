import BacklineAgents
import MIDIFile
import MusicTheory
import Synchronization

/// A genre, compiled from its YAML preset and ready to play: form, chords, feel and the parts.
public struct GenrePreset: Sendable {
    /// A kind of section (`verse`, `chorus` …): its length, chords and loudness.
    public struct SectionType: Sendable {
        public let name: String
        public let bars: Int
        /// Velocity scale for the section, 1.0 the loudest.
        public let energy: Double
        public let chords: Progression

        public init(name: String, bars: Int, energy: Double, chords: Progression) {
            self.name = name
            self.bars = bars
            self.energy = energy
            self.chords = chords
        }
    }

    /// A section's chords for modes with a major third and for modes with a minor third.
    public struct Progression: Sendable {
        public let major: ChordChart
        public let minor: ChordChart

        public init(major: ChordChart, minor: ChordChart) {
            self.major = major
            self.minor = minor
        }

        public func chart(for mode: Mode) -> ChordChart { mode.hasMinorThird ? minor : major }
    }

    /// One instrument part of the genre.
    public struct Part: Sendable {
        /// One instrument of the part and the MIDI channel and program it plays on.
        public struct Voice: Sendable, Hashable {
            public let channel: MIDIChannel
            public let program: UInt7

            public init(channel: MIDIChannel, program: UInt7) {
                self.channel = channel
                self.program = program
            }
        }

        /// The name the preset gives it (`drums`, `bass`, `horns` …): the track's name and file suffix.
        public let name: String
        public let agentKind: String
        /// One for a part that is one instrument; a horn section has one per instrument.
        public let voices: [Voice]
        /// Plays only when a song asks for it.
        public let onRequest: Bool
        /// What its agent declares: pitched or not, lane names for pictures.
        public let traits: PartTraits
        /// Humanize for this part, replacing the genre's.
        public let humanize: Feel.Humanize?
        public let performer: any PartPerformer

        public init(
            name: String, agentKind: String, voices: [Voice], onRequest: Bool, traits: PartTraits, humanize: Feel.Humanize?,
            performer: any PartPerformer
        ) {
            precondition(!voices.isEmpty, "a part plays at least one instrument")
            self.name = name
            self.agentKind = agentKind
            self.voices = voices
            self.onRequest = onRequest
            self.traits = traits
            self.humanize = humanize
            self.performer = performer
        }

        /// The part's (first instrument's) channel: the one the contract's track list reports.
        public var channel: MIDIChannel { voices[0].channel }
        /// The part's (first instrument's) General MIDI program, 0-based.
        public var program: UInt7 { voices[0].program }
    }

    public let id: String
    public let name: String
    public let description: String
    public let tempoRange: ClosedRange<Int>
    public let defaultTempo: Int
    public let meter: Meter
    public let feel: Feel
    /// Section types by name.
    public let sectionTypes: [String: SectionType]
    /// Section names in the order a song takes them.
    public let form: [String]
    /// In the order tracks are written: the order the preset lists them.
    public let parts: [Part]
    /// The file the preset was read from, for listings and error messages.
    public let source: String
    /// The meters the preset writes grooves for itself: its own `meter` first, then those under
    /// `meters:`. Every other meter plays grooves derived from the first.
    public let writtenMeters: [Meter]
    /// Makes and keeps the genre compiled for other meters.
    private let variants: MeterVariants?

    public init(
        id: String, name: String, description: String, tempoRange: ClosedRange<Int>, defaultTempo: Int, meter: Meter,
        feel: Feel, sectionTypes: [String: SectionType], form: [String], parts: [Part], source: String, writtenMeters: [Meter]? = nil
    ) {
        precondition(!form.isEmpty && form.allSatisfy { sectionTypes[$0] != nil }, "every form entry is a section type")
        self.id = id
        self.name = name
        self.description = description
        self.tempoRange = tempoRange
        self.defaultTempo = defaultTempo
        self.meter = meter
        self.feel = feel
        self.sectionTypes = sectionTypes
        self.form = form
        self.parts = parts
        self.source = source
        self.writtenMeters = writtenMeters ?? [meter]
        self.variants = nil
    }

    private init(_ preset: GenrePreset, variants: MeterVariants) {
        self.id = preset.id
        self.name = preset.name
        self.description = preset.description
        self.tempoRange = preset.tempoRange
        self.defaultTempo = preset.defaultTempo
        self.meter = preset.meter
        self.feel = preset.feel
        self.sectionTypes = preset.sectionTypes
        self.form = preset.form
        self.parts = preset.parts
        self.source = preset.source
        self.writtenMeters = preset.writtenMeters
        self.variants = variants
    }

    /// This genre able to play other meters: `compile` compiles it for one, once, when a song first
    /// asks for it.
    public func withMeters(_ compile: @escaping @Sendable (Meter) -> GenrePreset?) -> GenrePreset {
        GenrePreset(self, variants: MeterVariants(compile: compile))
    }

    /// The genre as it plays `meter`: its own grooves for a meter it writes, else derived ones
    /// (Docs/PRESETS.md, "Meters"). Nil when it cannot (a preset built without its document).
    public func playing(in meter: Meter) -> GenrePreset? {
        if meter == self.meter { return self }
        return variants?.preset(for: meter)
    }

    /// The everyday meters the genre plays from grooves derived from its own.
    public var derivedMeters: [Meter] {
        Meter.everyday.filter { meter in !writtenMeters.contains { $0.isFelt(like: meter) } }
    }

    /// The sections of an `count`-section song: the first `count` entries of the form; past its end
    /// the body (the form without a leading `intro` and a trailing `outro`) repeats, and the outro,
    /// if the form has one, still closes the song.
    public func sectionNames(count: Int) -> [String] {
        precondition(count >= 1, "a song has at least one section")
        if count <= form.count { return Array(form.prefix(count)) }
        let intro = form.first == "intro" ? ["intro"] : []
        let outro = form.count > 1 && form.last == "outro" ? ["outro"] : []
        var body = Array(form.dropFirst(intro.count).dropLast(outro.count))
        if body.isEmpty { body = form }
        var names = intro
        let bodyCount = count - intro.count - outro.count
        for index in 0..<bodyCount { names.append(body[index % body.count]) }
        return names + outro
    }

    /// The parts a song plays when it names none: every part but those played on request.
    public var defaultParts: [Part] { parts.filter { !$0.onRequest } }

    /// The names of the parts played only on request (`keys`, `horns` …).
    public var onRequestPartNames: [String] { parts.filter(\.onRequest).map(\.name) }

    /// The genre's part names, in track order.
    public var partNames: [String] { parts.map(\.name) }

    public func part(named name: String) -> Part? { parts.first { $0.name == name } }
}

/// The genre compiled for the meters songs have asked for: compiled once each, shared by every
/// song (and every thread) after.
final class MeterVariants: Sendable {
    private let compile: @Sendable (Meter) -> GenrePreset?
    private let compiled = Mutex<[Meter: GenrePreset]>([:])

    static let maximumKept = 32

    init(compile: @escaping @Sendable (Meter) -> GenrePreset?) {
        self.compile = compile
    }

    func preset(for meter: Meter) -> GenrePreset? {
        if let known = compiled.withLock({ $0[meter] }) { return known }
        // Compiled outside the lock: two first requests may both compile; either result is the same.
        guard let made = compile(meter) else { return nil }
        // Kept for the meters songs use; an odd grouping past the bound is compiled each time, so
        // requests cannot grow the cache without end.
        compiled.withLock { if $0.count < Self.maximumKept { $0[meter] = made } }
        return made
    }
}
